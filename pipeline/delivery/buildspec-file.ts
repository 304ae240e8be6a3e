import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { toolFile } from '../../model/tool-files';

/** Where the CodeBuild specs live: in the tool, never in the working directory (the application's). */
export const BUILDSPEC_DIR = toolFile('buildspecs');

/** A buildspec split the way `CodeBuildStep` takes it. */
export interface StepCommands {
  readonly installCommands: string[];
  readonly commands: string[];
  /** Everything besides the phases' commands (env, cache, reports, install runtime-versions), merged by CDK. */
  readonly rest: Record<string, unknown>;
}

const ALLOWED_KEYS = ['version', 'env', 'phases', 'cache', 'reports'];
const ALLOWED_PHASES = ['install', 'build'];

/**
 * Reads and validates `buildspecs/<name>`. Loaded at synth time (not `fromSourceFilename`) so the
 * pipeline's tests see exactly what CodeBuild will run.
 */
export function loadBuildSpec(name: string, dir = BUILDSPEC_DIR): StepCommands {
  return parseBuildSpec(readFileSync(join(dir, name), 'utf8'), name);
}

export function parseBuildSpec(text: string, name: string): StepCommands {
  const fail = (problem: string): never => {
    throw new Error(`buildspecs/${name}: ${problem}`);
  };
  const spec: unknown = parse(text);
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return fail('must be a YAML map');
  const { version, phases, ...rest } = spec as Record<string, unknown>;
  if (version !== 0.2 && version !== '0.2') fail(`version must be 0.2 (got ${JSON.stringify(version)})`);
  const unknownKeys = Object.keys(spec).filter((k) => !ALLOWED_KEYS.includes(k));
  if (unknownKeys.length > 0) fail(`unknown keys ${unknownKeys.join(', ')} (allowed: ${ALLOWED_KEYS.join(', ')})`);
  if (typeof phases !== 'object' || phases === null) return fail('needs phases.build.commands');
  const unknownPhases = Object.keys(phases).filter((p) => !ALLOWED_PHASES.includes(p));
  if (unknownPhases.length > 0)
    fail(`unknown phases ${unknownPhases.join(', ')} (allowed: ${ALLOWED_PHASES.join(', ')})`);
  const commandsOf = (phase: string, required: boolean): string[] => {
    const commands = (phases as Record<string, { commands?: unknown } | undefined>)[phase]?.commands;
    if (commands === undefined && !required) return [];
    if (
      !Array.isArray(commands) ||
      commands.length === 0 ||
      !commands.every((c) => typeof c === 'string' && c.trim() !== '')
    ) {
      return fail(`phases.${phase}.commands must be a non-empty list of strings`);
    }
    return commands;
  };
  // CDK takes the commands separately; whatever else a phase holds (runtime-versions) is merged back unchanged.
  const phaseSettings = Object.fromEntries(
    Object.entries(phases as Record<string, Record<string, unknown> | undefined>).flatMap(([phase, body]) => {
      const settings = Object.fromEntries(Object.entries(body ?? {}).filter(([key]) => key !== 'commands'));
      return Object.keys(settings).length > 0 ? [[phase, settings]] : [];
    }),
  );
  return {
    installCommands: commandsOf('install', false),
    commands: commandsOf('build', true),
    rest: Object.keys(phaseSettings).length > 0 ? { ...rest, phases: phaseSettings } : rest,
  };
}
