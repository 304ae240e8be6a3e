import { isError, unacknowledged, type Finding, type StackMetadata } from '../../scripts/validate-templates';

// GIVEN a stack whose flow log acknowledges F3002 (as aws-ec2's FlowLog does itself) and whose VPC acknowledges W3010.
const METADATA: StackMetadata = {
  acknowledged: new Map([
    ['/app/prod/Service/Network/Vpc/FlowLog', new Set(['CloudFormation-Validate::F3002'])],
    ['/app/prod/Service/Network', new Set(['CloudFormation-Validate::W3010'])],
    ['/app/prod/Service', new Set(['cdk-validator-cfnguard::lambda_inside_vpc_check'])],
  ]),
  paths: new Map([
    ['FlowLogA1', '/app/prod/Service/Network/Vpc/FlowLog/Resource'],
    ['VpcSubnet1', '/app/prod/Service/Network/Vpc/Subnet1/Resource'],
    ['NetworkIngress', '/app/prod/Service/NetworkIngress/Resource'],
  ]),
};
const finding = (rule: string, logicalId?: string, severity = 'error'): Finding => ({
  rule,
  severity,
  templatePath: 'prod.template.json',
  logicalId,
  description: 'x',
});
const left = (findings: Finding[]) =>
  unacknowledged(findings, (path) => (path === 'prod.template.json' ? METADATA : undefined)).map(
    (f) => `${f.rule} ${f.logicalId ?? '-'}`,
  );

test('a finding is acknowledged on its own construct or one above it, for that rule only', () => {
  expect(left([finding('F3002', 'FlowLogA1'), finding('W3010', 'VpcSubnet1', 'warning')])).toEqual([]);
  expect(left([finding('E9002', 'FlowLogA1')])).toEqual(['E9002 FlowLogA1']);
});

test("a path that only starts like an acknowledged one is not below it, and another plugin's acknowledgement counts for nothing", () => {
  expect(left([finding('W3010', 'NetworkIngress', 'warning')])).toEqual(['W3010 NetworkIngress']);
  expect(left([finding('lambda_inside_vpc_check', 'FlowLogA1')])).toEqual(['lambda_inside_vpc_check FlowLogA1']);
});

test('a finding without a resource, or in a template without metadata, is left', () => {
  expect(left([finding('E0000')])).toEqual(['E0000 -']);
  expect(
    unacknowledged([{ ...finding('F3002', 'FlowLogA1'), templatePath: 'other.json' }], () => undefined),
  ).toHaveLength(1);
});

test('errors and fatal findings fail; warnings and notes do not', () => {
  expect(
    ['error', 'fatal', 'warning', 'info', undefined].map((s) => isError({ ...finding('X'), severity: s })),
  ).toEqual([true, true, false, false, false]);
});
