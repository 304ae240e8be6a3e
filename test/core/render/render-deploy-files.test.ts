import { parse } from 'yaml';
import { parseDescribeOutput, renderDeployFiles, type RenderOptions } from '../../../core/render';
import { describeText, IMAGE_BY_DIGEST } from './fixture';

const OPTIONS: RenderOptions = {
  containerName: 'app',
  containerPort: 8080,
  hooks: ['AfterAllowTestTraffic'],
  hookFunction: 'CodeDeployHook_sample-staging',
};

const renderFixture = (options: RenderOptions) =>
  renderDeployFiles(parseDescribeOutput(describeText(), 'fixture'), options);
const contentOf = (files: readonly { name: string; content: string }[], name: string) =>
  files.find((f) => f.name === name)?.content;

describe('renderDeployFiles', () => {
  test('renders taskdef.json and appspec.yaml, and imageDetail.json only with an image URI', () => {
    expect(renderFixture(OPTIONS).files.map((f) => f.name)).toEqual(['taskdef.json', 'appspec.yaml']);
    expect(renderFixture({ ...OPTIONS, imageUri: IMAGE_BY_DIGEST }).files.map((f) => f.name)).toEqual([
      'taskdef.json',
      'appspec.yaml',
      'imageDetail.json',
    ]);
  });

  test('the files agree on the app container and port', () => {
    const { files } = renderFixture({ ...OPTIONS, imageUri: IMAGE_BY_DIGEST });

    const taskdef = JSON.parse(contentOf(files, 'taskdef.json') ?? '');
    const appspec = parse(contentOf(files, 'appspec.yaml') ?? '');
    const app = taskdef.containerDefinitions.find((c: { image: string }) => c.image === '<IMAGE1_NAME>');
    expect(appspec.Resources[0].TargetService.Properties.LoadBalancerInfo).toEqual({
      ContainerName: app.name,
      ContainerPort: app.portMappings[0].containerPort,
    });
    expect(JSON.parse(contentOf(files, 'imageDetail.json') ?? '')).toEqual({ ImageURI: IMAGE_BY_DIGEST });
  });

  test('notes the reserved tags it left out', () => {
    expect(renderFixture(OPTIONS).notes).toEqual([
      'left out 3 tag(s) reserved for AWS (aws:cloudformation:stack-name, aws:cloudformation:logical-id, ' +
        'aws:cloudformation:stack-id); RegisterTaskDefinition refuses them',
    ]);
  });

  test('notes a hook function the CodeDeploy role cannot invoke without a grant', () => {
    const { notes } = renderFixture({ ...OPTIONS, hookFunction: 'smoke-tests' });

    expect(notes).toContain(
      "hook function 'smoke-tests' is not named CodeDeployHook_*: the deployment group's role (AWSCodeDeployRoleForECS) " +
        'may invoke it only with an explicit grant',
    );
  });

  test('a hook function ARN named CodeDeployHook_* needs no note', () => {
    const arn = 'arn:aws:lambda:eu-west-1:222222222222:function:CodeDeployHook_sample-staging';

    expect(renderFixture({ ...OPTIONS, hookFunction: arn }).notes.filter((n) => n.includes('hook function'))).toEqual(
      [],
    );
  });

  test('writes the function of each event into appspec.yaml and notes each one the CodeDeploy role cannot invoke', () => {
    const { files, notes } = renderFixture({
      ...OPTIONS,
      hookFunctions: { AfterAllowTestTraffic: 'CodeDeployHook_sample-staging-integration', AfterAllowTraffic: 'smoke' },
    });

    const appSpec = parse(files.find((f) => f.name === 'appspec.yaml')?.content ?? '');
    expect(appSpec.Hooks).toEqual([
      { AfterAllowTestTraffic: 'CodeDeployHook_sample-staging-integration' },
      { AfterAllowTraffic: 'smoke' },
    ]);
    expect(notes.filter((n) => n.includes('hook function'))).toEqual([
      "hook function 'smoke' is not named CodeDeployHook_*: the deployment group's role (AWSCodeDeployRoleForECS) " +
        'may invoke it only with an explicit grant',
    ]);
  });
});
