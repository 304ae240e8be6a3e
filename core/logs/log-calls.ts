import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTaskDefinitionCommand, type ECSClient } from '@aws-sdk/client-ecs';
import type { LogEvent, LogPage, LogQuery } from './log-event';
import { explainLogsError } from './logs-error';
import { describeFamily, type LogsTarget } from './logs-target';
import { logSourceOf, type LogSource } from './log-source';
import { retrying, type RetryPolicy } from './retry';

/** Socket bounds for every call, so no command waits forever on a silent endpoint. */
export const LOGS_TIMEOUTS = { connectionTimeout: 5_000, requestTimeout: 30_000 } as const;

/** Where the target container's logs are, from the newest ACTIVE revision of its task family. */
export async function readLogSource(client: ECSClient, target: LogsTarget, retry: RetryPolicy): Promise<LogSource> {
  const call = {
    service: 'ECS',
    operation: 'DescribeTaskDefinition',
    where: describeFamily(target),
    account: target.account,
    region: target.region,
    environment: target.environment,
  } as const;
  try {
    const answer = await retrying(retry, () =>
      client.send(new DescribeTaskDefinitionCommand({ taskDefinition: target.taskFamily })),
    );
    return logSourceOf(answer.taskDefinition, target);
  } catch (error) {
    throw explainLogsError(error, call);
  }
}

/** `log group G, streams P* (account A, region)`, for messages and the header. */
export function describeSource(source: LogSource, account: string): string {
  const streams =
    source.streamNames !== undefined
      ? `streams ${source.streamNames.join(', ')}`
      : source.streamPrefix === undefined
        ? 'all streams'
        : `streams ${source.streamPrefix}*`;
  return `log group ${source.group}, ${streams} (account ${account}, ${source.region})`;
}

/** One FilterLogEvents page of the query, retried while CloudWatch Logs throttles or fails on its side. */
export async function filterLogEventsPage(
  client: CloudWatchLogsClient,
  query: LogQuery,
  nextToken: string | undefined,
  retry: RetryPolicy,
): Promise<LogPage> {
  const { source, target } = query;
  const call = {
    service: 'CloudWatch Logs',
    operation: 'FilterLogEvents',
    where: describeSource(source, target.account),
    account: target.account,
    region: source.region,
    environment: target.environment,
    logs: { group: source.group, streamPrefix: source.streamPrefix },
    filterPattern: query.filterPattern,
  } as const;
  try {
    const answer = await retrying(retry, () =>
      client.send(
        new FilterLogEventsCommand({
          logGroupName: source.group,
          ...(source.streamNames === undefined
            ? { logStreamNamePrefix: source.streamPrefix }
            : { logStreamNames: [...source.streamNames] }),
          startTime: query.startTime,
          filterPattern: query.filterPattern,
          nextToken,
        }),
      ),
    );
    const events: LogEvent[] = (answer.events ?? []).map((e, i) => ({
      // An event without an id cannot be told from a repeat; its position and content stand in for one.
      eventId: e.eventId ?? `${e.logStreamName}:${e.timestamp}:${i}:${e.message}`,
      timestamp: e.timestamp ?? 0,
      stream: e.logStreamName ?? '?',
      message: e.message ?? '',
    }));
    return { events, nextToken: answer.nextToken || undefined };
  } catch (error) {
    throw explainLogsError(error, call);
  }
}

/** The log client in the region the logs are in (awslogs-region may name another than the environment's). */
export function logsClient(region: string): CloudWatchLogsClient {
  return new CloudWatchLogsClient({ region, requestHandler: LOGS_TIMEOUTS });
}
