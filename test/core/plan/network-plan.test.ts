import { describeImageRegions } from '../../../core/plan/image-plan';
import { describeDomainDelegation } from '../../../core/plan/domain-plan';
import { describeEnvironmentNetwork } from '../../../core/plan/network-plan';
import { renderPlan } from '../../../core/plan/render-plan';
import { fixtureConfig } from '../../support/configs';

const config = fixtureConfig('existing-network');
const [staging, prod] = config.environments;

test('the plan says a new VPC is created where no vpc: block is given', () => {
  expect(describeEnvironmentNetwork(staging)).toMatch(/^ {4}network: a new VPC 10\.0\.0\.0\/16 .*1 NAT gateway\(s\)/);
});

test('the plan says the existing VPC is imported, what it adds (flow logs) and what it does not (endpoints)', () => {
  const line = describeEnvironmentNetwork(prod);
  expect(line).toContain('existing VPC vpc-0a1b2c3d4e5f60718 (10.40.0.0/16) imported, not created');
  expect(line).toContain('2 public, 2 private, 2 isolated subnets');
  expect(line).toContain('a flow log added');
  expect(line).toContain('no VPC endpoints added');
});

test('with flowLogs: existing, the plan says no flow log is added', () => {
  const line = describeEnvironmentNetwork({ ...prod, vpc: { ...prod.vpc!, flowLogs: 'existing' } });
  expect(line).toContain('no flow log added (the config says the VPC has its own)');
});

test('the rendered plan carries each environment its network line', () => {
  const text = renderPlan(config, undefined, 'cdk.out/x.json');
  expect(text).toContain(describeEnvironmentNetwork(staging));
  expect(text).toContain(describeEnvironmentNetwork(prod));
});

test('the plan says which zone an environment creates and where its delegation is written', () => {
  expect(describeDomainDelegation(prod)).toEqual([
    '    dns: zone prod.example.com created in 333333333333, delegated from example.com (Z0123456789ABCDEFGHIJ): ' +
      'its NS record written there through arn:aws:iam::444444444444:role/example-com-delegation; records and ' +
      'certificate validation go into prod.example.com',
  ]);
  expect(describeDomainDelegation(staging)).toEqual([]);
  expect(renderPlan(config, undefined, 'cdk.out/x.json')).toContain(describeDomainDelegation(prod)[0]);
});

test('the plan says where images are copied and that each environment pulls from its own region', () => {
  expect(describeImageRegions(config)).toBe(
    'Images: kept in eu-central-1 and copied by digest (same tag, digest checked) to eu-west-1 by the image step ' +
      "(repositories in stack(s) netapp-images-eu-west-1 of the tools account); each environment's tasks pull from " +
      'their own region',
  );
  expect(describeImageRegions(fixtureConfig('data-app'))).toBe(
    'Images: kept in eu-central-1 (tools account), where every environment runs',
  );
  expect(renderPlan(config, undefined, 'cdk.out/x.json')).toContain(describeImageRegions(config));
});
