/**
 * Files: the file-system and hashing helpers every stage shares (walking a folder, reading a
 * spec, hashing files, writing a file whole), kept apart from the YAML parser and the renderers
 * so that a run with nothing to do loads almost nothing. Imports nothing of the generator.
 */
import type { createHash as CreateHash } from "node:crypto";
import { createRequire } from "node:module";
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, realpathSync, renameSync, rmSync, statSync, utimesSync, writeFileSync, type Dirent } from "node:fs";
import { basename, dirname, join, sep } from "node:path";

/** Files in memory: output-relative path (`/`-separated) → content. What render makes, format keeps, write writes. */
export type FileMap = Map<string, string>;

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

/** One entry met by {@link walkTree}. */
export interface TreeEntry {
  /** Relative to the walked folder, `/`-separated. */
  readonly path: string;
  /** The full path on disk. */
  readonly full: string;
  readonly dirent: Dirent;
}

/** What {@link walkTree} lists and enters; by default every file is listed and every folder entered. */
export interface WalkOptions {
  /** Whether an entry is listed (default: anything but a folder). */
  readonly list?: (entry: TreeEntry) => boolean;
  /** Whether a folder is entered (default: every folder). Symlinks are never followed. */
  readonly enter?: (entry: TreeEntry) => boolean;
  /** A folder that cannot be read (or is missing) lists nothing, rather than throwing. */
  readonly skipUnreadable?: boolean;
}

/**
 * Every entry below `dir` that `options.list` keeps, in code-point order of its relative path
 * (so a folder comes before what it holds): the one folder walker of the generator.
 */
export function walkTree(dir: string, options: WalkOptions = {}): TreeEntry[] {
  const list = options.list ?? ((entry: TreeEntry) => !entry.dirent.isDirectory());
  const found: TreeEntry[] = [];
  const walk = (sub: string): void => {
    let dirents: Dirent[];
    try {
      dirents = readdirSync(join(dir, sub), { withFileTypes: true });
    } catch (error) {
      if (options.skipUnreadable) return;
      throw error;
    }
    for (const dirent of dirents) {
      const path = sub === "" ? dirent.name : `${sub}/${dirent.name}`;
      const entry = { path, full: join(dir, path), dirent };
      if (list(entry)) found.push(entry);
      if (dirent.isDirectory() && (options.enter?.(entry) ?? true)) walk(path);
    }
  };
  walk("");
  return found.sort((a, b) => compareCodePoints(a.path, b.path));
}

/** The relative paths of {@link walkTree}. */
export function walkFiles(dir: string, options: WalkOptions = {}): string[] {
  return walkTree(dir, options).map((entry) => entry.path);
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
  const visible = (entry: TreeEntry): boolean => !entry.dirent.name.startsWith(".");
  return walkFiles(specsDir, {
    list: (entry) =>
      visible(entry) && (SPEC_NAME.test(entry.dirent.name) || (entry.dirent.isSymbolicLink() && statSync(entry.full, { throwIfNoEntry: false })?.isDirectory() === true)),
    enter: (entry) => visible(entry) && !SPEC_NAME.test(entry.dirent.name),
  });
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

/** Size, modification time and inode of a file: what changes when its bytes do. Null when it is missing. */
export function statKey(path: string): string | null {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeMs}:${stat.ino}` : null;
}

/** A JSON file parsed, or null when it is missing or not JSON. */
export function readJsonOrNull<T>(path: string): T | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch {
    return null;
  }
}

/**
 * Writes a file whole: to a temporary name beside it, then renamed over it, so that a reader
 * (another run, a crash half-way) never sees half of it. Makes the folder if needed; `timeMs`
 * sets the file's modification time before it appears.
 */
export function writeWhole(path: string, content: string | Uint8Array, options: { readonly timeMs?: number } = {}): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, content);
    if (options.timeMs !== undefined) utimesSync(temporary, options.timeMs / 1000, options.timeMs / 1000);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
