/**
 * `linkmodel-sdk wait <task-id | handle>`, and the wait every command that waits shares: a live
 * progress line, the downloads when asked, the result printed.
 */
import { createModelClient, LinkModelError, nextPollDelay, parseHandle, type ModelClient, type TaskHandle, type TaskResult } from "@linkmodel-sdk/runtime";
import { closestMatch } from "@linkmodel-sdk/runtime/validators";
import { UsageError } from "./args.js";
import { checkDownloadFolder, downloadAll } from "./download.js";
import { EXIT } from "./exit-codes.js";
import { fail, printUrls, resultDocument } from "./output.js";
import { formatSeconds, WaitLine } from "./progress.js";
import { arg, clientOptions, text, waitSettings, type Run, type WaitSettings } from "./run.js";
import { Interrupted, SIGNALS, signalOf } from "./signals.js";
import { modelById, type CliCatalogue } from "./types.js";

/** Waits with a live progress line, downloads when asked, and prints the result. */
export async function waitAndReport(client: ModelClient<unknown>, handle: TaskHandle, run: Run, settings: WaitSettings, signal: AbortSignal): Promise<number> {
  const { io } = run;
  const createdAt = Date.parse(handle.createdAt);
  const line = new WaitLine(run.notes, createdAt);
  line.start(nextPollDelay(settings.schedule, Date.now() - createdAt, true));
  let result: TaskResult;
  try {
    result = await client.wait(handle, { ...settings, signal, onProgress: (p) => line.update(p) });
  } catch (e) {
    const status = e instanceof LinkModelError && e.taskStatus ? e.taskStatus : signal.aborted ? "Interrupted" : "Stopped";
    line.finish(`✗ ${status} after ${formatSeconds(Date.now() - createdAt)}`);
    throw e;
  }
  line.finish(`✓ Success after ${formatSeconds(Date.now() - createdAt)}`);
  const saved: string[] = [];
  try {
    if (arg(run, "download") !== undefined) await downloadAll(result, String(arg(run, "download")), run, signal, saved);
  } catch (e) {
    // The task succeeded and is paid for: whatever stopped the download, its URLs are printed with the failure.
    // The download writes to a temporary file and renames it when complete: nothing half-written stays.
    const by = signalOf(signal);
    const why = signal.aborted ? new Interrupted(by, `${SIGNALS[by].said} during the download; the task succeeded and its result stays on the server, nothing was saved`) : e;
    return fail(run, why, handle, { result, saved });
  }
  if (run.json) io.stdout.write(`${JSON.stringify(resultDocument({ result, saved }))}\n`);
  else printUrls(run, result);
  return EXIT.ok;
}

function unknownModel(id: string, models: CliCatalogue): UsageError {
  const close = closestMatch(id, Object.keys(models));
  return new UsageError(`unknown model ${JSON.stringify(id)}${close ? `; did you mean ${close}?` : ""}`);
}

/** The handle `wait` was given: the JSON `--no-wait` printed, or a bare task id with `--model`. */
function handleOf(models: CliCatalogue, run: Run): TaskHandle {
  const input = (run.args.positionals[0] ?? "").trim();
  const named = text(arg(run, "model"));
  if (input.startsWith("{")) {
    const handle = parseHandle(input);
    if (named !== undefined && named !== handle.model) throw new UsageError(`--model ${named} does not match the handle's model ${handle.model}`);
    return handle;
  }
  if (named === undefined) throw new UsageError(`a task id alone needs --model <id> (or pass the handle JSON that --no-wait printed)`);
  if (input === "") throw new UsageError("the task id is empty");
  const m = modelById(models, named);
  if (!m) throw unknownModel(named, models);
  // The creation time is unknown: pretend the task is as old as the schedule's first polling phase, so that polling starts now.
  const firstPoll = m.binding.info.schedule.phases.find((p) => p.intervalMs !== null)?.fromMs ?? 0;
  return { taskId: input, model: named, group: m.binding.info.group, createdAt: new Date(Date.now() - firstPoll).toISOString() };
}

/** `wait`: resumes waiting for a task, until its result (and download) or a signal. */
export async function waitCommand(models: CliCatalogue, run: Run): Promise<number> {
  const handle = handleOf(models, run);
  const model = modelById(models, handle.model);
  if (!model) throw unknownModel(handle.model, models);
  const info = model.binding.info;
  checkDownloadFolder(run);
  const client = createModelClient(model.binding, clientOptions(run, info));
  const ac = new AbortController();
  const off = run.io.onSignal((signal) => ac.abort(new Interrupted(signal)));
  try {
    return await waitAndReport(client, handle, run, waitSettings(run, info), ac.signal);
  } catch (e) {
    return fail(run, e, handle);
  } finally {
    off();
  }
}
