// Jest's module runtime (jest.config.js `runtime`), with what each worker process already did for one test file
// kept for the next. Every test file gets a fresh runtime, which reads each module's source from disk again,
// asks the transformer for its cached output again (hashing the source to find it) and compiles it again: for the
// ~500 modules a test file loads (the config model, aws-cdk-lib, the SDK), about a tenth of the suite's CPU. The
// modules themselves still run afresh in each file's own registry and sandbox, as jest isolates them.
//
// Kept for the worker's life, which is one run: only the files of this repository and of node_modules (wherever a
// package is linked from), which no test writes; a file a test writes (its temporary directories) is read as jest
// reads it.
const Runtime = require('jest-runtime').default;
const vm = require('node:vm');
const { join, sep } = require('node:path');

const ROOT = join(__dirname, '..', '..') + sep;
const OUTSIDE = [join(ROOT, 'cdk.out') + sep, join(ROOT, 'bundles') + sep];

/** Source text by path. */
const sources = new Map();
/** The transformer's output by path and transform options. */
const transforms = new Map();
/**
 * V8's code cache by path, made from the first file's script once it has run (so that it holds the functions
 * compiled while running, not only the top level), with the source it was made from.
 */
const compiled = new Map();

const kept = (filename) =>
  filename.includes(`${sep}node_modules${sep}`) ||
  (filename.startsWith(ROOT) && !OUTSIDE.some((dir) => filename.startsWith(dir)));

class WorkerCachedRuntime extends Runtime {
  readFile(filename) {
    if (!kept(filename)) return super.readFile(filename);
    let source = sources.get(filename);
    if (source === undefined) {
      source = super.readFile(filename);
      sources.set(filename, source);
    }
    return source;
  }

  transformFile(filename, options) {
    if (options?.isInternalModule || !kept(filename)) return super.transformFile(filename, options);
    const key = `${filename}\0${JSON.stringify(options ?? {})}`;
    let transformed = transforms.get(key);
    if (transformed === undefined) {
      transformed = this._scriptTransformer.transform(
        filename,
        this._getFullTransformationOptions(options),
        this.readFile(filename),
      );
      transforms.set(key, transformed);
    }
    // What jest's own transformFile records for stack traces and coverage.
    this._fileTransforms.set(filename, { ...transformed, wrapperLength: this.constructModuleWrapperStart().length });
    if (transformed.sourceMapPath) this._sourceMapRegistry.set(filename, transformed.sourceMapPath);
    return transformed.code;
  }

  createScriptFromCode(scriptSource, filename) {
    if (!kept(filename)) return super.createScriptFromCode(scriptSource, filename);
    const entry = compiled.get(filename);
    if (entry === undefined || entry.source !== scriptSource) {
      const script = super.createScriptFromCode(scriptSource, filename);
      compiled.set(filename, { source: scriptSource, script, data: undefined });
      return script;
    }
    if (entry.data === undefined) {
      entry.data = entry.script.createCachedData();
      entry.script = undefined;
    }
    return new vm.Script(this.wrapCodeInModuleWrapper(scriptSource), {
      columnOffset: this._fileTransforms.get(filename)?.wrapperLength,
      displayErrors: true,
      filename,
      cachedData: entry.data,
      // As jest's own script: a dynamic import() in a module loads through this runtime.
      importModuleDynamically: async (specifier) => {
        const module = await this.resolveModule(specifier, filename, this._environment.getVmContext());
        return this.linkAndEvaluateModule(module);
      },
    });
  }
}

module.exports = WorkerCachedRuntime;
