/**
 * Write: make the output folder hold exactly the rendered files, all at once or not at all;
 * or, for `--check`, only compare.
 *
 * Takes the output folder and the desired files; only files whose bytes differ are written, so
 * an unchanged file keeps its mtime. Changes are staged in a sibling folder (unchanged files
 * hard-linked, so copying is cheap and mtimes survive), then swapped in with two renames; a
 * failure before the swap leaves the output exactly as it was, and a crash between the renames
 * is repaired by the next run. Build products inside packages (`dist/` and its staging
 * folders, `node_modules/`, `*.tsbuildinfo`) are never compared, removed or counted as orphans.
 */
import { accessSync, constants, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { compareCodePoints, walkFiles, walkTree, type FileMap } from "./files.js";

/** Names inside the output folder that belong to builds, not to the generator. */
function isBuildProduct(name: string): boolean {
  return /^dist(\.staging|\.previous)?$/.test(name) || name === "node_modules" || name.endsWith(".tsbuildinfo");
}

/** Every generator-owned file under `dir`, relative and `/`-separated. */
export function listOutputFiles(dir: string): string[] {
  return walkFiles(dir, {
    list: (entry) => !entry.dirent.isDirectory() && !isBuildProduct(entry.dirent.name),
    enter: (entry) => !isBuildProduct(entry.dirent.name),
    skipUnreadable: true,
  });
}

/** The paths of `files` (relative to `dir`) that are there. */
export function presentFiles(dir: string, files: readonly string[]): string[] {
  return files.filter((file) => existsSync(join(dir, file)));
}

/** Differences between desired files and the folder. */
export interface Drift {
  readonly changed: string[];
  readonly missing: string[];
  /** Files an earlier run wrote that no package owns now (a run removes them). */
  readonly orphaned: string[];
  /** Files no run of the generator wrote (a run never removes them; someone must). */
  readonly foreign?: string[];
}

/** Compares `files` with `dir`. `owned(path)` says which existing files the generator manages (others are not orphans). */
export function compareWithDisk(dir: string, files: FileMap, owned: (path: string) => boolean = () => true): Drift {
  const changed: string[] = [];
  const missing: string[] = [];
  for (const [path, content] of [...files].sort(([a], [b]) => compareCodePoints(a, b))) {
    let current: string;
    try {
      current = readFileSync(join(dir, path), "utf8");
    } catch {
      missing.push(path);
      continue;
    }
    if (current !== content) changed.push(path);
  }
  const orphaned = listOutputFiles(dir).filter((path) => !files.has(path) && owned(path));
  return { changed, missing, orphaned };
}

/** Staging and backup folders beside the output folder. */
function siblings(outDir: string): { staging: string; backup: string } {
  const parent = dirname(outDir);
  const name = basename(outDir);
  return { staging: join(parent, `.${name}.staging`), backup: join(parent, `.${name}.previous`) };
}

/**
 * The output folder cannot be written now (it is read-only, or another run is writing it):
 * said as it is, not as an internal error.
 */
export class OutputUnavailable extends Error {}

/** The lock file beside the output folder. */
function lockPath(outDir: string): string {
  return join(dirname(outDir), `.${basename(outDir)}.lock`);
}

/** Whether `pid` names a running process other than this one (a lock of our own pid is a dead run's: in a container every run may be pid 1). */
function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"; // running, as another user
  }
}

/** The lock's content (a pid), or null when there is no lock. */
function readLock(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new OutputUnavailable(`cannot read the lock ${path} (${(e as NodeJS.ErrnoException).code}); nothing was changed: delete it if no other run is going`);
  }
}

/** The pid of a running process that holds the output's lock, or null. */
export function lockHolder(outDir: string): number | null {
  const pid = Number(readLock(lockPath(outDir)));
  return isRunning(pid) ? pid : null;
}

/**
 * How long a run waits for another to finish (a run takes a second or two; a few started
 * together, by a build beside a --watch, take turns).
 */
const LOCK_WAIT_MS = 30_000;

/** Sleeps `ms` synchronously (the generator's writing is synchronous throughout). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Creates the lock holding this process's pid, unless there is one. The pid is written to a
 * file of our own first and linked into place: a lock created empty and written after could be
 * read empty by a run starting at that moment, and taken for a dead run's.
 */
function createLock(path: string): boolean {
  // Unique even between runs that share a pid (containers that share a folder are each pid 1).
  const mine = `${path}.${process.pid}-${Math.random().toString(36).slice(2)}`;
  writeFileSync(mine, String(process.pid));
  try {
    linkSync(mine, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  } finally {
    removeIfPossible(mine);
  }
}

/**
 * Removes a dead run's lock, seen holding `seen`, under a guard file: runs that find it at the
 * same moment remove it once between them, and none removes a lock another has just taken.
 * A guard left by a run that died while holding it (for microseconds) is cleared after 10 s.
 */
function removeDeadLock(path: string, seen: string): void {
  const guard = `${path}.takeover`;
  try {
    writeFileSync(guard, String(process.pid), { flag: "wx" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    const made = statSync(guard, { throwIfNoEntry: false })?.mtimeMs;
    if (made !== undefined && Date.now() - made > 10_000) removeIfPossible(guard);
    else pause(5); // another run is removing it
    return;
  }
  try {
    if (readLock(path) === seen) removeIfPossible(path);
  } finally {
    removeIfPossible(guard);
  }
}

/**
 * Takes the output's lock, one writer at a time: two runs (a --watch and a manual one) stage
 * in the same folder beside the output, and one clearing it while the other fills it left a
 * swapped-in output with files missing. A run waits up to `waitMs` for another to finish; a
 * lock whose process is gone is taken over.
 */
function takeLock(outDir: string, waitMs: number): () => void {
  const path = lockPath(outDir);
  const until = Date.now() + waitMs;
  for (let deadLocks = 0; deadLocks < 100; ) {
    if (createLock(path)) return () => removeIfPossible(path);
    const seen = readLock(path);
    if (seen === null) continue; // released since: try again
    if (!isRunning(Number(seen))) {
      removeDeadLock(path, seen);
      deadLocks++;
      continue;
    }
    if (Date.now() >= until) throw new OutputUnavailable(`another run (pid ${seen}) is writing ${outDir}; nothing was changed: run again once it is done`);
    pause(50);
  }
  throw new OutputUnavailable(`cannot take the lock ${path}; nothing was changed: delete it if no other run is going`);
}

/**
 * Removes a leftover folder if it can: a backup that cannot be deleted (read-only files)
 * must not fail this run, nor every later one; the next run tries again.
 */
function removeIfPossible(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // left for the next run
  }
}

/** Repairs a swap that a crash interrupted (output renamed away, staging not yet in place). */
export function recoverInterruptedSwap(outDir: string): void {
  const { staging, backup } = siblings(outDir);
  if (!existsSync(outDir) && existsSync(backup)) renameSync(backup, outDir);
  if (existsSync(outDir)) {
    // Looked for first: the common case has neither, and needs no recursive removal loaded.
    for (const leftover of [backup, staging]) if (existsSync(leftover)) removeIfPossible(leftover);
  }
}

/** Every folder of a tree, the root first. */
function folders(root: string): string[] {
  return [root, ...walkTree(root, { list: (entry) => entry.dirent.isDirectory() }).map((entry) => entry.full)];
}

/**
 * Refuses, before anything is staged, to replace an output folder that its owner made
 * read-only, in whole or in part, or that sits in a read-only folder: the swap would go
 * through and then fail to delete the old copy.
 */
function assertWritable(outDir: string): void {
  // The folder it sits in may not exist yet (staging makes it): its nearest existing ancestor decides.
  let parent = dirname(outDir);
  while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent);
  for (const dir of [parent, ...(existsSync(outDir) ? folders(outDir) : [])]) {
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      throw new OutputUnavailable(`cannot write ${outDir}: ${dir} is read-only; make it writable (or pass another --out), nothing was changed`);
    }
  }
}

/** Hard-links a whole tree (files linked, folders made, symlinks left out). */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  // In path order, so a folder is made before what it holds.
  for (const entry of walkTree(from, { list: (e) => !e.dirent.isSymbolicLink() })) {
    if (entry.dirent.isDirectory()) mkdirSync(join(to, entry.path));
    else linkSync(entry.full, join(to, entry.path));
  }
}

/**
 * Removes folders left empty after deletions, bottom-up, never the root. A folder that holds
 * nothing but build products (`dist/`, a `.tsbuildinfo`) counts as empty: they were built from
 * the files just deleted, and would leave a removed package's folder behind.
 */
function pruneEmptyDirs(root: string, rel: string): void {
  let dir = dirname(rel);
  while (dir !== "." && dir !== "") {
    const full = join(root, dir);
    try {
      if (readdirSync(full).some((name) => !isBuildProduct(name))) return;
      rmSync(full, { recursive: true });
    } catch {
      return;
    }
    dir = dirname(dir);
  }
}

/** What `applyChanges` did. */
export interface WriteReport {
  readonly written: string[];
  readonly removed: string[];
}

/**
 * Writes `writes` and deletes `removals` (paths relative to `outDir`) as one swap.
 * `beforeSwap` runs on the staged folder (tests use it to simulate a crash); while another run
 * writes the output, this one waits up to `lockWaitMs`.
 */
export function applyChanges(
  outDir: string,
  writes: FileMap,
  removals: readonly string[],
  beforeSwap?: (staging: string) => void,
  lockWaitMs = LOCK_WAIT_MS,
): WriteReport {
  if (writes.size === 0 && removals.length === 0) return { written: [], removed: [] };
  assertWritable(outDir);
  // A run that holds the lock already (it read the output under it, see withOutputLock) keeps it.
  if (held.has(lockPath(outDir))) return swapIn(outDir, writes, removals, beforeSwap);
  mkdirSync(dirname(outDir), { recursive: true }); // where the lock, the staging and the backup go
  const unlock = takeLock(outDir, lockWaitMs);
  try {
    return swapIn(outDir, writes, removals, beforeSwap);
  } finally {
    unlock();
  }
}

/** Locks this process holds (taken by withOutputLock). */
const held = new Set<string>();

/**
 * Runs `work` holding the output's lock, from before it reads the output until after it has
 * written it: a run that computed its changes before taking the lock could swap them in over
 * another run's output from other specs, leaving a mix of the two.
 */
export async function withOutputLock<T>(outDir: string, work: () => Promise<T>, lockWaitMs = LOCK_WAIT_MS): Promise<T> {
  const path = lockPath(outDir);
  if (held.has(path)) return work();
  mkdirSync(dirname(outDir), { recursive: true });
  const unlock = takeLock(outDir, lockWaitMs);
  held.add(path);
  try {
    return await work();
  } finally {
    held.delete(path);
    unlock();
  }
}

/** `applyChanges` under the lock. */
function swapIn(outDir: string, writes: FileMap, removals: readonly string[], beforeSwap?: (staging: string) => void): WriteReport {
  recoverInterruptedSwap(outDir);
  const { staging, backup } = siblings(outDir);
  if (existsSync(backup)) throw new OutputUnavailable(`cannot remove ${backup}, left by an earlier run: delete it, then run again; nothing was changed`);
  rmSync(staging, { recursive: true, force: true });
  try {
    const linked = existsSync(outDir);
    if (linked) linkTree(outDir, staging);
    else mkdirSync(staging, { recursive: true });
    for (const path of removals) {
      rmSync(join(staging, path), { force: true, recursive: true });
      pruneEmptyDirs(staging, path);
    }
    const made = new Set<string>();
    for (const [path, content] of writes) {
      const target = join(staging, path);
      const dir = dirname(target);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      // Unlink first: the staged file may be a hard link to the live output.
      if (linked) rmSync(target, { force: true });
      writeFileSync(target, content);
    }
    beforeSwap?.(staging);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const hadOutput = existsSync(outDir);
  if (hadOutput) renameSync(outDir, backup);
  renameSync(staging, outDir);
  if (hadOutput) removeIfPossible(backup);
  return { written: [...writes.keys()].sort(), removed: [...removals].sort() };
}

/** Files of `files` whose bytes differ from disk (or that are missing). */
export function changedFiles(outDir: string, files: FileMap): FileMap {
  const out: FileMap = new Map();
  for (const [path, content] of files) {
    let current: string | null = null;
    try {
      if (statSync(join(outDir, path)).isFile()) current = readFileSync(join(outDir, path), "utf8");
    } catch {
      current = null;
    }
    if (current !== content) out.set(path, content);
  }
  return out;
}
