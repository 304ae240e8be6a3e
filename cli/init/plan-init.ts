/**
 * What `bluegreen init` does to an application's repository, worked out before anything is written: each file
 * it creates or changes, and each conflict with what is already there. Pure: it reads through `read` and
 * returns the writes, so the command writes all of them or none.
 */

import { TOOL_PACKAGE } from '../../model/tool-files';

/** The application repository as init sees it: a file's text, or undefined when there is none. */
export type ReadFile = (path: string) => string | undefined;

export interface InitOptions {
  /** The text of pipeline.config.yaml to write. */
  readonly config: string;
  /** The tool's version, pinned as the dev dependency when the application does not depend on the tool yet. */
  readonly toolVersion: string;
  /** The application's name for a package.json init creates. */
  readonly packageName: string;
  /** Overwrite files and scripts that differ, instead of stopping. */
  readonly force: boolean;
}

export interface FileWrite {
  readonly path: string;
  readonly text: string;
  /** What the write does, for the report. */
  readonly change: string;
}

export interface InitPlan {
  /** What init cannot fix but the pipeline would trip over, one line each. */
  readonly warnings: readonly string[];
  readonly writes: readonly FileWrite[];
  /** One line per file or field init would overwrite; while any is left, nothing is written. */
  readonly conflicts: readonly string[];
  /** Files already as init would write them. */
  readonly unchanged: readonly string[];
}

/** `npx --no`: in CI, plain npx would fetch a registry package named bluegreen when the tool is missing. */
/**
 * The CDK CLI's notices and telemetry are off: both would call AWS's servers on every synth, which must work
 * offline and sends nothing anywhere. A user may turn them on here.
 */
export const CDK_JSON = `${JSON.stringify(
  { app: 'npx --no bluegreen app', notices: false, context: { 'cli-telemetry': false } },
  null,
  2,
)}\n`;

/** The scripts init sets: `npm start` is synth + preflight + plan, as in the tool's own repository. */
export const SCRIPTS: Readonly<Record<string, string>> = {
  start: 'bluegreen cdk synth --quiet && bluegreen preflight cdk.out && bluegreen plan',
  cdk: 'bluegreen cdk',
};

export const GITIGNORE_LINES = ['node_modules/', 'cdk.out/'] as const;

export function planInit(read: ReadFile, options: InitOptions): InitPlan {
  const writes: FileWrite[] = [];
  const conflicts: string[] = [];
  const unchanged: string[] = [];
  const warnings: string[] = [];

  const wholeFile = (path: string, text: string, what: string) => {
    const existing = read(path);
    if (existing === text) unchanged.push(path);
    else if (existing !== undefined && !options.force)
      conflicts.push(`${path} exists and differs (--force overwrites it)`);
    else writes.push({ path, text, change: existing === undefined ? `created: ${what}` : `overwritten: ${what}` });
  };
  wholeFile('pipeline.config.yaml', options.config, 'the application, its accounts and environments');
  wholeFile('cdk.json', CDK_JSON, "its app runs the installed tool ('bluegreen app')");

  const manifest = packageJson(read('package.json'), options, conflicts, warnings);
  if (manifest) writes.push(manifest);
  else if (read('package.json') !== undefined) unchanged.push('package.json');

  const gitignore = read('.gitignore');
  const present = new Set((gitignore ?? '').split('\n').map((line) => line.trim()));
  const missing = GITIGNORE_LINES.filter((line) => !present.has(line) && !present.has(line.replace(/\/$/, '')));
  if (missing.length === 0) unchanged.push('.gitignore');
  else {
    const before =
      gitignore === undefined || gitignore === '' || gitignore.endsWith('\n') ? (gitignore ?? '') : `${gitignore}\n`;
    writes.push({
      path: '.gitignore',
      text: `${before}${missing.join('\n')}\n`,
      change: `${gitignore === undefined ? 'created' : 'added'}: ${missing.join(', ')}`,
    });
  }
  return { warnings, writes, conflicts, unchanged };
}

type Manifest = Record<string, unknown> & {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

/** package.json with init's scripts and the tool as a dev dependency; undefined when nothing changes. */
function packageJson(
  text: string | undefined,
  options: InitOptions,
  conflicts: string[],
  warnings: string[],
): FileWrite | undefined {
  let manifest: Manifest;
  if (text === undefined) manifest = { name: options.packageName, private: true };
  else {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      manifest = parsed as Manifest;
    } catch {
      conflicts.push('package.json is not a JSON object; fix it, then run init again');
      return undefined;
    }
  }
  const changes: string[] = [];
  const scripts = { ...(manifest.scripts ?? {}) };
  for (const [name, command] of Object.entries(SCRIPTS)) {
    if (scripts[name] === command) continue;
    if (scripts[name] !== undefined && !options.force) {
      conflicts.push(
        `package.json scripts.${name} is "${scripts[name]}" (init sets "${command}"; --force overwrites it)`,
      );
      continue;
    }
    scripts[name] = command;
    changes.push(`scripts.${name}`);
  }
  const devDependencies = { ...(manifest.devDependencies ?? {}) };
  const spec = manifest.dependencies?.[TOOL_PACKAGE] ?? devDependencies[TOOL_PACKAGE];
  const unreachable = spec === undefined ? undefined : outsideRepository(spec);
  if (unreachable) warnings.push(unreachable);
  if (manifest.dependencies?.[TOOL_PACKAGE] === undefined && devDependencies[TOOL_PACKAGE] === undefined) {
    devDependencies[TOOL_PACKAGE] = options.toolVersion;
    changes.push(`devDependencies.${TOOL_PACKAGE} ${options.toolVersion}`);
  }
  if (changes.length === 0) return undefined;
  const updated: Manifest = { ...manifest, scripts };
  if (Object.keys(devDependencies).length > 0) updated.devDependencies = devDependencies;
  return {
    path: 'package.json',
    text: `${JSON.stringify(updated, null, 2)}\n`,
    change: `${text === undefined ? 'created' : 'updated'}: ${changes.join(', ')}`,
  };
}

/**
 * Why the pipeline's `npm ci` could not install the tool from `spec`, or undefined: a `file:` path outside the
 * repository exists on this machine only, and CodeBuild checks out the repository alone.
 */
export function outsideRepository(spec: string): string | undefined {
  if (!spec.startsWith('file:')) return undefined;
  const path = spec.slice('file:'.length).replace(/\\/g, '/');
  const outside = path.startsWith('/') || path.split('/').includes('..');
  return outside
    ? `package.json installs ${TOOL_PACKAGE} from ${spec}, outside the repository: the pipeline's npm ci cannot read it. ` +
        'Install it from a registry you control (npm, CodeArtifact) or from a tarball committed inside the ' +
        'repository (npm install --save-dev ./vendor/<tarball>)'
    : undefined;
}
