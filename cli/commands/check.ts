import {
  DEFAULT_BUDGET_MS,
  errorMessage,
  formatChecksTable,
  parseBudgetMs,
  parseChecks,
  parseTargetUrl,
  runChecks,
} from '../../core/checks';
import type { CheckConfig } from '../../model/config';
import { serviceGates } from '../../model/config/release-gates';
import { findEnvironment, findService } from '../../model/naming';
import { optional, parseCommandArgs, required, type Flags } from '../args';
import { UsageError, type CliContext } from '../context';
import { CONFIG_FLAG, environmentFlag, serviceFlag } from '../common-flags';
import type { CommandHelp } from '../help';
import type { Command } from '../main';

const HELP: CommandHelp = {
  command: 'check',
  flags: {
    url: {
      type: 'string',
      value: 'URL',
      required: true,
      help: `base URL of the target, e.g. the test listener http://my-alb.example.com:8443
or a local service http://localhost:8080`,
    },
    path: {
      type: 'string',
      multiple: true,
      value: 'PATH',
      help: 'check this path instead (GET, any 2xx, default timeout and attempts); repeatable',
    },
    environment: environmentFlag(
      'a configured environment; must exist (the checks are the same for every environment)',
      false,
    ),
    service: serviceFlag('the web service whose checks run (default: the first web service)'),
    config: CONFIG_FLAG,
    'budget-ms': {
      type: 'string',
      value: 'N',
      help: `time for all checks together, retries included (default ${DEFAULT_BUDGET_MS}, as in the hook)`,
    },
  },
  description: `
Runs the lifecycle hook's checks against URL (those of the web service, as its deployed hook runs them: its
own 'checks', else the top-level ones), prints one row per check and exits 1 when a check fails: a local dry
run of the hook.`,
};

/** `bluegreen check`: a thin shell over core/checks, the engine the lifecycle hook runs. */
export const check: Command = async (args, context) => {
  const flags = parseCommandArgs(args, HELP, context.stdout);
  if (flags === undefined) return 0;
  const url = usage(() => parseTargetUrl(required(flags, 'url'), '--url'));
  const budgetMs = usage(() => parseBudgetMs(optional(flags, 'budget-ms'), '--budget-ms'));
  const checks = chooseChecks(flags, context);

  context.stdout(
    `checking ${url.href} (${checks.length} check${checks.length === 1 ? '' : 's'}, budget ${budgetMs} ms)\n\n`,
  );
  const report = await runChecks(url, checks, { budgetMs });
  context.stdout(formatChecksTable(report));
  return report.passed ? 0 : 1;
};

/** The configured checks, or one default check per --path (then the configuration is read only when named). */
function chooseChecks(flags: Flags, context: CliContext): CheckConfig[] {
  const paths = Array.isArray(flags.path) ? flags.path : undefined;
  const environment = optional(flags, 'environment');
  const serviceName = optional(flags, 'service');
  const configFile = optional(flags, 'config');
  if (paths !== undefined && serviceName !== undefined) throw new UsageError('give --path or --service, not both');
  if (paths !== undefined && environment === undefined && configFile === undefined) return pathChecks(paths);
  const config = context.config(configFile);
  if (environment !== undefined) usage(() => findEnvironment(config.environments, environment));
  if (paths !== undefined) return pathChecks(paths);
  const service = usage(() => findService(config.services, serviceName));
  if (service.kind !== 'web') {
    throw new UsageError(
      `--service ${service.name} is a worker: it has no listener to check (checks run on web services)`,
    );
  }
  return [...serviceGates(config, service).checks];
}

function pathChecks(paths: readonly string[]): CheckConfig[] {
  return usage(() =>
    parseChecks(
      paths.map((path) => ({ path })),
      '--path',
    ),
  );
}

/** Runs `parse`, turning its error into a UsageError (exit 2) with the same message. */
function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(errorMessage(error));
  }
}
