import type { Template } from 'aws-cdk-lib/assertions';
import { imageCopyRegions, imageUriIn, ecrImageRegion, registryHost } from '../../model/image-regions';
import { fixtureConfig } from '../support/configs';
import { synthesized, type SynthesizedStack, type SynthesizedTemplates } from '../support/synthesized';

// GIVEN the pipeline in eu-central-1 (tools account 111111111111), staging in eu-central-1 and prod in eu-west-1.
const config = fixtureConfig('existing-network');
const app = synthesized(config);
/** The image copy stacks: the app's stacks that hold ECR repositories, beside the pipeline stack. */
const copyStacks = (templates: SynthesizedTemplates): [string, SynthesizedStack][] =>
  Object.entries(templates.stacks).filter(
    ([, stack]) =>
      stack.template !== templates.pipeline &&
      Object.keys(stack.template.findResources('AWS::ECR::Repository')).length > 0,
  );
const regional = copyStacks(app);
const pipelinePath = Object.keys(app.stacks).find((path) => app.stacks[path].template === app.pipeline)!;

type Resources = Record<string, { Properties: Record<string, unknown> }>;
const propertiesIn = (template: Template, type: string) =>
  Object.values(template.findResources(type) as Resources).map((r) => r.Properties);
const images = (template: Template) =>
  propertiesIn(template, 'AWS::ECS::TaskDefinition').flatMap((d) =>
    (d.ContainerDefinitions as { Name: string; Image: unknown }[]).map((c) => JSON.stringify(c.Image)),
  );
const envOf = (project: Record<string, unknown>) =>
  Object.fromEntries(
    (
      (project.Environment as { EnvironmentVariables: { Name: string; Value: unknown }[] }).EnvironmentVariables ?? []
    ).map((v) => [v.Name, v.Value]),
  );

test('the pure helpers: copy regions, registry hosts, and a URI moved to another registry keeps its digest', () => {
  expect(imageCopyRegions(config)).toEqual(['eu-west-1']);
  expect(registryHost('111111111111', 'eu-west-1')).toBe('111111111111.dkr.ecr.eu-west-1.amazonaws.com');
  const uri = '111111111111.dkr.ecr.eu-central-1.amazonaws.com/netapp/web@sha256:abc';
  expect(imageUriIn(uri, registryHost('111111111111', 'eu-west-1'))).toBe(
    '111111111111.dkr.ecr.eu-west-1.amazonaws.com/netapp/web@sha256:abc',
  );
  expect(ecrImageRegion(uri)).toBe('eu-central-1');
  expect(ecrImageRegion('public.ecr.aws/x/y:1')).toBeUndefined();
});

test("each environment's tasks pull their image from their own region of the tools account", () => {
  const prodImages = images(app.environments.prod).filter((i) => i.includes('.dkr.ecr.'));
  const stagingImages = images(app.environments.staging).filter((i) => i.includes('.dkr.ecr.'));
  expect(prodImages).toHaveLength(2);
  for (const image of prodImages) expect(image).toMatch(/111111111111\.dkr\.ecr\.eu-west-1\./);
  expect(stagingImages).toHaveLength(2);
  for (const image of stagingImages) expect(image).toMatch(/111111111111\.dkr\.ecr\.eu-central-1\./);
});

test("prod's execution roles may decrypt only with the image key of their own region", () => {
  const statements = JSON.stringify(propertiesIn(app.environments.prod, 'AWS::IAM::Policy'));
  expect(statements).toContain('arn:aws:kms:eu-west-1:111111111111:key/*');
  expect(statements).not.toContain('arn:aws:kms:eu-central-1:111111111111');
});

test('a stack in eu-west-1 of the tools account holds the repositories, pulled only by the execution roles there', () => {
  expect(regional).toHaveLength(1);
  const [path, stack] = regional[0];
  expect({ account: stack.account, region: stack.region, name: stack.stackName }).toEqual({
    account: '111111111111',
    region: 'eu-west-1',
    name: 'netapp-images-eu-west-1',
  });
  const repositories = propertiesIn(stack.template, 'AWS::ECR::Repository');
  expect(repositories.map((r) => r.RepositoryName).sort()).toEqual(['netapp/jobs', 'netapp/web']);
  for (const repository of repositories) {
    expect(repository).toMatchObject({
      ImageTagMutability: 'IMMUTABLE',
      EncryptionConfiguration: { EncryptionType: 'KMS' },
    });
    const policy = JSON.stringify(repository.RepositoryPolicyText);
    expect(policy).toContain('333333333333');
    expect(policy).not.toContain('222222222222');
  }
  expect(app.stacks[pipelinePath].dependencies).toContain(path);
});

test("the pipeline's own repositories admit only the environments of its region", () => {
  const policies = propertiesIn(app.pipeline, 'AWS::ECR::Repository').map((r) =>
    JSON.stringify(r.RepositoryPolicyText),
  );
  expect(policies).toHaveLength(2);
  for (const policy of policies) {
    expect(policy).toContain('222222222222');
    expect(policy).not.toContain('333333333333');
  }
});

test('the image build pushes to the copies and may write only to them; render uses the copy for prod', () => {
  const projects = propertiesIn(app.pipeline, 'AWS::CodeBuild::Project');
  const builds = projects.filter((p) => 'COPY_IMAGE_URIS' in envOf(p));
  expect(builds.map((p) => envOf(p).COPY_IMAGE_URIS).sort()).toEqual([
    '111111111111.dkr.ecr.eu-west-1.amazonaws.com/netapp/jobs',
    '111111111111.dkr.ecr.eu-west-1.amazonaws.com/netapp/web',
  ]);
  const renders = projects.map(envOf).filter((env) => env.SERVICE === 'web' && 'IMAGE_REPOSITORY_URI' in env);
  const byEnvironment = Object.fromEntries(
    renders.map((env) => [env.ENVIRONMENT, JSON.stringify(env.IMAGE_REPOSITORY_URI)]),
  );
  expect(byEnvironment.prod).toBe('"111111111111.dkr.ecr.eu-west-1.amazonaws.com/netapp/web"');
  // Staging is in the pipeline's region: its render names the pipeline's own repository.
  expect(byEnvironment.staging).toContain('ImageswebRepository');
  const policies = JSON.stringify(propertiesIn(app.pipeline, 'AWS::IAM::Policy'));
  expect(policies).toContain('arn:aws:ecr:eu-west-1:111111111111:repository/netapp/web');
  expect(policies).toContain('arn:aws:kms:eu-west-1:111111111111:key/*');
});

test('a configuration with every environment in the pipeline region creates no copy stack', () => {
  const single = synthesized(fixtureConfig('data-app'));
  expect(copyStacks(single)).toEqual([]);
  const images = propertiesIn(single.environments.prod, 'AWS::ECS::TaskDefinition').map((d) => JSON.stringify(d));
  for (const image of images) expect(image).not.toMatch(/dkr\.ecr\.(?!eu-central-1)/);
});
