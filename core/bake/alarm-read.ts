/** The states CloudWatch documents for an alarm; anything else fails the bake. */
export const KNOWN_STATES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;

/** One look at the watched alarm, as DescribeAlarms described it. */
export interface AlarmSample {
  readonly name: string;
  readonly type: 'CompositeAlarm' | 'MetricAlarm';
  /** StateValue as CloudWatch sent it, unchecked: the watch loop decides what it means. */
  readonly state: string | undefined;
  readonly reason: string | undefined;
  /** Last update of the state or its reason (StateUpdatedTimestamp). */
  readonly updatedAt: Date | undefined;
  /** Last change of the state value itself (StateTransitionedTimestamp). */
  readonly transitionedAt: Date | undefined;
}

/**
 * One read of the alarm: a sample; `missing` when CloudWatch knows no alarm of that name; `retry`
 * for trouble that may clear up (throttling after the SDK's own retries, 5xx, network); `fatal`
 * for everything else (access denied, no credentials, an answer that makes no sense).
 */
export type AlarmRead =
  | { readonly kind: 'sample'; readonly sample: AlarmSample }
  | { readonly kind: 'missing'; readonly reason: string }
  | { readonly kind: 'retry'; readonly reason: string }
  | { readonly kind: 'fatal'; readonly reason: string };

export type ReadAlarm = () => Promise<AlarmRead>;
