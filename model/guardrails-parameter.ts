import type { PipelineConfig } from './config/schema';

/** The SSM parameter that holds the guardrails: `guardrails.parameterName`, else `/bluegreen/<application>/guardrails`. */
export function guardrailsParameterName(config: Pick<PipelineConfig, 'application' | 'guardrails'>): string {
  return config.guardrails?.parameterName ?? `/bluegreen/${config.application}/guardrails`;
}
