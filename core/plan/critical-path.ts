import type { PipelineConfig } from '../../model/config';
import { imageBuilders } from '../../model/config/image-builders';
import { serviceGates } from '../../model/config/release-gates';
import { bakeMinutes, trafficShiftMinutes } from '../../model/deployment-config';

/**
 * Assumed durations (minutes) of the steps nobody configures. They are a model for comparing
 * configurations, not a measurement: adjust them to what your pipeline's history shows.
 */
export const ASSUMED_MINUTES = {
  sourceAndSynth: 6,
  selfMutation: 2,
  assets: 2,
  imageBuildAndScan: 6,
  cloudFormation: 4,
  /** RepointListeners: a few reads, and a ModifyListener only after a listener was reset. */
  listenerRepoint: 1,
  render: 1,
  greenTasksStart: 3,
  releaseTask: 3,
  /** The suite's own time; its configured timeout is only the upper bound. */
  integrationSuite: 4,
  /** Packing and putting the candidate, and the release pipeline starting on it. */
  handoff: 1,
  /** The release pipeline's Verify: installing the pinned tool, the hash, preflight and the guardrails. */
  releaseVerify: 3,
} as const;

export interface PathSegment {
  readonly what: string;
  readonly minutes: number;
  /** True when the figure comes from the configuration rather than ASSUMED_MINUTES. */
  readonly configured: boolean;
}

/** Upper bound of one hook run: every check's attempts, timeouts and backoff, capped by the 20 s hook budget. */
export function hookMinutes(config: PipelineConfig): number {
  const slowest = Math.max(
    ...config.services
      .flatMap((service) => (service.kind === 'web' ? serviceGates(config, service).checks : []))
      .map((c) => c.attempts * c.timeoutMs + c.backoffMs * (2 ** Math.max(0, c.attempts - 1) - 1)),
  );
  return (config.hooks.length * Math.min(slowest, 20_000)) / 60_000;
}

/**
 * The modelled minimum time from a push until the last environment's production traffic is all on
 * green: every stage before it in full (including termination waits and bake checks, since the next
 * stage starts only after them), approvals counted as instant.
 */
export function criticalPath(config: PipelineConfig): PathSegment[] {
  const assumed = (what: string, minutes: number): PathSegment => ({ what, minutes, configured: false });
  const configured = (what: string, minutes: number): PathSegment => ({ what, minutes, configured: true });
  const segments: PathSegment[] = [
    assumed('source, test and synth', ASSUMED_MINUTES.sourceAndSynth),
    assumed('self-mutation', ASSUMED_MINUTES.selfMutation),
    assumed('asset publishing', ASSUMED_MINUTES.assets),
    assumed(
      `image build, push and scan (${imageBuilders(config.services).length} side by side)`,
      ASSUMED_MINUTES.imageBuildAndScan,
    ),
  ];
  // The web services deploy side by side; the slowest sets the pace, and the model takes them as equal.
  const releasing = config.services.filter((s) => s.kind === 'web' && s.release).map((s) => s.name);
  config.environments.forEach((environment, index) => {
    const last = index === config.environments.length - 1;
    const name = environment.name;
    if (environment.approval && !config.environments[index - 1]?.approval) {
      segments.push(
        assumed('hand-off to the release pipeline', ASSUMED_MINUTES.handoff),
        assumed('release pipeline: verify with the pinned tool', ASSUMED_MINUTES.releaseVerify),
      );
    }
    segments.push(
      assumed(`${name}: CloudFormation`, ASSUMED_MINUTES.cloudFormation),
      assumed(`${name}: listener re-point`, ASSUMED_MINUTES.listenerRepoint),
      assumed(`${name}: render`, ASSUMED_MINUTES.render),
      ...(releasing.length > 0
        ? [assumed(`${name}: release task (${releasing.join(', ')})`, ASSUMED_MINUTES.releaseTask)]
        : []),
      assumed(`${name}: green tasks start`, ASSUMED_MINUTES.greenTasksStart),
      ...(config.integrationTests
        ? [assumed(`${name}: integration suite on green`, ASSUMED_MINUTES.integrationSuite)]
        : []),
      configured(`${name}: lifecycle hooks (at most)`, round(hookMinutes(config))),
      configured(`${name}: traffic shift`, trafficShiftMinutes(environment.deployment)),
    );
    if (!last) {
      segments.push(
        configured(`${name}: termination wait`, environment.terminationWaitMinutes),
        configured(`${name}: bake check`, bakeMinutes(environment)),
      );
    }
  });
  return segments;
}

export function round(minutes: number): number {
  return Math.round(minutes * 10) / 10;
}
