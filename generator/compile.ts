/**
 * Compile: every generated package's TypeScript into its `dist/` (ES modules + declarations),
 * the form npm installs. Runs after `write`, for `linkmodel-gen build`.
 *
 * Takes the output folder; returns what was compiled, skipped or failed. Packages compile in
 * dependency order (the runtime, then the models, then the catalogue and testing, then the
 * command line), each against the `dist/` declarations of the packages it depends on, exactly
 * as a user's compiler sees them.
 *
 * Incremental without TypeScript: each package records a hash of its inputs (sources,
 * package.json, tsconfigs, the hashes of the packages it depends on, the TypeScript version)
 * in `.linkmodel-build.tsbuildinfo`. When every hash matches, nothing is loaded and nothing is
 * written. A package that fails to compile keeps its previous `dist/`; a new one is swapped in
 * only when the whole package compiled cleanly.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, posix, relative } from "node:path";
import type * as TS from "typescript";
import { codeCacheDir, flushCodeCache, withCodeCache } from "./code-cache.js";
import { compareCodePoints, sha256, walkFiles } from "./files.js";

/** File, beside a package's package.json, holding the hash its `dist/` was built from. */
export const BUILD_STAMP = ".linkmodel-build.tsbuildinfo";

/** One generated package, as the compile stage sees it. */
interface PackageInfo {
  /** Folder relative to the output folder: `runtime`, `models/wan2-6`, `catalogue`. */
  readonly folder: string;
  readonly name: string;
  /** Names of the generated packages it depends on. */
  readonly internalDependencies: readonly string[];
}

/** The report of a build. */
export interface CompileResult {
  readonly ok: boolean;
  /** Package folders compiled in this run. */
  readonly compiled: string[];
  /** Package folders whose `dist/` was already built from the same inputs. */
  readonly upToDate: string[];
  /** Package folders that failed, or were not compiled because a dependency failed. */
  readonly failed: string[];
  /** Compiler errors, formatted `file(line,col): error TSnnnn: message`. */
  readonly errors: string[];
}

/** Every package in the output folder, dependencies first. */
export function listPackages(outDir: string): PackageInfo[] {
  const folders = ["runtime", "catalogue", "testing", "cli"];
  const models = join(outDir, "models");
  if (existsSync(models)) for (const name of readdirSync(models).sort(compareCodePoints)) folders.push(`models/${name}`);
  const packages = folders
    .filter((folder) => existsSync(join(outDir, folder, "package.json")))
    .map((folder) => {
      const pkg = JSON.parse(readFileSync(join(outDir, folder, "package.json"), "utf8")) as { name: string; dependencies?: Record<string, string> };
      return { folder, name: pkg.name, dependencies: Object.keys(pkg.dependencies ?? {}) };
    });
  const names = new Set(packages.map((p) => p.name));
  const infos = packages.map((p) => ({ folder: p.folder, name: p.name, internalDependencies: p.dependencies.filter((d) => names.has(d)) }));
  // Topological order; ties keep the listing order, so the result is stable.
  const ordered: PackageInfo[] = [];
  const placed = new Set<string>();
  while (ordered.length < infos.length) {
    const next = infos.find((p) => !placed.has(p.name) && p.internalDependencies.every((d) => placed.has(d)));
    if (!next) throw new Error(`generated packages depend on each other in a cycle: ${infos.filter((p) => !placed.has(p.name)).map((p) => p.name).join(", ")}`);
    ordered.push(next);
    placed.add(next.name);
  }
  return ordered;
}

/** Every file below `dir`, relative and sorted (none when it is missing). */
function filesBelow(dir: string): string[] {
  return existsSync(dir) ? walkFiles(dir) : [];
}

/** The hash a package's `dist/` is built from. */
function inputHash(outDir: string, pkg: PackageInfo, dependencyHashes: ReadonlyMap<string, string>, typescriptVersion: string): string {
  const dir = join(outDir, pkg.folder);
  const parts = [`typescript ${typescriptVersion}`];
  for (const file of ["package.json", "tsconfig.json"]) parts.push(`${file} ${sha256(readFileSync(join(dir, file)))}`);
  // The shared compiler options every package's tsconfig extends.
  parts.push(`tsconfig.package.json ${sha256(readFileSync(join(outDir, "tsconfig.package.json")))}`);
  for (const rel of filesBelow(join(dir, "src"))) parts.push(`src/${rel} ${sha256(readFileSync(join(dir, "src", rel)))}`);
  for (const dependency of pkg.internalDependencies) parts.push(`${dependency} ${dependencyHashes.get(dependency)}`);
  return sha256(parts.join("\n"));
}

/**
 * The files of a package's `dist/` named in its package.json `bin`, relative to `dist/`.
 * They must be executable: npm's workspace link (`npx linkmodel-sdk` in this repo) runs the
 * file itself, and only an install from a tarball would chmod it for us.
 */
function binFiles(dir: string): string[] {
  const { bin } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { bin?: string | Record<string, string> };
  const paths = typeof bin === "string" ? [bin] : Object.values(bin ?? {});
  return paths.map((p) => posix.relative("dist", posix.normalize(p.split("\\").join("/")))).filter((p) => !p.startsWith(".."));
}

/** Whether every bin file of a built package is there and executable (a dist/ built before bins were chmodded is not). */
function binsExecutable(dir: string): boolean {
  if (process.platform === "win32") return true;
  return binFiles(dir).every((rel) => {
    try {
      return (statSync(join(dir, "dist", rel)).mode & 0o111) !== 0;
    } catch {
      return false;
    }
  });
}

/** The input hash a package's `dist/` was built from: the stamp's first line. */
function readStamp(dir: string): string | null {
  try {
    return existsSync(join(dir, "dist")) ? (readFileSync(join(dir, BUILD_STAMP), "utf8").split("\n")[0] ?? "").trim() : null;
  } catch {
    return null;
  }
}

/**
 * The build stamp: the input hash, then one line per file of the package the build read
 * (`<path> <sha-256>`). The lines are what a package's own `prepack` guard (`verify-dist.mjs`
 * at the output's root) checks, without the generator: a `dist/` whose sources changed since,
 * or that was never built, is not packed.
 */
function stampText(dir: string, hash: string): string {
  const files = ["package.json", "tsconfig.json", ...filesBelow(join(dir, "src")).map((rel) => `src/${rel}`)];
  return `${hash}\n${files.map((file) => `${file} ${sha256(readFileSync(join(dir, file)))}`).join("\n")}\n`;
}

/** Compiles every package whose inputs changed since its `dist/` was built (all of them with `force`). */
export function compilePackages(outDir: string, options: { readonly force?: boolean; readonly onPackage?: (folder: string) => void } = {}): CompileResult {
  const require = createRequire(import.meta.url);
  const typescriptVersion = (require("typescript/package.json") as { version: string }).version;
  const packages = listPackages(outDir);
  const hashes = new Map<string, string>();
  const stale: PackageInfo[] = [];
  const upToDate: string[] = [];
  for (const pkg of packages) {
    const hash = inputHash(outDir, pkg, hashes, typescriptVersion);
    hashes.set(pkg.name, hash);
    const dir = join(outDir, pkg.folder);
    if (!options.force && readStamp(dir) === hash && binsExecutable(dir)) upToDate.push(pkg.folder);
    else stale.push(pkg);
  }
  if (stale.length === 0) return { ok: true, compiled: [], upToDate, failed: [], errors: [] };

  // Only now pay for TypeScript (about half a second to load).
  const ts = withCodeCache(codeCacheDir(), () => require("typescript") as typeof TS);
  const compiler = createCompiler(ts);
  const compiled: string[] = [];
  const failed: string[] = [];
  const errors: string[] = [];
  const failedNames = new Set<string>();
  for (const pkg of stale) {
    options.onPackage?.(pkg.folder);
    const blocked = pkg.internalDependencies.filter((d) => failedNames.has(d));
    if (blocked.length > 0) {
      errors.push(`${pkg.folder}: not compiled, because ${blocked.join(", ")} failed`);
      failed.push(pkg.folder);
      failedNames.add(pkg.name);
      continue;
    }
    const dir = join(outDir, pkg.folder);
    const result = compiler.compile(dir);
    if (result.errors.length > 0) {
      errors.push(...result.errors.map((e) => `${pkg.folder}/${e}`));
      failed.push(pkg.folder);
      failedNames.add(pkg.name);
      continue;
    }
    swapInDist(dir, result.files, new Set(binFiles(dir)));
    writeFileSync(join(dir, BUILD_STAMP), stampText(dir, hashes.get(pkg.name)!));
    compiled.push(pkg.folder);
  }
  flushCodeCache(codeCacheDir());
  return { ok: failed.length === 0, compiled, upToDate, failed, errors };
}

/** Compiles one package folder in memory: its emitted files (relative to `dist/`) or its errors. */
interface Compiler {
  compile(dir: string): { files: Map<string, string>; errors: string[] };
}

/**
 * A compiler whose declaration files (TypeScript's lib, openapi-fetch, the `dist/` of packages
 * already built) are parsed once per run and shared by every package's program: they are most
 * of the work, and the same for all of them.
 */
function createCompiler(ts: typeof TS): Compiler {
  const shared = new Map<string, TS.SourceFile | undefined>();
  return {
    compile(dir) {
      const configFile = join(dir, "tsconfig.json");
      const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
      if (!parsed) return { files: new Map(), errors: [`tsconfig.json: cannot be read`] };
      const host = ts.createCompilerHost(parsed.options);
      const getSourceFile = host.getSourceFile.bind(host);
      host.getSourceFile = (fileName, languageVersion, onError) => {
        if (!fileName.endsWith(".d.ts")) return getSourceFile(fileName, languageVersion, onError);
        const key = `${fileName}\n${JSON.stringify(languageVersion)}`;
        if (!shared.has(key)) shared.set(key, getSourceFile(fileName, languageVersion, onError));
        return shared.get(key);
      };
      const outDir = parsed.options.outDir ?? join(dir, "dist");
      const files = new Map<string, string>();
      host.writeFile = (fileName, text) => files.set(relative(outDir, fileName).split("\\").join("/"), text);
      const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host });
      const emitted = program.emit();
      const diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].filter(
        (d) => d.category === ts.DiagnosticCategory.Error,
      );
      const errors = diagnostics.map((d) => {
        const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
        if (!d.file || d.start === undefined) return `error TS${d.code}: ${text}`;
        const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
        return `${relative(dir, d.file.fileName)}(${line + 1},${character + 1}): error TS${d.code}: ${text}`;
      });
      return { files, errors };
    },
  };
}

/** Writes a package's new `dist/` beside the old one, then swaps it in. */
function swapInDist(dir: string, files: ReadonlyMap<string, string>, executables: ReadonlySet<string>): void {
  const staging = join(dir, "dist.staging");
  const previous = join(dir, "dist.previous");
  rmSync(staging, { recursive: true, force: true });
  rmSync(previous, { recursive: true, force: true });
  for (const [rel, text] of [...files].sort(([a], [b]) => compareCodePoints(a, b))) {
    const target = join(staging, rel);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text, { mode: executables.has(rel) ? 0o755 : 0o644 });
  }
  const dist = join(dir, "dist");
  if (existsSync(dist)) renameSync(dist, previous);
  renameSync(staging, dist);
  rmSync(previous, { recursive: true, force: true });
}
