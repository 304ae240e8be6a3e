import { databaseUsersRequest } from '../../../core/database/database-users-event';
import { secretArn } from '../../support/secrets-manager-server';
import { resourceEvent, type ResourceProperties } from './support/database-users-harness';

const PROPS: ResourceProperties = {
  family: 'postgres',
  databaseName: 'app',
  masterSecretArn: secretArn('master'),
  applicationSecretArn: secretArn('application'),
};

test('a Create is a run with a secret new to the resource', () => {
  expect(databaseUsersRequest(resourceEvent.create(PROPS))).toEqual({
    requestType: 'Create',
    family: 'postgres',
    databaseName: 'app',
    masterSecretArn: PROPS.masterSecretArn,
    applicationSecretArn: PROPS.applicationSecretArn,
    newApplicationSecret: true,
  });
});

test('an Update with the same application secret keeps its password; one to another secret sets it', () => {
  const same = databaseUsersRequest(resourceEvent.update({ ...PROPS, family: 'mysql' }, PROPS, 'p'));
  const replaced = databaseUsersRequest(
    resourceEvent.update({ ...PROPS, applicationSecretArn: secretArn('application-2') }, PROPS, 'p'),
  );

  expect(same).toMatchObject({ requestType: 'Update', family: 'mysql', newApplicationSecret: false });
  expect(replaced).toMatchObject({
    requestType: 'Update',
    applicationSecretArn: secretArn('application-2'),
    newApplicationSecret: true,
  });
});

test('a Delete is only the physical id, whatever its properties say', () => {
  const event = resourceEvent.delete(
    { ...PROPS, family: 'oracle' as never, databaseName: 'bad name' },
    'postgres:app:x',
  );

  expect(databaseUsersRequest(event)).toEqual({ requestType: 'Delete', physicalResourceId: 'postgres:app:x' });
});

test.each([
  [
    'an unknown engine family',
    { family: 'oracle' },
    `the custom resource's EngineFamily must be one of postgres, mysql (got "oracle")`,
  ],
  [
    'no engine family',
    { family: undefined },
    `the custom resource's EngineFamily must be one of postgres, mysql (got nothing)`,
  ],
  [
    'no database name',
    { databaseName: undefined },
    `the custom resource's DatabaseName must be a name of letters, digits, '_' and '$' that starts with a letter or '_', at most 63 characters (got nothing)`,
  ],
  [
    'a hostile database name',
    { databaseName: 'app"; DROP DATABASE app; --' },
    `the custom resource's DatabaseName must be a name of letters, digits, '_' and '$' that starts with a letter or '_', at most 63 characters (got "app\\"; DROP DATABASE app; --")`,
  ],
  [
    'no master secret',
    { masterSecretArn: undefined },
    `the custom resource's MasterSecretArn must be a Secrets Manager secret ARN (got nothing)`,
  ],
  [
    'a secret name for an ARN',
    { applicationSecretArn: 'prod/db' },
    `the custom resource's ApplicationSecretArn must be a Secrets Manager secret ARN (got "prod/db")`,
  ],
  [
    "another service's ARN",
    { masterSecretArn: 'arn:aws:ssm:eu-west-1:111111111111:parameter/db' },
    `the custom resource's MasterSecretArn must be a Secrets Manager secret ARN (got "arn:aws:ssm:eu-west-1:111111111111:parameter/db")`,
  ],
])('refuses a Create with %s, in one line naming the property and what it takes', (_, change, message) => {
  const event = resourceEvent.create({ ...PROPS, ...change } as ResourceProperties);

  expect(() => databaseUsersRequest(event)).toThrow(message);
  expect(message).not.toContain('\n');
});

test.each([
  ['postgres', 'postgres'],
  ['postgres', 'template0'],
  ['postgres', 'template1'],
  ['postgres', 'rdsadmin'],
  ['postgres', 'rds_anything'],
  ['postgres', 'Postgres'],
  ['mysql', 'mysql'],
  ['mysql', 'sys'],
  ['mysql', 'information_schema'],
  ['mysql', 'PERFORMANCE_SCHEMA'],
  ['mysql', 'RDSadmin'],
] as const)("refuses %s's system database %s as the application's database", (family, databaseName) => {
  const event = resourceEvent.create({ ...PROPS, family, databaseName });

  expect(() => databaseUsersRequest(event)).toThrow(
    new RegExp(
      `^the custom resource's DatabaseName "${databaseName}" is a system database \\(.+ or a name starting with rds\\): name the application's own database, the one the instance or cluster was created with$`,
    ),
  );
});

test("a database of another family's system name is the application's own: only the engine's own are refused", () => {
  expect(
    databaseUsersRequest(resourceEvent.create({ ...PROPS, family: 'postgres', databaseName: 'mysql' })),
  ).toMatchObject({ databaseName: 'mysql' });
  expect(
    databaseUsersRequest(resourceEvent.create({ ...PROPS, family: 'mysql', databaseName: 'records' })),
  ).toMatchObject({ databaseName: 'records' });
});

test.each([
  ['no event', undefined, 'RequestType must be Create, Update or Delete (got nothing)'],
  [
    'an unknown request type',
    { RequestType: 'Replace' },
    'RequestType must be Create, Update or Delete (got "Replace")',
  ],
  [
    'a Delete without a physical id',
    { RequestType: 'Delete' },
    'a Delete event must carry the PhysicalResourceId being deleted (got nothing)',
  ],
])('refuses %s', (_, event, message) => {
  expect(() => databaseUsersRequest(event)).toThrow(message);
});
