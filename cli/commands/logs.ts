import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { ECSClient } from '@aws-sdk/client-ecs';
import {
  describeSource,
  filterLogEventsPage,
  followLogs,
  formatEvent,
  LOGS_TIMEOUTS,
  LogsError,
  logsClient,
  logsTargetFor,
  MAX_PAGES,
  parseSince,
  readLogs,
  readLogSource,
  readReleaseSource,
  releaseTargetFor,
  readSuiteSource,
  suiteTargetFor,
  type LogEvent,
  type LogQuery,
  type LogSource,
  type LogsPlace,
  type PageReader,
  type RetryPolicy,
} from '../../core/logs';
import { sleep } from '../../core/timing';
import type { PipelineConfig } from '../../model/config';
import { optional, parseCommandArgs, required, type Flags } from '../args';
import { CONFIG_FLAG, environmentFlag, serviceFlag } from '../common-flags';
import { UsageError, type CliContext } from '../context';
import type { CommandHelp } from '../help';
import type { Command } from '../main';

/** Exit code when there is nothing to read yet: no task definition, log group or stream. */
export const NOTHING_TO_READ = 3;
const DEFAULT_SINCE = '10m';
const DEFAULT_POLL_SECONDS = 2;
const MAX_POLL_SECONDS = 60;
/** Calls in all for one read that CloudWatch Logs throttles, on top of the SDK's own retries. */
const ATTEMPTS = 5;

const HELP: CommandHelp = {
  command: 'logs',
  flags: {
    environment: environmentFlag(),
    service: serviceFlag('service whose logs to read (default: the first web service)'),
    container: {
      type: 'string',
      value: 'NAME',
      help: "the service's app container (default) or one of its sidecars",
    },
    since: {
      type: 'string',
      value: 'WHEN',
      help: `from when: 30s, 10m, 1h, 2d back, or an ISO 8601 time such as 2026-12-06T10:00:00Z
(default: ${DEFAULT_SINCE})`,
    },
    filter: {
      type: 'string',
      value: 'PATTERN',
      help: 'only events that match this CloudWatch Logs filter pattern, e.g. ERROR or "connection refused"',
    },
    release: {
      type: 'boolean',
      help: `the release tasks (migrations) of the service that ECS still lists (started by bluegreen run-task,
running or stopped within about an hour)`,
    },
    'integration-suite': {
      type: 'boolean',
      help: "the integration suite's builds (its CodeBuild project's log group) instead of a service's containers",
    },
    follow: { type: 'boolean', short: 'f', help: 'keep reading new events until interrupted (Ctrl-C)' },
    'poll-seconds': {
      type: 'string',
      value: 'N',
      help: `with --follow, the pause between reads (default ${DEFAULT_POLL_SECONDS}, at most ${MAX_POLL_SECONDS}); also the first
pause before a throttled read is asked again`,
    },
    config: CONFIG_FLAG,
  },
  description: `
Prints a service's container logs from CloudWatch Logs, oldest first: one line per event with its time
(UTC), stream (<prefix>/<container>/<task id>) and message. The log group and stream prefix are read from
the newest ACTIVE revision of the service's task definition (ECS DescribeTaskDefinition), then the events
with FilterLogEvents; stderr says where it reads. With --integration-suite it reads the suite's builds
instead, from the log group of its CodeBuild project (CodeBuild BatchGetProjects; one stream per build);
with --release the streams of the service's release tasks that ECS still lists (ListTasks). Uses the SDK's standard credentials and endpoint chain
(AWS_PROFILE, AWS_ENDPOINT_URL_ECS, AWS_ENDPOINT_URL_CODEBUILD, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, ...) in the
environment's region; the role needs ecs:DescribeTaskDefinition (and ecs:ListTasks for --release, or
codebuild:BatchGetProjects for --integration-suite) and logs:FilterLogEvents. Throttled reads are asked again, ${ATTEMPTS}
times at most. One read prints at most ${MAX_PAGES} pages of events; narrow --since or --filter for more.

Exit 0: the events were printed (none is fine), or --follow was interrupted; 1: AWS could not be asked
(no credentials, refused, throttled throughout, API error); 2: wrong usage or config, or a filter
pattern CloudWatch Logs refuses; ${NOTHING_TO_READ}: nothing to read yet (no task definition, project, log group or
log stream: the environment or service has not been deployed).`,
};

/** `bluegreen logs`: a thin shell over core/logs with the real ECS and CloudWatch Logs clients. */
export const logs: Command = async (args, context) => {
  const flags = parseCommandArgs(args, HELP, context.stdout);
  if (flags === undefined) return 0;
  const environment = required(flags, 'environment');
  const pollSeconds = pollSecondsOf(flags);
  try {
    const config = context.config(optional(flags, 'config'));
    const startTime = parseSince(optional(flags, 'since') ?? DEFAULT_SINCE, Date.now());
    const retry: RetryPolicy = {
      attempts: ATTEMPTS,
      delayMs: pollSeconds * 1000,
      sleep,
      onRetry: (reason) => context.stderr(`bluegreen logs: throttled or failed, asking again: ${reason}\n`),
    };
    if (flags.release === true && flags['integration-suite'] === true) {
      throw new UsageError('give either --release or --integration-suite, not both');
    }
    const { target, source } = await targetAndSource(config, environment, flags, retry);
    const filterPattern = optional(flags, 'filter');
    const query: LogQuery = { target, source, startTime, ...(filterPattern ? { filterPattern } : {}) };
    context.stderr(header(query));
    const client = logsClient(source.region);
    const read: PageReader = (q, nextToken) => filterLogEventsPage(client, q, nextToken, retry);
    try {
      return flags.follow === true ? await follow(read, query, pollSeconds, context) : await once(read, query, context);
    } finally {
      client.destroy();
    }
  } catch (error) {
    if (!(error instanceof LogsError)) throw error;
    if (error.failure === 'input') throw new UsageError(error.message);
    context.stderr(`bluegreen logs: ${error.message}\n`);
    return error.failure === 'not-found' ? NOTHING_TO_READ : 1;
  }
};

/**
 * What `logs` reads, and where its events are: the integration suite's builds, a service's release tasks, or
 * (without either flag) a service's container.
 */
async function targetAndSource(
  config: PipelineConfig,
  environment: string,
  flags: Flags,
  retry: RetryPolicy,
): Promise<{ target: LogsPlace; source: LogSource }> {
  const service = optional(flags, 'service');
  if (flags['integration-suite'] === true) {
    refuseContainer(flags, "--container names a service's container; the integration suite has none (leave it out)");
    const target = suiteTargetFor(config, environment, service);
    return readSource(
      target,
      (options) => new CodeBuildClient(options),
      (codebuild) => readSuiteSource(codebuild, target, retry),
    );
  }
  if (flags.release === true) {
    refuseContainer(
      flags,
      '--container: the release task runs in the container its release: block names (leave it out)',
    );
    const target = releaseTargetFor(config, environment, service);
    return readSource(
      target,
      (options) => new ECSClient(options),
      (ecs) => readReleaseSource(ecs, target, retry),
    );
  }
  const target = logsTargetFor(config, environment, service, optional(flags, 'container'));
  return readSource(
    target,
    (options) => new ECSClient(options),
    (ecs) => readLogSource(ecs, target, retry),
  );
}

/** --container names one of a service's containers; the release task and the suite have none to choose. */
function refuseContainer(flags: Flags, message: string): void {
  if (optional(flags, 'container') !== undefined) throw new UsageError(message);
}

/** Reads where `target`'s events are with a client of its own, in its region, destroyed once read. */
async function readSource<C extends { destroy(): void }>(
  target: LogsPlace,
  newClient: (options: { region: string; requestHandler: typeof LOGS_TIMEOUTS }) => C,
  read: (client: C) => Promise<LogSource>,
): Promise<{ target: LogsPlace; source: LogSource }> {
  const client = newClient({ region: target.region, requestHandler: LOGS_TIMEOUTS });
  const source = await read(client).finally(() => client.destroy());
  return { target, source };
}

async function once(read: PageReader, query: LogQuery, context: CliContext): Promise<number> {
  const { events, truncated } = await readLogs(read, query);
  print(events, context);
  if (events.length === 0) context.stderr('bluegreen logs: no events in that window\n');
  if (truncated) context.stderr(truncatedNote());
  return 0;
}

/** Until Ctrl-C: SIGINT ends the loop after the read or pause it is in, and the command exits 0. */
async function follow(read: PageReader, query: LogQuery, pollSeconds: number, context: CliContext): Promise<number> {
  const interrupted = new AbortController();
  const stop = () => interrupted.abort();
  process.once('SIGINT', stop);
  try {
    await followLogs(read, query, {
      intervalMs: pollSeconds * 1000,
      sleep,
      print: (events) => print(events, context),
      signal: interrupted.signal,
      onTruncated: () => context.stderr(truncatedNote()),
    });
    return 0;
  } finally {
    process.off('SIGINT', stop);
  }
}

function print(events: readonly LogEvent[], context: CliContext): void {
  if (events.length > 0) context.stdout(events.map(formatEvent).join(''));
}

function header({ target, source, startTime, filterPattern }: LogQuery): string {
  const filter = filterPattern === undefined ? '' : `, filter ${JSON.stringify(filterPattern)}`;
  return (
    `bluegreen logs: reading ${describeSource(source, target.account)}, ${source.origin}, ` +
    `since ${new Date(startTime).toISOString()}${filter}\n`
  );
}

function truncatedNote(): string {
  return `bluegreen logs: more than ${MAX_PAGES} pages of events; only those were read. Narrow --since or add --filter\n`;
}

function pollSecondsOf(flags: Flags): number {
  const text = optional(flags, 'poll-seconds');
  if (text === undefined) return DEFAULT_POLL_SECONDS;
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value <= 0 || value > MAX_POLL_SECONDS) {
    throw new UsageError(`--poll-seconds must be a number above 0 and at most ${MAX_POLL_SECONDS}, got '${text}'`);
  }
  return value;
}
