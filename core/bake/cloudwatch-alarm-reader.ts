import { errorFields, isMissingCredentials, isRefusedCredentials, isThrottling, isUnreachable } from '../aws-errors';
import { DescribeAlarmsCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { AlarmRead, AlarmSample, ReadAlarm } from './alarm-read';

/** Where the alarm lives, for messages that tell the reader which credentials are needed. */
export interface AlarmRef {
  readonly name: string;
  readonly region: string;
  /** The account the alarm should be in (from the config), when known. */
  readonly account?: string;
}

/** Socket bounds for every CloudWatch call, so a silent endpoint cannot hold the bake past its time. */
export const CLOUDWATCH_TIMEOUTS = { connectionTimeout: 5_000, requestTimeout: 20_000 } as const;

const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException']);

class MalformedAnswer extends Error {}

/** A ReadAlarm over DescribeAlarms for exactly one alarm, of either type. */
export function cloudWatchAlarmReader(client: CloudWatchClient, alarm: AlarmRef): ReadAlarm {
  return async () => {
    try {
      // Without AlarmTypes DescribeAlarms returns metric alarms only, and the rollback alarm is a composite.
      const answer = await client.send(
        new DescribeAlarmsCommand({ AlarmNames: [alarm.name], AlarmTypes: ['CompositeAlarm', 'MetricAlarm'] }),
      );
      const found: AlarmSample[] = [
        ...(answer.CompositeAlarms ?? []).map((a) => sampleOf('CompositeAlarm', a)),
        ...(answer.MetricAlarms ?? []).map((a) => sampleOf('MetricAlarm', a)),
      ];
      if (found.length === 0) return { kind: 'missing', reason: missingReason(alarm) };
      const names = found.map((a) => a.name);
      if (found.length > 1 || names[0] !== alarm.name) {
        throw new MalformedAnswer(
          `CloudWatch answered DescribeAlarms for ${alarm.name} with ${JSON.stringify(names)}; cannot tell its state`,
        );
      }
      return { kind: 'sample', sample: found[0] };
    } catch (error) {
      return classifyError(error, alarm);
    }
  };
}

interface DescribedAlarm {
  AlarmName?: string;
  StateValue?: string;
  StateReason?: string;
  StateUpdatedTimestamp?: Date;
  StateTransitionedTimestamp?: Date;
}

function sampleOf(type: AlarmSample['type'], alarm: DescribedAlarm): AlarmSample {
  return {
    name: alarm.AlarmName ?? '(unnamed)',
    type,
    state: alarm.StateValue,
    reason: alarm.StateReason,
    updatedAt: alarm.StateUpdatedTimestamp,
    transitionedAt: alarm.StateTransitionedTimestamp,
  };
}

function where(alarm: AlarmRef): string {
  return alarm.account === undefined ? alarm.region : `account ${alarm.account}, ${alarm.region}`;
}

function missingReason(alarm: AlarmRef): string {
  return (
    `alarm ${alarm.name} does not exist in ${where(alarm)} (DescribeAlarms returned no alarm); a missing alarm ` +
    `cannot show that the environment is healthy. Has the environment been deployed, are the credentials for ` +
    `its account, and is cloudwatch:DescribeAlarms allowed on "*"? With a narrower scope DescribeAlarms ` +
    `cannot return composite alarms (DescribeAlarms API reference)`
  );
}

/** Trouble that can clear up while the bake runs is retried by the loop; the rest ends the bake now. */
function classifyError(error: unknown, alarm: AlarmRef): AlarmRead {
  const fields = errorFields(error);
  const { name, message, code, fault } = fields;
  if (error instanceof MalformedAnswer) return { kind: 'fatal', reason: message };
  if (ACCESS_DENIED.has(name)) {
    return {
      kind: 'fatal',
      reason:
        `CloudWatch refused DescribeAlarms for ${alarm.name} in ${where(alarm)} (${name}: ${message}). The role ` +
        `needs cloudwatch:DescribeAlarms with Resource "*": DescribeAlarms returns composite alarms only when it ` +
        `is allowed on "*", not on the alarm's ARN`,
    };
  }
  if (isMissingCredentials(fields)) {
    return {
      kind: 'fatal',
      reason:
        `no AWS credentials found to read ${alarm.name} in ${where(alarm)}: set AWS_PROFILE to a profile with ` +
        `role_arn for the environment's reader role (in CodeBuild: credential_source = EcsContainer) and run again`,
    };
  }
  if (isRefusedCredentials(fields)) {
    return {
      kind: 'fatal',
      reason: `CloudWatch did not accept the credentials (${name}: ${message}); use a role in ${where(alarm)}`,
    };
  }
  if (isThrottling(fields)) return { kind: 'retry', reason: `CloudWatch throttled DescribeAlarms (${name})` };
  if (fault === 'server') return { kind: 'retry', reason: `CloudWatch failed DescribeAlarms (${name}: ${message})` };
  if (name === 'AbortError' || isUnreachable(fields)) {
    return { kind: 'retry', reason: `cannot reach CloudWatch in ${alarm.region} (${code ?? name}: ${message})` };
  }
  return { kind: 'fatal', reason: `CloudWatch DescribeAlarms failed for ${alarm.name}: ${name}: ${message}` };
}
