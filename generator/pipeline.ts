/**
 * The pipeline proper, loaded only when the manifest says there is work: load → validate →
 * normalize → render → format → write (or compare, for `--check`).
 *
 * Takes the options and what `generate` already computed (hashes, fingerprint, previous
 * manifest); returns the report. Never prints.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { diagnostic, fileLocation, hasErrors, type Diagnostic } from "./diagnostics.js";
import { isNamingProblem, nameModel, PACKAGE_SCOPE } from "./naming.js";
import { formatFiles } from "./format.js";
import type { GenerateOptions, GenerateResult, ModelReport } from "./generate.js";
import type { ModelIR } from "./ir.js";
import { filesDigest, readOrNull } from "./files.js";
import { compareCodePoints, listSpecFiles, loadSpec, sha256, type LoadedSpec } from "./load.js";
import { MANIFEST_FILE, serializeManifest, type Manifest, type ManifestEntry } from "./manifest.js";
import {
  compareCatalogue,
  compareModel,
  compareRuntime,
  contractSchema,
  exportedNames,
  type CatalogueContract,
  type Change,
  type ModelContract,
  type RuntimeContract,
} from "./contract.js";
import { contentDigest, decideVersion, dependencyRange, OWN_VERSION, readRecord, renderChangelog, withVersion, type PackageRelease } from "./release.js";
import type { Json } from "./ir.js";
import { normalizeCatalogue, normalizeModel } from "./normalize.js";
import { codeCacheDir, flushCodeCache } from "./code-cache.js";
import { compileTemplates, renderCatalogue, renderModel, renderRuntime, renderTesting, type FileMap, type GeneratorInfo, type Templates } from "./render.js";
import { validateSpecs } from "./validate.js";
import { applyChanges, changedFiles, compareWithDisk, listOutputFiles, OutputUnavailable } from "./write.js";

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

/** Reads every template below `templates/`. */
function loadTemplates(root: string): Templates {
  const dir = join(root, "templates");
  const sources: { path: string; source: string }[] = [];
  const walk = (sub: string): void => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = sub === "" ? entry.name : `${sub}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(".hbs")) sources.push({ path: rel, source: readFileSync(join(dir, rel), "utf8") });
    }
  };
  walk("");
  return compileTemplates(sources.sort((a, b) => compareCodePoints(a.path, b.path)));
}

/** The hand-written runtime sources that are copied into the runtime package. */
function loadRuntimeSources(root: string): Map<string, string> {
  const dir = join(root, "runtime", "src");
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"))
    .sort(compareCodePoints);
  return new Map(files.map((name) => [name, readFileSync(join(dir, name), "utf8")]));
}

function generatorInfo(root: string): GeneratorInfo {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string; dependencies?: Record<string, string> };
  return { name: "linkmodel-codegen", version: pkg.version, label: `linkmodel-codegen ${pkg.version}`, openapiFetchVersion: pkg.dependencies?.["openapi-fetch"] ?? "*" };
}

const RUNTIME_PACKAGE = `${PACKAGE_SCOPE}/runtime`;
const CATALOGUE_PACKAGE = `${PACKAGE_SCOPE}/catalogue`;
const TESTING_PACKAGE = `${PACKAGE_SCOPE}/testing`;

/**
 * What a model package promises (generator/contract.ts): its request, its responses, and the
 * names its rendered `src/index.ts` exports (none given: exports are left out of the comparison).
 */
export function contractOfModel(model: ModelIR, indexSource = ""): ModelContract {
  return {
    request: contractSchema(model.request.schema),
    responses: { create: contractSchema(model.createResponseSchema), query: contractSchema(model.queryResponseSchema) },
    api: exportedNames(indexSource),
  };
}

/** The runtime's public API: the names each entry point exports (`export *` of a sibling module followed). */
function runtimeApi(sources: ReadonlyMap<string, string>): string[] {
  const namesOf = (file: string, seen: Set<string>): string[] => {
    const source = sources.get(file);
    if (source === undefined || seen.has(file)) return [];
    seen.add(file);
    const names = exportedNames(source);
    for (const match of source.matchAll(/^export \* from "\.\/([\w-]+)\.js";/gm)) names.push(...namesOf(`${match[1]}.ts`, seen));
    return names;
  };
  // The entry points of the runtime's exports map (templates/runtime/package.json.hbs).
  return ["index.ts", "validators.ts", "node.ts", "proxy.ts", "cli.ts"].flatMap((entry) => namesOf(entry, new Set()).map((name) => `${entry.replace(/\.ts$/, "")}: ${name}`)).sort(compareCodePoints);
}

/** The catalogue's changes: its own (models, exports), and each model's, named by model. */
function compareCatalogueWithModels(released: Json, current: CatalogueContract & { readonly modelContracts: Record<string, ModelContract> }): Change[] {
  const before = released as unknown as CatalogueContract & { readonly modelContracts?: Record<string, ModelContract> };
  const changes = compareCatalogue(before, current);
  for (const id of current.models) {
    const was = before.modelContracts?.[id];
    const now = current.modelContracts[id];
    if (!was || !now) continue;
    for (const change of compareModel(was, now)) changes.push({ ...change, path: `${id}: ${change.path}`, text: `${id}: ${change.text}` });
  }
  return changes;
}

/** Inputs of one model package: its spec and its group's query spec. */
function modelInputs(model: ModelIR, hashes: ReadonlyMap<string, string>): string {
  return sha256(`${model.specFile} ${hashes.get(model.specFile)}\n${model.querySpecFile} ${hashes.get(model.querySpecFile)}`);
}

/** A filter or file argument as the pipeline compares it: `specs/video/x.yaml` (the old form) becomes `video/x.yaml`. */
function bare(argument: string): string {
  return argument.replace(/^specs\//, "");
}

function matchesFilter(model: ModelIR, filter: readonly string[] | undefined): boolean {
  if (!filter || filter.length === 0) return true;
  return filter.some((f) => [model.id, model.slug, `models/${model.slug}`, model.specFile].includes(bare(f)));
}

/** LM401 for each argument that names none of `names` (spec paths, model ids, package folders). */
function unmatchedArguments(args: readonly string[], names: ReadonlySet<string>): Diagnostic[] {
  return args
    .filter((arg) => !names.has(arg) && !names.has(bare(arg)))
    .map((arg) =>
      diagnostic("LM401", `${JSON.stringify(arg)} names no spec file or model; give a model id, a package folder or a spec path (run \`list\` to see them)`, fileLocation(arg)),
    );
}

/** Runs every stage after the manifest check. */
export async function runPipeline(options: GenerateOptions & { specsDir: string; outDir: string }, state: PipelineState): Promise<GenerateResult> {
  const { specsDir, outDir } = options;
  const { root, files, hashes, fingerprint, setHash, recorded, previous, filtered, mode, stage } = state;
  // Load and validate every spec: cross-file rules need them all.
  stage("load", `${files.length} spec file(s)`);
  const { loaded, diagnostics } = loadAll(specsDir, files);
  stage("validate", `${loaded.length} spec(s)`);
  const { verdicts, diagnostics: found } = validateSpecs(loaded);
  diagnostics.push(...found);
  // A filter that names nothing would otherwise regenerate nothing and say so quietly.
  const named = new Set(files);
  verdicts.forEach((verdict) => {
    if (verdict.modelId === null) return;
    named.add(verdict.modelId);
    const names = nameModel(verdict.modelId);
    if (!isNamingProblem(names)) named.add(names.slug).add(`models/${names.slug}`);
  });
  diagnostics.push(...unmatchedArguments(options.filter ?? [], named));
  const errorFiles = new Set(diagnostics.filter((d) => d.severity === "error").flatMap((d) => [d.location.file, ...d.related.map((r) => r.file)]));
  const failed = hasErrors(diagnostics);
  if (failed && !options.keepGoing) {
    return { ok: false, mode, upToDate: false, diagnostics, written: [], removed: [], drift: null, models: [], workspace: null, foreign: [], releases: [] };
  }

  stage("normalize", "building the IR");
  const queryByGroup = new Map(loaded.filter((s) => s.isQuery && !errorFiles.has(s.file)).map((s) => [s.folder, s]));
  const models: ModelIR[] = [];
  verdicts.forEach((verdict, i) => {
    const spec = loaded[i]!;
    if (spec.isQuery || verdict.modelId === null || errorFiles.has(spec.file)) return;
    const query = queryByGroup.get(verdict.group ?? "");
    if (query) models.push(normalizeModel(spec, query));
  });
  const catalogue = normalizeCatalogue(models);

  stage("render", "templates and types");
  const templates = loadTemplates(root);
  const generator = generatorInfo(root);
  const rendered: FileMap = new Map();
  // The spec set is recorded as done (below) only when every package is up to date: a filtered
  // or failed run that left one stale must not let the next full run take the no-op path. A
  // filtered run that left none stale records it, as a full run would: dropping it would make
  // `--check` report the manifest as changed.
  const manifest: { specSet?: string; packages: Record<string, ManifestEntry> } = { packages: {} };
  let leftStale = false;
  // Every package carries the generator's own licence (npm packs LICENSE whatever `files` says).
  const license = readFileSync(join(root, "LICENSE"), "utf8");
  const releaseRecord = readRecord(outDir);
  const releases: PackageRelease[] = [];
  /**
   * Finishes a package rendered with OWN_VERSION as its version: decides the version from the
   * release record (generator/release.ts), writes it and the changelog in, records the package.
   */
  const finish = (key: string, name: string, inputs: string, contract: Json, compare: (released: Json) => Change[], fileMap: FileMap): string => {
    fileMap.set(`${key}/LICENSE`, license);
    const digest = contentDigest(fileMap, key);
    const released = releaseRecord.packages[key];
    const decision = decideVersion(released, digest, compare);
    withVersion(fileMap, decision.version);
    fileMap.set(`${key}/CHANGELOG.md`, renderChangelog(name, released, decision));
    const files = [...fileMap.keys()];
    manifest.packages[key] = { generator: fingerprint, inputs, version: decision.version, files, digest: filesDigest(files, (path) => fileMap.get(path) ?? null)! };
    for (const [path, content] of fileMap) rendered.set(path, content);
    releases.push({ key, name, version: decision.version, digest, contract, pending: decision.pending, released: released?.version ?? null });
    return decision.version;
  };

  // The runtime first: the other packages depend on its version.
  const runtimeSources = loadRuntimeSources(root);
  const runtimeContract: RuntimeContract = { api: runtimeApi(runtimeSources) };
  const runtimeVersion = finish(
    "runtime",
    RUNTIME_PACKAGE,
    "runtime",
    runtimeContract as unknown as Json,
    (released) => compareRuntime(released as unknown as RuntimeContract, runtimeContract),
    formatFiles(renderRuntime(runtimeSources, templates, generator, OWN_VERSION)),
  );
  /** Package name → version, for the catalogue's dependencies. */
  const modelVersions = new Map<string, string>();
  /** Model id → contract, for the catalogue's. */
  const modelContracts: Record<string, ModelContract> = {};
  const reports: ModelReport[] = [];
  /** Package folders the filter names (every model when there is no filter). */
  const selected = new Set<string>();
  for (const model of catalogue.models) {
    const key = `models/${model.slug}`;
    if (matchesFilter(model, options.filter)) selected.add(key);
    const inputs = modelInputs(model, hashes);
    const before = previous?.packages[key];
    // Same inputs, and the files on disk are byte for byte what was written (not hand-edited).
    const upToDate =
      before?.generator === fingerprint &&
      before.inputs === inputs && before.digest !== undefined && filesDigest(before.files, (f) => readOrNull(outDir, f)) === before.digest;
    const report = { id: model.id, packageName: model.packageName, folder: key, specFile: model.specFile };
    if (!options.check && (upToDate || !matchesFilter(model, options.filter))) {
      // Keep what is there: the manifest entry carries over, the files stay untouched.
      if (before) manifest.packages[key] = before;
      const onDisk = readOrNull(outDir, `${key}/src/index.ts`);
      modelContracts[model.id] = contractOfModel(model, onDisk ? onDisk.toString("utf8") : "");
      modelVersions.set(model.packageName, before?.version ?? "1.0.0");
      reports.push({ ...report, status: upToDate ? "unchanged" : "filtered-out" });
      if (!upToDate) leftStale = true;
      continue;
    }
    stage("render", model.id);
    const versions = { version: OWN_VERSION, runtime: dependencyRange(runtimeVersion), specSha256: hashes.get(model.specFile)!, querySpecSha256: hashes.get(model.querySpecFile)! };
    const files = formatFiles(await renderModel(model, templates, generator, versions));
    const contract = contractOfModel(model, files.get(`${key}/src/index.ts`) ?? "");
    modelContracts[model.id] = contract;
    const version = finish(key, model.packageName, inputs, contract as unknown as Json, (released) => compareModel(released as unknown as ModelContract, contract), files);
    modelVersions.set(model.packageName, version);
    reports.push({ ...report, status: "generated" });
  }
  const modelRanges = new Map([...modelVersions].map(([name, version]) => [name, dependencyRange(version)]));
  const catalogueFiles = formatFiles(
    renderCatalogue(catalogue, templates, generator, { version: OWN_VERSION, runtime: dependencyRange(runtimeVersion), models: modelRanges, specSetSha256: setHash }),
  );
  const catalogueContract: CatalogueContract & { readonly modelContracts: Record<string, ModelContract> } = {
    models: catalogue.models.map((m) => m.id),
    api: exportedNames(catalogueFiles.get("catalogue/src/index.ts") ?? ""),
    modelContracts,
  };
  finish("catalogue", CATALOGUE_PACKAGE, setHash, catalogueContract as unknown as Json, (released) => compareCatalogueWithModels(released, catalogueContract), catalogueFiles);
  // The testing package knows every model, as the catalogue does; its contract is what it exports and the models it mocks.
  const testingFiles = formatFiles(renderTesting(catalogue, templates, generator, { version: OWN_VERSION, runtime: dependencyRange(runtimeVersion), models: modelRanges }));
  const testingContract: CatalogueContract = { models: catalogue.models.map((m) => m.id), api: exportedNames(testingFiles.get("testing/src/index.ts") ?? "") };
  finish("testing", TESTING_PACKAGE, setHash, testingContract as unknown as Json, (released) => compareCatalogue(released as unknown as CatalogueContract, testingContract), testingFiles);
  if (options.keepGoing || filtered) {
    // Packages of specs that failed or were filtered out keep their previous manifest entry.
    for (const [key, entry] of Object.entries(previous?.packages ?? {})) if (!manifest.packages[key]) manifest.packages[key] = entry;
  }
  // Models of specs that failed have no package of this set (under --keep-going) or none at all.
  if (!failed && !leftStale) manifest.specSet = setHash;
  rendered.set(MANIFEST_FILE, serializeManifest(manifest));
  flushCodeCache(codeCacheDir());

  // What earlier runs wrote, by their manifest (also under --force, which only ignores it for
  // deciding what is stale): the only files a run may ever remove. Anything else in the output
  // folder is someone else's, however it got there.
  const recordedFiles = new Set(Object.values(recorded?.packages ?? {}).flatMap((entry) => entry.files));
  recordedFiles.add(MANIFEST_FILE);
  const isForeign = (path: string): boolean => !rendered.has(path) && !recordedFiles.has(path);

  if (options.check) {
    stage("check", "comparing with the output folder");
    // A filtered check compares only the packages the filter names: the manifest, the
    // catalogue and the other models describe the whole set, which it did not look at.
    const covers = (path: string): boolean => !filtered || [...selected].some((key) => path.startsWith(`${key}/`));
    const compared = compareWithDisk(outDir, new Map([...rendered].filter(([path]) => covers(path))), covers);
    const drift = { ...compared, orphaned: compared.orphaned.filter((f) => !isForeign(f)), foreign: compared.orphaned.filter(isForeign) };
    const clean = drift.changed.length + drift.missing.length + drift.orphaned.length + drift.foreign.length === 0;
    return { ok: clean && !failed, mode, upToDate: clean, diagnostics, written: [], removed: [], drift, models: reports, workspace: null, foreign: drift.foreign, releases };
  }

  stage("write", "staging and swapping");
  const existing = existsSync(outDir) ? listOutputFiles(outDir) : [];
  const foreign = existing.filter(isForeign);
  const writes = changedFiles(outDir, rendered);
  // No manifest: nothing there is known to be ours. A folder holding exactly what this run
  // would write (an output whose manifest was deleted) is taken as ours; any other file, even
  // at a path this run writes, may be someone's work (a repo's README, its sources).
  const unknown = recorded === null ? existing.filter((f) => isForeign(f) || writes.has(f)) : [];
  if (unknown.length > 0) {
    const some = unknown.slice(0, 3).join(", ") + (unknown.length > 3 ? `, and ${unknown.length - 3} more` : "");
    throw new OutputUnavailable(
      `${outDir} holds files the generator did not write (${some}) and no ${MANIFEST_FILE}, so it is not an output of this generator; nothing was changed: pass an empty or new folder as --out (an earlier output whose manifest is lost: delete it, then generate again)`,
    );
  }
  // Orphans: files an earlier run wrote (by its manifest) that no package owns now.
  const owned = new Set(Object.values(manifest.packages).flatMap((entry) => entry.files));
  owned.add(MANIFEST_FILE);
  const removals = [...recordedFiles].filter((file) => !owned.has(file) && existsSync(join(outDir, file)));
  if (!state.stillCurrent()) {
    throw new OutputUnavailable(`the specs changed while this run read them; nothing was changed: run again`);
  }
  const report = applyChanges(outDir, writes, removals, options.beforeSwap);
  // A model was regenerated only if one of its files actually changed.
  const touched = (folder: string): boolean => report.written.some((f) => f.startsWith(`${folder}/`));
  const modelReports = reports.map((m) => (m.status === "generated" && !touched(m.folder) ? { ...m, status: "unchanged" as const } : m));
  return {
    ok: !failed,
    mode,
    upToDate: report.written.length === 0 && report.removed.length === 0,
    diagnostics,
    written: report.written,
    removed: report.removed,
    drift: null,
    models: modelReports,
    workspace: null,
    foreign,
    releases,
  };
}

/** Loads every file: the specs that parse, and the diagnostics of those that do not. */
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
  const wanted = only && only.length > 0 ? new Set(only.map(bare)) : null;
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
