import {
  errorFields,
  isMissingCredentials,
  isRefusedCredentials,
  isTransientError,
  missingCredentialsMessage,
  refusedCredentialsMessage,
} from '../aws-errors';
import { taskIdOf, type TaskDefinitionFacts } from './task-definition-facts';

/** One container's awslogs stream of one task. */
export interface LogStreamRef {
  readonly container: string;
  readonly group: string;
  readonly stream: string;
  /** awslogs-region, when the task definition names one. */
  readonly region?: string;
}

/** One GetLogEvents page: the messages in order and the token to continue after them. */
export interface LogEventsPage {
  readonly messages: readonly string[];
  readonly nextToken?: string;
}

/** Reads the stream after `nextToken` (from its start without one); throws the SDK's error. */
export type LogEventsReader = (ref: LogStreamRef, nextToken: string | undefined) => Promise<LogEventsPage>;

/**
 * Control characters other than tab: a carriage return or an escape sequence in a log line would overwrite or
 * restyle the terminal's status line.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/g;

/** At most this many lines are shown per poll; a burst longer than that is counted, not scrolled. */
export const MAX_TAIL_LINES = 10;

/**
 * The stream whose lines run-task shows: the container named by --container, else the first essential
 * container; undefined when that container does not log to awslogs with a stream prefix (the stream's name,
 * `<prefix>/<container>/<task id>`, is then unknown).
 */
export function tailStream(
  definition: TaskDefinitionFacts,
  taskArn: string,
  container: string | undefined,
): LogStreamRef | undefined {
  const chosen =
    definition.containers.find((c) => c.name === container) ?? definition.containers.find((c) => c.essential);
  if (chosen === undefined || chosen.logs.kind !== 'awslogs' || chosen.logs.streamPrefix === undefined)
    return undefined;
  return {
    container: chosen.name,
    group: chosen.logs.group,
    stream: `${chosen.logs.streamPrefix}/${chosen.name}/${taskIdOf(taskArn)}`,
    ...(chosen.logs.region === undefined ? {} : { region: chosen.logs.region }),
  };
}

/**
 * Follows one log stream while the task runs: each `poll` gives the lines written since the last one, as
 * `[container] message`. It never throws: a stream not created yet (the container has not started) or a
 * throttled or failed read gives no lines and is asked again at the next poll; credentials or permissions that
 * are refused give one line saying so, and the tail stops (the task itself is still followed).
 */
export class LogTail {
  private nextToken: string | undefined;
  private stopped = false;

  constructor(
    private readonly read: LogEventsReader,
    private readonly ref: LogStreamRef,
    /** The task's account, for the credentials message. */
    private readonly account: string,
    private readonly maxLines = MAX_TAIL_LINES,
  ) {}

  async poll(): Promise<string[]> {
    if (this.stopped) return [];
    let page: LogEventsPage;
    try {
      page = await this.read(this.ref, this.nextToken);
    } catch (error) {
      return this.failed(error);
    }
    this.nextToken = page.nextToken ?? this.nextToken;
    const lines = page.messages.flatMap((m) => m.replace(/\r?\n$/, '').split('\n')).map((l) => l.replace(CONTROL, '?'));
    const shown = lines.slice(-this.maxLines).map((l) => `[${this.ref.container}] ${l}`);
    const skipped = lines.length - shown.length;
    return skipped > 0 ? [`[${this.ref.container}] ... ${skipped} earlier line(s)`, ...shown] : shown;
  }

  private failed(error: unknown): string[] {
    const fields = errorFields(error);
    if (fields.name === 'ResourceNotFoundException' || isTransientError(error)) return [];
    this.stopped = true;
    const where = `log stream ${this.ref.stream} of log group ${this.ref.group}`;
    const why = isMissingCredentials(fields)
      ? missingCredentialsMessage(where, this.account)
      : fields.name === 'AccessDeniedException' || isRefusedCredentials(fields)
        ? refusedCredentialsMessage('CloudWatch Logs', 'GetLogEvents', where, this.account, fields)
        : `CloudWatch Logs GetLogEvents failed for ${where}: ${fields.name}: ${fields.message}`;
    return [`no more log lines: ${why}`];
  }
}
