// Jest's module runtime (jest.config.js `runtime`), with what each worker process already did for one test file
// kept for the next. Every test file gets a fresh runtime, which reads each module's source from disk again and
// compiles it again: for the ~500 modules a test file loads (the config model, aws-cdk-lib, the SDK), about a tenth
// of the suite's CPU. (Jest's transformer already keeps its output per worker, by path and modification time.) The
// modules themselves still run afresh in each file's own registry and sandbox, as jest isolates them.
//
// Nothing kept can go stale: a source is kept with its file's modification time and size and read again when either
// changed, and V8's code cache is used only for the very source text it was made from (V8 also checks it and
// compiles afresh when it does not fit). The installed packages (the project's node_modules, not its .cache/, where
// tests write bundles) are read once per worker without that check, as jest's module map and transform cache take
// them as fixed for a run: a stat per module per file was a twentieth of a file's CPU. With coverage on, jest's own
// runtime runs unchanged: a script compiled from the code cache reports no V8 block coverage of its own.
const Runtime = require('jest-runtime').default;
const { realpathSync, statSync } = require('node:fs');
const { join, sep } = require('node:path');
const vm = require('node:vm');

/** Source text and the modification time and size it was read at, by path. */
const sources = new Map();
/**
 * V8's code cache by path, with the source it was made from. Made when the first test file that compiled the
 * script ends, so that it holds the functions compiled while that file ran, not only the top level.
 */
const compiled = new Map();
/** The real path of the project's node_modules/ and of its .cache/, with a trailing separator; null without one. */
let installed;
let installedCache;

class WorkerCachedRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    this.cachesCode = !this._coverageOptions.collectCoverage;
    /** The scripts this test file compiled afresh, to make their code caches from when it ends. */
    this.compiledHere = [];
    if (installed === undefined) {
      try {
        installed = realpathSync(join(this._config.rootDir, 'node_modules')) + sep;
        installedCache = `${installed}.cache${sep}`;
      } catch {
        installed = null;
      }
    }
  }

  readFile(filename) {
    if (!this.cachesCode) return super.readFile(filename);
    const kept = sources.get(filename);
    const installedPackage = installed && filename.startsWith(installed) && !filename.startsWith(installedCache);
    if (kept !== undefined && installedPackage) return kept.source;
    const stat = statSync(filename, { throwIfNoEntry: false });
    const modified = stat && `${stat.mtimeMs} ${stat.size}`;
    if (kept !== undefined && modified !== undefined && kept.modified === modified) return kept.source;
    const source = super.readFile(filename);
    if (modified !== undefined) sources.set(filename, { source, modified });
    return source;
  }

  createScriptFromCode(scriptSource, filename) {
    const entry = compiled.get(filename);
    if (!this.cachesCode || entry?.source !== scriptSource) {
      const script = super.createScriptFromCode(scriptSource, filename);
      if (this.cachesCode) this.compiledHere.push({ filename, source: scriptSource, script });
      return script;
    }
    return new vm.Script(this.wrapCodeInModuleWrapper(scriptSource), {
      columnOffset: this._fileTransforms.get(filename)?.wrapperLength,
      displayErrors: true,
      filename,
      cachedData: entry.data,
      // As jest's own script: a dynamic import() in a module loads through this runtime, while its file runs.
      importModuleDynamically: async (specifier) => {
        const context = this._environment.getVmContext?.();
        if (!context) throw new Error('Test environment has been torn down');
        return this.linkAndEvaluateModule(await this.resolveModule(specifier, filename, context));
      },
    });
  }

  teardown() {
    for (const { filename, source, script } of this.compiledHere) {
      compiled.set(filename, { source, data: script.createCachedData() });
    }
    this.compiledHere = [];
    return super.teardown();
  }
}

module.exports = WorkerCachedRuntime;
