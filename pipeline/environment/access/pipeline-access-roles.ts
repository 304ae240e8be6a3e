import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { pipelineRolePrincipal } from './pipeline-role-principal';
import type { EnvironmentNames } from '../../../model/naming';
import { acknowledgeWildcards } from '../../policy/acknowledge';
import { CODEDEPLOY_ACTION_PERMISSIONS } from '../../../model/codedeploy-action-permissions';

export interface PipelineAccessRolesProps {
  readonly names: EnvironmentNames;
  /** The account of the pipeline that deploys this environment (release account for a protected one). */
  readonly pipelineAccount: string;
  readonly pipelineRegion: string;
  /** The deployment groups of the environment's web services, all in one CodeDeploy application. */
  readonly deploymentGroups: readonly codedeploy.IEcsDeploymentGroup[];
  readonly deploymentConfig: codedeploy.IEcsDeploymentConfig;
  /** The task definition families the CodeDeploy action registers revisions of. */
  readonly taskFamilies: readonly string[];
  /** The roles those task definitions name; the CodeDeploy action may pass exactly these. */
  readonly taskRoles: readonly iam.IRole[];
  /** What release tasks may run: the services that declare one. No family, no release role. */
  readonly release: {
    readonly cluster: ecs.ICluster;
    readonly taskFamilies: readonly string[];
    readonly taskRoles: readonly iam.IRole[];
  };
  /**
   * The worker services RollWorkers moves to a new revision, and the exact revision this stack registers for each
   * (a revisioned ARN, in the same order). No worker, no roller role.
   */
  readonly workers: {
    readonly services: readonly ecs.IBaseService[];
    readonly taskDefinitionArns: readonly string[];
  };
}

/**
 * The roles in this environment account that the pipeline account uses. Each trusts exactly the one
 * pipeline principal that uses it (`aws:PrincipalArn`), not the whole tools account:
 * - the CodeDeploy action role's permissions: the role itself (its trust) comes first with the environment's access
 *   stack (EnvironmentAccessStack), since CodePipeline requires a pipeline's action roles to exist before the
 *   pipeline; its permissions name this stack's resources, so they come here, before the CodeDeploy action runs;
 * - the task definition reader, assumed by the render step;
 * - the alarm reader, assumed by the bake step;
 * - the release role (release tasks) and the worker roller (RollWorkers), when there are releases and workers.
 */
export class PipelineAccessRoles extends Construct {
  constructor(scope: Construct, id: string, props: PipelineAccessRolesProps) {
    super(scope, id);
    const { names } = props;
    const trusting = (principalRoleName: string) =>
      pipelineRolePrincipal(props.pipelineAccount, props.pipelineRegion, principalRoleName);

    const reader = new iam.Role(this, 'TaskDefinitionReader', {
      roleName: names.taskDefinitionReaderRole,
      description: 'Lets the pipeline render step read the task definition CloudFormation registered',
      assumedBy: trusting(names.renderRole),
      inlinePolicies: {
        access: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({ actions: ['ecs:DescribeTaskDefinition'], resources: ['*'] })],
        }),
      },
    });
    acknowledgeWildcards(
      reader,
      'ecs:DescribeTaskDefinition supports no resource-level permissions; it is the only action.',
      [{ resource: '*' }],
    );

    const alarmReader = new iam.Role(this, 'AlarmReader', {
      roleName: names.alarmReaderRole,
      description: 'Lets the pipeline bake step watch the rollback alarm before a stage succeeds',
      assumedBy: trusting(names.bakeRole),
      inlinePolicies: {
        access: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({ actions: ['cloudwatch:DescribeAlarms'], resources: ['*'] })],
        }),
      },
    });
    acknowledgeWildcards(
      alarmReader,
      'DescribeAlarms returns composite alarms only to callers allowed it on *, and the bake watches a composite ' +
        'alarm; DescribeAlarms is read-only and the only action.',
      [{ resource: '*' }],
    );

    this.codeDeployActionPolicy(props);
    if (props.release.taskFamilies.length > 0) this.releaseRole(props, trusting(names.releaseStepRole));
    if (props.workers.services.length > 0) this.workerRollerRole(props, trusting(names.rollWorkersStepRole));
  }

  /**
   * Moves the workers to the revision the stack registered (`bluegreen roll-workers`): UpdateService and
   * DescribeServices on exactly the worker services, and UpdateService only to the revisions this very stack update
   * registered (`ecs:task-definition`), not to an older or a foreign one. UpdateService without a role in the
   * request passes none, so no iam:PassRole.
   */
  private workerRollerRole(props: PipelineAccessRolesProps, principal: iam.IPrincipal): void {
    const role = new iam.Role(this, 'WorkerRoller', {
      roleName: props.names.workerRollerRole,
      description: "Moves this environment's workers to the new revision after the release tasks",
      assumedBy: principal,
    });
    const services = props.workers.services.map((s) => s.serviceArn);
    // One statement per worker: each service only to its own new revision, never to another worker's.
    props.workers.services.forEach((service, i) => {
      role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['ecs:UpdateService'],
          resources: [service.serviceArn],
          conditions: { ArnEquals: { 'ecs:task-definition': props.workers.taskDefinitionArns[i] } },
        }),
      );
    });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ecs:DescribeServices'], resources: services }));
  }

  /**
   * Runs release tasks (`bluegreen run-task`): RunTask of the releasing services' families on this cluster only,
   * watching and stopping tasks of this cluster, and passing exactly those services' task roles.
   */
  private releaseRole(props: PipelineAccessRolesProps, principal: iam.IPrincipal): void {
    const stack = Stack.of(this);
    const { cluster } = props.release;
    const role = new iam.Role(this, 'Release', {
      roleName: props.names.releaseRole,
      description: "Runs the pipeline's release tasks (migrations) on this environment's cluster",
      assumedBy: principal,
    });
    const families = props.release.taskFamilies.map((family) =>
      stack.formatArn({ service: 'ecs', resource: 'task-definition', resourceName: `${family}:*` }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['ecs:RunTask'],
        resources: families,
        conditions: { ArnEquals: { 'ecs:cluster': cluster.clusterArn } },
      }),
    );
    const tasks = stack.formatArn({ service: 'ecs', resource: 'task', resourceName: `${cluster.clusterName}/*` });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ecs:DescribeTasks', 'ecs:StopTask'], resources: [tasks] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['ecs:DescribeTaskDefinition'], resources: ['*'] }));
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: props.release.taskRoles.map((r) => r.roleArn),
        conditions: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      }),
    );
    acknowledgeWildcards(
      role,
      'RunTask is limited to the releasing families (any revision: each run registers one) on this cluster; the ' +
        "tasks it watches and stops are this cluster's; DescribeTaskDefinition supports no resource-level permissions.",
      [{ resource: '*' }, { resource: tasks }, ...families.map((resource) => ({ resource }))],
    );
  }

  /**
   * What CodeDeployToECS does with its role (the access stack's): read the artifacts, register the task definition,
   * start the deployment.
   */
  private codeDeployActionPolicy(props: PipelineAccessRolesProps): void {
    const { names, deploymentGroups } = props;
    const stack = Stack.of(this);
    const families = props.taskFamilies.map((family) =>
      stack.formatArn({ service: 'ecs', resource: 'task-definition', resourceName: `${family}:*` }),
    );
    const policy = new iam.Policy(this, 'CodeDeployActionPolicy', {
      roles: [iam.Role.fromRoleName(this, 'CodeDeployAction', names.codeDeployActionRole)],
    });
    policy.addStatements(
      new iam.PolicyStatement({
        actions: [...CODEDEPLOY_ACTION_PERMISSIONS.application],
        resources: [...new Set(deploymentGroups.map((g) => g.application.applicationArn))],
      }),
    );
    policy.addStatements(
      new iam.PolicyStatement({
        actions: [...CODEDEPLOY_ACTION_PERMISSIONS.deploymentGroups],
        resources: deploymentGroups.map((g) => g.deploymentGroupArn),
      }),
    );
    policy.addStatements(
      new iam.PolicyStatement({
        actions: [...CODEDEPLOY_ACTION_PERMISSIONS.deploymentConfig],
        resources: [props.deploymentConfig.deploymentConfigArn],
      }),
    );
    policy.addStatements(
      new iam.PolicyStatement({ actions: [...CODEDEPLOY_ACTION_PERMISSIONS.taskDefinitions], resources: ['*'] }),
    );
    // RegisterTaskDefinition with tags (render keeps the user's tags) needs TagResource as well.
    policy.addStatements(
      new iam.PolicyStatement({
        actions: [...CODEDEPLOY_ACTION_PERMISSIONS.taskDefinitionTags],
        resources: families,
        conditions: { StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' } },
      }),
    );
    policy.addStatements(
      new iam.PolicyStatement({
        actions: [...CODEDEPLOY_ACTION_PERMISSIONS.taskRoles],
        resources: props.taskRoles.map((r) => r.roleArn),
        conditions: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      }),
    );
    // The artifacts live in the pipeline account's buckets (one per region the pipeline deploys to), whose names
    // that account generates; the bucket policies and key policies there name this role.
    policy.addStatements(
      new iam.PolicyStatement({
        actions: [...CODEDEPLOY_ACTION_PERMISSIONS.artifacts],
        resources: [stack.formatArn({ service: 's3', region: '', account: '', resource: '*' })],
        conditions: { StringEquals: { 's3:ResourceAccount': props.pipelineAccount } },
      }),
    );
    const pipelineKeys = stack.formatArn({
      service: 'kms',
      region: '*',
      account: props.pipelineAccount,
      resource: 'key',
      resourceName: '*',
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    policy.addStatements(
      new iam.PolicyStatement({
        actions: [...CODEDEPLOY_ACTION_PERMISSIONS.artifactKeys],
        resources: [pipelineKeys],
        conditions: { StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' } },
      }),
    );
    acknowledgeWildcards(
      policy,
      'ecs:RegisterTaskDefinition supports no resource-level permissions; TagResource is limited to these families and ' +
        'to RegisterTaskDefinition; the artifact buckets and keys are those of the pipeline account (their names are ' +
        'generated there), limited by s3:ResourceAccount and kms:ViaService.',
      [
        { resource: '*' },
        ...families.map((resource) => ({ resource })),
        { resource: stack.formatArn({ service: 's3', region: '', account: '', resource: '*' }) },
        { resource: pipelineKeys },
      ],
    );
  }
}
