/**
 * `linkmodel-sdk <model> [flags]`: reads the body from the flags, checks it with the model's
 * validator, then prints it (`--dry-run`), or creates the task and waits for it (or, with
 * `--no-wait`, prints its handle). A signal during the create waits for the task's handle first.
 */
import { createModelClient, InvalidRequestError, type TaskHandle } from "@linkmodel-sdk/runtime";
import { issueLines, readBody } from "./body.js";
import { checkDownloadFolder } from "./download.js";
import { EXIT } from "./exit-codes.js";
import { fail, resumeCommand } from "./output.js";
import { arg, clientOptions, waitSettings, type Run } from "./run.js";
import { shellQuote } from "./shell.js";
import { Interrupted, SIGNALS, signalOf, type CliSignal } from "./signals.js";
import type { CliModel } from "./types.js";
import { waitAndReport } from "./wait-command.js";

/** `--dry-run`: the body and an equivalent curl command (with the key's variable, never the key); nothing is sent. */
function dryRun(run: Run, url: string, body: Record<string, unknown>): number {
  const curl = [
    `curl -sS -X POST ${shellQuote(url)}`,
    // The variable's name, never its value: the line is safe to paste and to share.
    `  -H "Authorization: Bearer $LINKMODEL_API_KEY"`,
    `  -H 'Content-Type: application/json'`,
    `  -d ${shellQuote(JSON.stringify(body))}`,
  ].join(" \\\n");
  if (run.json) run.io.stdout.write(`${JSON.stringify({ dryRun: true, method: "POST", url, body, curl })}\n`);
  else run.io.stdout.write(`${JSON.stringify(body, null, 2)}\n\n${curl}\n`);
  return EXIT.ok;
}

/** A model command: create the task (after checking its body), then wait for it unless `--no-wait`. */
export async function createCommand(id: string, model: CliModel, run: Run): Promise<number> {
  const { io } = run;
  const info = model.binding.info;
  const body = { model: id, ...readBody(model.flags, run.args.flags) };
  const checked = model.binding.validateRequest(body, { typoProtection: true });
  if (!checked.ok) throw new InvalidRequestError(`invalid ${id} request, nothing was sent:\n${issueLines(checked.issues, model.flags)}`, { issues: checked.issues });
  const options = clientOptions(run, info);
  const settings = waitSettings(run, info);
  checkDownloadFolder(run);
  if (arg(run, "dry-run") === true) return dryRun(run, `${options.baseUrl}${info.createPath}`, body);

  const client = createModelClient(model.binding, options);
  const ac = new AbortController();
  let creating = true;
  let stoppedBy: CliSignal | null = null;
  const off = io.onSignal((signal) => {
    if (creating && stoppedBy === null) {
      // Aborting now could leave a billed task nobody knows about: get its handle first.
      stoppedBy = signal;
      const { name } = SIGNALS[signal];
      io.stderr.write(`\n${name}: waiting for the create answer, to print the task handle (${name} again quits at once)\n`);
      return;
    }
    stoppedBy ??= signal;
    ac.abort(new Interrupted(stoppedBy));
  });
  let handle: TaskHandle | null = null;
  try {
    try {
      handle = await client.create(body as never, { signal: ac.signal });
    } catch (e) {
      if (ac.signal.aborted) throw new Interrupted(signalOf(ac.signal), `${SIGNALS[signalOf(ac.signal)].said} while creating the task; it may have been created: check your LinkModel account before creating it again`);
      throw e;
    } finally {
      creating = false;
    }
    const price = handle.price === undefined ? "" : `, price ${handle.price}`;
    run.notes.write(`created task ${handle.taskId} (${id}${price})\n`);
    if (stoppedBy !== null) throw new Interrupted(stoppedBy);
    if (arg(run, "wait") === false) {
      const resume = resumeCommand(handle, run);
      if (run.json) io.stdout.write(`${JSON.stringify({ handle, status: "created", resume })}\n`);
      else {
        io.stdout.write(`${JSON.stringify(handle)}\n`);
        io.stderr.write(`resume with: ${resume}\n`);
      }
      return EXIT.ok;
    }
    return await waitAndReport(client, handle, run, settings, ac.signal);
  } catch (e) {
    return fail(run, e, handle);
  } finally {
    off();
  }
}
