import { isAbsolute, resolve } from 'node:path';

export const DEFAULT_CONFIG_FILE = 'pipeline.config.yaml';

/** The configuration file `file` names (relative to `cwd`), or `pipeline.config.yaml` when absent. */
export function resolveConfigPath(file: string | undefined, cwd: string): string {
  const chosen = file && file.length > 0 ? file : DEFAULT_CONFIG_FILE;
  return isAbsolute(chosen) ? chosen : resolve(cwd, chosen);
}
