import { PublishPlanError } from './publish-plan-error';

/** What the page reads at start-up from the runtime config file: the only per-environment settings. */
export interface RuntimeConfig {
  /** Where the page sends API calls: a path on the same origin (e.g. `/api`) or an https URL. */
  readonly apiBaseUrl: string;
  /** The environment's name from the pipeline configuration. */
  readonly environment: string;
  /** The release (the commit) the page belongs to. */
  readonly version: string;
}

/**
 * The runtime config file's text: the same build serves every environment, and this file is what
 * differs. An `http:` API URL is refused: an HTTPS page calling it is mixed content, which browsers block.
 */
export function renderRuntimeConfig(config: RuntimeConfig): string {
  const { apiBaseUrl, environment, version } = config;
  if (!/^\/(?!\/)/.test(apiBaseUrl) && !/^https:\/\/[^/\s]+/.test(apiBaseUrl)) {
    throw new PublishPlanError(
      `apiBaseUrl '${apiBaseUrl}' must be a path on the same origin (e.g. /api) or an https:// URL: an https page calling http is mixed content`,
    );
  }
  if (environment.length === 0 || version.length === 0) {
    throw new PublishPlanError('the runtime config needs an environment name and a version');
  }
  return `${JSON.stringify({ apiBaseUrl, environment, version }, null, 2)}\n`;
}
