/**
 * The release commands' logic, for the command line and the programmatic API: the report of what
 * is pending release (`changes`), a comparison of two spec files, and `release`, which records
 * the current state in the release record (generator/release.ts) and regenerates.
 *
 * Never prints; the command line words the results.
 */
import { basename, dirname, join, resolve } from "node:path";
import { compareModel, contractOfModel, levelOf, type Change, type Level, type ModelContract } from "./contract.js";
import { hasErrors, type Diagnostic } from "./diagnostics.js";
import { readJsonOrNull, writeWhole } from "./files.js";
import { generate } from "./generate.js";
import { loadSpec } from "./load.js";
import { normalizeModel } from "./normalize.js";
import { readRecord, recordPath, recordRelease, serializeRecord, type PackageRelease } from "./release.js";
import { validateSpecs } from "./validate.js";

/** One package in a report. */
export interface PendingPackage {
  readonly name: string;
  readonly folder: string;
  /** The version last released, or null (never released). */
  readonly released: string | null;
  /** The version the package has now. */
  readonly version: string;
  /** The level of what is pending ("first" for a package never released). */
  readonly level: Level | "first";
  readonly changes: readonly Change[];
}

/** The report of `changes`. */
export interface ChangesReport {
  readonly ok: boolean;
  readonly diagnostics: Diagnostic[];
  /** Packages with something pending, in build order (runtime, models, catalogue, testing, cli). */
  readonly packages: PendingPackage[];
  /** Whether a change pending is breaking (major) for a package already released. */
  readonly breaking: boolean;
}

function pendingOf(releases: readonly PackageRelease[]): PendingPackage[] {
  return releases.flatMap((pkg) =>
    pkg.pending === null
      ? []
      : [{ name: pkg.name, folder: pkg.key, released: pkg.released, version: pkg.version, level: pkg.pending.first ? ("first" as const) : pkg.pending.level, changes: pkg.pending.changes }],
  );
}

/** What is pending release in every package, against the release record beside `outDir`. */
export async function pendingChanges(options: { readonly specsDir: string; readonly outDir: string }): Promise<ChangesReport> {
  // A check renders every package in memory and writes nothing.
  const result = await generate({ ...options, check: true });
  const packages = pendingOf(result.releases);
  const failed = hasErrors(result.diagnostics);
  return { ok: !failed, diagnostics: result.diagnostics, packages, breaking: packages.some((p) => p.level === "major") };
}

/** The contract of the model in one spec file, with the query spec of its group beside it. */
function contractOfFile(path: string): { contract: ModelContract | null; diagnostics: Diagnostic[] } {
  const dir = dirname(resolve(path));
  const create = loadSpec(dir, basename(path));
  const query = loadSpec(dir, "_query.yaml");
  const loaded = [create, query].flatMap((r) => (r.ok ? [r.spec] : []));
  const diagnostics = [create, query].flatMap((r) => (r.ok ? [] : r.diagnostics));
  if (loaded.length < 2) return { contract: null, diagnostics };
  diagnostics.push(...validateSpecs(loaded).diagnostics);
  if (hasErrors(diagnostics)) return { contract: null, diagnostics };
  return { contract: contractOfModel(normalizeModel(loaded[0]!, loaded[1]!)), diagnostics };
}

/**
 * The changes between the models of two spec files (each with its group's `_query.yaml` beside
 * it), as a caller of the package made from the first would meet them.
 */
export function compareSpecFiles(before: string, after: string): { ok: boolean; diagnostics: Diagnostic[]; level: Level | null; changes: Change[] } {
  const a = contractOfFile(before);
  const b = contractOfFile(after);
  const diagnostics = [...a.diagnostics, ...b.diagnostics];
  if (!a.contract || !b.contract) return { ok: false, diagnostics, level: null, changes: [] };
  const changes = compareModel(a.contract, b.contract);
  return { ok: true, diagnostics, level: levelOf(changes), changes };
}

/** The result of `release`. */
export interface ReleaseResult {
  readonly ok: boolean;
  readonly diagnostics: Diagnostic[];
  /** What was released now. */
  readonly released: PendingPackage[];
  /** The record written, or null when there was nothing to release. */
  readonly record: string | null;
}

/**
 * Records every package with something pending as released on `date` (`YYYY-MM-DD`), then
 * regenerates, so that the changelogs show the release and the versions are the released ones.
 */
export async function release(options: { readonly specsDir: string; readonly outDir: string; readonly date: string }): Promise<ReleaseResult> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.date)) throw new RangeError(`a release date is YYYY-MM-DD, not ${JSON.stringify(options.date)}`);
  const rendered = await generate({ specsDir: options.specsDir, outDir: options.outDir, force: true });
  if (!rendered.ok) return { ok: false, diagnostics: rendered.diagnostics, released: [], record: null };
  const released = pendingOf(rendered.releases);
  if (released.length === 0) return { ok: true, diagnostics: rendered.diagnostics, released, record: null };
  const path = recordPath(resolve(options.outDir));
  const next = recordRelease(readRecord(resolve(options.outDir)), rendered.releases, options.date);
  writeWhole(path, serializeRecord(next));
  const again = await generate({ specsDir: options.specsDir, outDir: options.outDir });
  return { ok: again.ok, diagnostics: again.diagnostics, released, record: path };
}

/** What `publish` did with one package. */
export interface PublishedPackage {
  readonly name: string;
  readonly version: string;
  readonly folder: string;
  /** `published` (or would be, with `dryRun`), or `skipped`: the registry has that version already. */
  readonly status: "published" | "skipped";
}

/** The result of `publish`. */
export interface PublishResult {
  readonly ok: boolean;
  /** Why nothing was published, when `ok` is false. */
  readonly problem: string | null;
  readonly packages: PublishedPackage[];
}

/** Runs npm; resolves to its exit code and output. */
async function npm(args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const { execFile } = await import("node:child_process");
  const { npmCommand, npmEnvironment } = await import("./workspace.js");
  const command = npmCommand();
  return new Promise((done) => {
    execFile(command.command, [...command.args, ...args], { cwd, env: npmEnvironment(), encoding: "utf8", maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      done({ code: error ? Number((error as { code?: unknown }).code ?? 1) || 1 : 0, stdout, stderr });
    });
  });
}

/**
 * Publishes every generated package, runtime first, then the models, then the catalogue and the
 * testing package, then the command line, so that none is ever on the registry before what it
 * depends on (`listPackages`' dependency order). Refuses (publishing nothing) when
 * a package has changes that are not released (run `release` first) or does not compile; builds
 * what is stale; skips a version the registry has already. Each package's own `prepack` guard
 * refuses a `dist/` not built from its current files, so a plain `npm publish` is safe too.
 */
export async function publish(options: {
  readonly specsDir: string;
  readonly outDir: string;
  readonly registry?: string;
  readonly dryRun?: boolean;
  readonly onPackage?: (pkg: PublishedPackage) => void;
}): Promise<PublishResult> {
  const outDir = resolve(options.outDir);
  const generated = await generate({ specsDir: options.specsDir, outDir });
  if (!generated.ok) return { ok: false, problem: "the specs have errors or the output could not be generated: run `generate` and fix what it reports", packages: [] };
  const { readManifest } = await import("./manifest.js");
  const manifest = readManifest(outDir);
  const record = readRecord(outDir);
  const unreleased = Object.entries(manifest?.packages ?? {}).filter(([key, entry]) => record.packages[key]?.version !== entry.version);
  if (unreleased.length > 0) {
    const names = unreleased.map(([key, entry]) => `${key} ${entry.version}`).join(", ");
    return { ok: false, problem: `not released yet: ${names}; run \`release\` first (it records the versions and the changelogs), then publish`, packages: [] };
  }
  const { compilePackages, listPackages } = await import("./compile.js");
  const built = compilePackages(outDir);
  if (!built.ok) return { ok: false, problem: `packages do not compile:\n${built.errors.join("\n")}`, packages: [] };
  const registry = options.registry === undefined ? [] : ["--registry", options.registry];
  const packages: PublishedPackage[] = [];
  for (const info of listPackages(outDir)) {
    const dir = join(outDir, info.folder);
    const version = readJsonOrNull<{ version?: string }>(join(dir, "package.json"))?.version;
    if (version === undefined) return { ok: false, problem: `${join(dir, "package.json")} cannot be read, or names no version: run \`build\` again`, packages };
    const seen = await npm(["view", `${info.name}@${version}`, "version", ...registry], dir);
    const status = seen.code === 0 && seen.stdout.trim() !== "" ? "skipped" : "published";
    if (status === "published") {
      const sent = await npm(["publish", ...registry, "--access", "public", ...(options.dryRun ? ["--dry-run"] : [])], dir);
      if (sent.code !== 0) return { ok: false, problem: `npm publish of ${info.name}@${version} failed:\n${sent.stderr.trim()}`, packages };
    }
    const pkg = { name: info.name, version, folder: info.folder, status } as const;
    packages.push(pkg);
    options.onPackage?.(pkg);
  }
  return { ok: true, problem: null, packages };
}
