import { readdirSync } from 'node:fs';
import { BUILDSPEC_DIR, loadBuildSpec, parseBuildSpec } from '../../../pipeline/delivery/buildspec-file';

test.each(readdirSync(BUILDSPEC_DIR).filter((f) => f.endsWith('.yml')))(
  'buildspecs/%s is valid and stays a few lines',
  (file) => {
    const spec = loadBuildSpec(file);
    expect(spec.commands.length).toBeGreaterThan(0);
    expect(spec.installCommands.length + spec.commands.length).toBeLessThanOrEqual(8);
  },
);

test('the buildspecs that need the CLI call the installed bluegreen (npx --no) rather than carrying logic in shell', () => {
  expect(loadBuildSpec('scan.yml').commands.join('\n')).toContain('npx --no bluegreen scan-gate');
  expect(loadBuildSpec('bake.yml').commands.join('\n')).toContain('npx --no bluegreen bake');
  expect(loadBuildSpec('render.yml').commands.join('\n')).toContain('npx --no bluegreen render');
  expect(loadBuildSpec('release.yml').commands.join('\n')).toContain('npx --no bluegreen run-task');
  expect(loadBuildSpec('publish-frontend.yml').commands.join('\n')).toContain('npx --no bluegreen frontend publish');
});

test('the privileged image build runs docker and never the scan gate', () => {
  const commands = loadBuildSpec('image.yml').commands.join('\n');
  expect(commands).toContain('docker build');
  expect(commands).not.toMatch(/bluegreen|npm|npx/);
});

test.each(readdirSync(BUILDSPEC_DIR).filter((f) => f.endsWith('.yml')))(
  'buildspecs/%s pins Node 22 where it runs Node, and the loader keeps the pin',
  (file) => {
    const spec = loadBuildSpec(file);
    // frontend.yml runs the configured frontend.buildCommand (npm ci && npm run build by default): Node too.
    const runsNode =
      file === 'frontend.yml' || /\b(npm|npx|node)\b/.test([...spec.installCommands, ...spec.commands].join('\n'));
    const pinned = (spec.rest.phases as { install?: { 'runtime-versions'?: { nodejs?: number } } } | undefined)
      ?.install?.['runtime-versions']?.nodejs;
    expect(pinned).toBe(runsNode ? 22 : undefined);
  },
);

test('splits install and build commands and keeps the rest for CDK to merge', () => {
  const spec = parseBuildSpec(
    'version: 0.2\nenv:\n  exported-variables: [A]\nphases:\n  install:\n    runtime-versions: { nodejs: 22 }\n' +
      '    commands: [npm ci]\n  build:\n    commands: [echo hi]\n',
    'x.yml',
  );
  expect(spec).toEqual({
    installCommands: ['npm ci'],
    commands: ['echo hi'],
    rest: { env: { 'exported-variables': ['A'] }, phases: { install: { 'runtime-versions': { nodejs: 22 } } } },
  });
});

test.each([
  ['version: 0.1\nphases: { build: { commands: [a] } }', 'buildspecs/x.yml: version must be 0.2 (got 0.1)'],
  [
    'version: 0.2\nphases: { build: { commands: [] } }',
    'buildspecs/x.yml: phases.build.commands must be a non-empty list of strings',
  ],
  [
    'version: 0.2\nphases: { post_build: { commands: [a] }, build: { commands: [a] } }',
    'buildspecs/x.yml: unknown phases post_build (allowed: install, build)',
  ],
  [
    'version: 0.2\nartifacts: {}\nphases: { build: { commands: [a] } }',
    'buildspecs/x.yml: unknown keys artifacts (allowed: version, env, phases, cache, reports)',
  ],
  ['- a list', 'buildspecs/x.yml: must be a YAML map'],
])('refuses a bad buildspec: %s', (text, message) => {
  expect(() => parseBuildSpec(text, 'x.yml')).toThrow(message);
});

test('no buildspec lets npx fetch a package from the registry: every npx call is npx --no', () => {
  for (const file of readdirSync(BUILDSPEC_DIR).filter((f) => f.endsWith('.yml'))) {
    const spec = loadBuildSpec(file);
    const calls = [...spec.installCommands, ...spec.commands].join('\n').match(/\bnpx(?: [^ ]+)?/g) ?? [];
    for (const call of calls) expect({ file, call }).toEqual({ file, call: 'npx --no' });
  }
});

test.each(readdirSync(`${BUILDSPEC_DIR}/release`).filter((f) => f.endsWith('.yml')))(
  "buildspecs/release/%s is valid, short, and runs no npm or npx: only the pinned tool's bluegreen and cdk",
  (file) => {
    const spec = loadBuildSpec(`release/${file}`);
    expect(spec.commands.length).toBeGreaterThan(0);
    // Verify runs six checks (hash, commit, scans, preflight, guardrails and its exports); every other step fewer.
    expect(spec.installCommands.length + spec.commands.length).toBeLessThanOrEqual(6);
    // The release project adds the pinned install and the Node pin itself (pipeline/release/release-project.ts).
    expect(spec.commands.join('\n')).not.toMatch(/\bnpm\b|\bnpx\b|node_modules/);
    expect(spec.commands.join('\n')).toContain('bluegreen ');
  },
);
