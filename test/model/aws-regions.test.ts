import { RegionInfo } from 'aws-cdk-lib/region-info';
import { AWS_REGIONS } from '../../model/aws-regions';
import { configProblems, yamlWith } from '../support/configs';

test("the model's regions are the ones the pinned aws-cdk-lib knows", () => {
  expect([...AWS_REGIONS].sort()).toEqual(RegionInfo.regions.map((r) => r.name).sort());
});

test('a region no one has (a typo) stops validation, naming the field', () => {
  const yaml = yamlWith((raw) => {
    (raw.pipeline as { region: string }).region = 'eu-west-9';
  });
  expect(configProblems(yaml)).toContain(
    'pipeline.region: must be an AWS region such as eu-west-1 (one aws-cdk-lib knows; check the spelling) (got "eu-west-9")',
  );
});
