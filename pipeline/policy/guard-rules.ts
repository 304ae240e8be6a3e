/** A Control Tower guard rule switched off for the whole app. */
export interface DisabledGuardRule {
  /** The control's file name in `@cdklabs/cdk-validator-cfnguard` (what `disabledRules` takes). */
  readonly file: string;
  /** The control id as AWS documents it. */
  readonly control: string;
  /** The rule name cfn-guard reports. */
  readonly rule: string;
  readonly reason: string;
}

/**
 * The one list of guard rules this app does not run. A rule goes here only when no resource of the
 * app could meet it for a good reason; a rule that one construct cannot meet is acknowledged on that
 * construct instead (see `acknowledgeGuardRule`), so the rule still guards every other resource.
 */
export const DISABLED_GUARD_RULES: readonly DisabledGuardRule[] = [
  {
    file: 'ct-s3-pr-4',
    control: 'CT.S3.PR.4',
    rule: 's3_event_notifications_enabled_check',
    reason:
      'The buckets hold pipeline artifacts and access logs; nothing consumes their object events, and a ' +
      'notification configured only to satisfy the control would deliver events nobody reads.',
  },
  {
    file: 'ct-s3-pr-9',
    control: 'CT.S3.PR.9',
    rule: 's3_bucket_object_lock_enabled_check',
    reason:
      'The buckets hold short-lived pipeline artifacts and access logs that lifecycle rules expire; Object Lock ' +
      'with a retention period would block that expiry, and Object Lock without one protects nothing.',
  },
];
