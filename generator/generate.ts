/**
 * The programmatic API: `generate({ specsDir, outDir, … })` runs the pipeline
 * load → validate → normalize → render → format → write, incrementally.
 *
 * Takes options; returns a report (diagnostics, what was written or would change). Never
 * prints and never exits: the command line is a thin layer on this. A run whose inputs match
 * the manifest returns without parsing YAML or loading TypeScript, and, when no file's stat
 * changed since this machine last checked, without reading or hashing any.
 */
import { join, resolve } from "node:path";
import { filesDigest, listSpecFiles, readOrNull, sha256, specFileHash, statKey } from "./files.js";
import { MANIFEST_FILE, readManifest, type Manifest } from "./manifest.js";
import { readInputs, readVerified, statKeys, writeInputs, writeVerified } from "./local-state.js";
import { recordHash, recordPath } from "./release.js";
import type { GenerateOptions, GenerateResult } from "./result.js";
import { fingerprintInputs, generatorFingerprint, toolRoot } from "./tool.js";
import { checkWorkspace, findWorkspace, syncWorkspace } from "./workspace.js";
import { listOutputFiles, lockHolder, recoverInterruptedSwap, withOutputLock } from "./write.js";

export type { GenerateOptions, GenerateResult, ModelReport } from "./result.js";

/** Hash of the whole spec set: names and bytes. Equal hashes mean no spec was added, removed or edited. */
function specSetHash(entries: readonly { file: string; hash: string }[]): string {
  return sha256(entries.map((e) => `${e.file} ${e.hash}`).join("\n"));
}

/**
 * Whether the output folder holds what the manifest records: every package's files, byte for
 * byte (each package's digest, over what is on disk now). Contents, not sizes: an output mixed
 * from two spec snapshots, or a hand edit that kept a file's size, must not pass for current.
 */
function outputMatchesManifest(outDir: string, manifest: Manifest, root: string): boolean {
  // What this machine verified last (generator/local-state.ts): when the manifest and every file
  // have the size, mtime and inode they had then, none needs reading again.
  const manifestHash = statKey(join(outDir, MANIFEST_FILE)) ?? "no manifest";
  const verified = readVerified(root, outDir);
  const files = Object.values(manifest.packages).flatMap((entry) => entry.files);
  const keys = new Map(files.map((file) => [file, statKey(join(outDir, file))]));
  if (verified?.manifest === manifestHash && files.every((file) => keys.get(file) !== null && verified.files[file] === keys.get(file))) return true;
  const matches = Object.values(manifest.packages).every((entry) => entry.digest !== undefined && filesDigest(entry.files, (file) => readOrNull(outDir, file)) === entry.digest);
  if (matches) writeVerified(root, outDir, { manifest: manifestHash, files: Object.fromEntries(keys) as Record<string, string>, lockfile: verified?.manifest === manifestHash ? verified.lockfile : null });
  return matches;
}

/** Files in the output folder that no run of the generator wrote (by the manifest): never removed, only reported. */
function foreignFiles(outDir: string, manifest: Manifest): string[] {
  const owned = new Set<string>([MANIFEST_FILE]);
  for (const entry of Object.values(manifest.packages)) for (const file of entry.files) owned.add(file);
  return listOutputFiles(outDir).filter((file) => !owned.has(file));
}

/** The inputs' hashes a run decides by. */
interface InputHashes {
  readonly hashes: [string, string][];
  readonly setHash: string;
  readonly fingerprint: string;
}

/**
 * What a run reads before deciding: the specs' hashes, the generator's fingerprint (with the
 * release record, which decides versions and changelogs: a release remakes every package), the
 * manifest. The hashes are computed again only when a stat of some input says it changed since
 * this machine last computed them (generator/local-state.ts): a run with nothing to do reads
 * and hashes no input.
 */
function readState(specsDir: string, outDir: string, root: string) {
  const files = listSpecFiles(specsDir);
  const inputs = [...files.map((file) => join(specsDir, file)), ...fingerprintInputs(root).map((rel) => join(root, rel)), recordPath(outDir)];
  const key = statKeys(inputs);
  const name = `${specsDir}\n${outDir}`;
  let computed = readInputs<InputHashes>(root, name, key);
  if (computed === null) {
    const hashes = files.map((file): [string, string] => [file, specFileHash(specsDir, file)]);
    const setHash = specSetHash(hashes.map(([file, hash]) => ({ file, hash })));
    computed = { hashes, setHash, fingerprint: sha256(`${generatorFingerprint(root)}\n${recordHash(outDir)}`) };
    writeInputs(root, name, key, computed);
  }
  return { files, hashes: new Map(computed.hashes), setHash: computed.setHash, fingerprint: computed.fingerprint, recorded: readManifest(outDir) };
}

/** Runs the pipeline. */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const specsDir = resolve(options.specsDir);
  const outDir = resolve(options.outDir);
  const stage = options.onStage ?? (() => undefined);
  const mode = options.check ? "check" : "generate";
  const root = toolRoot();
  const filtered = (options.filter?.length ?? 0) > 0;
  // Not while another run is swapping its output in: its half-done swap is not a crash.
  if (!options.check && lockHolder(outDir) === null) recoverInterruptedSwap(outDir);

  // Hash first: the no-op path must not parse YAML or load TypeScript. It needs no lock: the
  // output changes only by a swap of the whole folder, so it reads one run's output or another's.
  const noop = (state: ReturnType<typeof readState>): boolean => {
    const previous = options.force || options.check ? null : state.recorded;
    return (
      previous !== null &&
      !filtered &&
      Object.values(previous.packages).every((entry) => entry.generator === state.fingerprint) &&
      // Recorded only by a full run without errors: a filtered or failed run left packages stale.
      previous.specSet === state.setHash &&
      outputMatchesManifest(outDir, previous, root)
    );
  };
  const upToDate = (state: ReturnType<typeof readState>): Promise<GenerateResult> => {
    stage("manifest", "nothing changed");
    const foreign = foreignFiles(outDir, state.recorded!);
    const result: GenerateResult = { ok: true, mode, upToDate: true, diagnostics: [], written: [], removed: [], drift: null, models: [], workspace: null, foreign, releases: [] };
    return withWorkspace(result, outDir, Object.keys(state.recorded!.packages), root);
  };
  const first = readState(specsDir, outDir, root);
  if (noop(first)) return upToDate(first);

  const { runPipeline } = await import("./pipeline.js");
  const run = async (): Promise<GenerateResult> => {
    // Under the lock (a run), everything is read again: another run may have written the
    // output since, from other specs, and this run's changes must be computed against that.
    const state = mode === "check" ? first : readState(specsDir, outDir, root);
    if (mode !== "check" && noop(state)) return upToDate(state);
    const previous = options.force || options.check ? null : state.recorded;
    const stillCurrent = (): boolean => {
      const files = listSpecFiles(specsDir);
      return files.length === state.files.length && files.every((file) => state.hashes.get(file) === specFileHash(specsDir, file));
    };
    const result = await runPipeline({ ...options, specsDir, outDir }, { root, ...state, previous, filtered, mode, stage, stillCurrent });
    // Spec errors that stopped the run changed nothing, so nothing needs keeping in step.
    if (result.drift === null && result.written.length === 0 && result.removed.length === 0 && !result.ok) return result;
    const keys = mode === "check" ? Object.keys(state.recorded?.packages ?? {}) : Object.keys(readManifest(outDir)?.packages ?? {});
    return withWorkspace(result, outDir, keys, root);
  };
  return mode === "check" ? run() : withOutputLock(outDir, run);
}

/**
 * The run's result with the workspace kept in step (a run) or compared (a check): a package
 * that the project's lockfile or links do not know is a failure, with the command that mends it.
 */
async function withWorkspace(result: GenerateResult, outDir: string, keys: readonly string[], root: string): Promise<GenerateResult> {
  const workspace = findWorkspace(outDir, keys);
  if (workspace === null) return result;
  // A run that changed nothing, with the lockfile as it was when last found in step (and the
  // output verified since), need not parse it again; its links are still looked at.
  const verified = result.mode === "check" ? null : readVerified(root, outDir);
  const lockKey = workspace.lockfile === null ? null : statKey(workspace.lockfile);
  const lockfileVerified = result.upToDate && verified !== null && lockKey !== null && verified.lockfile === lockKey;
  const report = result.mode === "check" ? checkWorkspace(workspace, outDir) : await syncWorkspace(workspace, outDir, { lockfileVerified });
  const inStep = report.problems.length === 0;
  if (inStep && result.upToDate && verified && !lockfileVerified && workspace.lockfile !== null) writeVerified(root, outDir, { ...verified, lockfile: statKey(workspace.lockfile) });
  return { ...result, ok: result.ok && inStep, upToDate: result.upToDate && inStep && report.changed.length === 0, workspace: report };
}
