import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { LogEventsReader } from './log-tail';

/**
 * Short socket bounds and a single attempt: a log read runs between two DescribeTasks calls and must not hold
 * up the wait; a read that fails is simply asked again at the next poll.
 */
const TAIL_CLIENT = { requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 }, maxAttempts: 1 } as const;

/** A CloudWatch Logs client for the tail, in the logs' region; created per run for the endpoint and credentials of now. */
export function tailLogsClient(region: string): CloudWatchLogsClient {
  return new CloudWatchLogsClient({ region, ...TAIL_CLIENT });
}

/** GetLogEvents from the stream's start, then forward from the last token (startFromHead, as AWS requires with a token). */
export function logEventsReader(client: CloudWatchLogsClient): LogEventsReader {
  return async (ref, nextToken) => {
    const answer = await client.send(
      new GetLogEventsCommand({ logGroupName: ref.group, logStreamName: ref.stream, startFromHead: true, nextToken }),
    );
    return {
      messages: (answer.events ?? []).map((e) => e.message ?? ''),
      ...(answer.nextForwardToken === undefined ? {} : { nextToken: answer.nextForwardToken }),
    };
  };
}
