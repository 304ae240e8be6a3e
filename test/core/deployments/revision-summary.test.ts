import { describeRevision, taskDefinitionOf } from '../../../core/deployments';

const TD = 'arn:aws:ecs:eu-west-1:222222222222:task-definition/sample-staging:7';

describe('taskDefinitionOf', () => {
  test('reads TaskDefinition from a YAML appspec, the shape the CodeDeployToECS action sends', () => {
    const content = `version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: ${TD}\n`;
    expect(taskDefinitionOf({ revisionType: 'AppSpecContent', appSpecContent: { content } })).toBe(TD);
  });

  test('reads a JSON appspec in a String revision', () => {
    const content = JSON.stringify({ Resources: [{ TargetService: { Properties: { TaskDefinition: TD } } }] });
    expect(taskDefinitionOf({ revisionType: 'String', string: { content } })).toBe(TD);
  });

  test.each([
    ['no content', { revisionType: 'AppSpecContent' as const }],
    ['broken YAML', { appSpecContent: { content: 'Resources: [\n' } }],
    ['no Resources list', { appSpecContent: { content: 'Resources: {}' } }],
    [
      'a placeholder-free but empty task definition',
      { appSpecContent: { content: 'Resources:\n  - T:\n      Properties:\n        TaskDefinition: ""\n' } },
    ],
  ])('%s gives undefined', (_name, revision) => {
    expect(taskDefinitionOf(revision)).toBeUndefined();
  });
});

describe('describeRevision', () => {
  test.each([
    [undefined, 'not reported'],
    [
      { revisionType: 'S3' as const, s3Location: { bucket: 'artifacts', key: 'app.zip', version: 'v3' } },
      's3://artifacts/app.zip (version v3)',
    ],
    [
      { revisionType: 'GitHub' as const, gitHubLocation: { repository: 'org/repo', commitId: 'abc123' } },
      'org/repo@abc123',
    ],
    [
      { revisionType: 'AppSpecContent' as const, appSpecContent: { content: 'version: 0.0', sha256: 'ab'.repeat(32) } },
      'AppSpecContent sha256 abababababab (no task definition found in it)',
    ],
  ])('%j reads %s', (revision, text) => {
    expect(describeRevision(revision)).toBe(text);
  });
});
