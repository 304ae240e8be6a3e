import { parseDescribeOutput, RenderError } from '../../../core/render';
import { describeObject, describeText } from './fixture';

describe('parseDescribeOutput', () => {
  test('reads the task definition, its containers and the top-level tags of a describe answer', () => {
    const described = parseDescribeOutput(describeText(), 'describe.json');

    expect(described.taskDefinition.family).toBe('sample-staging');
    expect(described.containers.map((c) => c.name)).toEqual(['log_router', 'app', 'envoy']);
    expect(described.tags).toContainEqual({ key: 'team', value: 'platform' });
    expect(described.tags).toHaveLength(5);
    expect(described.taskDefinition).not.toHaveProperty('tags');
  });

  test('accepts the bare taskDefinition object (--query taskDefinition) and its own tags', () => {
    const bare = { ...describeObject().taskDefinition, tags: [{ key: 'team', value: 'platform' }] };

    const described = parseDescribeOutput(JSON.stringify(bare), 'bare.json');

    expect(described.taskDefinition.family).toBe('sample-staging');
    expect(described.tags).toEqual([{ key: 'team', value: 'platform' }]);
    expect(described.taskDefinition).not.toHaveProperty('tags');
  });

  test('a describe answer without tags (no --include TAGS) has none', () => {
    const { taskDefinition } = describeObject();

    expect(parseDescribeOutput(JSON.stringify({ taskDefinition }), 'x').tags).toEqual([]);
  });

  test.each([
    [
      'text that is not JSON',
      '{"taskDefinition": ',
      /^describe\.json is not JSON \(.+\); expected the JSON printed by `aws ecs describe-task-definition`/,
    ],
    ['a JSON list', '[]', /^describe\.json must hold a JSON object, got an empty list/],
    [
      'an object without taskDefinition',
      '{"failures": []}',
      /^describe\.json has no taskDefinition; expected the JSON printed by/,
    ],
    [
      'a taskDefinition that is not an object',
      '{"taskDefinition": "arn:aws:ecs:..."}',
      /taskDefinition must be an object, got "arn:aws:ecs:\.\.\."/,
    ],
    [
      'no family',
      '{"taskDefinition": {"containerDefinitions": [{"name": "app"}]}}',
      /taskDefinition\.family must be a non-empty string, got nothing/,
    ],
    [
      'no containers',
      '{"taskDefinition": {"family": "f", "containerDefinitions": []}}',
      /containerDefinitions must be a non-empty list, got an empty list/,
    ],
    [
      'a container without a name',
      '{"taskDefinition": {"family": "f", "containerDefinitions": [{"image": "x"}]}}',
      /containerDefinitions\[0\]\.name must be a non-empty string/,
    ],
    [
      'tags that are not a list',
      '{"taskDefinition": {"family": "f", "containerDefinitions": [{"name": "a"}]}, "tags": {"team": "x"}}',
      /^describe\.json: tags must be a list of \{ key, value \}, got an object/,
    ],
    [
      'a tag without a key',
      '{"taskDefinition": {"family": "f", "containerDefinitions": [{"name": "a"}]}, "tags": [{"Key": "team"}]}',
      /tags\[0\] must be \{ "key": string, "value": string \}, got \{"Key":"team"\}/,
    ],
    [
      'tags inside a described taskDefinition',
      '{"taskDefinition": {"family": "f", "containerDefinitions": [{"name": "a"}], "tags": []}}',
      /taskDefinition\.tags is not part of a describe-task-definition answer/,
    ],
  ])('refuses %s with a message naming the problem', (_case, text, message) => {
    expect(() => parseDescribeOutput(text, 'describe.json')).toThrow(RenderError);
    expect(() => parseDescribeOutput(text, 'describe.json')).toThrow(message);
  });
});
