/**
 * Files: the few file-system and hashing helpers the no-op path needs, kept apart from the
 * YAML parser and the renderers so that a run with nothing to do loads almost nothing.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** Code-point order (never locale order), so output is the same on every machine. */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** SHA-256 hex of some bytes. */
export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Every spec file below `specsDir`, relative and `/`-separated, in code-point order. Hidden entries are skipped. */
export function listSpecFiles(specsDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) found.push(relative(specsDir, full).split(sep).join("/"));
    }
  };
  walk(specsDir);
  return found.sort(compareCodePoints);
}

/** Reads a spec's raw bytes. */
export function readSpecBytes(specsDir: string, file: string): Buffer {
  return readFileSync(join(specsDir, file));
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
