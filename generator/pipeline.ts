/**
 * The pipeline proper, loaded only when the manifest says there is work. `runPipeline` runs the
 * stages README draws, each a named step here: load → validate → normalize → render and format
 * (generator/packages.ts) → write, or compare for `--check`. The npm workspace, the last stage,
 * is kept in step by `generate` after it, since a run with nothing to render needs it too.
 *
 * Takes the options and what `generate` already computed (hashes, fingerprint, previous
 * manifest); returns the report. Never prints.
 */
import { resolve } from "node:path";
import { diagnostic, fileLocation, hasErrors, type Diagnostic } from "./diagnostics.js";
import { listSpecFiles } from "./files.js";
import type { CatalogueIR, ModelIR } from "./ir.js";
import { loadSpec, type LoadedSpec } from "./load.js";
import { MANIFEST_FILE, type Manifest } from "./manifest.js";
import { isNamingProblem, nameModel } from "./naming.js";
import { normalizeCatalogue, normalizeModel } from "./normalize.js";
import { bareArgument, renderPackages, type RenderedPackages } from "./packages.js";
import type { GenerateOptions, GenerateResult } from "./result.js";
import { validateSpecs, type SpecVerdict } from "./validate.js";
import { applyChanges, changedFiles, compareWithDisk, listOutputFiles, OutputUnavailable, presentFiles } from "./write.js";

/** What `generate` computed before deciding there is work. */
export interface PipelineState {
  readonly root: string;
  readonly files: string[];
  readonly hashes: Map<string, string>;
  readonly fingerprint: string;
  readonly setHash: string;
  /** The manifest in the output folder, even when `previous` is ignored (`--force`, `--check`): it holds the versions. */
  readonly recorded: Manifest | null;
  readonly previous: Manifest | null;
  readonly filtered: boolean;
  readonly mode: "generate" | "check";
  readonly stage: (stage: string, detail: string) => void;
  /** Whether the specs are still the bytes `hashes` were made from (checked just before the swap). */
  readonly stillCurrent: () => boolean;
}

/** Runs every stage after the manifest check. */
export async function runPipeline(options: GenerateOptions & { specsDir: string; outDir: string }, state: PipelineState): Promise<GenerateResult> {
  const { mode, stage } = state;
  stage("load", `${state.files.length} spec file(s)`);
  const { loaded, diagnostics } = loadAll(options.specsDir, state.files);
  stage("validate", `${loaded.length} spec(s)`);
  const verdicts = validateAll(loaded, state.files, options.filter ?? [], diagnostics);
  const failed = hasErrors(diagnostics);
  if (failed && !options.keepGoing) {
    return { ok: false, mode, upToDate: false, diagnostics, written: [], removed: [], drift: null, models: [], workspace: null, foreign: [], releases: [] };
  }
  stage("normalize", "building the IR");
  const catalogue = normalizeAll(loaded, verdicts, diagnostics);
  stage("render", "templates and types");
  const packages = await renderPackages(catalogue, {
    ...state,
    outDir: options.outDir,
    filter: options.filter ?? [],
    renderAll: options.check === true,
    keepPrevious: options.keepGoing === true || state.filtered,
    failed,
  });
  if (options.check) {
    stage("check", "comparing with the output folder");
    const drift = compareOutput(options.outDir, packages, state);
    const clean = drift.changed.length + drift.missing.length + drift.orphaned.length + drift.foreign.length === 0;
    return { ok: clean && !failed, mode, upToDate: clean, diagnostics, written: [], removed: [], drift, models: packages.models, workspace: null, foreign: drift.foreign, releases: packages.releases };
  }
  stage("write", "staging and swapping");
  const { written, removed, foreign } = writeOutput(options.outDir, packages, state, options.beforeSwap);
  // A model was regenerated only if one of its files actually changed.
  const touched = (folder: string): boolean => written.some((f) => f.startsWith(`${folder}/`));
  const models = packages.models.map((m) => (m.status === "generated" && !touched(m.folder) ? { ...m, status: "unchanged" as const } : m));
  return { ok: !failed, mode, upToDate: written.length === 0 && removed.length === 0, diagnostics, written, removed, drift: null, models, workspace: null, foreign, releases: packages.releases };
}

/**
 * Validate: every spec, and the catalogue across them (cross-file rules need them all); and
 * each filter argument names something (one that names nothing would otherwise regenerate
 * nothing and say so quietly). Adds what it finds to `diagnostics`.
 */
function validateAll(loaded: readonly LoadedSpec[], files: readonly string[], filter: readonly string[], diagnostics: Diagnostic[]): SpecVerdict[] {
  const { verdicts, diagnostics: found } = validateSpecs(loaded);
  diagnostics.push(...found);
  const named = new Set(files);
  for (const verdict of verdicts) {
    if (verdict.modelId === null) continue;
    named.add(verdict.modelId);
    const names = nameModel(verdict.modelId);
    if (!isNamingProblem(names)) named.add(names.slug).add(`models/${names.slug}`);
  }
  diagnostics.push(...unmatchedArguments(filter, named));
  return verdicts;
}

/** LM401 for each argument that names none of `names` (spec paths, model ids, package folders). */
function unmatchedArguments(args: readonly string[], names: ReadonlySet<string>): Diagnostic[] {
  return args
    .filter((arg) => !names.has(arg) && !names.has(bareArgument(arg)))
    .map((arg) =>
      diagnostic("LM401", `${JSON.stringify(arg)} names no spec file or model; give a model id, a package folder or a spec path (run \`list\` to see them)`, fileLocation(arg)),
    );
}

/** Normalize: the IR of every model whose spec and query spec have no error (under --keep-going, the others are left out). */
function normalizeAll(loaded: readonly LoadedSpec[], verdicts: readonly SpecVerdict[], diagnostics: readonly Diagnostic[]): CatalogueIR {
  const errorFiles = new Set(diagnostics.filter((d) => d.severity === "error").flatMap((d) => [d.location.file, ...d.related.map((r) => r.file)]));
  const queryByGroup = new Map(loaded.filter((s) => s.isQuery && !errorFiles.has(s.file)).map((s) => [s.folder, s]));
  const models: ModelIR[] = [];
  verdicts.forEach((verdict, i) => {
    const spec = loaded[i]!;
    if (spec.isQuery || verdict.modelId === null || errorFiles.has(spec.file)) return;
    const query = queryByGroup.get(verdict.group ?? "");
    if (query) models.push(normalizeModel(spec, query));
  });
  return normalizeCatalogue(models);
}

/**
 * What earlier runs wrote, by their manifest (also under --force, which only ignores it for
 * deciding what is stale): the only files a run may ever remove. Anything else in the output
 * folder is someone else's, however it got there.
 */
function foreignTest(packages: RenderedPackages, recorded: Manifest | null): { recordedFiles: Set<string>; isForeign: (path: string) => boolean } {
  const recordedFiles = new Set(Object.values(recorded?.packages ?? {}).flatMap((entry) => entry.files));
  recordedFiles.add(MANIFEST_FILE);
  return { recordedFiles, isForeign: (path) => !packages.files.has(path) && !recordedFiles.has(path) };
}

/**
 * Compare (`--check`): the rendered files against the output folder. A filtered check compares
 * only the packages the filter names: the manifest, the catalogue and the other models describe
 * the whole set, which it did not look at.
 */
function compareOutput(outDir: string, packages: RenderedPackages, state: PipelineState): ReturnType<typeof compareWithDisk> & { foreign: string[] } {
  const { isForeign } = foreignTest(packages, state.recorded);
  const covers = (path: string): boolean => !state.filtered || [...packages.selected].some((key) => path.startsWith(`${key}/`));
  const compared = compareWithDisk(outDir, new Map([...packages.files].filter(([path]) => covers(path))), covers);
  return { ...compared, orphaned: compared.orphaned.filter((f) => !isForeign(f)), foreign: compared.orphaned.filter(isForeign) };
}

/**
 * Write: the files that changed, and the removal of orphans (files an earlier run wrote that no
 * package owns now), as one swap; never over an output that is not the generator's, nor from
 * specs that changed while the run read them.
 */
function writeOutput(outDir: string, packages: RenderedPackages, state: PipelineState, beforeSwap?: (staging: string) => void): { written: string[]; removed: string[]; foreign: string[] } {
  const { recordedFiles, isForeign } = foreignTest(packages, state.recorded);
  const existing = listOutputFiles(outDir);
  const writes = changedFiles(outDir, packages.files);
  // No manifest: nothing there is known to be ours. A folder holding exactly what this run
  // would write (an output whose manifest was deleted) is taken as ours; any other file, even
  // at a path this run writes, may be someone's work (a repo's README, its sources).
  const unknown = state.recorded === null ? existing.filter((f) => isForeign(f) || writes.has(f)) : [];
  if (unknown.length > 0) {
    const some = unknown.slice(0, 3).join(", ") + (unknown.length > 3 ? `, and ${unknown.length - 3} more` : "");
    throw new OutputUnavailable(
      `${outDir} holds files the generator did not write (${some}) and no ${MANIFEST_FILE}, so it is not an output of this generator; nothing was changed: pass an empty or new folder as --out (an earlier output whose manifest is lost: delete it, then generate again)`,
    );
  }
  const owned = new Set(Object.values(packages.manifest.packages).flatMap((entry) => entry.files));
  owned.add(MANIFEST_FILE);
  const removals = presentFiles(outDir, [...recordedFiles].filter((file) => !owned.has(file)));
  if (!state.stillCurrent()) {
    throw new OutputUnavailable(`the specs changed while this run read them; nothing was changed: run again`);
  }
  const report = applyChanges(outDir, writes, removals, beforeSwap);
  return { ...report, foreign: existing.filter(isForeign) };
}

/** Load: every file; the specs that parse, and the diagnostics of those that do not. */
function loadAll(specsDir: string, files: readonly string[]): { loaded: LoadedSpec[]; diagnostics: Diagnostic[] } {
  const loaded: LoadedSpec[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const result = loadSpec(specsDir, file);
    if (result.ok) loaded.push(result.spec);
    else diagnostics.push(...result.diagnostics);
  }
  return { loaded, diagnostics };
}

/** Load and validate every spec, without rendering: the `lint` command. */
export function lint(specsDir: string, only?: readonly string[]): { diagnostics: Diagnostic[]; files: string[] } {
  const dir = resolve(specsDir);
  const files = listSpecFiles(dir);
  const { loaded, diagnostics } = loadAll(dir, files);
  diagnostics.push(...validateSpecs(loaded).diagnostics);
  const wanted = only && only.length > 0 ? new Set(only.map(bareArgument)) : null;
  const shown = wanted ? diagnostics.filter((d) => wanted.has(d.location.file)) : diagnostics;
  return { diagnostics: [...unmatchedArguments(only ?? [], new Set(files)), ...shown], files };
}

/** The catalogue's models as the IR sees them (for `list`), plus any diagnostics. */
export function inspectCatalogue(specsDir: string): { diagnostics: Diagnostic[]; models: ModelIR[] } {
  const dir = resolve(specsDir);
  const { diagnostics } = lint(dir);
  const bad = new Set(diagnostics.filter((d) => d.severity === "error").map((d) => d.location.file));
  const loaded = listSpecFiles(dir)
    .filter((file) => !bad.has(file))
    .map((file) => loadSpec(dir, file))
    .flatMap((r) => (r.ok ? [r.spec] : []));
  const queries = new Map(loaded.filter((s) => s.isQuery).map((s) => [s.folder, s]));
  const models = loaded
    .filter((s) => !s.isQuery && queries.has(s.folder))
    .map((s) => normalizeModel(s, queries.get(s.folder)!));
  return { diagnostics, models: normalizeCatalogue(models).models };
}
