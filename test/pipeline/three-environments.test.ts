import { threeEnvironments } from '../support/configs';
import { synthesized } from '../support/synthesized';

// GIVEN dev, staging and prod, where only staging and prod ask for an approval (support/configs.ts).
const config = threeEnvironments();
const { pipeline, environments } = synthesized(config);
const stages: { Name: string; Actions: { ActionTypeId: { Category: string; Provider: string } }[] }[] = Object.values(
  pipeline.findResources('AWS::CodePipeline::Pipeline'),
)[0].Properties.Stages;

test('promotes through every configured environment in order', () => {
  expect(
    stages
      .map((s) => s.Name)
      .filter((n) => !n.startsWith('Approve-'))
      .slice(-3),
  ).toEqual(['dev', 'staging', 'prod']);
  expect(Object.keys(environments)).toEqual(['dev', 'staging', 'prod']);
});

test('asks for approval exactly where the configuration does, each in a stage of its own before the environment', () => {
  const names = stages.map((s) => s.Name);
  expect(names.slice(-5)).toEqual(['dev', 'Approve-staging', 'staging', 'Approve-prod', 'prod']);
  const approvals = Object.fromEntries(
    stages.map((s) => [s.Name, s.Actions.filter((a) => a.ActionTypeId.Category === 'Approval').length]),
  );
  expect(approvals).toMatchObject({ dev: 0, 'Approve-staging': 1, staging: 0, 'Approve-prod': 1, prod: 0 });
});

test('deploys blue/green in every environment, each in its own account and region', () => {
  for (const name of ['dev', 'staging', 'prod']) {
    const stage = stages.find((s) => s.Name === name)!;
    expect(stage.Actions.filter((a) => a.ActionTypeId.Provider === 'CodeDeployToECS')).toHaveLength(1);
  }
  environments.dev.hasResourceProperties('AWS::EC2::Subnet', { AvailabilityZone: 'eu-central-1a' });
  const repository = Object.values(pipeline.findResources('AWS::ECR::Repository'))[0];
  // Only the task execution roles of the pipeline's region may pull here, not their whole accounts; dev, in
  // another region, pulls the copy in its own region (test/pipeline/image-regions.test.ts).
  const policy = JSON.stringify(repository.Properties.RepositoryPolicyText);
  expect(policy).toContain('arn:aws:iam::222222222222:role/sample-staging-task-exec');
  expect(policy).not.toContain('444444444444');
  const [definition] = Object.values(environments.dev.findResources('AWS::ECS::TaskDefinition'));
  expect(JSON.stringify(definition.Properties.ContainerDefinitions[0].Image)).toContain('.dkr.ecr.eu-central-1.');
});
