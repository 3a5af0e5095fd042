/** Temporary workspaces for generator tests: a copy of specs/ and an output folder, removed after. */
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { walkTree } from "../../generator/files.js";

/** The repository root. */
export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** A temp folder holding `specs/` (a copy of the given specs folder) and `generated/`. */
export interface Workspace {
  readonly dir: string;
  readonly specsDir: string;
  readonly outDir: string;
  remove(): void;
}

/** Makes a workspace; `specs` defaults to the real catalogue. */
export function makeWorkspace(specs = join(ROOT, "specs")): Workspace {
  const dir = mkdtempSync(join(tmpdir(), "lm-gen-"));
  const specsDir = join(dir, "specs");
  cpSync(specs, specsDir, { recursive: true });
  return { dir, specsDir, outDir: join(dir, "generated"), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every file below `dir` with its bytes (as a string) and mtime, keyed by relative path. */
export function snapshotTree(dir: string): Map<string, { content: string; mtimeMs: number }> {
  const files = walkTree(dir, { skipUnreadable: true });
  return new Map(files.map((file) => [file.path, { content: readFileSync(file.full, "latin1"), mtimeMs: statSync(file.full).mtimeMs }]));
}

/** Only the contents of a tree snapshot (for byte comparisons across folders). */
export function contents(tree: Map<string, { content: string }>): Record<string, string> {
  return Object.fromEntries([...tree].map(([path, file]) => [path, file.content]));
}

/** Path relative to the repo root, `/`-separated. */
export function fromRoot(path: string): string {
  return relative(ROOT, path).split("\\").join("/");
}

/** The compiler options of a strict user project (the generated packages must compile under them). */
export const STRICT_COMPILER_OPTIONS = {
  target: "ES2022",
  lib: ["ES2022", "DOM"],
  module: "NodeNext",
  moduleResolution: "NodeNext",
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
} as const;

/**
 * A copy of the generator itself (its compiled build, sources, templates and runtime sources,
 * with this repo's node_modules linked in) below `dir`, so that a test can change a template
 * or a generator source, as a developer would, without touching the generator other tests run.
 * Returns the path of the copy's `bin.js`.
 */
export function copyGenerator(dir: string): { root: string; bin: string } {
  const root = join(dir, "tool");
  for (const part of ["build", "generator", "templates", "runtime/src", "runtime/cli", "package.json", "LICENSE"]) {
    cpSync(join(ROOT, part), join(root, part), { recursive: true });
  }
  symlinkSync(join(ROOT, "node_modules"), join(root, "node_modules"), "dir");
  return { root, bin: join(root, "build", "generator", "bin.js") };
}
