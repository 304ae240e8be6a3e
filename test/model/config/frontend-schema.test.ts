import { frontendSchema } from '../../../model/config/frontend-schema';
import { problemsOf } from './schema-support';

describe('frontend: block', () => {
  test('only buildContext is required; the rest has defaults', () => {
    expect(frontendSchema.parse({ buildContext: 'service/frontend' })).toEqual({
      buildContext: 'service/frontend',
      buildCommand: 'npm ci && npm run build',
      outputDirectory: 'dist',
      spaFallback: true,
      apiPathPattern: '/api/*',
      runtimeConfigFile: 'config.json',
      keepPreviousAssetsDays: 7,
      hashedAssetPattern: 'assets/**',
    });
  });

  test('every field is described (the JSON Schema shows it in editors)', () => {
    const fields = Object.entries(frontendSchema.shape);
    expect(fields.length).toBe(9);
    expect(fields.filter(([, field]) => !field.description).map(([name]) => name)).toEqual([]);
  });

  test.each([
    [{ buildContext: '/abs' }, 'frontend.buildContext: must be a relative path'],
    [{ buildContext: 'web/../../etc' }, 'frontend.buildContext: must be a relative path'],
    [{ buildContext: 'web', outputDirectory: '..' }, 'frontend.outputDirectory: must be a relative path'],
    [
      { buildContext: 'web', apiPathPattern: 'api/*' },
      "frontend.apiPathPattern: must be a CloudFront path pattern starting with '/'",
    ],
    [
      { buildContext: 'web', apiPathPattern: '/*' },
      'frontend.apiPathPattern: must not route every path to the API (got "/*")',
    ],
    [
      { buildContext: 'web', runtimeConfigFile: 'config.js' },
      'frontend.runtimeConfigFile: must be a .json file other than index.html (got "config.js")',
    ],
    [
      { buildContext: 'web', runtimeConfigFile: '/config.json' },
      'frontend.runtimeConfigFile: must be a file name such as config.json',
    ],
    [
      { buildContext: 'web', keepPreviousAssetsDays: -1 },
      'frontend.keepPreviousAssetsDays: Too small: expected number to be >=0 (got -1)',
    ],
    [{ buildContext: 'web', keepPreviousAssetsDays: 1.5 }, 'frontend.keepPreviousAssetsDays: must be a int (got 1.5)'],
    [
      { buildContext: 'web', hashedAssetPattern: '**' },
      'frontend.hashedAssetPattern: must not match index.html: it changes with every release and is served with no-cache (got "**")',
    ],
    [{ buildContext: 'web', hashedAssetPattern: '*.json' }, 'frontend.hashedAssetPattern: must not match config.json'],
    [{ buildContext: 'web', spaFalback: false }, "frontend: unknown field 'spaFalback'"],
    [{}, 'frontend.buildContext: is required (a string)'],
  ])('%j is refused: %s', (value, message) => {
    expect(problemsOf(frontendSchema, value, 'frontend').join('\n')).toContain(message);
  });
});
