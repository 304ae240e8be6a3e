import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Run, useInProcessCli } from '../../../support/in-process-cli';
import {
  CloudWatchServer,
  epochSeconds,
  type CloudWatchHandler,
  type CloudWatchReply,
} from '../../../support/cloudwatch-server';

/** The shipped configuration: application 'sample', staging (222222222222) and prod (333333333333) in eu-west-1. */
export const SHIPPED_CONFIG = join(__dirname, '..', '..', '..', '..', 'pipeline.config.yaml');
export const STAGING_ALARM = 'sample-staging-rollback-any';
export const BOTH_TYPES = ['CompositeAlarm', 'MetricAlarm'];
/** 30 ms of bake, a read every 5 ms: the whole loop in a few milliseconds of real time. */
export const FAST = ['--minutes', '0.0005', '--poll-seconds', '0.005'];
export const CHANGED_AT = '2026-01-01T11:00:00Z';

export type { Run } from '../../../support/in-process-cli';

/** A composite alarm as DescribeAlarms puts it on the wire. */
export function compositeAlarm(state: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    AlarmName: STAGING_ALARM,
    AlarmArn: `arn:aws:cloudwatch:eu-west-1:222222222222:alarm:${STAGING_ALARM}`,
    AlarmRule: 'ALARM("sample-staging-5xx") OR ALARM("sample-staging-unhealthy-hosts")',
    StateValue: state,
    StateReason: `${state} reason`,
    StateUpdatedTimestamp: epochSeconds(CHANGED_AT),
    StateTransitionedTimestamp: epochSeconds(CHANGED_AT),
    ...extra,
  };
}

/** A DescribeAlarms answer holding the given composite alarms (and no metric alarms). */
export const composites = (...alarms: Record<string, unknown>[]): CloudWatchReply => ({
  body: { CompositeAlarms: alarms, MetricAlarms: [] },
});

/**
 * Runs `bluegreen bake` in-process through main() with the real CloudWatch client against a local
 * endpoint. The SDK reads process.env, not the CLI context, so each test gets a clean AWS_* set:
 * dummy keys, no shared config files, no instance metadata, and a decoy AWS_REGION that must not
 * win over the environment's region. Restored after each test.
 */
export function useBakeCli() {
  let server: CloudWatchServer | undefined;
  const cli = useInProcessCli('bake', () => {
    for (const key of Object.keys(process.env)) {
      if (key.startsWith('AWS_') && key !== 'AWS_CONFIG_FILE' && key !== 'AWS_SHARED_CREDENTIALS_FILE') {
        delete process.env[key];
      }
    }
    Object.assign(process.env, {
      // Until a test starts its server, any call may only reach loopback port 1 (refused).
      AWS_ENDPOINT_URL_CLOUDWATCH: 'http://127.0.0.1:1',
      AWS_ACCESS_KEY_ID: 'AKIDBAKETEST',
      AWS_SECRET_ACCESS_KEY: 'bake-test-secret',
      AWS_REGION: 'us-west-2',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  return {
    work: cli.work,

    /** Starts a local CloudWatch answering DescribeAlarms with `handler` and points the SDK at it. */
    async fakeCloudWatch(handler: CloudWatchHandler): Promise<CloudWatchServer> {
      server = await CloudWatchServer.start({ DescribeAlarms: handler });
      process.env.AWS_ENDPOINT_URL_CLOUDWATCH = server.url;
      return server;
    },

    /** The shipped config with `from` replaced by `to` (e.g. another region for prod). */
    configWith(from: string, to: string): string {
      const text = readFileSync(SHIPPED_CONFIG, 'utf8');
      if (!text.includes(from)) throw new Error(`the shipped config has no '${from}'`);
      const path = join(cli.work(), 'pipeline.config.yaml');
      writeFileSync(path, text.replace(from, to));
      return path;
    },

    bake: (args: string[], config = SHIPPED_CONFIG): Promise<Run> =>
      cli.run(['bake', ...args], { PIPELINE_CONFIG: config }),
  };
}
