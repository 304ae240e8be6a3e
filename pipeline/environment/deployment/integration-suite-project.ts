import { ArnFormat, Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledgeNagRule, acknowledgeWildcards } from '../../policy/acknowledge';
import type { IntegrationGateProps } from './integration-gate';
import { integrationSuiteBuildSpec } from './integration-suite-buildspec';

/** CodeBuild's shortest queue timeout; a build still queued after it ends TIMED_OUT, which fails the hook. */
const QUEUED_TIMEOUT_MINUTES = 5;

/**
 * The CodeBuild project that runs the integration suite against the test listener, in `scope` (the
 * gate): inside the VPC, not privileged, Node pinned by the buildspec, logs encrypted and kept.
 */
export function integrationSuiteProject(
  scope: Construct,
  props: IntegrationGateProps,
  subnets: ec2.SubnetSelection,
): codebuild.Project {
  const securityGroup =
    props.buildSecurityGroup ??
    new ec2.SecurityGroup(scope, 'SuiteSecurityGroup', {
      vpc: props.vpc,
      description: 'Integration suite: out to the test listener and HTTPS only',
      allowAllOutbound: false,
    });
  if (props.buildSecurityGroup === undefined) {
    // The test listener is reached at the ALB's public address through NAT, so its address is not a VPC one.
    securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(props.testListenerPort), 'Test listener');
    securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'Package registries and AWS APIs');
  }
  const logGroup = new logs.LogGroup(scope, 'SuiteLogs', {
    retention: props.logRetention,
    encryptionKey: props.logKey,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const project = new codebuild.Project(scope, 'Suite', {
    projectName: props.projectName,
    description: `Integration suite against green through the test listener (${props.command})`,
    source: props.source,
    buildSpec: integrationSuiteBuildSpec(props.command),
    environment: {
      buildImage: codebuild.LinuxBuildImage.STANDARD_7_0,
      computeType: codebuild.ComputeType.SMALL,
      privileged: false,
    },
    // Set on every start by the gate; here too so a person can start the suite by hand.
    environmentVariables: { TARGET_URL: { value: props.targetUrl } },
    vpc: props.vpc,
    subnetSelection: subnets,
    securityGroups: [securityGroup],
    timeout: Duration.minutes(props.timeoutMinutes),
    queuedTimeout: Duration.minutes(QUEUED_TIMEOUT_MINUTES),
    logging: { cloudWatch: { logGroup } },
  });
  acknowledgeNagRule(
    project,
    'AwsSolutions-CB4',
    'The suite produces no artifacts and keeps no cache; its only output is its log, encrypted with the log key.',
  );
  acknowledgeProjectRole(project, props.source);
  return project;
}

/** The wildcards CDK writes into a VPC project's role, each scoped as far as the service allows. */
function acknowledgeProjectRole(project: codebuild.Project, source: codebuild.ISource): void {
  const role = project.role;
  if (role === undefined) return;
  const stack = Stack.of(project);
  acknowledgeWildcards(
    project,
    'The network-interface actions of a CodeBuild project in a VPC (CreateNetworkInterface, DescribeSubnets, ...) ' +
      'support no resource-level permissions; CreateNetworkInterfacePermission is limited to the subnets and to CodeBuild.',
    [{ resource: '*' }, { resource: `arn:${Aws.PARTITION}:ec2:${Aws.REGION}:${Aws.ACCOUNT_ID}:network-interface/*` }],
  );
  acknowledgeWildcards(
    role,
    "CDK's default logging and report permissions of this project, scoped to the project's own name.",
    [
      {
        resource: `${stack.formatArn({
          service: 'logs',
          resource: 'log-group',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          resourceName: `/aws/codebuild/${project.projectName}`,
        })}:*`,
      },
      {
        resource: stack.formatArn({
          service: 'codebuild',
          resource: 'report-group',
          resourceName: `${project.projectName}-*`,
        }),
      },
    ],
  );
  if (source.type === 'S3') {
    acknowledgeWildcards(
      role,
      "CDK's read grant on the suite's source in S3 (GetObject*, GetBucket*, List*), limited to that bucket and key.",
      [{ action: 's3:GetObject*' }, { action: 's3:GetBucket*' }, { action: 's3:List*' }],
    );
  }
}
