/**
 * The no-op stamp of `npm run generate` (generator/generate.sh): after a run that left
 * everything in step, a list of every path whose change could change what a run does, with the
 * run's start as the stamp's modification time. The shell script starts no Node process while
 * nothing listed is newer than the stamp; what it lists comes from here, the one place that
 * knows the generator's inputs (with `fingerprintInputs`).
 *
 * Lines: `T <path>` for a tree (any file or folder below it newer), `S <path>` for the path
 * itself (a folder's own time changes when an entry is added, removed or renamed in it).
 */
import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative } from "node:path";
import { writeWhole } from "./files.js";
import { recordPath } from "./release.js";
import { BUILD_DIR, fingerprintInputs, GENERATOR_SOURCES_DIR, RUNTIME_SOURCES_DIR, CLI_SOURCES_DIR, TEMPLATES_DIR } from "./tool.js";

/** Writes the stamp at `stamp` (relative to `cwd`), timed at `startedMs`, listing the inputs of a run over `specsDir` into `outDir`. */
export function writeNoopStamp(stamp: string, cwd: string, options: { root: string; specsDir: string; outDir: string; workspaceRoot: string | null; startedMs: number }): void {
  const { root, specsDir, outDir, workspaceRoot } = options;
  const shown = (path: string): string => {
    const inside = relative(cwd, path);
    return inside === "" ? "." : inside.startsWith("..") || isAbsolute(inside) ? path : inside;
  };
  const lines = [
    ...[specsDir, outDir, ...[TEMPLATES_DIR, RUNTIME_SOURCES_DIR, CLI_SOURCES_DIR, GENERATOR_SOURCES_DIR, BUILD_DIR].map((dir) => join(root, dir))].map((path) => `T ${shown(path)}`),
    // Files read by path, and the folders whose entries decide what exists (the record, the lock).
    ...fingerprintInputs(root).map((rel) => `S ${shown(join(root, rel))}`),
    `S ${shown(dirname(recordPath(outDir)))}`,
    ...(existsSync(recordPath(outDir)) ? [`S ${shown(recordPath(outDir))}`] : []),
    ...(workspaceRoot ? ["package.json", "package-lock.json", "node_modules/@linkmodel-sdk"].map((rel) => join(workspaceRoot, rel)).filter(existsSync).map((path) => `S ${shown(path)}`) : []),
  ];
  try {
    // Timed at the run's start: a path changed while it ran is newer than the stamp, so the next run looks.
    writeWhole(join(cwd, stamp), `${[...new Set(lines)].join("\n")}\n`, { timeMs: options.startedMs });
  } catch {
    // No stamp: the next `npm run generate` starts the generator, nothing worse.
  }
}
