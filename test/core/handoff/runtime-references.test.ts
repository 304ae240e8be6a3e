import { runtimeReferenceProblems } from '../../../core/handoff/runtime-references';

const PROD = '333333333333';
const OTHER = '540000000001';
/** A task definition of one log router container with these properties. */
const logRouter = (container: Record<string, unknown>) => ({
  Type: 'AWS::ECS::TaskDefinition',
  Properties: { ContainerDefinitions: [{ Name: 'log-router', ...container }] },
});
const s3Config = (value: unknown) => ({
  FirelensConfiguration: { Type: 'fluentbit', Options: { 'config-file-type': 's3', 'config-file-value': value } },
});
const judged = (resources: Record<string, { Type: string; Properties: Record<string, unknown> }>) =>
  runtimeReferenceProblems(resources as never, PROD);

describe('runtimeReferenceProblems admits what the template pins', () => {
  test("CDK's reference to a secret of the template, a name of the account's own parameter, a state machine's own definition, a suite source and a log router's configuration in a bucket of the template", () => {
    expect(
      judged({
        Secret: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
        Db: {
          Type: 'AWS::RDS::DBInstance',
          Properties: {
            MasterUserPassword: {
              'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'Secret' }, ':SecretString:password::}}']],
            },
            Port: '{{resolve:ssm:/app/db-port}}',
          },
        },
        Machine: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: '{}' } },
        Logs: logRouter({
          ...s3Config({ 'Fn::Join': ['', ['arn:aws:s3:::', { Ref: 'Bucket' }, '/extra.conf']] }),
          Environment: [
            { Name: 'aws_fluent_bit_init_file_1', Value: '/fluent-bit/configs/parse-json.conf' },
            { Name: 'LOG_LEVEL', Value: 'info' },
          ],
        }),
        Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
        Suite: {
          Type: 'AWS::CodeBuild::Project',
          Properties: {
            Source: { Type: 'S3', Location: { 'Fn::Join': ['', [{ Ref: 'Bucket' }, '/suite/source.zip']] } },
          },
        },
      }),
    ).toEqual([]);
  });
});

describe('runtimeReferenceProblems refuses what is fetched from elsewhere after the approval', () => {
  test.each<[string, { Type: string; Properties: Record<string, unknown> }, string]>([
    [
      "a dynamic reference to another account's secret",
      {
        Type: 'AWS::ECS::TaskDefinition',
        Properties: {
          ContainerDefinitions: [
            {
              Name: 'app',
              Environment: [
                {
                  Name: 'X',
                  Value: `{{resolve:secretsmanager:arn:aws:secretsmanager:eu-west-1:${OTHER}:secret:x:SecretString:v::}}`,
                },
              ],
            },
          ],
        },
      },
      'which CloudFormation resolves from another account when it deploys',
    ],
    [
      "a dynamic reference to another account's secret, put together around a token",
      {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Environment: {
            Variables: {
              X: {
                'Fn::Join': [
                  '',
                  [
                    '{{resolve:secretsmanager:arn:aws:secretsmanager:',
                    { Ref: 'AWS::Region' },
                    `:${OTHER}:secret:x:SecretString:v::}}`,
                  ],
                ],
              },
            },
          },
        },
      },
      'which CloudFormation resolves from another account when it deploys',
    ],
    [
      'a state machine defined in S3',
      {
        Type: 'AWS::StepFunctions::StateMachine',
        Properties: { DefinitionS3Location: { Bucket: 'tools-src', Key: 'm.json' } },
      },
      'reads its definition from S3 when CloudFormation deploys it',
    ],
    [
      "a build from another account's bucket",
      {
        Type: 'AWS::CodeBuild::Project',
        Properties: { Source: { Type: 'S3', Location: 'tools-src-540000000001/src.zip' } },
      },
      'builds from source S3, fetched when it runs',
    ],
    [
      'a build from a public repository',
      {
        Type: 'AWS::CodeBuild::Project',
        Properties: { Source: { Type: 'GITHUB', Location: 'https://github.com/x/y' } },
      },
      'builds from source GITHUB',
    ],
    [
      'a build with secondary sources',
      {
        Type: 'AWS::CodeBuild::Project',
        Properties: { Source: { Type: 'CODEPIPELINE' }, SecondarySources: [{ Type: 'S3', Location: 'x/y.zip' }] },
      },
      'builds from source CODEPIPELINE and secondary sources',
    ],
    [
      "a FireLens configuration from another account's bucket",
      logRouter(s3Config('arn:aws:s3:::tools-config/extra.conf')),
      "container 'log-router' loads FireLens configuration arn:aws:s3:::tools-config/extra.conf from S3 when the task starts",
    ],
    [
      "the Fluent Bit init image's configuration from another bucket",
      logRouter({
        Environment: [{ Name: 'aws_fluent_bit_init_s3_1', Value: 'arn:aws:s3:::tools-config/parsers.conf' }],
      }),
      'loads aws_fluent_bit_init_s3_1=arn:aws:s3:::tools-config/parsers.conf from S3 when the task starts',
    ],
  ])('%s', (_case, resource, problem) => {
    const problems = judged({ Fetching: resource });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^Fetching /);
    expect(problems[0]).toContain(problem);
  });
});
