import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  CLOUDWATCH_TIMEOUTS,
  cloudWatchAlarmReader,
  DEFAULT_MAX_FAILED_READS_IN_A_ROW,
  DEFAULT_POLL_SECONDS,
  formatBakeReport,
  formatElapsed,
  formatStateChange,
  watchAlarm,
  type BakeSubject,
} from '../../core/bake';
import { sleep } from '../../core/timing';
import { bakeMinutes } from '../../model/deployment-config';
import { environmentNames } from '../../model/naming';
import { optional, optionalRegion, parseCommandArgs, required, type Flags } from '../args';
import { UsageError } from '../context';
import { CONFIG_FLAG, environmentFlag, environmentOfFlag } from '../common-flags';
import type { CommandHelp } from '../help';
import type { Command } from '../main';

/** CodeBuild stops a build after at most 8 hours; a longer bake could never finish there. */
const MAX_MINUTES = 480;
const MAX_POLL_SECONDS = 300;

const HELP: CommandHelp = {
  command: 'bake',
  flags: {
    environment: environmentFlag(),
    config: CONFIG_FLAG,
    minutes: {
      type: 'string',
      value: 'N',
      help: `how long to watch (default: the environment's alarm detection time, at least 1)`,
    },
    alarm: {
      type: 'string',
      value: 'NAME',
      help: 'alarm to watch (default: <application>-<environment>-rollback-any)',
    },
    'poll-seconds': { type: 'string', value: 'N', help: `pause between reads (default: ${DEFAULT_POLL_SECONDS})` },
    region: {
      type: 'string',
      value: 'REGION',
      help: `region of the alarm (default: the environment's region from the config)`,
    },
  },
  description: `
The bake after an environment's blue/green deployment: watches the environment's composite rollback
alarm with CloudWatch DescribeAlarms (composite and metric alarms) now, every poll interval, and once
more when the time is up. Fails at once when the alarm is in ALARM, does not exist (a missing alarm
is not a quiet one), is in a state the bake does not know, changed state and came back between two
reads, or cannot be read. INSUFFICIENT_DATA counts as quiet and is reported. Throttling and server
errors are retried (${DEFAULT_MAX_FAILED_READS_IN_A_ROW} failed reads in a row end the bake). Uses the SDK's
standard credentials and endpoint chain (AWS_PROFILE, AWS_ENDPOINT_URL_CLOUDWATCH, ...); the role needs
cloudwatch:DescribeAlarms on "*", which DescribeAlarms requires to return composite alarms.

Exit 0: the alarm stayed quiet for the whole time; 1: it did not, or could not be read;
2: wrong usage or config.`,
};

/** `bluegreen bake`: a thin shell over core/bake with the real CloudWatch client, clock and sleep. */
export const bake: Command = async (args, context) => {
  const flags = parseCommandArgs(args, HELP, context.stdout);
  if (flags === undefined) return 0;
  const environmentName = required(flags, 'environment');
  const alarmFlag = optional(flags, 'alarm');
  if (alarmFlag !== undefined && (alarmFlag.trim() === '' || alarmFlag.length > 255)) {
    throw new UsageError(`--alarm must be an alarm name of 1 to 255 characters, got '${alarmFlag}'`);
  }
  const regionFlag = optionalRegion(flags);
  const minutesFlag = positiveNumber(flags, 'minutes', MAX_MINUTES);
  const pollSeconds = positiveNumber(flags, 'poll-seconds', MAX_POLL_SECONDS) ?? DEFAULT_POLL_SECONDS;

  const config = context.config(optional(flags, 'config'));
  const environment = environmentOfFlag(config.environments, environmentName);
  const subject: BakeSubject = {
    environment: environment.name,
    alarm: alarmFlag ?? environmentNames(config.application, environment, config.pipeline.region).rollbackAlarm,
    account: environment.account,
    region: regionFlag ?? environment.region,
    minutes: minutesFlag ?? bakeMinutes(environment),
  };

  context.stderr(
    `bake: watching ${subject.alarm} (account ${subject.account}, ${subject.region}) for ` +
      `${formatElapsed(subject.minutes * 60_000)}, reading every ${formatElapsed(pollSeconds * 1000)}\n`,
  );
  // Created here, not at import, so the SDK reads AWS_PROFILE / AWS_ENDPOINT_URL_CLOUDWATCH as they are now.
  const client = new CloudWatchClient({ region: subject.region, requestHandler: CLOUDWATCH_TIMEOUTS });
  try {
    const result = await watchAlarm(
      cloudWatchAlarmReader(client, { name: subject.alarm, region: subject.region, account: subject.account }),
      {
        durationMs: subject.minutes * 60_000,
        intervalMs: pollSeconds * 1000,
        maxFailedReadsInARow: DEFAULT_MAX_FAILED_READS_IN_A_ROW,
      },
      Date.now,
      sleep,
      {
        onStateChange: (sample, elapsedMs) => context.stderr(formatStateChange(sample, elapsedMs)),
        onFailedRead: (reason, elapsedMs) =>
          context.stderr(`bake: ${formatElapsed(elapsedMs)} read failed, retrying: ${reason}\n`),
      },
    );
    context.stdout(formatBakeReport(subject, result));
    return result.verdict === 'pass' ? 0 : 1;
  } finally {
    client.destroy();
  }
};

/** Fractions are allowed (tests bake for milliseconds); zero, negatives and words are usage errors. */
function positiveNumber(flags: Flags, flag: string, max: number): number | undefined {
  const text = optional(flags, flag);
  if (text === undefined) return undefined;
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(value > 0 && value <= max)) {
    throw new UsageError(`--${flag} must be a number above 0 and at most ${max}, got '${text}'`);
  }
  return value;
}
