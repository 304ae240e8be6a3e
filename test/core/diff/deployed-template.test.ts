import {
  diffDeployed,
  DeployedReadError,
  explainGetTemplateError,
  parseDeployedTemplate,
  readDeployedPairs,
} from '../../../core/diff';
import type { AssemblyStack, Template } from '../../../core/preflight';

const REF = { stackName: 'shop-prod-service', account: '333333333333', region: 'eu-west-1' };

function stack(stackName: string, template: Template, environment: AssemblyStack['environment'] = {}): AssemblyStack {
  return {
    artifactId: stackName,
    stackName,
    displayName: stackName,
    assemblyPath: '',
    environment,
    dependencies: [],
    template,
  };
}

const bucket = (name: string): Template => ({
  Resources: { Files: { Type: 'AWS::S3::Bucket', Properties: { BucketName: name } } },
  Outputs: {},
});

describe('explainGetTemplateError', () => {
  test('a connection that failed: cannot reach CloudFormation in the region, with the code', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });

    expect(explainGetTemplateError(error, REF)).toBe(
      'cannot reach CloudFormation in eu-west-1 for GetTemplate of stack shop-prod-service (account 333333333333, ' +
        'eu-west-1) (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:443)',
    );
  });

  test('a missing permission names the lookup role of the account and region', () => {
    const error = Object.assign(new Error('not authorized to perform: cloudformation:GetTemplate'), {
      name: 'AccessDenied',
    });

    expect(explainGetTemplateError(error, REF)).toContain(
      'CloudFormation refused GetTemplate for stack shop-prod-service (account 333333333333, eu-west-1) (AccessDenied: ' +
        'not authorized to perform: cloudformation:GetTemplate); use credentials of a role in account 333333333333 ' +
        "that may call it; to read through the environment's reader role, use a profile with role_arn = " +
        'arn:aws:iam::333333333333:role/cdk-hnb659fds-lookup-role-333333333333-eu-west-1',
    );
  });
});

describe('parseDeployedTemplate', () => {
  test('a YAML template is reported, not guessed at', () => {
    expect(() => parseDeployedTemplate('Resources:\n  Files:\n    Type: AWS::S3::Bucket\n', REF)).toThrow(
      new DeployedReadError(
        'the deployed template of stack shop-prod-service (account 333333333333, eu-west-1) is not JSON (deployed by ' +
          'hand in YAML?); diff compares the JSON templates CDK deploys',
      ),
    );
  });

  test('a JSON template gives its resources with their DeletionPolicy', () => {
    const body = JSON.stringify({
      Resources: { Files: { Type: 'AWS::S3::Bucket', Properties: {}, DeletionPolicy: 'Retain' } },
    });

    expect(parseDeployedTemplate(body, REF).Resources.Files).toEqual({
      Type: 'AWS::S3::Bucket',
      Properties: {},
      DeletionPolicy: 'Retain',
    });
  });
});

describe('diffDeployed', () => {
  test('judges the deployed resource as before: a bucket rename REPLACES; an undeployed stack is added and listed', () => {
    const result = diffDeployed([
      { stack: stack('shop-prod-service', bucket('new')), deployed: bucket('old') },
      { stack: stack('shop-prod-frontend', bucket('site')), deployed: undefined },
      { stack: stack('shop-prod-same', bucket('same')), deployed: bucket('same') },
    ]);

    expect(result.notDeployed).toEqual(['shop-prod-frontend']);
    expect(result.diffs.map((d) => [d.stackName, d.status, d.changes.map((c) => c.marks.map((m) => m.word))])).toEqual([
      ['shop-prod-service', 'changed', [['REPLACES']]],
      ['shop-prod-frontend', 'added', [[]]],
    ]);
  });
});

describe('readDeployedPairs', () => {
  test("asks for each stack in its own region and account, the environment's where the assembly leaves them unknown", async () => {
    const asked: unknown[] = [];

    await readDeployedPairs(
      [stack('a', bucket('a'), { account: '444444444444', region: 'us-east-1' }), stack('b', bucket('b'))],
      { account: '333333333333', region: 'eu-west-1' },
      async (ref) => {
        asked.push(ref);
        return undefined;
      },
    );

    expect(asked).toEqual([
      { stackName: 'a', account: '444444444444', region: 'us-east-1' },
      { stackName: 'b', account: '333333333333', region: 'eu-west-1' },
    ]);
  });
});
