import {
  guardRuns,
  resourceReach,
  selectedResourceTypes,
  type GuardTemplate,
} from '../../../pipeline/policy/guard-runs';

const rule = (path: string, ...types: string[]) => ({
  path,
  text: [
    ...types.map((t, i) => `let T${i} = "${t}"`),
    ...types.map((_, i) => `let selected${i} = Resources.*[ Type == %T${i} ]`),
    `rule ${path} { ${types.map((_, i) => `%selected${i} not empty`).join(' or ')} }`,
  ].join('\n'),
});
const resource = (Type: string, size = 10) => ({ Type, Properties: { Padding: 'x'.repeat(size) } });

// GIVEN a service template with a bucket, a key and a large role, and a pipeline template with a bucket
const service: GuardTemplate = {
  path: '/out/service.template.json',
  template: {
    Parameters: { BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>' } },
    Resources: {
      Bucket: resource('AWS::S3::Bucket'),
      Key: resource('AWS::KMS::Key'),
      Role: resource('AWS::IAM::Role', 100_000),
    },
  },
};
const pipeline: GuardTemplate = {
  path: '/out/pipeline.template.json',
  template: { Resources: { Artifacts: resource('AWS::S3::Bucket') } },
};

test('selectedResourceTypes reads the types a rule file selects by, from its lets in either quotes, each once', () => {
  const text = [
    "let A = 'AWS::S3::Bucket'",
    'let B = "AWS::KMS::Key"',
    '# a comment naming "AWS::IAM::Role" selects nothing',
    'let buckets = Resources.*[ Type == %A ]',
    'let keys = Resources.*[ Type == %B ]',
    'let again = Resources.*[ Type == %A]',
  ].join('\n');
  expect(selectedResourceTypes(text)).toEqual(['AWS::KMS::Key', 'AWS::S3::Bucket']);
  expect(selectedResourceTypes('rule r { Resources exists }')).toEqual([]);
  // Alternatives joined by `or`, over several lines, and guard's `Resources[ … ]` form.
  const principals =
    'let R = "AWS::IAM::Role"\nlet U = "AWS::IAM::User"\nlet p = Resources.*[\n  Type == %R or\n  Type == %U\n]';
  expect(selectedResourceTypes(principals)).toEqual(['AWS::IAM::Role', 'AWS::IAM::User']);
  expect(selectedResourceTypes('let G = "AWS::EC2::SecurityGroup"\nlet g = Resources[ Type == %G ]')).toEqual([
    'AWS::EC2::SecurityGroup',
  ]);
  expect(
    selectedResourceTypes('let R = "AWS::IAM::Role"\nlet p = Resources.*[ Type == %R or Name == "x" ]'),
  ).toBeUndefined();
  // A selection by a name this cannot resolve, or by a list: the type cannot be told.
  expect(selectedResourceTypes('let x = Resources.*[ Type == %UNKNOWN ]')).toBeUndefined();
  expect(selectedResourceTypes('let L = ["AWS::S3::Bucket"]\nlet x = Resources.*[ Type == %L ]')).toBeUndefined();
});

test('a rule file reads only the resources of the types it names, with the rest of the template kept', () => {
  const runs = guardRuns([rule('bucket', 'AWS::S3::Bucket')], [service, pipeline]);
  expect(runs).toEqual([
    {
      rules: ['bucket'],
      templates: [
        {
          path: service.path,
          scoped: { Parameters: service.template.Parameters, Resources: { Bucket: resource('AWS::S3::Bucket') } },
        },
        { path: pipeline.path, scoped: { Resources: { Artifacts: resource('AWS::S3::Bucket') } } },
      ],
    },
  ]);
});

test('a template holding none of the types a run names is left out of that run', () => {
  const [run] = guardRuns([rule('key', 'AWS::KMS::Key')], [service, pipeline]);
  expect(run.templates.map((t) => t.path)).toEqual([service.path]);
});

test('a rule file naming no type reads every template whole; one naming only absent types is in no run', () => {
  const untyped = { path: 'untyped', text: 'rule untyped { Resources exists }' };
  const runs = guardRuns([untyped, rule('table', 'AWS::DynamoDB::Table')], [service, pipeline]);
  expect(runs).toEqual([{ rules: ['untyped'], templates: [{ path: service.path }, { path: pipeline.path }] }]);
});

test('rule files reading little share a run; one reading much JSON runs on its own', () => {
  const rules = [rule('bucket', 'AWS::S3::Bucket'), rule('key', 'AWS::KMS::Key'), rule('role', 'AWS::IAM::Role')];
  const runs = guardRuns(rules, [service, pipeline]);
  expect(runs.map((r) => [...r.rules].sort())).toEqual([['bucket', 'key'], ['role']]);
  const shared = runs[0].templates.find((t) => t.path === service.path)?.scoped as { Resources: object };
  expect(Object.keys(shared.Resources).sort()).toEqual(['Bucket', 'Key']);
});

test('every rule file applying to the templates is in exactly one run', () => {
  const rules = ['AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::IAM::Role', 'AWS::SQS::Queue'].flatMap((type, i) => [
    rule(`a${i}`, type),
    rule(`b${i}`, type, 'AWS::S3::Bucket'),
  ]);
  const inRuns = guardRuns(rules, [service, pipeline]).flatMap((r) => r.rules);
  expect([...inRuns].sort()).toEqual(['a0', 'a1', 'a2', 'b0', 'b1', 'b2', 'b3']);
});

describe('a rule file that reads resources other than those of its types', () => {
  // As ct-lambda-pr-2 does: it follows a permission's references to the resources they name, of any type.
  const following = {
    path: 'permission',
    text: [
      'let LAMBDA_PERMISSION_TYPE = "AWS::Lambda::Permission"',
      'let lambda_permissions = Resources.*[ Type == %LAMBDA_PERMISSION_TYPE ]',
      'rule query_for_resource(doc, resource_key) { let referenced_resource = %doc.Resources[ keys == %resource_key ] }',
    ].join('\n'),
  };
  const reading = (text: string) => ({
    path: 'all',
    text: `let T = "AWS::Lambda::Permission"\nlet permissions = Resources.*[ Type == %T ]\n${text}`,
  });
  const withPermission: GuardTemplate = {
    path: '/out/functions.template.json',
    template: {
      Resources: {
        Permission: {
          Type: 'AWS::Lambda::Permission',
          Properties: { FunctionName: { 'Fn::GetAtt': ['Function', 'Arn'] }, SourceArn: { Ref: 'AWS::Partition' } },
        },
        Function: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': 'Role.Arn' } } },
        Role: resource('AWS::IAM::Role'),
        Bucket: resource('AWS::S3::Bucket'),
      },
    },
  };

  test('is told apart by how it reads Resources: by its types only, through references, or any other way', () => {
    expect(resourceReach(rule('bucket', 'AWS::S3::Bucket').text)).toBe('own-types');
    expect(resourceReach(following.text)).toBe('referenced');
    expect(resourceReach('let all = Resources.*\nrule r { %all not empty }')).toBe('any');
    expect(resourceReach('rule r { Resources[*] exists }')).toBe('any');
    expect(resourceReach('let everything = Resources\nrule r { %everything.* not empty }')).toBe('any');
    // Asking whether there are resources at all, or mentioning them in a comment, reads none.
    expect(resourceReach('# No Resources are wildcards\nrule r { Resources exists }')).toBe('own-types');
  });

  test('that follows references reads the resources its own reference, directly or through others, and no other', () => {
    const [run] = guardRuns([following], [service, withPermission, pipeline]);
    expect(run.templates.map((t) => t.path)).toEqual([withPermission.path]);
    const scoped = run.templates[0].scoped as { Resources: object };
    expect(Object.keys(scoped.Resources).sort()).toEqual(['Function', 'Permission', 'Role']);
  });

  test('that reads Resources any other way reads whole the templates holding a type it names, and no other', () => {
    expect(guardRuns([reading('let all = Resources.*')], [service, withPermission, pipeline])).toEqual([
      { rules: ['all'], templates: [{ path: withPermission.path }] },
    ]);
  });
});

test('a template CloudFormation would not deploy, but cfn-guard reads, is judged by every rule file, whole', () => {
  const rules = [rule('bucket', 'AWS::S3::Bucket'), rule('key', 'AWS::KMS::Key')];
  const shapes: GuardTemplate['template'][] = [
    { Resources: { Listed: { Type: ['AWS::S3::Bucket'] } } },
    { Resources: { Missing: null as unknown as { Type: string } } },
    { Resources: {}, 'AWS::KMS::Key': { resourceProperties: {} } },
  ];
  for (const template of shapes) {
    const odd: GuardTemplate = { path: '/out/odd.template.json', template };
    expect(guardRuns(rules, [service, odd])).toEqual([
      { rules: ['bucket', 'key'], templates: [{ path: service.path }, { path: odd.path }] },
    ]);
  }
});
