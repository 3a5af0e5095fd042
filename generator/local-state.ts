/**
 * Local state: what this machine last verified about an output folder, so that a run with
 * nothing to do can tell by `stat` alone that the files are still the bytes the manifest records
 * and that the npm workspace's lockfile is as it was when it was found in step.
 *
 * Like git's index: a file whose size, modification time and inode are what they were when its
 * bytes were verified is taken as unchanged; any other is read and hashed again. Kept under
 * `node_modules/.cache/linkmodel-codegen/` of the generator (never committed, never part of the
 * output); missing, stale or unreadable state only means checking the slow way once.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sha256 } from "./files.js";

/** What was verified about one output folder. */
export interface VerifiedState {
  /** SHA-256 of the manifest's bytes when the files were verified. */
  readonly manifest: string;
  /** Output path → {@link statKey} of the file when its bytes matched the manifest. */
  readonly files: Readonly<Record<string, string>>;
  /** {@link statKey} of the npm lockfile when the workspace was last found in step, or null. */
  readonly lockfile: string | null;
}

/** Size, modification time and inode of a file: what changes when its bytes do. Null when it is missing. */
export function statKey(path: string): string | null {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeMs}:${stat.ino}` : null;
}

function stateFile(toolRoot: string, outDir: string): string {
  return join(toolRoot, "node_modules", ".cache", "linkmodel-codegen", `output-${sha256(outDir).slice(0, 16)}.json`);
}

/** The state last verified for `outDir`, or null. */
export function readVerified(toolRoot: string, outDir: string): VerifiedState | null {
  try {
    const data = JSON.parse(readFileSync(stateFile(toolRoot, outDir), "utf8")) as VerifiedState;
    return typeof data.manifest === "string" && typeof data.files === "object" && data.files !== null ? data : null;
  } catch {
    return null;
  }
}

/** Records what was verified; best effort (a read-only cache only costs speed). */
export function writeVerified(toolRoot: string, outDir: string, state: VerifiedState): void {
  const path = stateFile(toolRoot, outDir);
  try {
    mkdirSync(join(path, ".."), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(state));
    renameSync(temporary, path);
  } catch {
    // slower next time, nothing worse
  }
}
