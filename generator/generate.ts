/**
 * The programmatic API: `generate({ specsDir, outDir, … })` runs the pipeline
 * load → validate → normalize → render → format → write, incrementally.
 *
 * Takes options; returns a report (diagnostics, what was written or would change). Never
 * prints and never exits: the command line is a thin layer on this. A run whose inputs match
 * the manifest returns after hashing the specs, without parsing YAML or loading TypeScript.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic } from "./diagnostics.js";
import { listSpecFiles, sha256, specFileHash } from "./files.js";
import { generatorFingerprint, MANIFEST_FILE, readManifest, type Manifest } from "./manifest.js";
import { listOutputFiles, lockHolder, recoverInterruptedSwap, type Drift } from "./write.js";

/** Options of {@link generate}. */
export interface GenerateOptions {
  /** Folder of specs (`<group>/<model>.yaml`, `<group>/_query.yaml`). */
  readonly specsDir: string;
  /** Output folder (`generated/`). */
  readonly outDir: string;
  /** Only (re)generate the models whose id, package folder or spec path is listed. */
  readonly filter?: readonly string[];
  /** Compare with the output folder instead of writing. */
  readonly check?: boolean;
  /** Generate the good specs even when some are bad (the result still reports the errors). */
  readonly keepGoing?: boolean;
  /** Ignore the manifest and render everything. */
  readonly force?: boolean;
  /** Called with a short line at each stage, for `--verbose` and watch mode. */
  readonly onStage?: (stage: string, detail: string) => void;
  /** Test hook: runs on the staged output just before it is swapped in. */
  readonly beforeSwap?: (staging: string) => void;
}

/** What happened to one model. */
export interface ModelReport {
  readonly id: string;
  readonly packageName: string;
  readonly folder: string;
  readonly specFile: string;
  readonly status: "generated" | "unchanged" | "filtered-out";
}

/** The report of a run. */
export interface GenerateResult {
  /** False when a spec has errors, or (check mode) when the output drifted. */
  readonly ok: boolean;
  readonly mode: "generate" | "check";
  /** True when there was nothing to do (generate) or nothing differs (check). */
  readonly upToDate: boolean;
  readonly diagnostics: Diagnostic[];
  readonly written: string[];
  readonly removed: string[];
  readonly drift: Drift | null;
  readonly models: ModelReport[];
}

/** The folder the generator is installed in (holds `templates/`, `runtime/src/`, `package.json`). */
export function toolRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "templates")) || !existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find the generator's templates/ folder");
    dir = parent;
  }
  return dir;
}

/** Hash of the whole spec set: names and bytes. Equal hashes mean no spec was added, removed or edited. */
function specSetHash(entries: readonly { file: string; hash: string }[]): string {
  return sha256(entries.map((e) => `${e.file} ${e.hash}`).join("\n"));
}

/**
 * Whether the output folder holds what the manifest records: every package's files, with the
 * total size it recorded (a deleted file or an added line fails this), and no other file (a
 * stray package folder fails it). Sizes by `stat`, not contents by hashing: a no-op run at a
 * thousand packages must not read them all.
 */
function outputMatchesManifest(outDir: string, manifest: Manifest): boolean {
  const owned = new Set<string>([MANIFEST_FILE]);
  for (const entry of Object.values(manifest.packages)) {
    let bytes = 0;
    for (const file of entry.files) {
      const size = statSync(join(outDir, file), { throwIfNoEntry: false })?.size;
      if (size === undefined) return false;
      bytes += size;
      owned.add(file);
    }
    if (bytes !== entry.bytes) return false;
  }
  return listOutputFiles(outDir).every((file) => owned.has(file));
}

/** Runs the pipeline. */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const specsDir = resolve(options.specsDir);
  const outDir = resolve(options.outDir);
  const stage = options.onStage ?? (() => undefined);
  const mode = options.check ? "check" : "generate";
  const root = toolRoot();
  // Not while another run is swapping its output in: its half-done swap is not a crash.
  if (!options.check && lockHolder(outDir) === null) recoverInterruptedSwap(outDir);

  // Hash first: the no-op path must not parse YAML or load TypeScript.
  const files = listSpecFiles(specsDir);
  const hashes = new Map(files.map((file) => [file, specFileHash(specsDir, file)]));
  const fingerprint = generatorFingerprint(root);
  const setHash = specSetHash(files.map((file) => ({ file, hash: hashes.get(file)! })));
  const recorded = readManifest(outDir);
  const previous = options.force || options.check ? null : recorded;
  const filtered = (options.filter?.length ?? 0) > 0;
  if (
    previous &&
    !filtered &&
    previous.generator === fingerprint &&
    // Recorded only by a full run without errors: a filtered or failed run left packages stale.
    previous.specSet === setHash &&
    outputMatchesManifest(outDir, previous)
  ) {
    stage("manifest", "nothing changed");
    return { ok: true, mode, upToDate: true, diagnostics: [], written: [], removed: [], drift: null, models: [] };
  }

  const { runPipeline } = await import("./pipeline.js");
  return runPipeline({ ...options, specsDir, outDir }, { root, files, hashes, fingerprint, setHash, recorded, previous, filtered, mode, stage });
}
