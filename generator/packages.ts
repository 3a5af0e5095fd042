/**
 * Packages: the render and format stages over the whole catalogue, package by package, in the
 * order their versions depend on (the runtime, each model, the catalogue, the testing package,
 * the command line).
 * Each package is rendered with OWN_VERSION, formatted, given the version its release record
 * and contract decide (generator/release.ts), and recorded in the manifest.
 *
 * A model package whose inputs and files on disk are what the manifest records is not rendered
 * again (unless `check`): its entry carries over. Reads the generator's own files (templates,
 * runtime sources, licence) through tool.ts, the release record through release.ts, and the
 * files of packages it keeps, for their digests; writes nothing.
 */
import { flushCodeCache, codeCacheDir } from "./code-cache.js";
import {
  compareCatalogue,
  compareCatalogueWithModels,
  compareCli,
  compareModel,
  compareRuntime,
  contractOfModel,
  entrySources,
  exportedNames,
  packageBins,
  runtimeContract,
  type CatalogueContract,
  type Change,
  type CliContract,
  type ModelContract,
} from "./contract.js";
import { cliFlags } from "./docs.js";
import { bodyFlagNames, CLI_COMMANDS, CLI_OPTION_NAMES } from "../runtime/cli/names.js";
import { compareCodePoints, filesDigest, readOrNull, sha256, type FileMap } from "./files.js";
import { formatFiles } from "./format.js";
import type { CatalogueIR, Json, ModelIR } from "./ir.js";
import { MANIFEST_FILE, serializeManifest, type Manifest, type ManifestEntry } from "./manifest.js";
import { PACKAGE_SCOPE } from "./naming.js";
import { contentDigest, decideVersion, dependencyRange, OWN_VERSION, readRecord, renderChangelog, withVersion, type PackageRelease } from "./release.js";
import { compileTemplates, renderCatalogue, renderCli, renderModel, renderRuntime, renderTesting } from "./render.js";
import type { ModelReport } from "./result.js";
import { CLI_SOURCES_DIR, readGeneratorInfo, readLicense, readSources, readTemplateSources, RUNTIME_SOURCES_DIR } from "./tool.js";

const RUNTIME_PACKAGE = `${PACKAGE_SCOPE}/runtime`;
const CATALOGUE_PACKAGE = `${PACKAGE_SCOPE}/catalogue`;
const TESTING_PACKAGE = `${PACKAGE_SCOPE}/testing`;
const CLI_PACKAGE = `${PACKAGE_SCOPE}/cli`;

/** What the command-line package promises: its bins, its commands (its own and one per model), its options, each model's body flags. */
function cliContractOf(models: readonly ModelIR[], bins: readonly string[]): CliContract {
  const flags: Record<string, string[]> = {};
  for (const m of models) Object.defineProperty(flags, m.id, { value: bodyFlagNames(cliFlags(m).map((f) => f.name)).sort(compareCodePoints), enumerable: true });
  return {
    bins,
    commands: [...CLI_COMMANDS, ...models.map((m) => m.id)].sort(compareCodePoints),
    options: [...new Set(Object.values(CLI_OPTION_NAMES).flat())].sort(compareCodePoints),
    flags,
  };
}

/** What rendering every package needs besides the catalogue. */
export interface RenderContext {
  readonly root: string;
  readonly outDir: string;
  readonly hashes: ReadonlyMap<string, string>;
  readonly fingerprint: string;
  readonly setHash: string;
  /** The manifest to keep packages by (null: render every one). */
  readonly previous: Manifest | null;
  readonly filter: readonly string[];
  /** Render every model, even one whose files are current (`--check`). */
  readonly renderAll: boolean;
  /** Packages of specs that failed or were filtered out keep their previous manifest entry. */
  readonly keepPrevious: boolean;
  /** Whether some spec had errors (the spec set is then not recorded as done). */
  readonly failed: boolean;
  readonly stage: (stage: string, detail: string) => void;
}

/** Every package's files, the manifest among them. */
export interface RenderedPackages {
  /** Path → content of every package rendered, and the manifest. */
  readonly files: FileMap;
  /** The manifest written with them. */
  readonly manifest: Manifest;
  readonly models: ModelReport[];
  readonly releases: PackageRelease[];
  /** Package folders the filter names (every model when there is none). */
  readonly selected: ReadonlySet<string>;
}

/** Inputs of one model package: its spec and its group's query spec. */
function modelInputs(model: ModelIR, hashes: ReadonlyMap<string, string>): string {
  return sha256(`${model.specFile} ${hashes.get(model.specFile)}\n${model.querySpecFile} ${hashes.get(model.querySpecFile)}`);
}

/** A filter or file argument as the pipeline compares it: `specs/video/x.yaml` (the old form) becomes `video/x.yaml`. */
export function bareArgument(argument: string): string {
  return argument.replace(/^specs\//, "");
}

function matchesFilter(model: ModelIR, filter: readonly string[]): boolean {
  if (filter.length === 0) return true;
  return filter.some((f) => [model.id, model.slug, `models/${model.slug}`, model.specFile].includes(bareArgument(f)));
}

/** Renders, formats and versions every package of the catalogue. */
export async function renderPackages(catalogue: CatalogueIR, context: RenderContext): Promise<RenderedPackages> {
  const { root, outDir, hashes, fingerprint, setHash, previous, stage } = context;
  const templates = compileTemplates(readTemplateSources(root));
  const generator = readGeneratorInfo(root);
  const license = readLicense(root);
  const releaseRecord = readRecord(outDir);
  const rendered: FileMap = new Map();
  const packages: Record<string, ManifestEntry> = {};
  const releases: PackageRelease[] = [];
  // The spec set is recorded as done (below) only when every package is up to date: a filtered
  // or failed run that left one stale must not let the next full run take the no-op path. A
  // filtered run that left none stale records it, as a full run would: dropping it would make
  // `--check` report the manifest as changed.
  let leftStale = false;

  /**
   * Finishes a package rendered with OWN_VERSION as its version: decides the version from the
   * release record, writes it and the changelog in, records the package.
   */
  const finish = (key: string, name: string, inputs: string, contract: Json, compare: (released: Json) => Change[], fileMap: FileMap): string => {
    fileMap.set(`${key}/LICENSE`, license);
    const digest = contentDigest(fileMap, key);
    const released = releaseRecord.packages[key];
    const decision = decideVersion(released, digest, compare);
    withVersion(fileMap, decision.version);
    fileMap.set(`${key}/CHANGELOG.md`, renderChangelog(name, released, decision));
    const files = [...fileMap.keys()];
    packages[key] = { generator: fingerprint, inputs, version: decision.version, files, digest: filesDigest(files, (path) => fileMap.get(path) ?? null)! };
    for (const [path, content] of fileMap) rendered.set(path, content);
    releases.push({ key, name, version: decision.version, digest, contract, pending: decision.pending, released: released?.version ?? null });
    return decision.version;
  };

  // The runtime first: the other packages depend on its version.
  const runtimeSources = readSources(root, RUNTIME_SOURCES_DIR);
  const runtimeFiles = formatFiles(renderRuntime(runtimeSources, templates, generator, OWN_VERSION));
  const runtimePackageJson = runtimeFiles.get("runtime/package.json") ?? "{}";
  const ownRuntime = { ...runtimeContract(runtimeSources, entrySources(runtimePackageJson)), bins: packageBins(runtimePackageJson) };
  const runtimeVersion = finish(
    "runtime",
    RUNTIME_PACKAGE,
    "runtime",
    ownRuntime as unknown as Json,
    (released) => compareRuntime(released as unknown as typeof ownRuntime, ownRuntime),
    runtimeFiles,
  );
  const runtimeRange = dependencyRange(runtimeVersion);

  /** Package name → version, for the catalogue's dependencies; model id → contract, for its contract. */
  const modelVersions = new Map<string, string>();
  const modelContracts: Record<string, ModelContract> = {};
  const models: ModelReport[] = [];
  const selected = new Set<string>();
  for (const model of catalogue.models) {
    const key = `models/${model.slug}`;
    if (matchesFilter(model, context.filter)) selected.add(key);
    const inputs = modelInputs(model, hashes);
    const before = previous?.packages[key];
    // Same inputs, and the files on disk are byte for byte what was written (not hand-edited).
    const upToDate =
      before?.generator === fingerprint && before.inputs === inputs && before.digest !== undefined && filesDigest(before.files, (f) => readOrNull(outDir, f)) === before.digest;
    const report = { id: model.id, packageName: model.packageName, folder: key, specFile: model.specFile };
    if (!context.renderAll && (upToDate || !matchesFilter(model, context.filter))) {
      // Keep what is there: the manifest entry carries over, the files stay untouched.
      if (before) packages[key] = before;
      const onDisk = readOrNull(outDir, `${key}/src/index.ts`);
      modelContracts[model.id] = contractOfModel(model, onDisk ? onDisk.toString("utf8") : "");
      modelVersions.set(model.packageName, before?.version ?? "1.0.0");
      models.push({ ...report, status: upToDate ? "unchanged" : "filtered-out" });
      if (!upToDate) leftStale = true;
      continue;
    }
    stage("render", model.id);
    const versions = { version: OWN_VERSION, runtime: runtimeRange, specSha256: hashes.get(model.specFile)!, querySpecSha256: hashes.get(model.querySpecFile)! };
    const files = formatFiles(await renderModel(model, templates, generator, versions));
    const contract = contractOfModel(model, files.get(`${key}/src/index.ts`) ?? "");
    modelContracts[model.id] = contract;
    const version = finish(key, model.packageName, inputs, contract as unknown as Json, (released) => compareModel(released as unknown as ModelContract, contract), files);
    modelVersions.set(model.packageName, version);
    models.push({ ...report, status: "generated" });
  }

  const modelRanges = new Map([...modelVersions].map(([name, version]) => [name, dependencyRange(version)]));
  const catalogueFiles = formatFiles(renderCatalogue(catalogue, templates, generator, { version: OWN_VERSION, runtime: runtimeRange, models: modelRanges, specSetSha256: setHash }));
  const catalogueContract = {
    models: catalogue.models.map((m) => m.id),
    api: exportedNames(catalogueFiles.get("catalogue/src/index.ts") ?? ""),
    bins: packageBins(catalogueFiles.get("catalogue/package.json")),
    modelContracts,
  };
  const catalogueVersion = finish("catalogue", CATALOGUE_PACKAGE, setHash, catalogueContract as unknown as Json, (released) => compareCatalogueWithModels(released, catalogueContract), catalogueFiles);
  // The testing package knows every model, as the catalogue does; its contract is what it exports and the models it mocks.
  const testingFiles = formatFiles(renderTesting(catalogue, templates, generator, { version: OWN_VERSION, runtime: runtimeRange, models: modelRanges }));
  const testingContract: CatalogueContract = {
    models: catalogue.models.map((m) => m.id),
    api: exportedNames(testingFiles.get("testing/src/index.ts") ?? ""),
    bins: packageBins(testingFiles.get("testing/package.json")),
  };
  finish("testing", TESTING_PACKAGE, setHash, testingContract as unknown as Json, (released) => compareCatalogue(released as unknown as CatalogueContract, testingContract), testingFiles);
  // The command line last: it depends on the catalogue. Its contract is its commands and each one's flags.
  const cliVersions = { version: OWN_VERSION, runtime: runtimeRange, catalogue: dependencyRange(catalogueVersion) };
  const cliFiles = formatFiles(renderCli(catalogue, readSources(root, CLI_SOURCES_DIR), templates, generator, cliVersions));
  const cliContract = cliContractOf(catalogue.models, packageBins(cliFiles.get("cli/package.json")));
  finish("cli", CLI_PACKAGE, setHash, cliContract as unknown as Json, (released) => compareCli(released as unknown as CliContract, cliContract), cliFiles);

  if (context.keepPrevious) {
    for (const [key, entry] of Object.entries(previous?.packages ?? {})) if (!packages[key]) packages[key] = entry;
  }
  // Models of specs that failed have no package of this set (under --keep-going) or none at all.
  const manifest: Manifest = { ...(!context.failed && !leftStale ? { specSet: setHash } : {}), packages };
  rendered.set(MANIFEST_FILE, serializeManifest(manifest));
  flushCodeCache(codeCacheDir());
  return { files: rendered, manifest, models, releases, selected };
}
