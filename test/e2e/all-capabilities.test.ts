import type { Template } from 'aws-cdk-lib/assertions';
import { fixtureConfig } from '../support/configs';
import { synthesized } from '../support/synthesized';

// GIVEN issue 22's onboarding with every application capability at once (test/fixtures/all-capabilities.yaml):
// web, worker and a singleton beat from one image; EFS uploads, a media bucket, a nightly job; per-environment
// secrets and a shared Stripe secret; prod in eu-west-1 (the tools account is in eu-central-1) in an imported VPC.
const app = synthesized(fixtureConfig('all-capabilities'));
const { dev, staging, prod } = app.environments;

type Resources = Record<string, { Properties: Record<string, unknown> }>;
const propertiesOf = (template: Template, type: string) =>
  Object.values(template.findResources(type) as Resources).map((r) => r.Properties);
const json = (value: unknown) => JSON.stringify(value);
const taskDefinition = (template: Template, family: string) =>
  propertiesOf(template, 'AWS::ECS::TaskDefinition').find((t) => t.Family === family)!;

test('prod imports its VPC: no VPC of its own, while dev and staging create theirs', () => {
  expect(prod.findResources('AWS::EC2::VPC')).toEqual({});
  expect(Object.keys(dev.findResources('AWS::EC2::VPC'))).toHaveLength(1);
  expect(Object.keys(staging.findResources('AWS::EC2::VPC'))).toHaveLength(1);
});

test('the web service mounts its EFS volume through an access point with transit encryption and IAM authorization', () => {
  const volumes = json(taskDefinition(prod, 'helpdesk-prod-web').Volumes);
  expect(volumes).toContain('"TransitEncryption":"ENABLED"');
  expect(volumes).toContain('"IAM":"ENABLED"');
  expect(volumes).toContain('AccessPointId');
});

test('a schedule runs the nightly command as a task of the web family', () => {
  const [schedule] = propertiesOf(prod, 'AWS::Scheduler::Schedule');
  expect(schedule).toMatchObject({
    ScheduleExpression: 'cron(0 3 * * ? *)',
    ScheduleExpressionTimezone: 'Europe/Berlin',
  });
  expect(json(schedule.Target)).toContain('clearsessions');
  expect(json(schedule.Target)).toContain('task-definition/helpdesk-prod-web');
});

test('beat is a singleton: one task, no scaling, the old task stops before the new one starts', () => {
  const beat = propertiesOf(prod, 'AWS::ECS::Service').find((s) => s.ServiceName === 'helpdesk-prod-beat')!;
  expect(beat).toMatchObject({
    DesiredCount: 1,
    DeploymentConfiguration: expect.objectContaining({ MinimumHealthyPercent: 0, MaximumPercent: 100 }),
  });
  const targets = json(propertiesOf(prod, 'AWS::ApplicationAutoScaling::ScalableTarget'));
  expect(targets).not.toContain('helpdesk-prod-beat');
});

test.each([
  ['dev', '510000000002'],
  ['staging', '510000000003'],
  ['prod', '510000000004'],
])("%s's web tasks read DJANGO_SECRET_KEY from a secret in its own account %s", (environment, account) => {
  const template = app.environments[environment];
  const web = taskDefinition(template, `helpdesk-${environment}-web`);
  const secrets = json((web.ContainerDefinitions as { Secrets?: unknown }[])[0].Secrets);
  expect(secrets).toMatch(
    new RegExp(`"Name":"DJANGO_SECRET_KEY","ValueFrom":"arn:aws:secretsmanager:[a-z0-9-]+:${account}:`),
  );
});

test("the web task role carries the config's SendMail statement", () => {
  expect(json(propertiesOf(prod, 'AWS::IAM::Policy'))).toContain('"Sid":"SendMail"');
});

test('web, worker and beat run one image: one repository and one build for the three', () => {
  expect(Object.keys(app.pipeline.findResources('AWS::ECR::Repository'))).toHaveLength(1);
  for (const name of ['web', 'worker', 'beat']) {
    const image = json(
      (taskDefinition(dev, `helpdesk-dev-${name}`).ContainerDefinitions as { Image: unknown }[])[0].Image,
    );
    expect(image).toContain('/helpdesk/web:');
  }
});

test("prod's tasks pull the image in eu-west-1, their own region, not the tools account's eu-central-1", () => {
  const image = json((taskDefinition(prod, 'helpdesk-prod-web').ContainerDefinitions as { Image: unknown }[])[0].Image);
  expect(image).toContain('510000000001.dkr.ecr.eu-west-1.');
  expect(image).not.toContain('eu-central-1');
});
