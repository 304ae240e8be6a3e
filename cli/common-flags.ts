import type { FlagDef } from './args';

/**
 * The flags many commands share, so each has the same name, short alias and value everywhere
 * (`-e` / `-s` for every command that takes an environment or a service). A command may word the help
 * for what the flag means to it.
 */
export function environmentFlag(help = 'environment from the config', required = true): FlagDef {
  return { type: 'string', short: 'e', value: 'NAME', required, help };
}

export function serviceFlag(help: string): FlagDef {
  return { type: 'string', short: 's', value: 'NAME', help };
}

export const CONFIG_FLAG: FlagDef = {
  type: 'string',
  value: 'FILE',
  help: 'configuration file (default: $PIPELINE_CONFIG or pipeline.config.yaml)',
};
