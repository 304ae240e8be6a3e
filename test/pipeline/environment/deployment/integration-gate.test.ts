import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { parse } from 'yaml';
import { testApp } from '../../../support/test-app';
import {
  IntegrationGate,
  type IntegrationGateProps,
} from '../../../../pipeline/environment/deployment/integration-gate';
import { acknowledgeGuardRule, acknowledgeNagRule } from '../../../../pipeline/policy/acknowledge';
import {
  acknowledgementsIn,
  synthesizeWithPolicy,
  type PolicySynth,
  expectGatePasses,
  GUARD,
  guardTest,
  NAG,
} from '../../policy/support/policy-synth';

function gateProps(stack: Stack, overrides: Partial<IntegrationGateProps> = {}): IntegrationGateProps {
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    restrictDefaultSecurityGroup: false,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
      { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    ],
  });
  // Scaffolding only: the environment's own Network construct meets these rules.
  acknowledgeNagRule(vpc, 'AwsSolutions-VPC7', 'Test scaffolding: the environment network has flow logs.');
  const logKey = new kms.Key(stack, 'LogKey', { enableKeyRotation: true });
  acknowledgeGuardRule(
    logKey,
    'kms_create_grant_aws_service_check',
    'Test scaffolding: the environment log key limits grants.',
  );
  const sourceBucket = s3.Bucket.fromBucketName(stack, 'Sources', 'shop-pipeline-sources');
  return {
    vpc,
    testListenerPort: 8443,
    targetUrl: 'http://shop-staging-alb.example.com:8443',
    command: 'cd service && npm ci && npm run test:integration',
    timeoutMinutes: 20,
    source: codebuild.Source.s3({ bucket: sourceBucket, path: 'source.zip' }),
    projectName: 'shop-staging-integration',
    functionName: 'CodeDeployHook_shop-staging-integration',
    deploymentGroup: { applicationName: 'shop-staging', deploymentGroupName: 'shop-staging' },
    logKey,
    logRetention: logs.RetentionDays.ONE_YEAR,
    ...overrides,
  };
}

/** A stack for a construct-time check: no synth, no bundling. */
const scratchStack = () => new Stack(testApp(), 'Scratch');

let synth: PolicySynth;
let stack: Stack;
let template: Template;
beforeAll(() => {
  synth = synthesizeWithPolicy((app) => {
    stack = new Stack(app, 'Env', { env: { account: '222222222222', region: 'eu-west-1' } });
    new IntegrationGate(stack, 'IntegrationGate', gateProps(stack));
  });
  template = Template.fromStack(stack);
});
afterAll(() => synth.dispose());

const ref = (logicalIdPrefix: string) => ({ Ref: Match.stringLikeRegexp(`^${logicalIdPrefix}`) });
const arnOf = (logicalIdPrefix: string) => ({ 'Fn::GetAtt': [Match.stringLikeRegexp(`^${logicalIdPrefix}`), 'Arn'] });

describe('IntegrationGate', () => {
  test('passes cdk-nag', () => {
    expectGatePasses(synth, NAG);
  });

  guardTest('passes the Control Tower guard rules', () => {
    expectGatePasses(synth, GUARD);
  });

  test('acknowledges findings only on its own constructs, never the stack, each with a reason', () => {
    const gateAcks = acknowledgementsIn(stack).filter((a) => a.construct.node.path.startsWith('Env/IntegrationGate'));
    expect(gateAcks.length).toBeGreaterThan(0);
    for (const ack of gateAcks) {
      expect(ack.construct.node.path).not.toBe('Env/IntegrationGate');
      expect(ack.reason.length).toBeGreaterThan(20);
    }
    expect(gateAcks.map((a) => a.id)).toEqual(
      expect.arrayContaining([
        'AwsSolutions::AwsSolutions-CB4',
        'AwsSolutions::AwsSolutions-SQS3',
        'cdk-validator-cfnguard::sqs_dlq_check',
      ]),
    );
  });

  test('runs the suite in a CodeBuild project in the VPC, not privileged, with Node pinned and the command', () => {
    template.hasResourceProperties('AWS::CodeBuild::Project', {
      Name: 'shop-staging-integration',
      Environment: Match.objectLike({
        Image: 'aws/codebuild/standard:7.0',
        PrivilegedMode: false,
        EnvironmentVariables: [
          { Name: 'TARGET_URL', Type: 'PLAINTEXT', Value: 'http://shop-staging-alb.example.com:8443' },
        ],
      }),
      VpcConfig: Match.objectLike({ Subnets: [ref('VpcprivateSubnet1'), ref('VpcprivateSubnet2')] }),
      TimeoutInMinutes: 20,
      QueuedTimeoutInMinutes: 5,
      LogsConfig: { CloudWatchLogs: { GroupName: ref('IntegrationGateSuiteLogs'), Status: 'ENABLED' } },
      Source: Match.objectLike({ Type: 'S3', Location: 'shop-pipeline-sources/source.zip' }),
    });
    const [project] = Object.values(template.findResources('AWS::CodeBuild::Project'));
    expect(parse(project.Properties.Source.BuildSpec)).toEqual({
      version: '0.2',
      env: { shell: 'bash' },
      phases: {
        install: { 'runtime-versions': { nodejs: 22 } },
        build: { commands: ['cd service && npm ci && npm run test:integration'] },
      },
    });
  });

  test('lets the suite out only to the test listener and HTTPS, and the gate only to HTTPS', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Integration suite: out to the test listener and HTTPS only',
      SecurityGroupEgress: [
        Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 8443, ToPort: 8443, IpProtocol: 'tcp' }),
        Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }),
      ],
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Integration gate: out to the CodeBuild and CodeDeploy APIs only',
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443 })],
    });
  });

  test('the gate is a CodeDeployHook_ function in the VPC that knows the project and the test listener', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'CodeDeployHook_shop-staging-integration',
      Handler: 'index.handler',
      Runtime: 'nodejs24.x',
      Timeout: 60,
      Environment: {
        Variables: {
          PROJECT_NAME: ref('IntegrationGateSuite'),
          TARGET_URL: 'http://shop-staging-alb.example.com:8443',
          HOOK_EVENTS: 'AfterAllowTestTraffic',
        },
      },
      VpcConfig: Match.objectLike({ SubnetIds: [ref('VpcprivateSubnet1'), ref('VpcprivateSubnet2')] }),
    });
  });

  test('is never retried by Lambda into a second report; a failed invocation goes to the dead-letter queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnFailure: { Destination: arnOf('IntegrationGateDeadLetters') } },
    });
  });

  test('may start and read builds of exactly its project, and report to exactly its deployment group', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes('IntegrationGateGateRole'))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as { Action: string | string[] }[]);
    expect(statements).toEqual(
      expect.arrayContaining([
        {
          Action: ['codebuild:BatchGetBuilds', 'codebuild:StartBuild'],
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^IntegrationGateSuite/), 'Arn'] },
        },
        {
          Action: 'codedeploy:PutLifecycleEventHookExecutionStatus',
          Effect: 'Allow',
          Resource: 'arn:aws:codedeploy:eu-west-1:222222222222:deploymentgroup:shop-staging/shop-staging',
        },
      ]),
    );
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => a.startsWith('codebuild:') || a.startsWith('codedeploy:')).sort()).toEqual([
      'codebuild:BatchGetBuilds',
      'codebuild:StartBuild',
      'codedeploy:PutLifecycleEventHookExecutionStatus',
    ]);
  });

  test("sends the project's final build states to the gate, with retries and a dead-letter queue", () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.codebuild'],
        'detail-type': ['CodeBuild Build State Change'],
        detail: {
          'project-name': [ref('IntegrationGateSuite')],
          'build-status': ['SUCCEEDED', 'FAILED', 'FAULT', 'STOPPED', 'TIMED_OUT'],
        },
      },
      Targets: [
        Match.objectLike({
          Arn: arnOf('IntegrationGateFunction'),
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: arnOf('IntegrationGateDeadLetters') },
        }),
      ],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: arnOf('IntegrationGateFunction'),
      SourceArn: arnOf('IntegrationGateBuildFinished'),
    });
  });

  test('keeps dead letters encrypted, for two weeks, reachable over TLS only', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1_209_600,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Action: 'sqs:SendMessage', Principal: { Service: 'events.amazonaws.com' } }),
        ]),
      },
    });
  });

  test('uses a given security group for the suite instead of making one', () => {
    const other = scratchStack();
    const props = gateProps(other);
    const given = new ec2.SecurityGroup(other, 'Given', { vpc: props.vpc });
    new IntegrationGate(other, 'Gate', { ...props, buildSecurityGroup: given });

    expect(other.node.findChild('Gate').node.tryFindChild('SuiteSecurityGroup')).toBeUndefined();
  });

  test.each<[string, Partial<IntegrationGateProps>, string]>([
    [
      'a timeout past what CodeDeploy waits',
      { timeoutMinutes: 90 },
      "IntegrationGate Gate: timeoutMinutes must be a whole number from 5 to 50, so the suite's final state reaches CodeDeploy within the hour it waits for a hook (got 90)",
    ],
    ['a timeout under CodeBuild minimum', { timeoutMinutes: 4 }, '(got 4)'],
    ['a fractional timeout', { timeoutMinutes: 12.5 }, '(got 12.5)'],
    [
      'an empty command',
      { command: '  ' },
      "IntegrationGate Gate: command must name the suite to run, e.g. 'npm run test:integration'",
    ],
    [
      'a function CodeDeploy may not invoke',
      { functionName: 'shop-integration' },
      "IntegrationGate Gate: functionName must start with CodeDeployHook_, the only functions the deployment group's role (AWSCodeDeployRoleForECS) may invoke (got 'shop-integration')",
    ],
  ])('refuses %s', (_case, overrides, message) => {
    const other = scratchStack();
    expect(() => new IntegrationGate(other, 'Gate', gateProps(other, overrides))).toThrow(message);
  });
});
