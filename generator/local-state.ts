/**
 * Local state: what this machine last verified about an output folder, so that a run with
 * nothing to do can tell by `stat` alone that the files are still the bytes the manifest records
 * and that the npm workspace's lockfile is as it was when it was found in step.
 *
 * Like git's index: a file whose size, modification time and inode are what they were when its
 * bytes were verified is taken as unchanged; any other is read and hashed again. Kept under
 * `node_modules/.cache/linkmodel-codegen-state/` of the generator (never committed, never part of the
 * output); missing, stale or unreadable state only means checking the slow way once.
 */
import { join } from "node:path";
import { readJsonOrNull, statKey, writeWhole } from "./files.js";

/** What was verified about one output folder. */
export interface VerifiedState {
  /** {@link statKey} of the manifest when the files were verified. */
  readonly manifest: string;
  /** Output path → {@link statKey} of the file when its bytes matched the manifest. */
  readonly files: Readonly<Record<string, string>>;
  /** {@link statKey} of the npm lockfile when the workspace was last found in step, or null. */
  readonly lockfile: string | null;
}


/** A short name for a path (FNV-1a, 32 bits twice): not a secret, and no need to load node:crypto for it. */
function nameOf(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    a = Math.imul(a ^ text.charCodeAt(i), 0x01000193) >>> 0;
    b = Math.imul(b ^ text.charCodeAt(i), 0x811c9dc5) >>> 0;
  }
  return a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0");
}

function stateFile(toolRoot: string, kind: string, key: string): string {
  return join(toolRoot, "node_modules", ".cache", "linkmodel-codegen-state", `${kind}-${nameOf(key)}.json`);
}

/** Writes a state file whole; best effort (a read-only cache only costs speed). */
function writeJson(path: string, data: unknown): void {
  try {
    writeWhole(path, JSON.stringify(data));
  } catch {
    // slower next time, nothing worse
  }
}

/** The state last verified for `outDir`, or null. */
export function readVerified(toolRoot: string, outDir: string): VerifiedState | null {
  const data = readJsonOrNull<VerifiedState>(stateFile(toolRoot, "output", outDir));
  return data && typeof data.manifest === "string" && typeof data.files === "object" && data.files !== null ? data : null;
}

/** Records what was verified. */
export function writeVerified(toolRoot: string, outDir: string, state: VerifiedState): void {
  writeJson(stateFile(toolRoot, "output", outDir), state);
}

/**
 * Hashes computed from input files (specs, the generator's own inputs, the release record),
 * with the stat keys of every file they were computed from: while the keys are the same, the
 * hashes are, and nothing needs reading or hashing again.
 */
export interface InputsState<T> {
  /** Every input path and its {@link statKey}, one per line. */
  readonly key: string;
  readonly value: T;
}

/** The stat keys of `paths`, as one string ({@link InputsState.key}). */
export function statKeys(paths: readonly string[]): string {
  return paths.map((path) => `${path} ${statKey(path) ?? "missing"}`).join("\n");
}

/** The value last computed from the inputs of `name` when their stat keys were `key`, or null. */
export function readInputs<T>(toolRoot: string, name: string, key: string): T | null {
  const data = readJsonOrNull<InputsState<T>>(stateFile(toolRoot, "inputs", name));
  return data?.key === key ? data.value : null;
}

/** Records the value computed from the inputs of `name` whose stat keys were `key`. */
export function writeInputs<T>(toolRoot: string, name: string, key: string, value: T): void {
  writeJson(stateFile(toolRoot, "inputs", name), { key, value });
}
