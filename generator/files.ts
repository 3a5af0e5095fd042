/**
 * Files: the few file-system and hashing helpers the no-op path needs, kept apart from the
 * YAML parser and the renderers so that a run with nothing to do loads almost nothing.
 */
import type { createHash as CreateHash } from "node:crypto";
import { createRequire } from "node:module";
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** Largest spec we read: the real ones are under 10 kB; a 2 MB spec is a mistake or an attack. */
export const MAX_SPEC_BYTES = 2 * 1024 * 1024;

/** Code-point order (never locale order), so output is the same on every machine. */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

let createHash: typeof CreateHash | undefined;

/** SHA-256 hex of some bytes. */
export function sha256(data: string | Uint8Array): string {
  // Loaded on first use: node:crypto costs several milliseconds to load, and a run with nothing
  // to do hashes nothing (generator/local-state.ts).
  createHash ??= (createRequire(import.meta.url)("node:crypto") as { createHash: typeof CreateHash }).createHash;
  return createHash("sha256").update(data).digest("hex");
}

/** A name the generator reads as a spec. */
const SPEC_NAME = /\.ya?ml$/;

/**
 * Every spec entry below `specsDir`, relative and `/`-separated, in code-point order. Hidden
 * entries are skipped. An entry named like a spec is listed whatever it is (a folder, a FIFO,
 * a symlink), so that {@link readSpecFile} can say why it is not read rather than skip it
 * without a word; a symlink to a folder is listed for the same reason (it is never followed).
 */
export function listSpecFiles(specsDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const full = join(dir, entry.name);
      const listed = SPEC_NAME.test(entry.name) || (entry.isSymbolicLink() && statSync(full, { throwIfNoEntry: false })?.isDirectory() === true);
      if (listed) found.push(relative(specsDir, full).split(sep).join("/"));
      else if (entry.isDirectory()) walk(full);
    }
  };
  walk(specsDir);
  return found.sort(compareCodePoints);
}

/** A spec's bytes, or why they were not read (a code of `diagnostics.ts` and a message). */
export type SpecRead =
  | { readonly ok: true; readonly bytes: Buffer }
  | { readonly ok: false; readonly code: "LM001" | "LM004" | "LM008"; readonly message: string };

/**
 * Reads a spec's bytes, checking what the entry is and how large it is before reading a byte:
 * a folder, FIFO, socket or device is refused (LM008) without blocking on it; a symlink is
 * followed only when its target is a regular file inside the specs folder (LM008 otherwise);
 * a file over {@link MAX_SPEC_BYTES} is refused by its size (LM004). Never throws.
 */
export function readSpecFile(specsDir: string, file: string): SpecRead {
  const refuse = (code: "LM001" | "LM004" | "LM008", message: string): SpecRead => ({ ok: false, code, message });
  let path = join(specsDir, file);
  let fd: number | null = null;
  let linked = false;
  try {
    if (lstatSync(path).isSymbolicLink()) {
      linked = true;
      const root = realpathSync(specsDir);
      let target: string;
      try {
        target = realpathSync(path);
      } catch (error) {
        return refuse("LM008", `the symlink leads nowhere (${(error as NodeJS.ErrnoException).code ?? String(error)}); point it at a spec inside the specs folder, or remove it`);
      }
      if (!target.startsWith(root + sep)) return refuse("LM008", "the symlink points outside the specs folder, and is not followed; copy the spec into the folder instead");
      path = target;
    }
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below, by fstat.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    const stat = fstatSync(fd);
    if (stat.isDirectory()) {
      return refuse("LM008", linked ? "a symlink to a folder is not followed; move the folder's specs into the specs folder" : "a folder is named like a spec; a spec must be a file (rename the folder)");
    }
    if (!stat.isFile()) return refuse("LM008", `this is a ${stat.isFIFO() ? "FIFO" : stat.isSocket() ? "socket" : "device"}, not a regular file; a spec must be a file`);
    if (stat.size > MAX_SPEC_BYTES) return refuse("LM004", `spec is ${stat.size} bytes; the limit is ${MAX_SPEC_BYTES}`);
    // One byte more than fstat said: a file that grows while it is read is refused, not read whole.
    const bytes = Buffer.allocUnsafe(stat.size + 1);
    let length = 0;
    for (let got = -1; got !== 0 && length < bytes.length; length += got) got = readSync(fd, bytes, length, bytes.length - length, null);
    if (length > stat.size) return refuse("LM001", "the file grew while it was read; run again once it is written");
    return { ok: true, bytes: bytes.subarray(0, length) };
  } catch (error) {
    return refuse("LM001", `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * Hash of a spec for the no-op check: of its bytes, or of why it cannot be read (a spec that
 * cannot be read is reported by the pipeline; its hash only has to differ from any content's).
 */
export function specFileHash(specsDir: string, file: string): string {
  const read = readSpecFile(specsDir, file);
  return read.ok ? sha256(read.bytes) : sha256(`\u0000${read.code} ${read.message}`);
}

/**
 * Hash of some output files' names and bytes: `read(path)` gives a file's bytes, or null when
 * it is missing (the digest is then null). Pass the rendered text to digest what is about to
 * be written, or a disk read to digest what is there: equal bytes give equal digests.
 */
export function filesDigest(files: readonly string[], read: (path: string) => string | Uint8Array | null): string | null {
  const lines: string[] = [];
  for (const path of [...files].sort(compareCodePoints)) {
    const bytes = read(path);
    if (bytes === null) return null;
    lines.push(`${path} ${sha256(bytes)}`);
  }
  return sha256(lines.join("\n"));
}

/** Reads a file below `dir`, or null when it cannot be read (for {@link filesDigest}). */
export function readOrNull(dir: string, path: string): Buffer | null {
  try {
    return readFileSync(join(dir, path));
  } catch {
    return null;
  }
}
