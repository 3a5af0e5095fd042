/**
 * Code cache: V8's compiled form of the CommonJS modules the render stage loads (TypeScript's
 * 9 MB compiler above all), kept under `node_modules/.cache/linkmodel-codegen/`, so a cold
 * generation does not recompile them every time (~0.1 s of a 0.4 s catalogue run). Node 22
 * does this natively (`module.enableCompileCache()`); Node 20, which we support, does not.
 *
 * Safe by construction: V8 checks every cache against the source it was made from and
 * rejects a stale one (which is then rewritten); any failure to read or write the cache only
 * means compiling as usual. Only CommonJS files are touched; ES modules load as they always do.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Script } from "node:vm";
import { sha256 } from "./files.js";

type Compile = (this: NodeModule & { require: NodeJS.Require }, content: string, filename: string, format?: string) => unknown;

interface ModuleInternals {
  prototype: { _compile: Compile };
  wrap(source: string): string;
  _resolveFilename(request: string, parent: NodeModule, isMain: boolean, options?: unknown): string;
  _cache: NodeJS.Dict<NodeModule>;
}

const internals = Module as unknown as ModuleInternals;
const pending: { file: string; script: Script }[] = [];

/** Runs `load` (which requires CommonJS modules) with the code cache in `dir`. */
export function withCodeCache<T>(dir: string, load: () => T): T {
  const original = internals.prototype._compile;
  internals.prototype._compile = function (content, filename, format) {
    if ((format !== undefined && format !== "commonjs") || !filename.includes(`node_modules`)) return original.call(this, content, filename, format);
    let cacheFile: string | null = null;
    let cachedData: Buffer | undefined;
    try {
      const stat = statSync(filename);
      cacheFile = join(dir, `${sha256(`${filename}\n${stat.size}\n${stat.mtimeMs}\n${process.version}`).slice(0, 32)}.v8`);
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
    let script: Script;
    try {
      script = new Script(internals.wrap(content), { filename, ...(cachedData && { cachedData }) });
    } catch {
      return original.call(this, content, filename, format);
    }
    if (cacheFile && (!cachedData || script.cachedDataRejected)) pending.push({ file: cacheFile, script });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const mod = this;
    const require = ((id: string) => mod.require(id)) as NodeJS.Require;
    require.resolve = ((request: string, options?: unknown) => internals._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
    require.cache = internals._cache;
    require.main = process.mainModule;
    return wrapper.call(mod.exports, mod.exports, require, mod, filename, dirname(filename));
  };
  try {
    return load();
  } finally {
    internals.prototype._compile = original;
  }
}

/** Writes the caches of modules compiled without one (after they ran, so lazily compiled functions are in). */
export function flushCodeCache(dir: string): void {
  if (pending.length === 0) return;
  try {
    mkdirSync(dir, { recursive: true });
    for (const { file, script } of pending.splice(0)) writeFileSync(file, script.createCachedData());
  } catch {
    // A read-only install just compiles every time.
  }
}

/** Where the code cache lives: beside the installed dependencies. */
export function codeCacheDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve("openapi-typescript/package.json")), "..", ".cache", "linkmodel-codegen");
}
