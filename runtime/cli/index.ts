/**
 * The `linkmodel-sdk` command line (Node only; the `@linkmodel-sdk/cli` package, never in a
 * browser bundle). Written once for every model: the package's generated `src/bin.ts` hands in
 * each model's binding and its flag table (from the spec), and these modules do the rest.
 *
 *   linkmodel-sdk <model> --prompt … [one flag per body field]   create, wait, print the result
 *   linkmodel-sdk wait <task-id | handle>                         resume waiting
 *   linkmodel-sdk models | doctor
 *
 * Takes argv, the environment and two text streams; returns an exit code (`EXIT`). Checks every
 * value with the model's generated validator before any request; never prints, logs or sends
 * the API key anywhere but to the base URL; results and `--json` on stdout, the rest on stderr.
 * Names typed or read from a spec are looked up only in Maps and own properties: a flag, a
 * command or a field called `constructor` or `__proto__` is a name like any other (issue #20).
 *
 * The modules, by job: `args` (parsing), `options` and `names` (the tables), `help`, `body`
 * (flags into a request body), the commands (`create-command`, `wait-command`,
 * `doctor-command`, `models-command`), `download`, `output` (results and failures), `progress`,
 * `signals`, `exit-codes` (the one table), `shell` (quoting, keys blanked), `run` (one
 * invocation's state and settings); this one dispatches.
 */
import { closestMatch } from "@linkmodel-sdk/runtime/validators";
import { checkArgs, UsageError, NO_ARGS, wantsHelp } from "./args.js";
import { createCommand } from "./create-command.js";
import { doctorCommand } from "./doctor-command.js";
import { EXIT } from "./exit-codes.js";
import { helpText, modelHelp, topHelp, topHelpDocument, waitHelp } from "./help.js";
import { modelsCommand } from "./models-command.js";
import { BIN, CLI_COMMANDS } from "./names.js";
import { COMMON, modelOptions, WAIT_OPTIONS } from "./options.js";
import { fail } from "./output.js";
import { parse, type Run } from "./run.js";
import { secretsOf } from "./shell.js";
import { SIGNALS, type CliSignal } from "./signals.js";
import { modelById, type CliCatalogue, type CliInfo, type CliIO } from "./types.js";
import { waitCommand } from "./wait-command.js";

export type { ArgValue } from "./args.js";
export { readBody } from "./body.js";
export { destinations } from "./download.js";
export { EXIT, EXIT_CODES, type ExitCode } from "./exit-codes.js";
export { BIN, bodyFlagNames } from "./names.js";
export type { CliStream } from "./progress.js";
export type { CliSignal } from "./signals.js";
export type { CliCatalogue, CliFlag, CliInfo, CliIO, CliModel, CliValueType } from "./types.js";

/** The process's streams, environment and signals. */
export function processIO(): CliIO {
  // A reader that left early (`linkmodel-sdk models | head -1`), or a terminal that closed
  // (SIGHUP: writes then fail with EIO), is no failure of ours: what it did not read is
  // dropped, quietly, and the command ends with its own exit code.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code !== "EPIPE" && e.code !== "EIO") throw e;
    });
  }
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    onSignal: (handler) => {
      // A listener replaces Node's default for each of them: ending the process at once.
      const listeners = Object.keys(SIGNALS).map((signal) => {
        const listener = (): void => handler(signal as CliSignal);
        process.on(signal, listener);
        return () => void process.off(signal, listener);
      });
      return () => listeners.forEach((off) => off());
    },
  };
}

/**
 * The entry of the `linkmodel-sdk` bin: runs the command line on `process.argv` and sets the
 * exit code.
 *
 * @example
 * ```ts
 * #!/usr/bin/env node
 * import { bindings } from "@linkmodel-sdk/catalogue";
 * import { main } from "./index.js";
 *
 * void main({ "wan2.6": { binding: bindings["wan2.6"], flags: [{ name: "prompt", type: "string", array: false, required: true }] } }, { version: "1.0.0" });
 * ```
 */
export async function main(models: CliCatalogue, info: CliInfo): Promise<void> {
  process.exitCode = await runCli(models, process.argv.slice(2), processIO(), info);
}

/**
 * Runs the command line; resolves to the exit code (`EXIT`). Never throws.
 *
 * @example
 * ```ts
 * const code = await runCli(models, ["wan2.6", "--prompt", "A red panda", "--dry-run"], processIO(), { version: "1.0.0" });
 * ```
 */
export async function runCli(models: CliCatalogue, argv: readonly string[], io: CliIO, info: CliInfo): Promise<number> {
  const secrets = secretsOf(argv, io.env);
  const [command, ...rest] = argv;
  // Plain text until the arguments are parsed; from then on, JSON exactly when the parser read --json.
  let run: Run = { io, json: false, args: NO_ARGS, notes: io.stderr, secrets };
  try {
    if (command === undefined) {
      io.stderr.write(topHelp(models));
      return EXIT.invalidInput;
    }
    if (command === "help" || command === "--help" || command === "-h" || command === "--version") {
      // Nothing but --json is read here: `linkmodel-sdk --help --json` is one document too.
      const json = parse(io, rest, COMMON, secrets).json;
      if (command === "--version") io.stdout.write(json ? `${JSON.stringify({ version: info.version })}\n` : `${info.version}\n`);
      else io.stdout.write(json ? `${JSON.stringify(topHelpDocument(models))}\n` : topHelp(models));
      return EXIT.ok;
    }
    const model = modelById(models, command);
    const options = model ? modelOptions(model) : command === "wait" ? WAIT_OPTIONS : COMMON;
    // Parsed before anything can fail, an unknown command too (with the common options).
    run = parse(io, rest, options, secrets);
    if (wantsHelp(rest) && (model || command === "wait")) {
      const help = model ? modelHelp(command, model, options) : waitHelp(options);
      io.stdout.write(run.json ? `${JSON.stringify(help)}\n` : helpText(help, io.stdout.columns));
      return EXIT.ok;
    }
    if (!model && !CLI_COMMANDS.includes(command)) {
      const close = closestMatch(command, [...Object.keys(models), ...CLI_COMMANDS]);
      throw new UsageError(`unknown command or model ${JSON.stringify(command)}${close ? `; did you mean ${close}?` : ""} (\`${BIN} models\` lists the models)`);
    }
    checkArgs(run.args, rest, options, command === "wait" ? 1 : 0);
    if (model) return await createCommand(command, model, run);
    if (command === "wait") return await waitCommand(models, run);
    return command === "models" ? modelsCommand(models, run) : await doctorCommand(models, run);
  } catch (e) {
    return fail(run, e, null);
  }
}
