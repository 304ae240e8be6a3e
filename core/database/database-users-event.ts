/**
 * The database-users custom resource's event (CloudFormation's, through the CDK Provider framework) as what the
 * function does: nothing on Delete, or make the users of one database from two secrets on Create and Update.
 */
import { SYSTEM_DATABASES, isSystemDatabase } from '../../model/config/database-engines';
import {
  DATABASE_ENGINE_FAMILIES,
  DATABASE_USERS_PROPERTIES,
  type DatabaseEngineFamily,
} from '../../model/lambda-contracts';
import { checkedName, shownValue } from './sql-quoting';

export type DatabaseUsersRequest = DatabaseUsersDelete | DatabaseUsersEnsure;

/** A Delete changes nothing in the database: the users own the application's data, which outlives the resource. */
export interface DatabaseUsersDelete {
  readonly requestType: 'Delete';
  readonly physicalResourceId: string;
}

export interface DatabaseUsersEnsure {
  readonly requestType: 'Create' | 'Update';
  readonly family: DatabaseEngineFamily;
  readonly databaseName: string;
  readonly masterSecretArn: string;
  readonly applicationSecretArn: string;
  /**
   * Whether this resource has not yet given the application secret's user that secret's password: on Create, and on
   * an Update to another secret. On any other Update the password stays: rotation owns it from the first run on.
   */
  readonly newApplicationSecret: boolean;
}

/** A Secrets Manager secret's ARN, in any partition. */
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;

type Properties = Readonly<Record<string, unknown>>;

export function databaseUsersRequest(event: unknown): DatabaseUsersRequest {
  const fields = isRecord(event) ? event : {};
  const requestType = fields.RequestType;
  if (requestType === 'Delete') {
    const physicalResourceId = fields.PhysicalResourceId;
    if (typeof physicalResourceId !== 'string' || physicalResourceId === '') {
      throw new Error(
        `a Delete event must carry the PhysicalResourceId being deleted (got ${shownValue(physicalResourceId)})`,
      );
    }
    return { requestType, physicalResourceId };
  }
  if (requestType !== 'Create' && requestType !== 'Update') {
    throw new Error(`RequestType must be Create, Update or Delete (got ${shownValue(requestType)})`);
  }
  const properties = isRecord(fields.ResourceProperties) ? fields.ResourceProperties : {};
  const applicationSecretArn = secretArn(properties, DATABASE_USERS_PROPERTIES.applicationSecretArn);
  const old = isRecord(fields.OldResourceProperties) ? fields.OldResourceProperties : {};
  const family = engineFamily(properties[DATABASE_USERS_PROPERTIES.engineFamily]);
  return {
    requestType,
    family,
    databaseName: applicationDatabase(properties[DATABASE_USERS_PROPERTIES.databaseName], family),
    masterSecretArn: secretArn(properties, DATABASE_USERS_PROPERTIES.masterSecretArn),
    applicationSecretArn,
    newApplicationSecret:
      requestType === 'Create' || old[DATABASE_USERS_PROPERTIES.applicationSecretArn] !== applicationSecretArn,
  };
}

function engineFamily(value: unknown): DatabaseEngineFamily {
  const family = DATABASE_ENGINE_FAMILIES.find((known) => known === value);
  if (family === undefined) {
    throw new Error(
      `the custom resource's ${DATABASE_USERS_PROPERTIES.engineFamily} must be one of ${DATABASE_ENGINE_FAMILIES.join(', ')} (got ${shownValue(value)})`,
    );
  }
  return family;
}

function applicationDatabase(value: unknown, family: DatabaseEngineFamily): string {
  const what = `the custom resource's ${DATABASE_USERS_PROPERTIES.databaseName}`;
  const name = checkedName(value, what);
  if (isSystemDatabase(name, family)) {
    throw new Error(
      `${what} ${shownValue(name)} is a system database (${SYSTEM_DATABASES[family].join(', ')} or a name starting with rds): name the application's own database, the one the instance or cluster was created with`,
    );
  }
  return name;
}

function secretArn(properties: Properties, name: string): string {
  const value = properties[name];
  if (typeof value !== 'string' || !SECRET_ARN.test(value)) {
    throw new Error(`the custom resource's ${name} must be a Secrets Manager secret ARN (got ${shownValue(value)})`);
  }
  return value;
}

function isRecord(value: unknown): value is Properties {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
