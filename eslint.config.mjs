import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers, from the bottom: model/ (the config model: schema, validation, resolved settings, physical names,
 * shared contracts; no CDK, no SDK) <- pipeline/ (CDK constructs) and core/ (runtime operations: the AWS calls
 * and the logic behind the CLI and the Lambdas) <- cli/ and lambdas/ <- scripts/ (the tool's build and dev
 * scripts) <- test/ <- bench/. A folder imports only below itself, by a static import, an export-from, a dynamic
 * import() or a require(): a folder's index (`../pipeline`) counts as the folder.
 */
const ABOVE = {
  model: ['pipeline', 'core', 'cli', 'lambdas', 'scripts', 'test', 'bench'],
  pipeline: ['core', 'cli', 'lambdas', 'scripts', 'test', 'bench'],
  core: ['pipeline', 'cli', 'lambdas', 'scripts', 'test', 'bench'],
  cli: ['lambdas', 'scripts', 'test', 'bench'],
  lambdas: ['pipeline', 'cli', 'scripts', 'test', 'bench'],
  scripts: ['test', 'bench'],
  test: ['bench'],
};

const layer = (folder, packages, why) => {
  const folders = ABOVE[folder];
  // Relative paths only: a package such as @aws-sdk/core is not the core/ folder.
  const source = `^\\.{1,2}/(.*/)?(${folders.join('|')})(/|$)`;
  const message = `${folder}/ may not import ${folders.join('/, ')}/: ${why}`;
  const selector = `/${source.replaceAll('/', '\\/')}/`;
  return {
    files: [`${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: source, message },
            ...packages.map((p) => ({ regex: `^${p}`, message: `${folder}/ may not import ${p}: ${why}` })),
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: `ImportExpression[source.value=${selector}]`, message },
        {
          selector: "ImportExpression[source.type!='Literal']",
          message: `${folder}/: import() takes a literal path here, so that lint can hold it to the layers`,
        },
        { selector: `CallExpression[callee.name='require'][arguments.0.value=${selector}]`, message },
      ],
    },
  };
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'cdk.out/',
      'coverage/',
      '.scratch/',
      'service/dist/',
      'bundles/',
      'dist/',
      '**/*.js',
      '!bin/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      eqeqeq: 'error',
    },
  },
  {
    files: ['bin/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', process: 'readonly', __dirname: 'readonly' },
    },
  },
  layer(
    'model',
    ['aws-cdk-lib', 'constructs', '@aws-sdk/'],
    'the config model is the bottom layer, with no CDK and no SDK',
  ),
  layer(
    'pipeline',
    ['@aws-sdk/'],
    'CDK constructs build on the config model only; a handler is deployed from its bundle, never imported',
  ),
  layer('core', ['aws-cdk-lib', 'constructs'], 'runtime operations build on the config model only'),
  layer(
    'cli',
    [],
    'the CLI runs on the layers below it; a handler is deployed, and scripts and tests build on the CLI',
  ),
  layer('scripts', [], "the tool's scripts are product code: tests and benchmarks build on them"),
  layer('test', [], 'benchmarks build on the test support, not the other way round'),
  {
    // The index re-exports the whole model, and loading it builds every zod schema (about 60 ms): code that needs a
    // function, a constant or the error takes it from its own file, so what never validates never builds them.
    files: ['model/**/*.ts', 'pipeline/**/*.ts', 'core/**/*.ts', 'cli/**/*.ts', 'lambdas/**/*.ts'],
    ignores: ['model/config/**', 'pipeline/index.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)model/config$|^\\.{1,2}/config$',
              allowTypeImports: true,
              message:
                "import values from the model's own files (model/config/load, release-gates, config-error, ...): the index builds the whole schema; types may come from it",
            },
          ],
        },
      ],
    },
  },
  layer('lambdas', ['aws-cdk-lib', 'constructs'], 'a handler runs on the runtime operations and the config model'),
);
