import { resolve } from 'node:path';
import {
  AwsJsonServer,
  localAwsEnv,
  type OperationHandler,
  type OperationReply,
} from '../../../support/aws-json-server';

/** The shipped configuration's staging service: task family sample-staging, app container `app`. */
export const FAMILY = 'sample-staging';
export const GROUP = 'sample-staging-service-ServiceTaskDefinitionLogs1A2B3C4D-Xyz0123';
export const STREAM_PREFIX = 'app/app/';
export const TASK_DEFINITION_ARN = `arn:aws:ecs:eu-west-1:222222222222:task-definition/${FAMILY}:42`;

/** DescribeTaskDefinition as ECS answers it: the app container logs with awslogs, a sidecar without logs. */
export const describeTaskDefinition: OperationHandler = () => ({
  body: {
    taskDefinition: {
      taskDefinitionArn: TASK_DEFINITION_ARN,
      family: FAMILY,
      revision: 42,
      containerDefinitions: [
        {
          name: 'app',
          essential: true,
          logConfiguration: {
            logDriver: 'awslogs',
            options: { 'awslogs-group': GROUP, 'awslogs-region': 'eu-west-1', 'awslogs-stream-prefix': 'app' },
          },
        },
        { name: 'otel', essential: false },
      ],
    },
  },
});

/** A FilterLogEvents event on the wire (awsJson1_1: timestamps in milliseconds). */
export function event(id: string, iso: string, message: string, task = '0123456789abcdef') {
  return {
    eventId: id,
    timestamp: Date.parse(iso),
    ingestionTime: Date.parse(iso) + 500,
    logStreamName: `${STREAM_PREFIX}${task}`,
    message,
  };
}

export const awsError = (status: number, errorType: string, message: string): OperationReply => ({
  status,
  errorType,
  message,
});

/** One local endpoint for both services: they tell their operations apart by X-Amz-Target. */
export async function startFakeAws(filterLogEvents: OperationHandler, describe = describeTaskDefinition) {
  return AwsJsonServer.start({ DescribeTaskDefinition: describe, FilterLogEvents: filterLogEvents });
}

export const logsEnv = (server: AwsJsonServer): Record<string, string> => ({
  ...localAwsEnv('ECS', server.url),
  AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: server.url,
});

/** No credentials anywhere the default chain looks; the endpoints are still set, so a call would be seen. */
export const noCredentialsLogsEnv = (server: AwsJsonServer): Record<string, string> => ({
  AWS_ENDPOINT_URL_ECS: server.url,
  AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: server.url,
  AWS_SHARED_CREDENTIALS_FILE: resolve(__dirname, 'no-such-dir', 'credentials'),
  AWS_CONFIG_FILE: resolve(__dirname, 'no-such-dir', 'config'),
  AWS_EC2_METADATA_DISABLED: 'true',
});
