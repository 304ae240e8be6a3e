import { environmentNames, pipelineRoleName, regionCode, serviceNames } from '../../model/naming';
import { ENVIRONMENT_ROLES } from '../../model/config/role-name-refine';

describe('regionCode', () => {
  test.each([
    ['eu-west-1', 'euw1'],
    ['eu-central-1', 'euc1'],
    ['us-east-1', 'use1'],
    ['ap-southeast-2', 'apse2'],
    ['ap-south-1', 'aps1'],
    ['us-gov-west-1', 'usgw1'],
    ['ca-central-1', 'cac1'],
  ])('%s is %s', (region, code) => {
    expect(regionCode(region)).toBe(code);
  });

  test('gives distinct codes to distinct regions', () => {
    const regions = [
      ...['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'ca-west-1', 'mx-central-1'],
      ...['eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1'],
      ...['eu-south-2', 'ap-south-1', 'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3'],
      ...['ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7', 'ap-northeast-1', 'ap-northeast-2'],
      ...['ap-northeast-3', 'ap-east-1', 'ap-east-2', 'me-south-1', 'me-central-1', 'il-central-1', 'af-south-1'],
      ...['sa-east-1', 'us-gov-west-1', 'us-gov-east-1', 'cn-north-1', 'cn-northwest-1'],
    ];
    expect(new Set(regions.map(regionCode)).size).toBe(regions.length);
  });
});

describe('role names of the same application and environment in two regions of one account', () => {
  // GIVEN notejam's production and its DR rebuild (examples/notejam.yaml, examples/notejam-dr.yaml).
  const original = environmentNames('notejam', { name: 'production', region: 'eu-west-1' }, 'eu-west-1');
  const rebuild = environmentNames('notejam', { name: 'production', region: 'eu-central-1' }, 'eu-central-1');

  test.each(ENVIRONMENT_ROLES)('%s differs, and carries the code of the region of the stack that creates it', (key) => {
    expect(original[key]).not.toBe(rebuild[key]);
    expect(original[key]).toMatch(/-euw1$/);
    expect(rebuild[key]).toMatch(/-euc1$/);
  });

  test('environment-account roles carry the environment region, pipeline-account roles the pipeline region', () => {
    const split = environmentNames('shop', { name: 'dev', region: 'eu-central-1' }, 'eu-west-1');
    expect(split.codeDeployActionRole).toBe('shop-dev-cd-action-euc1');
    expect(split.pipelineRole).toBe('shop-pipeline-role-euw1');
    expect(split.renderRole).toBe('shop-dev-render-euw1');
    expect(split.pipelineRole).toBe(pipelineRoleName('shop', 'eu-west-1'));
  });

  test("a service's task roles carry its environment's region; regional names stay as they were", () => {
    const names = serviceNames('shop', { name: 'prod', region: 'us-east-1' }, { name: 'api', legacyNames: false });
    expect(names).toMatchObject({
      taskRole: 'shop-prod-api-task-use1',
      taskExecutionRole: 'shop-prod-api-task-exec-use1',
      service: 'shop-prod-api',
      deploymentGroup: 'shop-prod-api-bluegreen',
    });
    expect(original.cluster).toBe(rebuild.cluster);
  });
});
