/**
 * Result: what a run is asked (`GenerateOptions`) and what it reports (`GenerateResult`), the
 * types shared by `generate` (the no-op check, the lock, the workspace) and the pipeline that
 * it starts, and by the command line that words them. Types only.
 */
import type { Diagnostic } from "./diagnostics.js";
import type { PackageRelease } from "./release.js";
import type { WorkspaceReport } from "./workspace.js";
import type { Drift } from "./write.js";

/** Options of `generate` (generator/generate.ts). */
export interface GenerateOptions {
  /** Folder of specs (`<group>/<model>.yaml`, `<group>/_query.yaml`). */
  readonly specsDir: string;
  /** Output folder (`generated/`). */
  readonly outDir: string;
  /** Only (re)generate the models whose id, package folder or spec path is listed. */
  readonly filter?: readonly string[];
  /** Compare with the output folder instead of writing. */
  readonly check?: boolean;
  /** Generate the good specs even when some are bad (the result still reports the errors). */
  readonly keepGoing?: boolean;
  /** Ignore the manifest and render everything. */
  readonly force?: boolean;
  /** Called with a short line at each stage, for `--verbose` and watch mode. */
  readonly onStage?: (stage: string, detail: string) => void;
  /** Test hook: runs on the staged output just before it is swapped in. */
  readonly beforeSwap?: (staging: string) => void;
}

/** What happened to one model. */
export interface ModelReport {
  readonly id: string;
  readonly packageName: string;
  readonly folder: string;
  readonly specFile: string;
  readonly status: "generated" | "unchanged" | "filtered-out";
}

/** The report of a run. */
export interface GenerateResult {
  /** False when a spec has errors, or (check mode) when the output drifted. */
  readonly ok: boolean;
  readonly mode: "generate" | "check";
  /** True when there was nothing to do (generate) or nothing differs (check). */
  readonly upToDate: boolean;
  readonly diagnostics: Diagnostic[];
  readonly written: string[];
  readonly removed: string[];
  readonly drift: Drift | null;
  readonly models: ModelReport[];
  /**
   * The npm project whose workspaces hold the generated packages (its lockfile and
   * `node_modules/` links), kept in step by a run and compared by a check; null when the output
   * is not part of one.
   */
  readonly workspace: WorkspaceReport | null;
  /** Files in the output folder that no run of the generator wrote: never removed (someone else's), only reported. */
  readonly foreign: string[];
  /** Each package this run rendered: its version, contract and what is pending release (empty when nothing was rendered). */
  readonly releases: PackageRelease[];
}
