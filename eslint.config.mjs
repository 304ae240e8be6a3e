import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers, from the bottom: model/ (the config model: schema, validation, resolved settings, physical names,
 * shared contracts; no CDK, no SDK) <- pipeline/ (CDK constructs) and core/ (runtime operations: the AWS calls
 * and the logic behind the CLI and the Lambdas) <- cli/ and lambdas/. A folder imports only below itself.
 */
const layer = (folder, forbidden, why) => ({
  files: [`${folder}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: `(^|/)(${forbidden.folders.join('|')})/`,
            message: `${folder}/ may not import ${forbidden.folders.join('/, ')}/: ${why}`,
          },
          ...forbidden.packages.map((p) => ({ regex: `^${p}`, message: `${folder}/ may not import ${p}: ${why}` })),
        ],
      },
    ],
  },
});

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
    { folders: ['pipeline', 'core', 'cli', 'lambdas'], packages: ['aws-cdk-lib', 'constructs', '@aws-sdk/'] },
    'the config model is the bottom layer, with no CDK and no SDK',
  ),
  layer(
    'pipeline',
    { folders: ['core', 'cli', 'lambdas'], packages: ['@aws-sdk/'] },
    'CDK constructs build on the config model only; a handler is deployed from its bundle, never imported',
  ),
  layer(
    'core',
    { folders: ['pipeline', 'cli', 'lambdas'], packages: ['aws-cdk-lib', 'constructs'] },
    'runtime operations build on the config model only',
  ),
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
  layer(
    'lambdas',
    { folders: ['pipeline', 'cli'], packages: ['aws-cdk-lib', 'constructs'] },
    'a handler runs on the runtime operations and the config model',
  ),
);
