import { z } from 'zod';
import { knownFieldsAt, nearestField } from '../../../model/config/known-fields';
import { configSchema } from '../../../model/config/schema';

describe('knownFieldsAt', () => {
  const schema = z.strictObject({
    name: z.string(),
    items: z.array(z.strictObject({ port: z.int(), protocol: z.string().optional() })).default([]),
    byName: z.record(z.string(), z.strictObject({ arn: z.string() })),
    either: z.union([
      z.literal('none'),
      z.strictObject({ runtime: z.string() }),
      z.strictObject({ image: z.string() }),
    ]),
  });

  test.each([
    [[], ['name', 'items', 'byName', 'either']],
    [
      ['items', 0],
      ['port', 'protocol'],
    ],
    [['byName', 'DB'], ['arn']],
    [['either'], ['runtime', 'image']],
    [['name'], []],
    [['nowhere', 'deeper'], []],
  ])('at %j lists %j', (path, fields) => {
    expect(knownFieldsAt(schema, path).sort()).toEqual([...fields].sort());
  });

  test("reads the configuration's own schema through its defaults, pipes and lists", () => {
    expect(knownFieldsAt(configSchema, ['environments', 1])).toEqual(expect.arrayContaining(['deployment', 'account']));
  });
});

describe('nearestField', () => {
  const known = ['deployment', 'port', 'desiredCount', 'healthCheckPath'];
  test.each([
    ['deploymnet', 'deployment'],
    ['prot', 'port'],
    ['desiredcount', 'desiredCount'],
    ['healthcheck', undefined],
    ['image', undefined],
  ])('%s suggests %s', (unknown, expected) => {
    expect(nearestField(unknown, known)).toBe(expected);
  });
});
