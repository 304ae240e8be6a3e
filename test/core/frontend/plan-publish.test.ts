import {
  contentTypeFor,
  IMMUTABLE,
  NO_CACHE,
  planPublish,
  renderRuntimeConfig,
  type PublishInput,
  type PublishStep,
  type ReleaseManifest,
} from '../../../core/frontend';

const NOW = new Date('2026-11-30T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

const FILES = ['index.html', 'favicon.ico', 'robots.txt', 'assets/app.3f2a1b.js', 'assets/app.9c8d7e.css'];
const SETTINGS = {
  commit: 'c3',
  environment: 'staging',
  apiBaseUrl: '/api',
  runtimeConfigFile: 'config.json',
  keepPreviousAssetsDays: 7,
  hashedAssetPattern: 'assets/**',
};

function input(overrides: Partial<PublishInput> = {}): PublishInput {
  return {
    files: FILES.map((path) => ({ path, size: 10 })),
    existing: [],
    releases: [],
    now: NOW,
    settings: SETTINGS,
    ...overrides,
  };
}

const release = (commit: string, deployedDaysAgo: number, keys: string[]): ReleaseManifest => ({
  commit,
  environment: 'staging',
  deployedAt: daysAgo(deployedDaysAgo).toISOString(),
  keys,
});

const uploads = (steps: readonly PublishStep[]) =>
  steps.flatMap((s) => (s.kind === 'upload' ? [`${s.phase} ${s.key}`] : []));
const stepOf = <K extends PublishStep['kind']>(steps: readonly PublishStep[], kind: K) =>
  steps.find((s): s is Extract<PublishStep, { kind: K }> => s.kind === kind);

describe('planPublish', () => {
  test('order: hashed assets, other files, manifest, runtime config, index.html, invalidation', () => {
    const plan = planPublish(input());
    expect(uploads(plan.steps)).toEqual([
      'hashed assets/app.3f2a1b.js',
      'hashed assets/app.9c8d7e.css',
      'other favicon.ico',
      'other robots.txt',
      'manifest .releases/c3.json',
      'entry config.json',
      'entry index.html',
    ]);
    expect(plan.steps.map((s) => s.kind)).toEqual([...Array(7).fill('upload'), 'invalidate']);
  });

  test.each([
    ['assets/app.3f2a1b.js', IMMUTABLE, 'text/javascript; charset=utf-8'],
    ['assets/app.9c8d7e.css', IMMUTABLE, 'text/css; charset=utf-8'],
    ['favicon.ico', NO_CACHE, 'image/x-icon'],
    ['robots.txt', NO_CACHE, 'text/plain; charset=utf-8'],
    ['.releases/c3.json', NO_CACHE, 'application/json; charset=utf-8'],
    ['config.json', NO_CACHE, 'application/json; charset=utf-8'],
    ['index.html', NO_CACHE, 'text/html; charset=utf-8'],
  ])('%s: Cache-Control %s, Content-Type %s', (key, cacheControl, contentType) => {
    const step = planPublish(input()).steps.find((s) => s.kind === 'upload' && s.key === key);
    expect(step).toMatchObject({ cacheControl, contentType });
  });

  test('the runtime config is generated for the environment and replaces one in the build output', () => {
    const plan = planPublish(input({ files: [...FILES, 'config.json'].map((path) => ({ path, size: 1 })) }));
    const configs = plan.steps.filter((s) => s.kind === 'upload' && s.key === 'config.json');
    expect(configs).toEqual([
      expect.objectContaining({
        source: { text: '{\n  "apiBaseUrl": "/api",\n  "environment": "staging",\n  "version": "c3"\n}\n' },
      }),
    ]);
  });

  test('the manifest lists every key of the release and the time', () => {
    expect(planPublish(input()).manifest).toEqual({
      commit: 'c3',
      environment: 'staging',
      deployedAt: '2026-11-30T12:00:00.000Z',
      keys: ['assets/app.3f2a1b.js', 'assets/app.9c8d7e.css', 'config.json', 'favicon.ico', 'index.html', 'robots.txt'],
    });
  });

  test('only non-hashed paths are invalidated, never /*', () => {
    const files = [...FILES, 'docs/index.html', 'img/a b*.png'].map((path) => ({ path, size: 1 }));
    expect(stepOf(planPublish(input({ files })).steps, 'invalidate')?.paths).toEqual([
      '/',
      '/config.json',
      '/docs/',
      '/docs/index.html',
      '/favicon.ico',
      '/img/a%20b%2A.png',
      '/index.html',
      '/robots.txt',
    ]);
  });

  test('hashed assets already in the bucket are not uploaded again, but stay in the release', () => {
    const plan = planPublish(input({ existing: [{ key: 'assets/app.3f2a1b.js', lastModified: daysAgo(30) }] }));
    expect(uploads(plan.steps)).not.toContain('hashed assets/app.3f2a1b.js');
    expect(plan.unchanged).toEqual(['assets/app.3f2a1b.js']);
    expect(plan.manifest.keys).toContain('assets/app.3f2a1b.js');
    expect(stepOf(plan.steps, 'delete')).toBeUndefined();
  });

  // c1 went live 40 days ago and was replaced by c2 20 days ago; c2 is replaced now by c3.
  const releases = [
    release('c1', 40, ['index.html', 'assets/old1.js', 'config.json']),
    release('c2', 20, ['index.html', 'assets/old2.js', 'config.json', 'legacy.txt']),
  ];
  const existing = (age: number, keys: string[]) => keys.map((key) => ({ key, lastModified: daysAgo(age) }));
  test.each([
    [
      'the previous release stays, older ones go',
      7,
      [
        ...existing(40, ['assets/old1.js', '.releases/c1.json']),
        ...existing(20, ['assets/old2.js', 'legacy.txt', '.releases/c2.json']),
      ],
      ['c2'],
      ['.releases/c1.json', 'assets/old1.js'],
    ],
    [
      'a release live within the window stays even if published long ago',
      25,
      [...existing(40, ['assets/old1.js', '.releases/c1.json']), ...existing(20, ['assets/old2.js'])],
      ['c2', 'c1'],
      [],
    ],
    [
      'a window of 0 keeps nothing of earlier releases',
      0,
      existing(20, ['assets/old2.js', '.releases/c2.json']),
      [],
      ['.releases/c2.json', 'assets/old2.js'],
    ],
    [
      'files of no release younger than the window stay (a publish that stopped early)',
      7,
      existing(1, ['assets/orphan.js']),
      ['c2'],
      [],
    ],
    [
      'files of no release older than the window go',
      7,
      existing(8, ['assets/orphan.js']),
      ['c2'],
      ['assets/orphan.js'],
    ],
  ])('%s (keep %i days)', (_, keepPreviousAssetsDays, found, retained, deleted) => {
    const plan = planPublish(input({ releases, existing: found, settings: { ...SETTINGS, keepPreviousAssetsDays } }));
    expect(plan.retained).toEqual(retained);
    expect(stepOf(plan.steps, 'delete')?.keys ?? []).toEqual(deleted);
    if (deleted.length > 0) expect(plan.steps.at(-1)?.kind).toBe('delete');
  });

  test('republishing an earlier commit (a rollback) replaces its manifest and keeps the release it replaces', () => {
    const plan = planPublish(
      input({ releases, settings: { ...SETTINGS, commit: 'c1' }, existing: existing(20, ['assets/old2.js']) }),
    );
    expect(plan.retained).toEqual(['c2']);
    expect(stepOf(plan.steps, 'delete')).toBeUndefined();
  });

  test.each([
    [{ files: [{ path: 'main.js', size: 1 }] }, 'the build output has no index.html at its top level'],
    [{ files: [{ path: '../x', size: 1 }] }, "file path '../x' must be relative"],
    [{ files: [{ path: '.releases/x.json', size: 1 }] }, 'holds the release manifests'],
    [{ settings: { ...SETTINGS, commit: '../x' } }, "commit '../x' must be 1-100 letters"],
    [{ settings: { ...SETTINGS, apiBaseUrl: 'http://api.example.com' } }, 'mixed content'],
  ])('%j is refused', (overrides, message) => {
    expect(() => planPublish(input(overrides as Partial<PublishInput>))).toThrow(message);
  });
});

describe('renderRuntimeConfig', () => {
  test.each([['/api'], ['https://api.example.com'], ['https://api.example.com/v1']])('accepts %s', (apiBaseUrl) => {
    expect(JSON.parse(renderRuntimeConfig({ apiBaseUrl, environment: 'prod', version: 'abc' }))).toEqual({
      apiBaseUrl,
      environment: 'prod',
      version: 'abc',
    });
  });
  test.each([['http://api.example.com'], ['//api.example.com'], ['api']])('refuses %s', (apiBaseUrl) => {
    expect(() => renderRuntimeConfig({ apiBaseUrl, environment: 'prod', version: 'abc' })).toThrow(
      `apiBaseUrl '${apiBaseUrl}' must be a path on the same origin`,
    );
  });
});

describe('contentTypeFor', () => {
  test.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a/b/app.MJS', 'text/javascript; charset=utf-8'],
    ['font.woff2', 'font/woff2'],
    ['image.svg', 'image/svg+xml'],
    ['LICENSE', 'application/octet-stream'],
    ['.hidden', 'application/octet-stream'],
    ['data.bin', 'application/octet-stream'],
  ])('%s → %s', (key, type) => expect(contentTypeFor(key)).toBe(type));
});
