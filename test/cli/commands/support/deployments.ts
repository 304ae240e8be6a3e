import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { AwsJsonServer, localAwsEnv, type OperationHandler } from '../../../support/aws-json-server';
import { runCli, type Run } from '../../../support/in-process-cli';

/** The shipped configuration: application 'sample', environments staging and prod in eu-west-1. */
export const SHIPPED_CONFIG = resolve(__dirname, '../../../../pipeline.config.yaml');
export const STAGING = { applicationName: 'sample-staging', deploymentGroupName: 'sample-staging-bluegreen' };

export const RUNNING_ID = 'd-RUNNING01';
export const OLDER_RUNNING_ID = 'd-QUEUED002';
export const LAST_SUCCESS_ID = 'd-SUCCESS03';
export const FAILED_ID = 'd-FAILED004';
export const TARGET_ID = 'sample-staging:sample-staging';

const TASK_DEFINITION = (revision: number) =>
  `arn:aws:ecs:eu-west-1:222222222222:task-definition/sample-staging:${revision}`;
export const CURRENT_TASK_DEFINITION = TASK_DEFINITION(42);
export const LIVE_TASK_DEFINITION = TASK_DEFINITION(41);
export const PREVIOUS_TASK_DEFINITION = TASK_DEFINITION(40);

/** awsJson1_1 sends timestamps as epoch seconds. */
export const epoch = (iso: string): number => Date.parse(iso) / 1000;

function appspecRevision(taskDefinition: string) {
  const content = [
    'version: 0.0',
    'Resources:',
    '  - TargetService:',
    '      Type: AWS::ECS::Service',
    '      Properties:',
    `        TaskDefinition: "${taskDefinition}"`,
    '        LoadBalancerInfo: { ContainerName: app, ContainerPort: 8080 }',
  ].join('\n');
  return { revisionType: 'AppSpecContent', appSpecContent: { content, sha256: 'f'.repeat(64) } };
}

/** GetDeployment answers on the wire, by id. */
export const DEPLOYMENTS: Record<string, Record<string, unknown>> = {
  [RUNNING_ID]: {
    ...STAGING,
    deploymentId: RUNNING_ID,
    deploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
    status: 'InProgress',
    creator: 'user',
    createTime: epoch('2025-03-04T10:00:00Z'),
    revision: appspecRevision(CURRENT_TASK_DEFINITION),
    deploymentOverview: { Pending: 0, InProgress: 1, Succeeded: 0, Failed: 0, Skipped: 0, Ready: 0 },
    computePlatform: 'ECS',
  },
  [OLDER_RUNNING_ID]: {
    ...STAGING,
    deploymentId: OLDER_RUNNING_ID,
    deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
    status: 'Queued',
    creator: 'user',
    createTime: epoch('2025-03-04T09:00:00Z'),
    revision: appspecRevision(CURRENT_TASK_DEFINITION),
  },
  [LAST_SUCCESS_ID]: {
    ...STAGING,
    deploymentId: LAST_SUCCESS_ID,
    deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
    status: 'Succeeded',
    creator: 'user',
    createTime: epoch('2025-03-03T08:00:00Z'),
    completeTime: epoch('2025-03-03T08:20:00Z'),
    revision: appspecRevision(LIVE_TASK_DEFINITION),
    previousRevision: appspecRevision(PREVIOUS_TASK_DEFINITION),
  },
  [FAILED_ID]: {
    ...STAGING,
    deploymentId: FAILED_ID,
    deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
    status: 'Failed',
    creator: 'user',
    createTime: epoch('2025-03-03T12:00:00Z'),
    completeTime: epoch('2025-03-03T12:09:00Z'),
    revision: appspecRevision(CURRENT_TASK_DEFINITION),
    errorInformation: { code: 'HOOK_FAILED', message: 'A lifecycle hook returned Failed' },
    rollbackInfo: { rollbackDeploymentId: 'd-ROLLBACK5', rollbackMessage: 'Automatic rollback on failure' },
  },
};

export function groupInfo(last: { attempted?: string; successful?: string }): Record<string, unknown> {
  const info = (id: string) => {
    const d = DEPLOYMENTS[id];
    return { deploymentId: id, status: d.status, createTime: d.createTime, endTime: d.completeTime };
  };
  return {
    deploymentGroupInfo: {
      ...STAGING,
      deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
      computePlatform: 'ECS',
      ...(last.attempted ? { lastAttemptedDeployment: info(last.attempted) } : {}),
      ...(last.successful ? { lastSuccessfulDeployment: info(last.successful) } : {}),
    },
  };
}

/** The ECS target of the running deployment: canary at 90/10 and a hook that failed. */
export const RUNNING_TARGET = {
  deploymentTarget: {
    deploymentTargetType: 'ECSTarget',
    ecsTarget: {
      deploymentId: RUNNING_ID,
      targetId: TARGET_ID,
      status: 'InProgress',
      taskSetsInfo: [
        {
          identifer: 'ecs-svc/2222',
          desiredCount: 3,
          pendingCount: 0,
          runningCount: 3,
          status: 'ACTIVE',
          trafficWeight: 10,
          targetGroup: { name: 'sample-staging-green' },
          taskSetLabel: 'Green',
        },
        {
          identifer: 'ecs-svc/1111',
          desiredCount: 3,
          pendingCount: 0,
          runningCount: 3,
          status: 'PRIMARY',
          trafficWeight: 90,
          targetGroup: { name: 'sample-staging-blue' },
          taskSetLabel: 'Blue',
        },
      ],
      lifecycleEvents: [
        {
          lifecycleEventName: 'BeforeInstall',
          status: 'Succeeded',
          startTime: epoch('2025-03-04T10:00:05Z'),
          endTime: epoch('2025-03-04T10:00:07Z'),
        },
        { lifecycleEventName: 'Install', status: 'Succeeded' },
        { lifecycleEventName: 'AfterInstall', status: 'Skipped' },
        { lifecycleEventName: 'AllowTestTraffic', status: 'Succeeded' },
        {
          lifecycleEventName: 'AfterAllowTestTraffic',
          status: 'Failed',
          startTime: epoch('2025-03-04T10:03:00Z'),
          endTime: epoch('2025-03-04T10:03:04Z'),
          diagnostics: {
            errorCode: 'ScriptFailed',
            scriptName: 'CodeDeployHook_sample-staging',
            message: 'GET /health answered 503, expected 200',
            logTail: 'check /health: 503\ncheck /version: ok',
          },
        },
        { lifecycleEventName: 'AllowTraffic', status: 'InProgress' },
        { lifecycleEventName: 'AfterAllowTraffic', status: 'Pending' },
      ],
    },
  },
};

/** Answers GetDeployment from DEPLOYMENTS and refuses unknown ids as CodeDeploy does. */
export const getDeployment: OperationHandler = (input) => {
  const deployment = DEPLOYMENTS[String(input.deploymentId)];
  return deployment
    ? { body: { deploymentInfo: deployment } }
    : {
        status: 400,
        errorType: 'DeploymentDoesNotExistException',
        message: `Deployment ${String(input.deploymentId)} does not exist`,
      };
};

/**
 * Runs `bluegreen ARGV` in-process with `env` as the only AWS_* variables (the SDK reads process.env,
 * not the context), and puts process.env back afterwards. `terminal` says which outputs are a terminal
 * (neither, by default).
 */
export async function bluegreen(
  argv: string[],
  env: Record<string, string>,
  stdin: Readable = Readable.from([]),
  terminal: { readonly stdoutIsTTY?: boolean; readonly stderrIsTTY?: boolean } = {},
): Promise<Run> {
  const saved = { ...process.env };
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
  Object.assign(process.env, { PIPELINE_CONFIG: SHIPPED_CONFIG }, env);
  try {
    return await runCli(argv, { cwd: __dirname, env: process.env, stdin, ...terminal });
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

/** The SDK pointed at `server` with dummy credentials. */
export const endpointEnv = (server: AwsJsonServer): Record<string, string> => localAwsEnv('CODEDEPLOY', server.url);

/** No credentials anywhere the default chain looks, but the endpoint still set, so a call would be seen. */
export const noCredentialsEnv = (server: AwsJsonServer): Record<string, string> => ({
  AWS_ENDPOINT_URL_CODEDEPLOY: server.url,
  AWS_SHARED_CREDENTIALS_FILE: resolve(__dirname, 'no-such-dir', 'credentials'),
  AWS_CONFIG_FILE: resolve(__dirname, 'no-such-dir', 'config'),
  AWS_EC2_METADATA_DISABLED: 'true',
});
