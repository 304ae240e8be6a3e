import type { PipelineConfig } from '../../model/config';

/**
 * What the RepointListeners step does for an environment: after each stack update, before the blue/green
 * deployments, its web services' traffic listeners are checked and re-pointed (aws-cdk#36649) by the environment's
 * re-point function, which the step only invokes. Nothing without a web service.
 */
export function describeListenerRepoint(config: PipelineConfig): string[] {
  if (!config.services.some((service) => service.kind === 'web')) return [];
  return [
    '    listeners: checked after each stack update and re-pointed to the PRIMARY task set before any blue/green ' +
      'deployment (RepointListeners; a listener change would otherwise reset production, aws-cdk#36649), by the ' +
      "environment's listener-repoint function: it takes no input and may change only these listeners, and the step " +
      'may only invoke it',
  ];
}
