import {
  CDK_JSON,
  GITIGNORE_LINES,
  outsideRepository,
  planInit,
  SCRIPTS,
  type InitOptions,
} from '../../../cli/init/plan-init';

const OPTIONS: InitOptions = { config: 'application: shop\n', toolVersion: '1.2.3', packageName: 'shop', force: false };

const files = (entries: Record<string, string>) => (path: string) => entries[path];

describe('planInit', () => {
  test('in an empty directory, creates the config, cdk.json, package.json with the scripts and the pinned tool, and .gitignore', () => {
    const plan = planInit(files({}), OPTIONS);
    expect(plan.conflicts).toEqual([]);
    const byPath = Object.fromEntries(plan.writes.map((w) => [w.path, w.text]));
    expect(Object.keys(byPath).sort()).toEqual(['.gitignore', 'cdk.json', 'package.json', 'pipeline.config.yaml']);
    expect(byPath['pipeline.config.yaml']).toBe(OPTIONS.config);
    expect(JSON.parse(byPath['cdk.json'])).toEqual({
      app: 'npx --no bluegreen app',
      notices: false,
      context: { 'cli-telemetry': false },
    });
    expect(JSON.parse(byPath['package.json'])).toEqual({
      name: 'shop',
      private: true,
      scripts: SCRIPTS,
      devDependencies: { 'ecs-bluegreen-pipeline': '1.2.3' },
    });
    expect(byPath['.gitignore']).toBe(`${GITIGNORE_LINES.join('\n')}\n`);
  });

  test('keeps an existing package.json and the dependency npm install added, adding only the scripts', () => {
    const existing = { name: 'shop', dependencies: { 'ecs-bluegreen-pipeline': 'file:../tool.tgz', react: '18.3.1' } };
    const plan = planInit(files({ 'package.json': JSON.stringify(existing) }), OPTIONS);
    const manifest = JSON.parse(plan.writes.find((w) => w.path === 'package.json')!.text);
    expect(manifest).toEqual({ ...existing, scripts: SCRIPTS });
    expect(plan.writes.find((w) => w.path === 'package.json')!.change).toBe('updated: scripts.start, scripts.cdk');
  });

  test('appends only the missing .gitignore lines, after a final newline it adds when missing', () => {
    const plan = planInit(files({ '.gitignore': '*.pyc\nnode_modules' }), OPTIONS);
    expect(plan.writes.find((w) => w.path === '.gitignore')!.text).toBe('*.pyc\nnode_modules\ncdk.out/\n');
  });

  test('stops on every file or script that exists and differs, and plans no write for it', () => {
    const plan = planInit(
      files({
        'pipeline.config.yaml': 'application: other\n',
        'cdk.json': '{"app":"python3 app.py"}',
        'package.json': JSON.stringify({ scripts: { start: 'python manage.py runserver' } }),
      }),
      OPTIONS,
    );
    expect(plan.conflicts).toEqual([
      'pipeline.config.yaml exists and differs (--force overwrites it)',
      'cdk.json exists and differs (--force overwrites it)',
      'package.json scripts.start is "python manage.py runserver" (init sets "' +
        SCRIPTS.start +
        '"; --force overwrites it)',
    ]);
    expect(plan.writes.map((w) => w.path)).not.toContain('pipeline.config.yaml');
    expect(plan.writes.map((w) => w.path)).not.toContain('cdk.json');
  });

  test('with force, overwrites what differs and says so', () => {
    const plan = planInit(
      files({ 'cdk.json': '{"app":"python3 app.py"}', 'package.json': '{"scripts":{"start":"x"}}' }),
      { ...OPTIONS, force: true },
    );
    expect(plan.conflicts).toEqual([]);
    expect(plan.writes.find((w) => w.path === 'cdk.json')).toMatchObject({
      text: CDK_JSON,
      change: expect.stringMatching(/^overwritten/),
    });
    expect(JSON.parse(plan.writes.find((w) => w.path === 'package.json')!.text).scripts.start).toBe(SCRIPTS.start);
  });

  test('run a second time on its own output, writes nothing and reports every file unchanged', () => {
    const first = planInit(files({}), OPTIONS);
    const written = Object.fromEntries(first.writes.map((w) => [w.path, w.text]));
    const second = planInit(files(written), OPTIONS);
    expect(second).toEqual({
      warnings: [],
      writes: [],
      conflicts: [],
      unchanged: ['pipeline.config.yaml', 'cdk.json', 'package.json', '.gitignore'],
    });
  });

  test('refuses a package.json that is not a JSON object, without guessing', () => {
    expect(planInit(files({ 'package.json': '[1]' }), OPTIONS).conflicts).toEqual([
      'package.json is not a JSON object; fix it, then run init again',
    ]);
  });
});

describe('outsideRepository', () => {
  test.each([
    ['0.1.0', false],
    ['file:vendor/ecs-bluegreen-pipeline-0.1.0.tgz', false],
    ['file:../ecs-bluegreen-pipeline-0.1.0.tgz', true],
    ['file:/tmp/ecs-bluegreen-pipeline-0.1.0.tgz', true],
  ])('warns about %s: %s', (spec, warns) => {
    expect(outsideRepository(spec) !== undefined).toBe(warns);
  });

  test('init warns about an install from outside the repository and still writes its files', () => {
    const plan = planInit(
      (path) =>
        path === 'package.json'
          ? JSON.stringify({ dependencies: { 'ecs-bluegreen-pipeline': 'file:../tool.tgz' } })
          : undefined,
      OPTIONS,
    );
    expect(plan.warnings).toEqual([expect.stringContaining("the pipeline's npm ci cannot read it")]);
    expect(plan.conflicts).toEqual([]);
    expect(plan.writes.map((w) => w.path)).toContain('cdk.json');
  });
});
