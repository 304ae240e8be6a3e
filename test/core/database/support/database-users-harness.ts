import { databaseUsers, type DatabaseUsersOutcome } from '../../../../core/database/ensure-users';
import { DATABASE_USERS_PROPERTIES, type DatabaseEngineFamily } from '../../../../model/lambda-contracts';
import { secretArn, type SecretsManagerServer } from '../../../support/secrets-manager-server';
import type { TestCa } from '../../../support/test-ca';
import { MASTER } from './rds-like';

const MASTER_SECRET_NAME = 'sample-prod-database-master';
const APP_SECRET_NAME = 'sample-prod-database-application';

/** The master user's secret and the application user's, which `seedSecrets` makes. */
export const MASTER_SECRET = secretArn(MASTER_SECRET_NAME);
export const APP_SECRET = secretArn(APP_SECRET_NAME);

/**
 * Seeds MASTER_SECRET and APP_SECRET for the application's database `dbname` at localhost:`port`, as CDK writes them
 * once attached (both name the database): the application user alternates with its clone, its password set by the
 * master (`masterarn`).
 */
export function seedSecrets(
  secrets: SecretsManagerServer,
  database: { readonly engine: string; readonly port: number | string; readonly dbname: string },
  applicationPassword: string,
): void {
  const endpoint = { host: 'localhost', port: database.port, engine: database.engine };
  secrets.seed({ name: MASTER_SECRET_NAME, value: { ...MASTER, ...endpoint, dbname: database.dbname } });
  secrets.seed({
    name: APP_SECRET_NAME,
    value: {
      username: 'application',
      password: applicationPassword,
      ...endpoint,
      dbname: database.dbname,
      masterarn: MASTER_SECRET,
    },
  });
}

/**
 * The custom resource's run on `event`, its secrets read by the real Secrets Manager client. It trusts the test CA
 * alone, or with `trustTestCa: false` the RDS CAs, as in Lambda.
 */
export type DatabaseUsersRun = (event: unknown, options?: { trustTestCa?: boolean }) => Promise<DatabaseUsersOutcome>;

/** The runs of a test file, against `secrets` and a server whose certificate `ca` signed. */
export function databaseUsersRun(secrets: SecretsManagerServer, ca: TestCa): DatabaseUsersRun {
  return (event, options = {}) =>
    databaseUsers({ secretsManager: secrets.client() }, event, {
      ca: options.trustTestCa === false ? undefined : ca.pem,
    });
}

export interface ResourceProperties {
  readonly family: DatabaseEngineFamily;
  readonly databaseName: string;
  readonly masterSecretArn: string;
  readonly applicationSecretArn: string;
}

function properties(props: ResourceProperties): Record<string, string> {
  return {
    ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:provider-framework-onEvent',
    [DATABASE_USERS_PROPERTIES.masterSecretArn]: props.masterSecretArn,
    [DATABASE_USERS_PROPERTIES.applicationSecretArn]: props.applicationSecretArn,
    [DATABASE_USERS_PROPERTIES.engineFamily]: props.family,
    [DATABASE_USERS_PROPERTIES.databaseName]: props.databaseName,
  };
}

const COMMON = {
  ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:provider-framework-onEvent',
  ResponseURL: 'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/x',
  StackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/sample-prod-data/1',
  RequestId: 'request-1',
  LogicalResourceId: 'DatabaseUsers',
  ResourceType: 'Custom::DatabaseUsers',
};

/** CloudFormation's events, as the Provider framework hands them to onEvent. */
export const resourceEvent = {
  create: (props: ResourceProperties) => ({
    ...COMMON,
    RequestType: 'Create',
    ResourceProperties: properties(props),
  }),
  update: (props: ResourceProperties, old: ResourceProperties, physicalResourceId: string) => ({
    ...COMMON,
    RequestType: 'Update',
    PhysicalResourceId: physicalResourceId,
    ResourceProperties: properties(props),
    OldResourceProperties: properties(old),
  }),
  delete: (props: ResourceProperties, physicalResourceId: string) => ({
    ...COMMON,
    RequestType: 'Delete',
    PhysicalResourceId: physicalResourceId,
    ResourceProperties: properties(props),
  }),
};
