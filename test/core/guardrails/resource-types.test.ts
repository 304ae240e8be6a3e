import { TOOL_RESOURCE_TYPES, unknownResourceTypes } from '../../../core/guardrails/resource-types';
import { EXAMPLES, exampleConfig, fixtureConfig, shippedConfig } from '../../support/configs';
import { synthesized } from '../../support/synthesized';

const configs = [
  ['the shipped configuration', shippedConfig()],
  ...EXAMPLES.map((name) => [`example ${name}`, exampleConfig(name)] as const),
  ...(
    ['all-capabilities', 'data-app', 'frontend-app', 'existing-network', 'storage-jobs', 'three-services'] as const
  ).map((name) => [`fixture ${name}`, fixtureConfig(name)] as const),
] as const;

test.each(configs)("%s: every environment stack holds only the tool's resource types", (_name, config) => {
  const types = Object.values(synthesized(config).environments).flatMap((template) =>
    Object.values(template.toJSON().Resources as Record<string, { Type: string }>).map((r) => r.Type),
  );
  expect([...new Set(types)].filter((type) => !TOOL_RESOURCE_TYPES.has(type))).toEqual([]);
});

test('refuses a type the tool does not write, naming the resource, unless the guardrails admit it', () => {
  const resources = {
    Table: { Type: 'AWS::DynamoDB::Table' },
    Share: { Type: 'AWS::RAM::ResourceShare' },
    Queue: { Type: 'AWS::SQS::Queue' },
  };
  expect(unknownResourceTypes(resources, 'prod', []).map((v) => `${v.path}: ${v.found}`)).toEqual([
    'prod/Table: a resource of type AWS::DynamoDB::Table',
    'prod/Share: a resource of type AWS::RAM::ResourceShare',
  ]);
  expect(unknownResourceTypes(resources, 'prod', ['AWS::DynamoDB::Table']).map((v) => v.path)).toEqual(['prod/Share']);
});
