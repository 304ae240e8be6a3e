import type { EnvironmentConfig, PipelineConfig, ServiceConfig } from '../../model/config';
import { serviceGates } from '../../model/config/release-gates';
import { alarmDetectionMinutes, deploymentConfigName, describeStrategy } from '../../model/deployment-config';
import { NLB_ALL_AT_ONCE } from '../../model/config/deployment-refine';
import {
  environmentNames,
  HANDOFF_KEY,
  handoffBucketName,
  releasePipelineName,
  releaseStackName,
  serviceNames,
} from '../../model/naming';
import { releaseAccountOf, releaseSplit } from '../../model/release-split';
import { isSingleton, scalingFor } from '../../model/config/scaling';
import { criticalPath, round } from './critical-path';
import { describeEnvironmentData } from './data-plan';
import { describeEnvironmentFrontend, describeFrontendBuild } from './frontend-plan';
import { describeEnvironmentStorage } from './storage-plan';
import { describeEnvironmentNetwork } from './network-plan';
import { describeListenerRepoint } from './listener-plan';
import { describeDomainDelegation } from './domain-plan';
import { describeImageRegions } from './image-plan';
import type { PlannedStage } from './pipeline-layout';
import { describeImages, describeServiceValues } from './service-values-plan';
import { describeWorkerFirstDeployment, workerOrder } from './worker-plan';

/** The release pipeline's synthesized stages and where they were read. */
export interface PlannedRelease {
  readonly stages: readonly PlannedStage[] | undefined;
  readonly templatePath: string;
}

/**
 * The text `npm start` and `bluegreen plan` print. `stages` is absent when nothing was synthesized; `release` is the
 * release pipeline's, present when an environment is protected.
 */
export function renderPlan(
  config: PipelineConfig,
  stages: readonly PlannedStage[] | undefined,
  templatePath: string,
  release?: PlannedRelease,
): string {
  const out: string[] = [];
  out.push(`Plan for '${config.application}': pipeline in ${config.pipeline.account} / ${config.pipeline.region}`);
  out.push(`Source: ${config.source.repository} @ ${config.source.branch}; ${describeTrigger(config.source)}`);
  out.push(
    `Execution mode: ${config.pipeline.executionMode}${EXECUTION_MODES[config.pipeline.executionMode]}; ` +
      describeImages(config),
  );
  out.push(describeBuildStep(config));
  out.push(describeImageRegions(config));
  out.push(...describeFrontendBuild(config));
  out.push('');
  if (stages) {
    out.push(`Pipeline stages and actions, in order (from ${templatePath}):`);
    listStages(out, stages, 0);
    const { released } = releaseSplit(config);
    if (released.length > 0) {
      out.push(
        ...describeHandoff(
          config,
          released.map((e) => e.name),
        ),
      );
      if (release?.stages) listStages(out, release.stages, stages.length);
      else
        out.push(
          `  release pipeline stages: not synthesized yet (no ${release?.templatePath ?? 'release template'}); run 'npm start'`,
        );
    }
  } else {
    out.push(`Pipeline stages: not synthesized yet (no ${templatePath}); run 'npm start' to synthesize and list them.`);
  }
  out.push('');
  out.push('Environments, in promotion order:');
  for (const environment of config.environments) out.push(...describeEnvironment(config, environment));
  out.push(...describeWorkerFirstDeployment(config));
  out.push('');
  out.push(
    'Critical path from push to full production traffic (a MODEL: * marks assumed durations, the rest is configured):',
  );
  let total = 0;
  for (const segment of criticalPath(config)) {
    total += segment.minutes;
    out.push(
      `  ${segment.configured ? ' ' : '*'} ${segment.what.padEnd(44)} ${fmt(segment.minutes).padStart(6)} min  (t+${fmt(total)})`,
    );
  }
  out.push(`  = about ${fmt(total)} min, approvals counted as instant`);
  return `${out.join('\n')}\n`;
}

function listStages(out: string[], stages: readonly PlannedStage[], before: number): void {
  stages.forEach((stage, i) => {
    out.push(`  ${before + i + 1}. ${stage.name}`);
    for (const condition of stage.conditions) out.push(`       [${condition}]`);
    for (const action of stage.actions) out.push(`       ${action.runOrder}. ${action.name} (${action.provider})`);
  });
}

/** The lines between the two pipelines: what crosses, what the release pipeline is, where it runs and who trusts it. */
function describeHandoff(config: PipelineConfig, released: readonly string[]): string[] {
  const names = released.join(', ');
  const releaseAccount = releaseAccountOf(config);
  const { protectedAccounts } = releaseSplit(config);
  return [
    `  -> the hand-off puts the candidate (commit, image digests, the synthesized templates of ${names}, SHA-256 of ` +
      `every file) into s3://${handoffBucketName(config.application, releaseAccount, config.pipeline.region)}/${HANDOFF_KEY}, ` +
      `which starts the release pipeline '${releasePipelineName(config.application)}' (stack ` +
      `${releaseStackName(config.application)}: not self-mutating, one run at a time, its checks run the pinned tool, ` +
      'deployed by the platform team); its Verify admits a candidate only when its templates trust no one but AWS ' +
      "services, their own account and the release stack's roles, and meet the guardrails:",
    describeReleaseAccount(config, releaseAccount, protectedAccounts),
  ];
}

/** Where the release pipeline runs, and which account the protected accounts trust. */
function describeReleaseAccount(
  config: PipelineConfig,
  releaseAccount: string,
  protectedAccounts: readonly string[],
): string {
  return (
    `     it runs in account ${releaseAccount} / ${config.pipeline.region}, a release account of its own: the ` +
    `protected accounts (${protectedAccounts.join(', ')}) trust only its roles, and the tools account ` +
    `(${config.pipeline.account}) only puts the hand-off key there`
  );
}

function describeEnvironment(config: PipelineConfig, environment: EnvironmentConfig): string[] {
  const names = environmentNames(config.application, environment, config.pipeline.region);
  const { alarms } = environment;
  const window = environment.deploymentWindow;
  return [
    `  ${environment.name}: account ${environment.account}, ${environment.region} (${environment.availabilityZones.join(', ')})`,
    `    approval before deploy: ${environment.approval ? `yes, in the console, with a notification, in the release pipeline (the approved candidate only)` : 'no'}`,
    window
      ? `    deployment window: ${window.days.join(',')} ${window.startHour}:00-${window.endHour}:00 UTC, else ${window.outside}`
      : '    deployment window: none',
    `    deployment: ${describeStrategy(environment.deployment)} (${deploymentConfigName(environment.deployment, names.codeDeployApplication)}), termination wait ${environment.terminationWaitMinutes} min`,
    `    rollback alarms (per web service, blue and green): 5xx >= ${alarms.target5xxCount}, p99 >= ${alarms.p99LatencyMs} ms, unhealthy hosts >= ${alarms.unhealthyHosts}; ${alarms.evaluationPeriods} x ${alarms.periodSeconds} s, so a bad release is detected in about ${fmt(alarmDetectionMinutes(environment))} min`,
    describeEnvironmentNetwork(environment),
    ...config.services.flatMap((service) => [
      describeService(config, environment, service),
      ...describeServiceValues(environment, service),
    ]),
    ...describeEnvironmentData(config, environment),
    ...describeEnvironmentStorage(config, environment),
    ...describeEnvironmentFrontend(config, environment),
    ...describeDomainDelegation(environment),
    ...describeListenerRepoint(config),
  ];
}

const EXECUTION_MODES: Record<PipelineConfig['pipeline']['executionMode'], string> = {
  SUPERSEDED: ' (a newer commit overtakes older runs waiting for a stage, so prod gets the newest tested commit)',
  QUEUED: ' (every commit runs through every stage, one run per stage at a time)',
};

function describeService(config: PipelineConfig, environment: EnvironmentConfig, service: ServiceConfig): string {
  const names = serviceNames(config.application, environment, service);
  const scaling = scalingFor(environment, service);
  const size = `${scaling.minTasks}-${scaling.maxTasks} tasks on CPU ${scaling.cpuTargetPercent}%`;
  if (isSingleton(service)) {
    return (
      `    service ${service.name} (worker, singleton): one task, the old one stops before the new one starts ` +
      '(ECS controller, minHealthyPercent 0, maxHealthyPercent 100, circuit breaker and deployment alarms); no scaling; ' +
      workerOrder(config)
    );
  }
  if (service.kind === 'worker') {
    const queue = service.queueScaling
      ? ` and ${service.queueScaling.metricName} ${service.queueScaling.targetValue}/task`
      : '';
    return (
      `    service ${service.name} (worker): rolling update by the ECS controller with circuit breaker and ` +
      `deployment alarms (rollback), healthy ${service.minHealthyPercent}-${service.maxHealthyPercent}%; ${size}${queue}; ` +
      workerOrder(config)
    );
  }
  const requests = service.loadBalancer === 'alb' ? ` and ${scaling.requestsPerTarget} requests/target/min` : '';
  const shift = service.loadBalancer === 'nlb' ? ` (${NLB_ALL_AT_ONCE})` : '';
  const plan = serviceGates(config, service);
  const checks = plan.checks.map((c) => `${c.method} ${c.path}`).join(', ');
  const gates = [
    service.release ? `release task "${service.release.command}" before traffic moves` : undefined,
    plan.integrationTests
      ? `integration suite on green at AfterAllowTestTraffic ("${plan.integrationTests.command}", at most ` +
        `${plan.integrationTests.timeoutMinutes} min) -> ${names.integrationGateFunction}`
      : undefined,
    plan.checksOnGreen.length > 0
      ? `checks on green (test listener) at ${plan.checksOnGreen.join(', ')} -> ${names.hookFunction}`
      : undefined,
    plan.smoke ? `smoke on production at AfterAllowTraffic, blue still standing -> ${names.smokeFunction}` : undefined,
  ].filter((gate) => gate !== undefined);
  return [
    `    service ${service.name} (web, ${service.loadBalancer.toUpperCase()}${service.public ? '' : ', internal'}): ` +
      `blue/green ${names.deploymentGroup}${shift}; ${size}${requests}`,
    `      gates: ${gates.join('; ')} (checks: ${checks})`,
    '      scaling during a deployment: suspended (in, out, scheduled) from its START until the termination wait ' +
      `begins or it ends (SUCCESS, FAILURE, STOP); a failure to suspend or resume alarms (${names.alarmPrefix}-ScalingSuspension*)`,
  ].join('\n');
}

function describeBuildStep(config: PipelineConfig): string {
  const { test } = config.build;
  const synth = 'Synth (install, guardrails check, synth, preflight)';
  if (test === 'none') return `Build stage: ${synth}; application tests: none (build.test is 'none')`;
  const runtimes = Object.entries(test.runtime).map(([name, version]) => `${name} ${version}`);
  const on = runtimes.length > 0 ? ` on ${runtimes.join(', ')}` : '';
  const commands = test.commands.map((c) => `"${c}"`).join(', ');
  return `Build stage: Test (application tests: ${commands}${on}; no write to the artifacts), then ${synth}`;
}

function describeTrigger(source: PipelineConfig['source']): string {
  if (source.trigger === 'manual') return 'started by hand only ("Release change" in the console), never by a push';
  const touched = source.triggerPaths ? ` that touches ${source.triggerPaths.join(', ')}` : '';
  const ignored = source.ignorePaths.length > 0 ? `, unless it touches only ${source.ignorePaths.join(', ')}` : '';
  return `a push${touched} starts it${ignored}`;
}

function fmt(minutes: number): string {
  return String(round(minutes));
}
