import { threeEnvironments } from '../../support/configs';
import { synthesized } from '../../support/synthesized';

// GIVEN dev, staging and prod, where only staging and prod ask for an approval (support/configs.ts): the delivery
// pipeline deploys dev, the release pipeline staging and prod.
const config = threeEnvironments();
const { pipeline, release, environments } = synthesized(config);
type Stage = { Name: string; Actions: { ActionTypeId: { Category: string; Provider: string } }[] };
const stagesOf = (template: typeof pipeline): Stage[] =>
  Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0].Properties.Stages;
const stages = stagesOf(pipeline);
const releaseStages = stagesOf(release!);

test('promotes through every configured environment in order: dev, the hand-off, then staging and prod', () => {
  expect(stages.map((s) => s.Name).slice(-2)).toEqual(['dev', 'HandOff']);
  expect(releaseStages.map((s) => s.Name).filter((n) => !n.startsWith('Approve-'))).toEqual([
    'Source',
    'Verify',
    'staging',
    'prod',
  ]);
  expect(Object.keys(environments)).toEqual(['dev', 'staging', 'prod']);
});

test('asks for approval exactly where the configuration does, each in a stage of its own before the environment', () => {
  expect(stages.flatMap((s) => s.Actions).filter((a) => a.ActionTypeId.Category === 'Approval')).toHaveLength(0);
  const names = releaseStages.map((s) => s.Name);
  expect(names.slice(-4)).toEqual(['Approve-staging', 'staging', 'Approve-prod', 'prod']);
  const approvals = Object.fromEntries(
    releaseStages.map((s) => [s.Name, s.Actions.filter((a) => a.ActionTypeId.Category === 'Approval').length]),
  );
  expect(approvals).toMatchObject({ 'Approve-staging': 1, staging: 0, 'Approve-prod': 1, prod: 0 });
});

test('deploys blue/green in every environment, each in its own account and region', () => {
  for (const name of ['dev', 'staging', 'prod']) {
    const stage = [...stages, ...releaseStages].find((s) => s.Name === name)!;
    expect(stage.Actions.filter((a) => a.ActionTypeId.Provider === 'CodeDeployToECS')).toHaveLength(1);
  }
  environments.dev.hasResourceProperties('AWS::EC2::Subnet', { AvailabilityZone: 'eu-central-1a' });
  const repository = Object.values(pipeline.findResources('AWS::ECR::Repository'))[0];
  // Only the task execution roles of the pipeline's region may pull here, not their whole accounts; dev, in
  // another region, pulls the copy in its own region (test/model/image-regions.test.ts).
  const policy = JSON.stringify(repository.Properties.RepositoryPolicyText);
  expect(policy).toContain('arn:aws:iam::222222222222:role/sample-staging-task-exec');
  expect(policy).not.toContain('444444444444');
  const [definition] = Object.values(environments.dev.findResources('AWS::ECS::TaskDefinition'));
  expect(JSON.stringify(definition.Properties.ContainerDefinitions[0].Image)).toContain('.dkr.ecr.eu-central-1.');
});
