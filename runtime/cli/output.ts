/**
 * What a command prints at its end: a result (URLs, or the `--json` document), or a failure
 * with its exit code, the task's handle and the command that resumes it. Never the API key.
 */
import { LinkModelError, type TaskHandle, type TaskResult } from "@linkmodel-sdk/runtime";
import { UsageError } from "./args.js";
import { EXIT, EXIT_BY_KIND, RESUMABLE } from "./exit-codes.js";
import { BIN } from "./names.js";
import { arg, text, type Run } from "./run.js";
import { redact, redactedJson, shellQuote } from "./shell.js";
import { Interrupted, SIGNALS } from "./signals.js";

/** A task that succeeded, and the files saved of it. */
export interface Finished {
  readonly result: TaskResult;
  readonly saved: readonly string[];
}

/** The `--json` document of a result (without the raw answer). */
export function resultDocument({ result, saved }: Finished): Record<string, unknown> {
  const { raw: _raw, ...rest } = result;
  return { ...rest, saved };
}

/** The result URLs, one a line on stdout: what a script reads. */
export function printUrls(run: Run, result: TaskResult): void {
  for (const url of result.urls) run.io.stdout.write(`${url}\n`);
}

/** The command that resumes waiting for a task (never with the key). */
export function resumeCommand(handle: TaskHandle, run: Run): string {
  const base = text(arg(run, "base-url"));
  const download = arg(run, "download");
  // Resuming does what the interrupted command was asked to do: download too.
  const save = download === undefined ? "" : download === "" ? " --download" : ` --download ${shellQuote(String(download))}`;
  return `${BIN} wait ${shellQuote(JSON.stringify(handle))}${base ? ` --base-url ${shellQuote(base)}` : ""}${save}`;
}

/** The exit code of a failure. */
function exitCodeOf(e: unknown): number {
  if (e instanceof Interrupted) return SIGNALS[e.signal].exitCode;
  if (e instanceof UsageError) return EXIT.invalidInput;
  return e instanceof LinkModelError ? EXIT_BY_KIND[e.kind] : EXIT.unexpected;
}

/**
 * Prints a failure (stderr, or one JSON document on stdout) and returns its exit code; `finished`
 * when the task succeeded but its download did not: its URLs are printed too (stdout, or the document).
 */
export function fail(run: Run, e: unknown, handle: TaskHandle | null, finished?: Finished): number {
  const stopped = e instanceof Interrupted ? e.signal : null;
  const exitCode = exitCodeOf(e);
  const kind = stopped !== null ? "Interrupted" : e instanceof UsageError ? "UsageError" : e instanceof LinkModelError ? e.kind : "Error";
  const message = e instanceof Error ? e.message : String(e);
  const resumable = handle !== null && (stopped !== null || RESUMABLE.has(exitCode) || finished !== undefined);
  const resume = resumable ? resumeCommand(handle, run) : undefined;
  // Even a key typed in the wrong place (a stray argument, a value) is never printed back.
  let printed: string;
  if (run.json) {
    const issues = e instanceof LinkModelError && e.issues ? { issues: e.issues } : {};
    const done = finished ? resultDocument(finished) : handle && { handle };
    const signal = stopped === null ? {} : { signal: stopped };
    printed = `${redactedJson({ ...done, ...(resume && { resume }), error: { kind, ...signal, message, exitCode, ...issues } }, run.secrets)}\n`;
  } else {
    if (finished) printUrls(run, finished.result);
    const running = handle && !finished;
    printed = stopped !== null ? `${message}${running ? "; the task keeps running on the server" : ""}\n` : `error: ${message}\n`;
    if (finished && stopped === null) printed += `the task succeeded: its result URLs are on stdout, and the command below downloads again\n`;
    if (resume) printed += `resume with: ${resume}\n`;
    if (e instanceof UsageError) printed += `(\`${BIN} --help\` for usage)\n`;
    printed = redact(printed, run.secrets);
  }
  (run.json ? run.io.stdout : run.io.stderr).write(printed);
  return exitCode;
}
