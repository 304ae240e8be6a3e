import { Match } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../../model/config';
import { ENVIRONMENT_NAME_VARIABLE } from '../../../model/config/service-values';
import { REPO_ROOT } from '../../support/configs';
import { synthesized } from '../../support/synthesized';

// GIVEN a Django web service, a Celery worker and a singleton Celery beat from one Dockerfile, three environments
// in three accounts each with its own secret, a Stripe key shared from another account, and the web tasks' own
// permissions (test/fixtures/django-celery.yaml).
const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'django-celery.yaml');
const config = parseConfig(readFileSync(FIXTURE, 'utf8'), FIXTURE);
const app = synthesized(config);
const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
const ACCOUNTS = { dev: '410000000002', staging: '410000000003', prod: '410000000004' };

type Resource = { Type: string; Properties: Record<string, unknown> };
type Container = { Name: string; Image: unknown; Environment?: { Name: string; Value: unknown }[] };
type ContainerSecret = { Name: string; ValueFrom: unknown };
const ofType = (name: string, type: string): Resource[] =>
  Object.values(app.environments[name].findResources(type)) as Resource[];
const service = (name: string, serviceName: string) =>
  ofType(name, 'AWS::ECS::Service').find((s) => s.Properties.ServiceName === serviceName)!;
const taskDefinition = (name: string, family: string) =>
  ofType(name, 'AWS::ECS::TaskDefinition').find((t) => t.Properties.Family === family)!;
const containers = (resource: Resource) => resource.Properties.ContainerDefinitions as Container[];

describe('a singleton (beat)', () => {
  test.each(ENVIRONMENTS)(
    '%s: one task, the old one stopped before the new one starts, on the ECS controller',
    (env) => {
      const beat = service(env, `desk-${env}-beat`);
      expect(beat.Properties.DesiredCount).toBe(1);
      expect(beat.Properties.DeploymentController).toBeUndefined();
      expect(beat.Properties.DeploymentConfiguration).toMatchObject({
        MaximumPercent: 100,
        MinimumHealthyPercent: 0,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      });
    },
  );

  test('has no scalable target, while the worker beside it scales', () => {
    const targets = ofType('staging', 'AWS::ApplicationAutoScaling::ScalableTarget').map((t) =>
      JSON.stringify(t.Properties.ResourceId),
    );
    expect(targets.some((id) => id.includes('Servicebeat'))).toBe(false);
    expect(targets.some((id) => id.includes('Serviceworker'))).toBe(true);
  });
});

describe('per-environment values', () => {
  test.each(ENVIRONMENTS)("%s: the web tasks read the environment's own secret, in its own account", (env) => {
    const secrets = (containers(taskDefinition(env, `desk-${env}-web`))[0] as unknown as { Secrets: ContainerSecret[] })
      .Secrets;
    const key = secrets.find((s) => s.Name === 'DJANGO_SECRET_KEY')!.ValueFrom as string;
    expect(key.split(':')[4]).toBe(ACCOUNTS[env]);
    expect(key).toContain(`:secret:desk/django-`);
  });

  test('a variable set for one environment reaches only that environment', () => {
    const debug = (env: string) =>
      containers(taskDefinition(env, `desk-${env}-web`))[0].Environment!.find((v) => v.Name === 'DJANGO_DEBUG');
    expect(debug('dev')?.Value).toBe('true');
    expect(debug('prod')).toBeUndefined();
  });

  test.each(ENVIRONMENTS)("%s: every container of every service gets the environment's name", (env) => {
    const all = ofType(env, 'AWS::ECS::TaskDefinition').flatMap(containers);
    expect(all.length).toBeGreaterThanOrEqual(3);
    for (const container of all) {
      expect(container.Environment).toContainEqual({ Name: ENVIRONMENT_NAME_VARIABLE, Value: env });
    }
  });

  test("the shared secret's key may be used by the web execution role, only through Secrets Manager", () => {
    app.environments.prod.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 'kms:Decrypt',
            Effect: 'Allow',
            Resource: 'arn:aws:kms:eu-central-1:410000000009:key/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
            Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-central-1.amazonaws.com' } },
          },
          Match.objectLike({
            Action: Match.arrayWith(['secretsmanager:GetSecretValue']),
            Resource: Match.arrayWith([
              'arn:aws:secretsmanager:eu-central-1:410000000009:secret:payments/stripe-AbCdEf',
            ]),
          }),
        ]),
      },
      Roles: [{ Ref: Match.stringLikeRegexp('web.*ExecutionRole') }],
    });
  });
});

describe('task role permissions from the configuration', () => {
  test('the web task role holds each named statement, with its condition', () => {
    app.environments.staging.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'SendMail',
            Effect: 'Allow',
            Action: ['ses:SendEmail', 'ses:SendRawEmail'],
            Resource: { 'Fn::Sub': 'arn:aws:ses:${AWS::Region}:${AWS::AccountId}:identity/desk.example.com' },
          },
          {
            Sid: 'ReadUploads',
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::desk-uploads/*',
            Condition: { StringEquals: { 's3:ExistingObjectTag/public': 'true' } },
          },
        ]),
      },
      Roles: [{ Ref: Match.stringLikeRegexp('web.*TaskRole') }],
    });
  });

  test("the worker's task role gets its own statement and none of the web's", () => {
    const policies = ofType('staging', 'AWS::IAM::Policy').filter((p) =>
      JSON.stringify(p.Properties.Roles).match(/worker.*TaskRole/),
    );
    expect(JSON.stringify(policies)).not.toContain('SendMail');
    expect(policies.flatMap((p) => (p.Properties.PolicyDocument as { Statement: unknown[] }).Statement)).toContainEqual(
      {
        Sid: 'CeleryQueues',
        Effect: 'Allow',
        Action: ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage', 'sqs:SendMessage'],
        Resource: { 'Fn::Sub': 'arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:desk-*' },
      },
    );
  });
});

describe('one image for three services', () => {
  const stages: {
    Name: string;
    Actions: { Name: string; Configuration: { CustomData?: string }; InputArtifacts?: unknown[] }[];
  }[] = Object.values(app.pipeline.findResources('AWS::CodePipeline::Pipeline'))[0].Properties.Stages;
  const image = stages.find((s) => s.Name === 'Image')!.Actions.map((a) => a.Name);

  test('is built once, scanned once and stored in one repository', () => {
    expect(image.filter((name) => name.startsWith('BuildImage'))).toEqual(['BuildImage-web']);
    expect(image.filter((name) => name.startsWith('ScanImage'))).toEqual(['ScanImage-web']);
    const repositories = Object.values(app.pipeline.findResources('AWS::ECR::Repository')).map(
      (r) => r.Properties.RepositoryName,
    );
    expect(repositories).toEqual(['desk/web']);
  });

  test("the hand-off to the release pipeline reads every service's image from the one repository", () => {
    const handoff = stages.flatMap((s) => s.Actions).find((a) => a.Name === 'Hand-off-to-release-pipeline')!;
    const project = app.pipeline.toJSON().Resources[
      (handoff.Configuration as unknown as { ProjectName: { Ref: string } }).ProjectName.Ref
    ] as { Properties: { Environment: { EnvironmentVariables: { Name: string; Value: unknown }[] } } };
    const fixed = project.Properties.Environment.EnvironmentVariables;
    const repositories = JSON.stringify(fixed.find((v) => v.Name === 'IMAGE_REPOSITORIES')?.Value);
    expect(repositories.match(/(web|worker|beat)=/g)).toEqual(['web=', 'worker=', 'beat=']);
    // Each URI ends in the one repository's name (a Ref to it).
    const [repository] = Object.keys(app.pipeline.findResources('AWS::ECR::Repository'));
    expect(repositories.match(/"\/",\{"Ref":"[A-Za-z0-9]+"\}/g)).toEqual(Array(3).fill(`"/",{"Ref":"${repository}"}`));
  });

  test("the repository lets every service's execution role in every environment pull it", () => {
    const repository = Object.values(app.pipeline.findResources('AWS::ECR::Repository'))[0];
    const policy = JSON.stringify(repository.Properties.RepositoryPolicyText);
    for (const env of ENVIRONMENTS) {
      for (const name of ['web', 'worker', 'beat']) {
        expect(policy).toContain(`:${ACCOUNTS[env]}:role/desk-${env}-${name}-`);
      }
    }
  });

  test.each(['web', 'worker', 'beat'])('the %s task definition runs the one image', (name) => {
    const image = JSON.stringify(containers(taskDefinition('staging', `desk-staging-${name}`))[0].Image);
    expect(image).toContain('.dkr.ecr.eu-central-1.');
    expect(image).toContain('/desk/web:commit-1');
  });
});
