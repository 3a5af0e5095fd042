/**
 * `--download`: where each result file goes, a check of the folder before anything is paid
 * for, and the downloads themselves (the runtime's `download`: no key, no partial file).
 */
import { accessSync, constants, statSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import type { TaskResult } from "@linkmodel-sdk/runtime";
import { download, resultFileName } from "@linkmodel-sdk/runtime/node";
import { UsageError } from "./args.js";
import { DownloadBar, formatBytes } from "./progress.js";
import { arg, seconds, type Run } from "./run.js";

/** Where each result file goes: a folder (existing, or a path ending in `/`) gets the files' own names. */
export function destinations(urls: readonly string[], target: string, cwd: string, taskId: string): string[] {
  const names = urls.map((u, i) => resultFileName(u, `${taskId}-${i + 1}`));
  for (let i = 0; i < names.length; i++) {
    // Two results with one name (image-1.png twice) must not overwrite each other.
    if (names.indexOf(names[i]!) < i) names[i] = withSuffix(names[i]!, i + 1);
  }
  const { path, folder } = downloadTarget(target, cwd);
  if (folder) return names.map((n) => join(path, n));
  return urls.length === 1 ? [path] : urls.map((_, i) => withSuffix(path, i + 1));
}

/** The `--download` path, resolved, and whether it names a folder (none given, one that exists, or a path ending in `/`). */
function downloadTarget(target: string, cwd: string): { path: string; folder: boolean } {
  const path = resolve(cwd, target);
  let folder = target === "" || target.endsWith("/");
  try {
    folder ||= statSync(path).isDirectory();
  } catch {
    // not there yet: a file path
  }
  return { path, folder };
}

/**
 * Checked before a task is created or waited for: the folder the files go to must exist and be
 * writable; found only after the task succeeded, the failure would cost a paid result.
 */
export function checkDownloadFolder(run: Run): void {
  const target = arg(run, "download");
  if (target === undefined) return;
  const { path, folder } = downloadTarget(String(target), run.io.cwd);
  const dir = folder ? path : dirname(path);
  try {
    accessSync(dir, constants.W_OK);
    if (statSync(dir).isDirectory()) return;
  } catch {
    // missing or read-only: said below
  }
  throw new UsageError(`--download: ${dir} is not a folder that can be written to; create it, or give another path`);
}

function withSuffix(path: string, n: number): string {
  const ext = extname(path);
  return `${path.slice(0, path.length - ext.length)}-${n}${ext}`;
}

/** Downloads every result file; `saved` gets each path once written, so that a failure can tell what was saved. */
export async function downloadAll(result: TaskResult, target: string, run: Run, signal: AbortSignal, saved: string[]): Promise<void> {
  const paths = destinations(result.urls, target, run.io.cwd, result.handle.taskId);
  // A stalled or crawling file host ends the command as a silent API does: --timeout is the
  // longest silence of the host, --deadline the longest all the downloads may take (counted
  // from their start, so that the printed resume command can download a result that finished
  // near the wait's deadline). Without them, the download's own bounds.
  const idleTimeoutMs = seconds(arg(run, "timeout"), "timeout");
  const deadlineMs = seconds(arg(run, "deadline"), "deadline");
  const end = deadlineMs === undefined ? undefined : Date.now() + deadlineMs;
  for (const [i, url] of result.urls.entries()) {
    const path = paths[i]!;
    const bar = new DownloadBar(run.notes, path);
    // The runtime's download sends no key and no Authorization header, on any hop.
    let r: Awaited<ReturnType<typeof download>>;
    try {
      // (At least 1 ms: a timeoutMs of 0 means none.)
      const timeoutMs = end === undefined ? undefined : Math.max(1, end - Date.now());
      r = await download(url, path, { signal, idleTimeoutMs, timeoutMs, onProgress: (p) => bar.update(p) });
    } catch (e) {
      // The bar's line ends here, so that the error starts a line of its own.
      bar.finish(`✗ not saved: ${path}`);
      throw e;
    }
    bar.finish(`saved ${path} (${formatBytes(r.bytes)})`);
    saved.push(path);
  }
}
