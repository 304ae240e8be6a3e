import { effectiveDatabaseFor } from '../../../model/config/database-schema';
import { dataProblems, dataYaml, parseData } from './data-config-harness';

describe('database config', () => {
  test('defaults: newest version, protection and Multi-AZ follow approval, PI where the class allows', () => {
    const config = parseData(dataYaml('database: { engine: postgres }'));

    expect(effectiveDatabaseFor(config, 'staging')).toEqual({
      engine: 'postgres',
      version: '17',
      name: 'app',
      instanceClass: 'db.t4g.micro',
      allocatedStorageGiB: 20,
      multiAz: false,
      deletionProtection: false,
      backupRetentionDays: 7,
      performanceInsights: true,
      iamAuthentication: true,
      requireTls: true,
      applicationUser: true,
    });
    expect(effectiveDatabaseFor(config, 'prod')).toMatchObject({ multiAz: true, deletionProtection: true });
  });

  test('applicationUser: an environment may keep the master user, the others keep the default', () => {
    const config = parseData(
      dataYaml('database: { engine: postgres }', { staging: ', database: { applicationUser: false }' }),
    );

    expect(effectiveDatabaseFor(config, 'staging')).toMatchObject({ applicationUser: false });
    expect(effectiveDatabaseFor(config, 'prod')).toMatchObject({ applicationUser: true });
  });

  test('MySQL on a micro class has no Performance Insights by default; a medium class has', () => {
    const config = parseData(
      dataYaml("database: { engine: mysql, version: '8.4' }", { prod: ', database: { instanceClass: db.m7g.large }' }),
    );

    expect(effectiveDatabaseFor(config, 'staging')).toMatchObject({ version: '8.4', performanceInsights: false });
    expect(effectiveDatabaseFor(config, 'prod')).toMatchObject({
      instanceClass: 'db.m7g.large',
      performanceInsights: true,
    });
  });

  test('requireTls: on by default, off where an environment turns it off', () => {
    const config = parseData(dataYaml('database: { engine: mysql }', { staging: ', database: { requireTls: false }' }));

    expect(effectiveDatabaseFor(config, 'staging')).toMatchObject({ requireTls: false });
    expect(effectiveDatabaseFor(config, 'prod')).toMatchObject({ requireTls: true });
  });

  test('Aurora Serverless v2 at the top, provisioned in prod: the override replaces the sizing as a whole', () => {
    const config = parseData(
      dataYaml(
        "database: { engine: aurora-postgresql, version: '16', serverless: { minCapacity: 0.5, maxCapacity: 8 }, rotation: { days: 30 } }",
        { prod: ', database: { instanceClass: db.r7g.large, multiAz: true }' },
      ),
    );

    const staging = effectiveDatabaseFor(config, 'staging');
    expect(staging).toMatchObject({ serverless: { minCapacity: 0.5, maxCapacity: 8 }, performanceInsights: true });
    expect(staging?.instanceClass).toBeUndefined();
    expect(staging?.allocatedStorageGiB).toBeUndefined();
    const prod = effectiveDatabaseFor(config, 'prod');
    expect(prod).toMatchObject({ instanceClass: 'db.r7g.large', multiAz: true, rotation: { days: 30 } });
    expect(prod?.serverless).toBeUndefined();
  });

  test('restoreFrom a DR copy in the environment region', () => {
    const arn = 'arn:aws:rds:eu-west-1:333333333333:cluster-snapshot:awsbackup:job-1234';
    const config = parseData(
      dataYaml('database: { engine: aurora-mysql, instanceClass: db.r7g.large }', {
        prod: `, database: { restoreFrom: { snapshotArn: '${arn}' } }`,
      }),
    );

    expect(effectiveDatabaseFor(config, 'prod')).toMatchObject({ version: '3', restoreFrom: { snapshotArn: arn } });
    expect(effectiveDatabaseFor(config, 'staging')?.restoreFrom).toBeUndefined();
  });

  test('restoreFrom an RDS snapshot with the storage set beside it: accepted, and the restore gets that size', () => {
    const arn = 'arn:aws:rds:eu-west-1:333333333333:snapshot:awsbackup:job-1234';
    const yaml = dataYaml('database: { engine: postgres }', {
      prod: `, database: { allocatedStorageGiB: 150, restoreFrom: { snapshotArn: '${arn}' } }`,
    });

    // parseData throws on any validation problem.
    expect(effectiveDatabaseFor(parseData(yaml), 'prod')).toMatchObject({
      allocatedStorageGiB: 150,
      restoreFrom: { snapshotArn: arn },
    });
  });

  test('no database block: no database; an unknown environment names the configured ones', () => {
    const config = parseData(dataYaml(''));

    expect(effectiveDatabaseFor(config, 'prod')).toBeUndefined();
    expect(() => effectiveDatabaseFor(config, 'qa')).toThrow("unknown environment 'qa' (configured: staging, prod)");
  });

  test.each([
    [
      "database: { engine: postgres, version: '13' }",
      {},
      [`database.version: must be one of '14', '15', '16', '17' for postgres (got "13")`],
    ],
    [
      'database: { engine: oracle }',
      {},
      ['database.engine: must be one of "postgres", "mysql", "aurora-postgresql", "aurora-mysql" (got "oracle")'],
    ],
    [
      'database: { engine: postgres, serverless: { minCapacity: 0.5, maxCapacity: 4 } }',
      {},
      [
        'database.serverless: is only for aurora-postgresql and aurora-mysql (engine is postgres) (got {"minCapacity":0.5,"maxCapacity":4})',
      ],
    ],
    [
      'database: { engine: mysql }',
      { prod: ', database: { serverless: { minCapacity: 1, maxCapacity: 2 } }' },
      [
        'environments[1].database.serverless: is only for aurora-postgresql and aurora-mysql (engine is mysql) (got {"minCapacity":1,"maxCapacity":2})',
      ],
    ],
    [
      'database: { engine: aurora-postgresql, serverless: { minCapacity: 4, maxCapacity: 2 } }',
      {},
      ['database.serverless.maxCapacity: must be at least minCapacity (got 2)'],
    ],
    [
      'database: { engine: aurora-mysql, allocatedStorageGiB: 50, instanceClass: db.t3.small }',
      {},
      [
        'database.allocatedStorageGiB: is only for postgres and mysql: Aurora storage grows by itself (engine is aurora-mysql) (got 50)',
        `database.instanceClass: is too small for aurora-mysql: Aurora's smallest classes are db.t3.medium and db.t4g.medium (got "db.t3.small")`,
      ],
    ],
    [
      'database: { engine: mysql, performanceInsights: true }',
      {},
      [
        'database.performanceInsights: is not available for mysql on db.t4g.micro; use a medium or larger class (got true)',
      ],
    ],
    [
      'database: { engine: postgres, allocatedStorageGiB: 100 }',
      { prod: ', database: { maxAllocatedStorageGiB: 50 }' },
      [
        'environments[1].database.maxAllocatedStorageGiB: must exceed allocatedStorageGiB (100) to allow autoscaling (got 50)',
      ],
    ],
    [
      'database: { engine: postgres, backupRetentionDays: 36 }',
      {},
      ['database.backupRetentionDays: Too big: expected number to be <=35 (got 36)'],
    ],
    [
      'database: { engine: postgres }',
      {
        prod: ", database: { restoreFrom: { snapshotArn: 'arn:aws:rds:eu-central-1:333333333333:cluster-snapshot:x' } }",
      },
      [
        "environments[1].database.allocatedStorageGiB: is required with restoreFrom: set it to at least the source database's allocated storage (the snapshot's AllocatedStorage), as RDS cannot shrink storage",
        `environments[1].database.restoreFrom.snapshotArn: must be in the region of environment 'prod' (eu-west-1): copy the snapshot there first (the DR copy already is) (got "arn:aws:rds:eu-central-1:333333333333:cluster-snapshot:x")`,
        'environments[1].database.restoreFrom.snapshotArn: must be a snapshot ARN for postgres (got "arn:aws:rds:eu-central-1:333333333333:cluster-snapshot:x")',
      ],
    ],
    [
      'database: { engine: mysql, allocatedStorageGiB: 100 }',
      { prod: ', database: { restoreFrom: { snapshotIdentifier: prod-final } }' },
      [
        "environments[1].database.allocatedStorageGiB: is required with restoreFrom: set it to at least the source database's allocated storage (the snapshot's AllocatedStorage), as RDS cannot shrink storage",
      ],
    ],
    [
      'database: { engine: mysql, name: mysql }',
      {},
      [
        'database.name: is a system database of mysql (mysql, sys, information_schema, performance_schema, or a name starting with rds): name the application\'s own database, e.g. app (got "mysql")',
      ],
    ],
    [
      'database: { engine: aurora-postgresql, name: rdsadmin }',
      {},
      [
        'database.name: is a system database of aurora-postgresql (postgres, template0, template1, rdsadmin, or a name starting with rds): name the application\'s own database, e.g. app (got "rdsadmin")',
      ],
    ],
    [
      '',
      { staging: ', database: { multiAz: true }' },
      ['environments[0].database: needs a top-level database block (engine, version) (got {"multiAz":true})'],
    ],
  ])('refuses %s %j', (top, extras, expected) => {
    expect(dataProblems(dataYaml(top, extras))).toEqual(expected);
  });
});
