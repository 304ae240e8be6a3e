import { findEnvironment } from '../model/naming';
import type { FlagDef } from './args';
import { UsageError } from './context';

/**
 * The flags many commands share, so each has the same name, short alias and value everywhere
 * (`-e` / `-s` for every command that takes an environment or a service). A command may word the help
 * for what the flag means to it.
 */
export function environmentFlag(help = 'environment from the config', required = true): FlagDef {
  return { type: 'string', short: 'e', value: 'NAME', required, help };
}

/**
 * The environment `--environment` names (the config's first when the flag is absent); an unknown name is a usage
 * error (exit 2) that lists the configured ones.
 */
export function environmentOfFlag<E extends { name: string }>(environments: readonly E[], name: string | undefined): E {
  try {
    return findEnvironment(environments, name);
  } catch (error) {
    throw new UsageError(`--environment: ${(error as Error).message}`);
  }
}

export function serviceFlag(help: string): FlagDef {
  return { type: 'string', short: 's', value: 'NAME', help };
}

export const CONFIG_FLAG: FlagDef = {
  type: 'string',
  value: 'FILE',
  help: 'configuration file (default: $PIPELINE_CONFIG or pipeline.config.yaml)',
};
