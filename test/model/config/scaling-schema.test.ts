import { configProblems, yamlWith } from '../../support/configs';

type Raw = { environments: { scaling?: unknown }[] };

test("an environment's scaling whose maxTasks is below its minTasks names the field and both values", () => {
  const yaml = yamlWith((raw) => {
    (raw as Raw).environments[0].scaling = { minTasks: 3, maxTasks: 1 };
  });
  expect(configProblems(yaml)).toEqual([
    'environments[0].scaling.maxTasks: is 1, below minTasks 3; maxTasks must be at least minTasks (got 1)',
  ]);
});

test('the same counts are accepted', () => {
  const yaml = yamlWith((raw) => {
    (raw as Raw).environments[0].scaling = { minTasks: 3, maxTasks: 3 };
  });
  expect(configProblems(yaml)).toEqual([]);
});
