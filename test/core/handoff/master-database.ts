/**
 * A protected stack's database as the tool's constructs write it, for the tests of Verify's checks on who reads its
 * master secret and on the functions that hold it: the master secret CDK generates, attached to a MySQL instance whose
 * master user resolves it.
 */

/** `{{resolve:secretsmanager:<secret>:SecretString:<field>::}}`, as CDK joins it. */
export const resolveSecret = (secret: string, field: string) => ({
  'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secret }, `:SecretString:${field}::}}`]],
});

/** A SecretTargetAttachment of `secret` to `target`. */
export const attachment = (secret: string, target = 'Instance') => ({
  Type: 'AWS::SecretsManager::SecretTargetAttachment',
  Properties: { SecretId: { Ref: secret }, TargetId: { Ref: target }, TargetType: 'AWS::RDS::DBInstance' },
});

/** A role that `service` alone may assume. */
export const roleTrusting = (service: string) => ({
  Type: 'AWS::IAM::Role',
  Properties: {
    AssumeRolePolicyDocument: {
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: service } }],
    },
  },
});

/** A secret CloudFormation generates from `template` (its SecretStringTemplate). */
export const generatedSecret = (template: unknown) => ({
  Type: 'AWS::SecretsManager::Secret',
  Properties: { GenerateSecretString: { GenerateStringKey: 'password', SecretStringTemplate: template } },
});

/** `Master`, attached (`MasterAttachment`) to `Instance`, which creates the database `counts`. */
export const masterDatabase = {
  Master: generatedSecret('{"username":"dbadmin","dbname":"counts"}'),
  MasterAttachment: attachment('Master'),
  Instance: {
    Type: 'AWS::RDS::DBInstance',
    Properties: {
      Engine: 'mysql',
      DBName: 'counts',
      MasterUsername: resolveSecret('Master', 'username'),
      MasterUserPassword: resolveSecret('Master', 'password'),
    },
  },
};
