// Jest's TypeScript transform: esbuild strips the types of each file on its own (tsconfig.json sets
// isolatedModules, so no file needs another to compile), as tsx does for `npm start`; `npm run lint` (tsc)
// type-checks. Faster on a cold cache than ts-jest, which first loads the TypeScript compiler in each worker.
const { transformSync } = require('esbuild');
const { createHash } = require('node:crypto');
const { version } = require('esbuild/package.json');

// Dynamic import() becomes a require, as tsc's commonjs output has it: jest's module sandbox has no ESM loader.
const OPTIONS = {
  loader: 'ts',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  supported: { 'dynamic-import': false },
  // Its compiler options (strict mode, class fields) as tsc reads them.
  tsconfigRaw: { compilerOptions: require('../../tsconfig.json').compilerOptions },
};

module.exports = {
  process(sourceText, sourcePath) {
    const { code, map } = transformSync(sourceText, { ...OPTIONS, sourcefile: sourcePath });
    return { code, map };
  },
  getCacheKey(sourceText, sourcePath) {
    return createHash('sha256')
      .update(`${version}\0${JSON.stringify(OPTIONS)}\0${sourcePath}\0${sourceText}`)
      .digest('hex');
  },
};
