import { Match, type Template } from 'aws-cdk-lib/assertions';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES, exampleConfig, REPO_ROOT, type Example } from '../support/configs';
import { synthesized, type SynthesizedTemplates } from '../support/synthesized';

/**
 * The seed systems (../shared/seeds/): each examples/<name>.yaml meets the requirements its README table
 * lists, read from the synthesized templates. Each example is synthesized once per run through the
 * shared cache; the policy gates, preflight and cfn-lint run over the same files in CI
 * (scripts/check-examples.sh), not here.
 */

const app = (name: Example): SynthesizedTemplates => synthesized(exampleConfig(name));

/** A resource as `Template.findResources` returns it (CloudFormation JSON, typed by aws-cdk-lib). */
type Resource = ReturnType<Template['findResources']>[string];
interface Action {
  readonly Name: string;
  readonly RunOrder: number;
  readonly ActionTypeId: { readonly Category: string; readonly Provider: string };
}
interface Stage {
  readonly Name: string;
  readonly Actions: readonly Action[];
}

const resourcesOf = (template: Template, type: string): Resource[] => Object.values(template.findResources(type));
const one = (template: Template, type: string): Resource => {
  const found = resourcesOf(template, type);
  expect(found).toHaveLength(1);
  return found[0];
};
const pipelineOf = (templates: SynthesizedTemplates): Resource =>
  one(templates.pipeline, 'AWS::CodePipeline::Pipeline');
/** The one path from push to prod: the delivery pipeline's stages, then the release pipeline's (protected environments). */
const stagesOf = (templates: SynthesizedTemplates): readonly Stage[] => [
  ...pipelineOf(templates).Properties.Stages,
  ...(templates.release ? one(templates.release, 'AWS::CodePipeline::Pipeline').Properties.Stages : []),
];
const stageOf = (templates: SynthesizedTemplates, name: string): Stage => {
  const stage = stagesOf(templates).find((s) => s.Name === name);
  if (!stage) throw new Error(`no stage ${name} in ${stagesOf(templates).map((s) => s.Name)}`);
  return stage;
};
const runOrder = (stage: Stage, action: string): number => {
  const found = stage.Actions.find((a) => a.Name === action);
  if (!found) throw new Error(`no action ${action} in stage ${stage.Name}`);
  return found.RunOrder;
};
/** The scalable target of one service (its resource id names the service's construct). */
const scalableTarget = (template: Template, service: string): Resource => {
  const found = resourcesOf(template, 'AWS::ApplicationAutoScaling::ScalableTarget').filter((t) =>
    JSON.stringify(t.Properties.ResourceId).includes(`Service${service}Service`),
  );
  expect(found).toHaveLength(1);
  return found[0];
};
const serviceNamed = (template: Template, name: string): Resource => {
  const found = resourcesOf(template, 'AWS::ECS::Service').find((s) => s.Properties.ServiceName === name);
  if (!found) throw new Error(`no ECS service ${name}`);
  return found;
};

test('examples/ holds exactly the six seed systems', () => {
  const files = readdirSync(join(REPO_ROOT, 'examples')).filter((f) => f.endsWith('.yaml'));
  expect(files.sort()).toEqual(EXAMPLES.map((e) => `${e}.yaml`).sort());
});

describe.each(EXAMPLES)('%s: every example', (name) => {
  test('has a blue/green web service per environment, with secrets from Secrets Manager and no root container', () => {
    const templates = app(name);
    const config = exampleConfig(name);
    expect(Object.keys(templates.environments)).toEqual(config.environments.map((e) => e.name));
    for (const template of Object.values(templates.environments)) {
      expect(resourcesOf(template, 'AWS::CodeDeploy::DeploymentGroup').length).toBeGreaterThanOrEqual(1);
      for (const taskDefinition of resourcesOf(template, 'AWS::ECS::TaskDefinition')) {
        for (const container of taskDefinition.Properties.ContainerDefinitions) {
          expect(container.User).toMatch(/^[1-9]\d*(:\d+)?$/);
          expect(container.ReadonlyRootFilesystem).toBe(true);
          const plain = (container.Environment ?? []).map((v: { Name: string }) => v.Name);
          expect(plain).not.toContain('DB_PASSWORD');
        }
      }
      // Every database password reaches the app as an ECS secret, never as a plain variable.
      if (config.database) {
        template.hasResourceProperties('AWS::ECS::TaskDefinition', {
          ContainerDefinitions: Match.arrayWith([
            Match.objectLike({ Secrets: Match.arrayWith([Match.objectLike({ Name: 'DB_PASSWORD' })]) }),
          ]),
        });
      }
    }
  });
});

describe('redmine: Rails on an ALB with TLS on its own name, PostgreSQL, migrations before traffic', () => {
  const templates = (): SynthesizedTemplates => app('redmine');

  test.each(['staging', 'prod'])('%s: HTTPS listener on 443 with a certificate, HTTP redirected', (env) => {
    const template = templates().environments[env];
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Type: 'application' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'HTTPS',
      Port: 443,
      Certificates: [Match.anyValue()],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'HTTP',
      DefaultActions: [Match.objectLike({ Type: 'redirect' })],
    });
  });

  test.each(['staging', 'prod'])(
    "%s: the test listener is HTTPS with the production certificate, called by the name the stack's alias record points here",
    (env) => {
      const template = templates().environments[env];
      const listeners = resourcesOf(template, 'AWS::ElasticLoadBalancingV2::Listener').map((l) => l.Properties);
      const production = listeners.find((l) => l.Port === 443);
      const test = listeners.filter((l) => l.Port !== 443 && l.Port !== 80);
      expect(test).toHaveLength(1);
      expect(test[0]).toMatchObject({ Protocol: 'HTTPS', Certificates: production?.Certificates });
      const alias = resourcesOf(template, 'AWS::Route53::RecordSet').map((r) => r.Properties.Name);
      const hookUrls = resourcesOf(template, 'AWS::Lambda::Function')
        .map((f) => f.Properties.Environment?.Variables?.TARGET_URL)
        .filter((url) => typeof url === 'string' && url.endsWith(`:${test[0].Port}`));
      expect(hookUrls.length).toBeGreaterThan(0);
      for (const url of hookUrls) expect(alias).toContain(`${new URL(url).hostname}.`);
    },
  );

  test('Rails writes only to its task volumes and its attachments to EFS; the root filesystem stays read-only', () => {
    templates().environments.prod.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Volumes: [
        { Name: 'writable-1' },
        { Name: 'writable-2' },
        {
          Name: 'efs-files',
          EFSVolumeConfiguration: Match.objectLike({
            TransitEncryption: 'ENABLED',
            AuthorizationConfig: { AccessPointId: Match.anyValue(), IAM: 'ENABLED' },
          }),
        },
      ],
      ContainerDefinitions: Match.arrayWith([
        Match.objectLike({
          Name: 'app',
          ReadonlyRootFilesystem: true,
          MountPoints: [
            { ContainerPath: '/usr/src/redmine/tmp', ReadOnly: false, SourceVolume: 'writable-1' },
            { ContainerPath: '/usr/src/redmine/log', ReadOnly: false, SourceVolume: 'writable-2' },
            { ContainerPath: '/usr/src/redmine/files', ReadOnly: false, SourceVolume: 'efs-files' },
          ],
        }),
      ]),
    });
  });

  test('prod answers on redmine.example.org: an alias record and a DNS-validated certificate', () => {
    const template = templates().environments.prod;
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'redmine.example.org.', Type: 'A' });
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'redmine.example.org',
      ValidationMethod: 'DNS',
    });
  });

  test('PostgreSQL, encrypted, in the environment, Multi-AZ in prod', () => {
    const prod = one(templates().environments.prod, 'AWS::RDS::DBInstance').Properties;
    expect(prod).toMatchObject({ Engine: 'postgres', StorageEncrypted: true, MultiAZ: true, DeletionProtection: true });
    expect(prod.PubliclyAccessible).not.toBe(true);
  });

  test.each(['staging', 'prod'])('%s: the migration runs after the stack update and before blue/green', (env) => {
    const stage = stageOf(templates(), env);
    // CloudFormation actions in the delivery pipeline; the Deploy step (cdk deploy) in the release pipeline.
    const deploy = Math.max(
      ...stage.Actions.filter((a) => a.ActionTypeId.Provider === 'CloudFormation' || a.Name === 'Deploy').map(
        (a) => a.RunOrder,
      ),
    );
    expect(runOrder(stage, 'Release-redmine')).toBeGreaterThan(deploy);
    expect(runOrder(stage, 'Release-redmine')).toBeLessThan(runOrder(stage, 'BlueGreen-redmine'));
  });

  test('scales elastically, and the database admits only the service, on a non-default port', () => {
    const prod = templates().environments.prod;
    expect(scalableTarget(prod, 'redmine').Properties).toMatchObject({ MinCapacity: 2, MaxCapacity: 8 });
    const ingress = resourcesOf(prod, 'AWS::EC2::SecurityGroupIngress').filter((r) => r.Properties.FromPort === 5433);
    expect(ingress.length).toBeGreaterThan(0);
    for (const rule of ingress) {
      expect(rule.Properties.SourceSecurityGroupId).toBeDefined();
      expect(rule.Properties.CidrIp).toBeUndefined();
    }
  });

  test.each([
    ['staging', '210000000002'],
    ['prod', '210000000003'],
  ])("%s: the app gets Rails' secret key from Secrets Manager in the environment's own account", (env, account) => {
    templates().environments[env].hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: Match.arrayWith([
        Match.objectLike({
          Secrets: Match.arrayWith([
            {
              Name: 'SECRET_KEY_BASE',
              ValueFrom: Match.stringLikeRegexp(`^arn:aws:secretsmanager:us-west-2:${account}:secret:`),
            },
          ]),
        }),
      ]),
    });
  });
});

describe('vikunja: API on an NLB (blue/green), MySQL, frontend on S3 + CloudFront, 1 to 4 tasks', () => {
  const templates = (): SynthesizedTemplates => app('vikunja');

  test('the API is behind a network load balancer whose production listener speaks TLS, deployed by CodeDeploy', () => {
    const prod = templates().environments.prod;
    expect(one(prod, 'AWS::ElasticLoadBalancingV2::LoadBalancer').Properties.Type).toBe('network');
    prod.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'TLS',
      Certificates: [Match.anyValue()],
    });
    expect(serviceNamed(prod, 'vikunja-prod-api').Properties.DeploymentController).toEqual({ Type: 'CODE_DEPLOY' });
  });

  test("the NLB's test listener speaks TLS with the same certificate, and the hooks call it by the name the stack's alias record points here", () => {
    const prod = templates().environments.prod;
    const listeners = resourcesOf(prod, 'AWS::ElasticLoadBalancingV2::Listener').map((l) => l.Properties);
    const production = listeners.find((l) => l.Port === 443);
    const test = listeners.filter((l) => l.Port !== 443);
    expect(test).toHaveLength(1);
    expect(test[0]).toMatchObject({ Protocol: 'TLS', Certificates: production?.Certificates });
    const targets = resourcesOf(prod, 'AWS::Lambda::Function')
      .map((f) => f.Properties.Environment?.Variables?.TARGET_URL)
      .filter((url) => typeof url === 'string' && url.endsWith(`:${test[0].Port}`));
    expect(targets).toEqual([expect.stringMatching(/^https:\/\/[a-z0-9.-]+:\d+$/)]);
  });

  test('prod scales between 1 and 4 tasks', () => {
    expect(scalableTarget(templates().environments.prod, 'api').Properties).toMatchObject({
      MinCapacity: 1,
      MaxCapacity: 4,
    });
  });

  test('MySQL holds the data', () => {
    expect(one(templates().environments.prod, 'AWS::RDS::DBInstance').Properties.Engine).toBe('mysql');
  });

  test('the frontend is served by CloudFront over HTTPS, the API on the same origin over HTTPS only', () => {
    const distribution = one(templates().environments.prod, 'AWS::CloudFront::Distribution').Properties
      .DistributionConfig;
    expect(distribution.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(distribution.CacheBehaviors).toEqual(
      expect.arrayContaining([expect.objectContaining({ PathPattern: '/api/*' })]),
    );
    const custom = distribution.Origins.filter((o: { CustomOriginConfig?: unknown }) => o.CustomOriginConfig);
    expect(custom).toHaveLength(1);
    expect(custom[0].CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
  });
});

describe('n-demo: producer (blue/green) and consumer (rolling) on a queue, MySQL, React frontend, HA prod', () => {
  const templates = (): SynthesizedTemplates => app('n-demo');

  test('four environments from one config, in order', () => {
    expect(Object.keys(templates().environments)).toEqual(['test', 'dev', 'stage', 'prod']);
  });

  test('the consumer rolls with a circuit breaker and alarms that roll it back; the producer is blue/green', () => {
    const prod = templates().environments.prod;
    const consumer = serviceNamed(prod, 'ndemo-prod-consumer').Properties;
    expect(consumer.DeploymentController).toBeUndefined();
    expect(consumer.DeploymentConfiguration).toMatchObject({
      DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      Alarms: { Enable: true, Rollback: true },
    });
    expect(serviceNamed(prod, 'ndemo-prod-producer').Properties.DeploymentController).toEqual({
      Type: 'CODE_DEPLOY',
    });
  });

  test('a serverless Valkey queue in the small environments, a Multi-AZ replication group in prod', () => {
    const { environments } = templates();
    for (const env of ['test', 'dev', 'stage']) {
      expect(one(environments[env], 'AWS::ElastiCache::ServerlessCache').Properties.Engine).toBe('valkey');
    }
    expect(one(environments.prod, 'AWS::ElastiCache::ReplicationGroup').Properties).toMatchObject({
      MultiAZEnabled: true,
      AutomaticFailoverEnabled: true,
      TransitEncryptionEnabled: true,
      ReplicasPerNodeGroup: 2,
      TransitEncryptionMode: 'required',
    });
  });

  test('prod is highly available: three AZs, a NAT gateway in each, Multi-AZ MySQL, at least 3 tasks each', () => {
    const prod = templates().environments.prod;
    expect(resourcesOf(prod, 'AWS::EC2::NatGateway')).toHaveLength(3);
    expect(one(prod, 'AWS::RDS::DBInstance').Properties).toMatchObject({ Engine: 'mysql', MultiAZ: true });
    for (const service of ['producer', 'consumer']) {
      expect(scalableTarget(prod, service).Properties.MinCapacity).toBeGreaterThanOrEqual(3);
    }
  });

  test('the database and the queue are watched (their Todo 7): RDS and ElastiCache alarms in prod', () => {
    const namespaces = resourcesOf(templates().environments.prod, 'AWS::CloudWatch::Alarm').map(
      (a) => a.Properties.Namespace,
    );
    expect(namespaces).toEqual(expect.arrayContaining(['AWS/RDS', 'AWS/ElastiCache']));
  });

  test('every environment publishes the React app to its CloudFront distribution after the producer deploys', () => {
    const templates_ = templates();
    for (const env of ['test', 'dev', 'stage', 'prod']) {
      one(templates_.environments[env], 'AWS::CloudFront::Distribution');
      const stage = stageOf(templates_, env);
      expect(runOrder(stage, 'PublishFrontend')).toBeGreaterThan(runOrder(stage, 'BlueGreen-producer'));
    }
  });
});

describe('notejam: 4x scaling, 3-year backups copied to another region, multi-AZ prod, alarms', () => {
  const templates = (): SynthesizedTemplates => app('notejam');

  test('development, testing and production, each its own account and stack', () => {
    expect(Object.keys(templates().environments)).toEqual(['development', 'testing', 'production']);
    expect(new Set(exampleConfig('notejam').environments.map((e) => e.account)).size).toBe(3);
  });

  test.each(['development', 'testing', 'production'])(
    '%s: the web service scales to at least 4x its minimum',
    (env) => {
      const { MinCapacity, MaxCapacity } = scalableTarget(templates().environments[env], 'web').Properties;
      expect(MaxCapacity).toBeGreaterThanOrEqual(4 * MinCapacity);
    },
  );

  test('production survives the loss of an AZ: 3 AZs, Multi-AZ PostgreSQL, at least 2 tasks', () => {
    const production = templates().environments.production;
    expect(one(production, 'AWS::RDS::DBInstance').Properties).toMatchObject({ Engine: 'postgres', MultiAZ: true });
    expect(resourcesOf(production, 'AWS::EC2::Subnet').length).toBeGreaterThanOrEqual(6);
    expect(scalableTarget(production, 'web').Properties.MinCapacity).toBeGreaterThanOrEqual(2);
  });

  test('production backups are kept 1095 days and copied, kept as long, to the DR vault in eu-central-1', () => {
    const plan = one(templates().environments.production, 'AWS::Backup::BackupPlan').Properties.BackupPlan;
    expect(plan.BackupPlanRule).toEqual([
      expect.objectContaining({
        Lifecycle: { DeleteAfterDays: 1095 },
        CopyActions: [
          {
            DestinationBackupVaultArn: 'arn:aws:backup:eu-central-1:540000000004:backup-vault:notejam-production-dr',
            Lifecycle: { DeleteAfterDays: 1095 },
          },
        ],
      }),
    ]);
  });

  test('sessions live in a Redis-compatible cache the app reaches over TLS', () => {
    const production = templates().environments.production;
    one(production, 'AWS::ElastiCache::ServerlessCache');
    production.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: Match.arrayWith([
        Match.objectLike({ Environment: Match.arrayWith([{ Name: 'CACHE_TLS', Value: 'true' }]) }),
      ]),
    });
  });

  test('metrics, logs and alarms: encrypted log groups with retention, rollback alarms, a dashboard', () => {
    const production = templates().environments.production;
    const namespaces = resourcesOf(production, 'AWS::CloudWatch::Alarm').map((a) => a.Properties.Namespace);
    expect(namespaces).toEqual(expect.arrayContaining(['AWS/ApplicationELB', 'AWS/RDS', 'AWS/ElastiCache']));
    for (const group of resourcesOf(production, 'AWS::Logs::LogGroup')) {
      expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
      expect(group.Properties.KmsKeyId).toBeDefined();
    }
    one(production, 'AWS::CloudWatch::Dashboard');
    const group = one(production, 'AWS::CodeDeploy::DeploymentGroup').Properties;
    expect(group.AlarmConfiguration.Enabled).toBe(true);
    expect(group.AlarmConfiguration.Alarms.length).toBeGreaterThan(0);
    expect(group.AutoRollbackConfiguration.Events).toEqual(
      expect.arrayContaining(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']),
    );
  });
});

describe('notejam-django: Aurora Serverless v2, staging then prod after approval, manual trigger', () => {
  const templates = (): SynthesizedTemplates => app('notejam-django');

  test('Aurora MySQL Serverless v2 with a writer and a reader in another AZ in prod', () => {
    const prod = templates().environments.prod;
    expect(one(prod, 'AWS::RDS::DBCluster').Properties).toMatchObject({
      Engine: 'aurora-mysql',
      ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 8 },
      StorageEncrypted: true,
    });
    const instances = resourcesOf(prod, 'AWS::RDS::DBInstance').map((i) => i.Properties);
    expect(instances.map((i) => i.DBInstanceClass)).toEqual(['db.serverless', 'db.serverless']);
    expect(new Set(instances.map((i) => i.AvailabilityZone)).size).toBe(2);
  });

  test('prod serves HTTPS with the given certificate and scales between 2 and 8 tasks', () => {
    const prod = templates().environments.prod;
    prod.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: exampleConfig('notejam-django').environments[1].certificateArn }],
    });
    expect(scalableTarget(prod, 'web').Properties).toMatchObject({ MinCapacity: 2, MaxCapacity: 8 });
  });

  test('released by hand: no push trigger, no change detection', () => {
    const pipeline = pipelineOf(templates()).Properties;
    expect(pipeline.Triggers).toBeUndefined();
    expect(pipeline.Stages[0].Actions[0].Configuration.DetectChanges).toBe(false);
  });

  test('staging deploys first, then a person approves, then prod', () => {
    const names = stagesOf(templates()).map((s) => s.Name);
    expect(names.indexOf('staging')).toBeLessThan(names.indexOf('Approve-prod'));
    expect(names.indexOf('Approve-prod')).toBeLessThan(names.indexOf('prod'));
    expect(stageOf(templates(), 'Approve-prod').Actions.map((a) => a.ActionTypeId.Category)).toEqual(['Approval']);
    expect(stageOf(templates(), 'staging').Actions.some((a) => a.ActionTypeId.Category === 'Approval')).toBe(false);
  });
});

describe('notejam-dr: production rebuilt in eu-central-1 from the copied backup', () => {
  const templates = (): SynthesizedTemplates => app('notejam-dr');

  test('the environment is in the DR region and its database is restored from the snapshot there', () => {
    const config = exampleConfig('notejam-dr');
    expect(config.environments.map((e) => e.region)).toEqual(['eu-central-1']);
    const database = one(templates().environments.production, 'AWS::RDS::DBInstance').Properties;
    expect(database.DBSnapshotIdentifier).toMatch(/^arn:aws:rds:eu-central-1:540000000004:snapshot:awsbackup:/);
    // At least the source's storage: CloudFormation resizes the restored instance to it, and RDS cannot shrink.
    expect(database).toMatchObject({ Engine: 'postgres', MultiAZ: true, AllocatedStorage: '100' });
  });

  test('the copy it restores from is one notejam.yaml makes: same account, the DR region of its backups', () => {
    const original = exampleConfig('notejam');
    const production = original.environments.find((e) => e.name === 'production');
    const restored = exampleConfig('notejam-dr').environments[0];
    expect(restored.account).toBe(production?.account);
    expect(restored.region).toBe(original.backup?.copyToRegion);
  });

  test('once running there, its own backups are copied back to another region', () => {
    const plan = one(templates().environments.production, 'AWS::Backup::BackupPlan').Properties.BackupPlan;
    expect(plan.BackupPlanRule[0].CopyActions[0].DestinationBackupVaultArn).toMatch(/^arn:aws:backup:eu-west-1:/);
  });
});
