import { checkSchema } from './check-schema';
import type { CheckConfig, LifecycleEvent, PipelineConfig, WebService } from './schema';

/** Where each release gate of a web service runs in its CodeDeploy deployment. */
export interface ServiceGates {
  /**
   * The checks this service's hooks run, and `bluegreen check --service`: its own `checks`, else the top-level ones,
   * else one GET of its `healthCheckPath`.
   */
  readonly checks: readonly CheckConfig[];
  /** Lifecycle events at which the checks run against green through the test listener. */
  readonly checksOnGreen: readonly LifecycleEvent[];
  /** The checks against the production listener at AfterAllowTraffic, while blue still stands. */
  readonly smoke: boolean;
  /** The integration suite against green at AfterAllowTestTraffic (`integrationTests`), or undefined. */
  readonly integrationTests?: { readonly command: string; readonly timeoutMinutes: number };
}

/**
 * The gates of one web service, from `hooks` and `integrationTests`. The suite takes AfterAllowTestTraffic (a
 * lifecycle event invokes one function), so checks configured there run at BeforeAllowTraffic instead: still on
 * green through the test listener, still before any user sees it.
 */
export function serviceGates(
  config: Pick<PipelineConfig, 'checks' | 'hooks' | 'integrationTests' | 'services'>,
  service: WebService,
): ServiceGates {
  // The suite runs against one web service: the one it names, else the first.
  const target = config.integrationTests?.service ?? config.services.find((s) => s.kind === 'web')?.name;
  const suite = config.integrationTests && target === service.name ? config.integrationTests : undefined;
  const onGreen = config.hooks.filter((event) => event !== 'AfterAllowTraffic');
  const checksOnGreen = suite
    ? [...new Set(onGreen.map((event) => (event === 'AfterAllowTestTraffic' ? 'BeforeAllowTraffic' : event)))]
    : onGreen;
  return {
    // A service's own checks, else the shared ones, else one GET of the path its load balancer checks.
    checks: service.checks ?? config.checks ?? [checkSchema.parse({ path: service.healthCheckPath })],
    checksOnGreen,
    smoke: config.hooks.includes('AfterAllowTraffic'),
    integrationTests: suite && { command: suite.command, timeoutMinutes: suite.timeoutMinutes },
  };
}
