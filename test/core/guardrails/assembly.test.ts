import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkAssembly } from '../../../core/guardrails/assembly';
import { shippedConfig } from '../../support/configs';
import { synthesized } from '../../support/synthesized';
import { exampleGuardrails } from './fixtures';

// GIVEN prod's service stack of the shipped configuration with all its traffic shifted at once (a weaker gate the
// guardrails refuse in a protected account, 333333333333 in guardrails.example.yaml), in a one-stack assembly whose
// manifest a commit writes.
const allAtOnce = (() => {
  const template = structuredClone(synthesized(shippedConfig()).environments.prod.toJSON()) as {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type === 'AWS::CodeDeploy::DeploymentGroup') {
      resource.Properties.DeploymentConfigName = 'CodeDeployDefault.ECSAllAtOnce';
    }
  }
  return template;
})();

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'guardrails-assembly-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The gates `checkAssembly` finds weaker for that stack, deployed as `properties` and `environment` say. */
function judged(environment: string, properties: Record<string, string> = {}): string[] {
  writeFileSync(join(dir, 'prod.template.json'), JSON.stringify(allAtOnce));
  const stack = {
    type: 'aws:cloudformation:stack',
    environment,
    properties: { templateFile: 'prod.template.json', ...properties },
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ artifacts: { Prod: stack } }));
  return checkAssembly(dir, exampleGuardrails()).map((v) => `${v.path}: ${v.found}`);
}

const REFUSED = [expect.stringMatching(/\.DeploymentConfigName: all traffic at once$/)];
const ROLE = (account: string) =>
  `arn:\${AWS::Partition}:iam::${account}:role/cdk-hnb659fds-deploy-role-${account}-eu-central-1`;

test('a stack in a protected account is judged', () => {
  expect(judged('aws://333333333333/eu-central-1')).toEqual(REFUSED);
});

test('a stack in another account, deployed with roles of that account, is not', () => {
  expect(judged('aws://222222222222/eu-central-1', { assumeRoleArn: ROLE('222222222222') })).toEqual([]);
});

test('a stack whose environment names no account is judged: the CLI deploys it where the role it assumes is', () => {
  expect(judged('aws://unknown-account/eu-central-1', { assumeRoleArn: ROLE('333333333333') })).toEqual(REFUSED);
  expect(judged('aws://unknown-account/eu-central-1')).toEqual(REFUSED);
});

test.each(['assumeRoleArn', 'cloudFormationExecutionRoleArn', 'stackTemplateAssetObjectUrl'])(
  'a stack whose %s names a protected account is judged, whatever account its environment names',
  (property) => {
    const value =
      property === 'stackTemplateAssetObjectUrl'
        ? 's3://cdk-hnb659fds-assets-333333333333-eu-central-1/abc.json'
        : ROLE('333333333333');
    expect(judged('aws://222222222222/eu-central-1', { [property]: value })).toEqual(REFUSED);
  },
);
