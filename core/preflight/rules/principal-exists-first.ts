import { deployedBefore, namedRoles, ROLE_ARN } from '../deploy-order';
import { asList, asObject, type JsonValue } from '../json-value';
import type { Rule, RuleFinding } from '../rule';
import { cdkPath, textOf } from '../template-values';

/** Resource types whose policy names principals, and the property that holds it. */
const POLICY_PROPERTIES: Readonly<Record<string, string>> = {
  'AWS::S3::BucketPolicy': 'PolicyDocument',
  'AWS::KMS::Key': 'KeyPolicy',
  'AWS::ECR::Repository': 'RepositoryPolicyText',
  'AWS::SQS::QueuePolicy': 'PolicyDocument',
  'AWS::SNS::TopicPolicy': 'PolicyDocument',
  'AWS::SecretsManager::ResourcePolicy': 'ResourcePolicy',
  'AWS::IAM::Role': 'AssumeRolePolicyDocument',
};

/** The role ARNs a policy document names as `Principal.AWS`, as text. */
function principalRoleArns(document: JsonValue | undefined): string[] {
  return asList(asObject(document)?.Statement).flatMap((statement) => {
    const principal = asObject(asObject(statement)?.Principal)?.AWS;
    const values = Array.isArray(principal) ? principal : principal === undefined ? [] : [principal];
    return values.map(textOf).filter((arn) => ROLE_ARN.test(arn));
  });
}

/**
 * IAM, S3, KMS, ECR, SQS, SNS and Secrets Manager refuse a policy naming a principal that does not exist
 * ("Invalid principal in policy", MalformedPolicyDocumentException). A role created by another stack of the
 * same app exists only once that stack is deployed, so the stack whose policy names it must be deployed
 * after it. A stack of another stage (a CDK Pipelines environment) is deployed after the pipeline's own stack.
 */
export const principalExistsFirst: Rule = {
  id: 'principal-exists-first',
  severity: 'error',
  title: 'A resource policy names only roles that exist when it is deployed',
  awsBehaviour:
    'A resource or trust policy that names a role ARN as principal is refused while that role does not exist; a ' +
    'role created by a stack deployed later (another stage, or no dependency) makes the first deployment fail.',
  docUrl: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles',
  check: (assembly) => {
    const roles = namedRoles(assembly);
    return assembly.stacks.flatMap((stack) => {
      const before = deployedBefore(assembly, stack);
      return Object.entries(stack.template.Resources).flatMap(([logicalId, resource]): RuleFinding[] => {
        const property = POLICY_PROPERTIES[resource.Type];
        if (property === undefined) return [];
        return principalRoleArns(resource.Properties[property]).flatMap((arn): RuleFinding[] => {
          const [, account, name] = ROLE_ARN.exec(arn)!;
          const creator = roles.find((r) => r.name === name && r.stack.environment.account === account);
          if (creator === undefined || creator.stack === stack || before.has(creator.stack)) return [];
          return [
            {
              severity: 'error',
              stack,
              logicalId,
              resource,
              message:
                `the ${resource.Type} names role ${arn} as principal, which stack ${creator.stack.stackName} ` +
                `creates, but ${stack.stackName} is not deployed after it` +
                (creator.stack.assemblyPath !== stack.assemblyPath ? ' (it belongs to another stage)' : '') +
                `: name the account as principal with an aws:PrincipalArn condition instead (${cdkPath(resource) ?? logicalId})`,
            },
          ];
        });
      });
    });
  },
};
