import type { DeploymentStrategy, EnvironmentConfig } from './config';

/** CodeDeploy's predefined ECS configs, by the strategy that matches each exactly. */
const PREDEFINED: Record<string, string> = {
  allAtOnce: 'CodeDeployDefault.ECSAllAtOnce',
  'canary-10-5': 'CodeDeployDefault.ECSCanary10Percent5Minutes',
  'canary-10-15': 'CodeDeployDefault.ECSCanary10Percent15Minutes',
  'linear-10-1': 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
  'linear-10-3': 'CodeDeployDefault.ECSLinear10PercentEvery3Minutes',
};

function strategyKey(strategy: DeploymentStrategy): string {
  return strategy.type === 'allAtOnce'
    ? 'allAtOnce'
    : `${strategy.type}-${strategy.percentage}-${strategy.intervalMinutes}`;
}

/** The predefined config name for a strategy, or undefined when it needs a custom config. */
export function predefinedDeploymentConfig(strategy: DeploymentStrategy): string | undefined {
  return PREDEFINED[strategyKey(strategy)];
}

/**
 * The name of the deployment config an environment uses. Custom configs get a fixed name so the
 * pipeline stack can import the deployment group with its real config (FACTS: an imported group
 * otherwise defaults to ECSAllAtOnce and the action's role is granted the wrong config).
 */
export function deploymentConfigName(strategy: DeploymentStrategy, prefix: string): string {
  return predefinedDeploymentConfig(strategy) ?? `${prefix}-${strategyKey(strategy)}`;
}

/** Minutes from the first production traffic on green until green has all of it. */
export function trafficShiftMinutes(strategy: DeploymentStrategy): number {
  switch (strategy.type) {
    case 'allAtOnce':
      return 0;
    case 'canary':
      return strategy.intervalMinutes;
    case 'linear':
      return (Math.ceil(100 / strategy.percentage) - 1) * strategy.intervalMinutes;
  }
}

export function describeStrategy(strategy: DeploymentStrategy): string {
  switch (strategy.type) {
    case 'allAtOnce':
      return 'all at once';
    case 'canary':
      return `canary ${strategy.percentage}% for ${strategy.intervalMinutes} min, then 100%`;
    case 'linear':
      return `linear ${strategy.percentage}% every ${strategy.intervalMinutes} min`;
  }
}

/** Minutes a rollback alarm needs to go off: its period times the datapoints it needs. */
export function alarmDetectionMinutes(environment: Pick<EnvironmentConfig, 'alarms'>): number {
  return (environment.alarms.periodSeconds * environment.alarms.evaluationPeriods) / 60;
}

/** Minutes the pipeline's bake check watches the rollback alarm after a blue/green: the detection time, at least 1. */
export function bakeMinutes(environment: Pick<EnvironmentConfig, 'alarms'>): number {
  return Math.max(1, Math.ceil(alarmDetectionMinutes(environment)));
}
