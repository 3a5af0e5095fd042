/**
 * The `linkmodel-sdk` command line (Node only: `@linkmodel-sdk/runtime/cli`, never in a browser
 * bundle). Written once for every model: the catalogue package's generated `src/cli.ts` hands
 * in each model's binding and its flag table (from the spec), and this module does the rest.
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
 */
import { accessSync, constants, statSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import type { AnyBinding } from "./catalogue.js";
import { createModelClient, nextPollDelay, type ModelClient, type TaskResult } from "./client.js";
import { CLI_COMMANDS, CLI_OPTION_NAMES, bodyFlagNames } from "./cli-names.js";
import { InvalidRequestError, LinkModelError, type ErrorKind } from "./errors.js";
import { parseHandle, type TaskHandle } from "./handle.js";
import type { ModelInfo, PollSchedule, ValidationIssue } from "./model.js";
import { download, resultFileName } from "./node.js";
import { closestMatch } from "./did-you-mean.js";
import { DownloadBar, WaitLine, formatBytes, formatSeconds, type CliStream } from "./cli-progress.js";

export type { CliStream } from "./cli-progress.js";
export { bodyFlagNames } from "./cli-names.js";

/** The command's name: not `lkm` or `linkmodel`, which the official CLI uses. */
export const BIN = "linkmodel-sdk";

/**
 * Exit codes, stable and documented (`--help`, the catalogue README): 0 ok; 1 unexpected
 * error; 2 invalid input or usage (also a body the server refused, HTTP 400); 3
 * authentication; 4 insufficient balance; 5 task failed or cancelled; 6 timeout (wait deadline
 * or request timeout); 7 network, unreachable server or server error; 128 + the signal's number
 * when a signal stopped it: 129 SIGHUP, 130 SIGINT (Ctrl-C), 143 SIGTERM.
 */
export const EXIT = {
  ok: 0,
  unexpected: 1,
  invalidInput: 2,
  authentication: 3,
  insufficientBalance: 4,
  taskFailed: 5,
  timeout: 6,
  network: 7,
  hangup: 129,
  interrupted: 130,
  terminated: 143,
} as const;

/** The one table from runtime errors to exit codes. */
const EXIT_BY_KIND: Readonly<Record<ErrorKind, number>> = {
  InvalidRequestError: EXIT.invalidInput,
  BadRequestError: EXIT.invalidInput,
  AuthenticationError: EXIT.authentication,
  InsufficientBalanceError: EXIT.insufficientBalance,
  TaskFailedError: EXIT.taskFailed,
  TaskCancelledError: EXIT.taskFailed,
  WaitTimeoutError: EXIT.timeout,
  RequestTimeoutError: EXIT.timeout,
  ConnectionError: EXIT.network,
  ServerError: EXIT.network,
  RateLimitedError: EXIT.network,
  UnexpectedResponseError: EXIT.network,
};

/**
 * The signals that end the command line, all handled alike (stop waiting, not the task; stop a
 * download, leaving no partial file; print the handle and the resume command): each with its
 * exit code (128 + its number, as shells report a process a signal ended), what is said, and
 * how a person names it.
 */
const SIGNALS = {
  SIGINT: { exitCode: EXIT.interrupted, said: "interrupted", name: "Ctrl-C" },
  SIGTERM: { exitCode: EXIT.terminated, said: "stopped by SIGTERM", name: "SIGTERM" },
  SIGHUP: { exitCode: EXIT.hangup, said: "stopped by SIGHUP (the terminal closed)", name: "SIGHUP" },
} as const;

/** A signal the command line handles. */
export type CliSignal = keyof typeof SIGNALS;

const RESUME_NOTE = `the task keeps running: resume with \`${BIN} wait\``;

/** Every exit code with its meaning, for `--help` (text and JSON). */
const EXIT_CODES: readonly { readonly code: number; readonly meaning: string }[] = [
  { code: EXIT.ok, meaning: "ok" },
  { code: EXIT.unexpected, meaning: "unexpected error" },
  { code: EXIT.invalidInput, meaning: "invalid input or usage, found before sending (nothing was sent) or by the server (HTTP 400)" },
  { code: EXIT.authentication, meaning: "authentication: no API key, or the key was refused" },
  { code: EXIT.insufficientBalance, meaning: "insufficient balance" },
  { code: EXIT.taskFailed, meaning: "the task failed or was cancelled" },
  { code: EXIT.timeout, meaning: "timeout: the wait deadline passed, or a request got no answer in time" },
  { code: EXIT.network, meaning: "network: server unreachable, or a server error" },
  { code: EXIT.hangup, meaning: `stopped by SIGHUP, the terminal closed (${RESUME_NOTE})` },
  { code: EXIT.interrupted, meaning: `interrupted by Ctrl-C, SIGINT (${RESUME_NOTE})` },
  { code: EXIT.terminated, meaning: `stopped by SIGTERM (${RESUME_NOTE})` },
];

const EXIT_TEXT = `Exit codes:\n${EXIT_CODES.map((e) => `  ${String(e.code).padEnd(5)}${e.meaning}`).join("\n")}`;

/** How a flag's text becomes a body value. */
export type CliValueType = "string" | "integer" | "number" | "boolean" | "json";

/** One body field as a flag: generated from the spec (the generator's `cliFlags`). */
export interface CliFlag {
  /** The key exactly as the spec writes it; the flag is `--<name>` unless that is taken (`bodyFlagNames`). */
  readonly name: string;
  /** The spec type, or the items' type for an array; `json` reads the value as JSON. */
  readonly type: CliValueType;
  /** An array field: one value per repeated flag. */
  readonly array: boolean;
  readonly required: boolean;
  /** Allowed values, from the spec's `enum`. */
  readonly enum?: readonly unknown[];
  /** The spec's default (the server applies it; the CLI sends it only for a required field). */
  readonly default?: unknown;
  /** Bounds and format in words (`≥ 3 and ≤ 15`, `format url`). */
  readonly bounds?: string;
  readonly description?: string;
}

/** One model of the command line: its generated binding and flag table. */
export interface CliModel {
  readonly binding: AnyBinding;
  /** The spec it came from (`video/wan2-6.yaml`), shown in `--help`. */
  readonly spec?: string;
  readonly flags: readonly CliFlag[];
}

/** Every model the command line knows, by id (own properties only are models). */
export type CliCatalogue = Readonly<Record<string, CliModel>>;

/** Where the command line reads and writes; `processIO()` is the real one. */
export interface CliIO {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Registers one handler for every signal that ends the command line (`CliSignal`); returns its remover. */
  readonly onSignal: (handler: (signal: CliSignal) => void) => () => void;
}

/** What the generated entry tells the command line about itself. */
export interface CliInfo {
  readonly version: string;
}

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
 * import { main } from "@linkmodel-sdk/runtime/cli";
 * import { binding } from "@linkmodel-sdk/wan2-6";
 *
 * void main({ "wan2.6": { binding, flags: [{ name: "prompt", type: "string", array: false, required: true }] } }, { version: "0.1.0" });
 * ```
 */
export async function main(models: CliCatalogue, info: CliInfo): Promise<void> {
  process.exitCode = await runCli(models, process.argv.slice(2), processIO(), info);
}

/** A usage error: exit 2 with this message. */
class UsageError extends Error {}

/** Why a wait or a download stopped: a signal (`SIGNALS`). */
class Interrupted extends Error {
  constructor(
    readonly signal: CliSignal,
    message: string = SIGNALS[signal].said,
  ) {
    super(message);
  }
}

/** The signal that aborted `signal` (the reason each abort here carries). */
function signalOf(signal: AbortSignal): CliSignal {
  return signal.reason instanceof Interrupted ? signal.reason.signal : "SIGINT";
}

/** How an option reads its value: a switch; text (`""` when none follows); or text that must be there (a body flag). */
type ValueKind = "boolean" | "string" | "value";

/** One option of a command: how it is read and what `--help` says of it. */
interface OptionSpec {
  readonly kind: ValueKind;
  readonly about: string;
  /** A switch on by default (`--wait`). */
  readonly default?: true;
  /** The body field, when the option is one. */
  readonly field?: CliFlag;
}

/** A command's options by flag name (without `--`), in `--help` order. */
type OptionTable = ReadonlyMap<string, OptionSpec>;


/** Options every command takes. */
const COMMON: OptionTable = new Map<(typeof CLI_OPTION_NAMES.common)[number], OptionSpec>([
  ["api-key", { kind: "string", about: "API key (discouraged: it shows in the process list and shell history; set LINKMODEL_API_KEY instead)" }],
  ["base-url", { kind: "string", about: "API base URL (default: LINKMODEL_BASE_URL, else the spec's server)" }],
  ["timeout", { kind: "string", about: "seconds one HTTP request may take, and a download may go without data (default 60)" }],
  ["json", { kind: "boolean", about: "print exactly one JSON document on stdout, also on failure (and for --help, --version)" }],
  ["help", { kind: "boolean", about: "show this help" }],
]);

/** Options of the commands that wait for a task. */
const WAITING: OptionTable = new Map<(typeof CLI_OPTION_NAMES.waiting)[number], OptionSpec>([
  ["download", { kind: "string", about: "save the result file(s): to this path or folder, or (no value) to the current folder" }],
  ["deadline", { kind: "string", about: "stop waiting this many seconds after the task was created (default: the spec's, 15 min); with --download, also the longest the download may take (default 1 hour)" }],
  ["poll-interval", { kind: "string", about: "poll every this many seconds (at least 0.1) instead of the documented schedule (for mock servers)" }],
]);

/** Options of a model command. */
const CREATING: OptionTable = new Map<(typeof CLI_OPTION_NAMES.creating)[number], OptionSpec>([
  ["wait", { kind: "boolean", about: "wait for the result; --no-wait prints the task handle and exits", default: true }],
  ["dry-run", { kind: "boolean", about: "print the request body and an equivalent curl command; send nothing" }],
]);

/** Options of `wait`. */
const WAIT_OPTIONS: OptionTable = new Map([...COMMON, ...WAITING, ["model", { kind: "string", about: "model id, when the task is given by its id alone" }]]);

/** The command line's own options: each takes one value, given once. */
const OWN_OPTIONS: OptionTable = new Map([...COMMON, ...WAITING, ...CREATING, ...WAIT_OPTIONS]);

/** What one flag was given: text, or a switch's state. */
export type ArgValue = string | boolean;

/** A command's arguments, as parsed. */
interface Args {
  /** Each option given, by flag name, with its values in order. */
  readonly flags: ReadonlyMap<string, readonly ArgValue[]>;
  readonly positionals: readonly string[];
  /** Flags of no option of the command, as typed (`--durration`, `-a cat`). */
  readonly unknown: readonly string[];
}

/** State of one invocation. */
interface Run {
  readonly io: CliIO;
  readonly json: boolean;
  readonly args: Args;
  /** Where progress and notes go: stderr, or nowhere under `--json` (one document on stdout is all a script reads). */
  readonly notes: CliStream;
  /** The API keys this run knows of, blanked from every failure it prints. */
  readonly secrets: readonly string[];
}

const SILENT: CliStream = { write: () => true };
const NO_ARGS: Args = { flags: new Map(), positionals: [], unknown: [] };

/** The keys of an invocation: LINKMODEL_API_KEY and any `--api-key` value, as typed. */
function secretsOf(argv: readonly string[], env: CliIO["env"]): string[] {
  const keys = [env["LINKMODEL_API_KEY"] ?? ""];
  for (const [i, a] of argv.entries()) {
    if (a === "--api-key") keys.push(argv[i + 1] ?? "");
    else if (a.startsWith("--api-key=")) keys.push(a.slice("--api-key=".length));
  }
  // Trimmed, as the key is sent; also as a shell-quoted value (the hints quote values); the
  // longest first, so that a key that is part of another cannot leave the other's rest.
  const trimmed = keys.map((k) => k.trim()).filter((k) => k.length > 0);
  return [...new Set([...trimmed, ...trimmed.map(shellQuote)])].sort((a, b) => b.length - a.length);
}

/** The model of an id: an own property of the catalogue, never an inherited one (`constructor`). */
function modelById(models: CliCatalogue, id: string): CliModel | undefined {
  return Object.hasOwn(models, id) ? models[id] : undefined;
}

/**
 * Runs the command line; resolves to the exit code (`EXIT`). Never throws.
 *
 * @example
 * ```ts
 * const code = await runCli(models, ["wan2.6", "--prompt", "A red panda", "--dry-run"], processIO(), { version: "0.1.0" });
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
    checkArgs(run, rest, options, command === "wait" ? 1 : 0);
    if (model) return await runModel(command, model, run, io);
    if (command === "wait") return await waitCommand(models, run, io);
    return command === "models" ? listModels(models, run, io) : await doctor(models, run, io);
  } catch (e) {
    return fail(run, e, null);
  }
}

/** `-h`/`--help` anywhere among a command's arguments (before a `--`). */
function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf("--");
  const own = end === -1 ? args : args.slice(0, end);
  return own.includes("--help") || own.includes("-h");
}

/** A word that is a value, not a flag: anything not starting with `-`, a lone `-`, a negative number. */
const VALUE_WORD = /^(?:[^-]|-$|-\.?\d)/;

/**
 * The option a `--…` word names, and its `=value` if any: the whole word first, then the
 * longest name before an `=` (a field may be called `a=b`); `--no-<switch>` turns a switch off.
 */
function lookUp(word: string, options: OptionTable): { name: string; spec: OptionSpec; inline: string | undefined; negated: boolean } | undefined {
  const rest = word.slice(2);
  const whole = options.get(rest);
  if (whole) return { name: rest, spec: whole, inline: undefined, negated: false };
  for (let i = rest.lastIndexOf("="); i > 0; i = rest.lastIndexOf("=", i - 1)) {
    const spec = options.get(rest.slice(0, i));
    if (spec) return { name: rest.slice(0, i), spec, inline: rest.slice(i + 1), negated: false };
  }
  const negated = rest.startsWith("no-") ? options.get(rest.slice(3)) : undefined;
  if (negated?.kind === "boolean") return { name: rest.slice(3), spec: negated, inline: undefined, negated: true };
  return undefined;
}

/**
 * Parses a command's arguments: flag names as written (dots kept, no case copies), every value
 * as text (the spec type decides), a switch as true or false, a repeated flag as several
 * values, everything after `--` as arguments. Checks nothing (`checkArgs` does), so that a
 * failure knows whether --json was read. Names live in Maps only.
 */
function parseArgs(argv: readonly string[], options: OptionTable): Args {
  const flags = new Map<string, ArgValue[]>();
  const positionals: string[] = [];
  const unknown: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (VALUE_WORD.test(word)) {
      positionals.push(word);
      continue;
    }
    const found = word === "-h" ? { name: "help", spec: options.get("help")!, inline: undefined, negated: false } : word.startsWith("--") ? lookUp(word, options) : undefined;
    if (!found) {
      unknown.push(word.startsWith("--") ? word.split("=")[0]! : word);
      continue;
    }
    const { name, spec, inline, negated } = found;
    const next = argv[i + 1];
    let value: ArgValue;
    if (negated) value = false;
    else if (spec.kind === "boolean") {
      const given = inline ?? (next === "true" || next === "false" ? argv[++i]! : undefined);
      // A switch's value other than true or false stays text, for `checkArgs` or the validator to name.
      value = given === undefined || given === "true" ? true : given === "false" ? false : given;
    } else value = inline ?? (next !== undefined && VALUE_WORD.test(next) ? argv[++i]! : spec.kind === "string" ? "" : true);
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return { flags, positionals, unknown };
}

/** Parses a command's arguments into a run: JSON output exactly when --json was read. */
function parse(io: CliIO, argv: readonly string[], options: OptionTable, secrets: readonly string[]): Run {
  const args = parseArgs(argv, options);
  const json = args.flags.get("json")?.at(-1) === true;
  return { io, json, args, notes: json ? SILENT : io.stderr, secrets };
}

/** The one value of an option, or undefined when not given. */
function arg(run: Run, name: string): ArgValue | undefined {
  return run.args.flags.get(name)?.[0];
}

/** Unknown flags (with a did-you-mean), repeated options and stray or missing arguments are usage errors. */
function checkArgs(run: Run, argv: readonly string[], options: OptionTable, positionals: number): void {
  const { flags, unknown } = run.args;
  const known = [...options.keys()];
  for (const word of unknown) {
    const close = word.startsWith("--") ? closestMatch(word.slice(2), known) : undefined;
    throw new UsageError(`unknown flag ${word}${close ? `; did you mean --${close}?` : ""}${dashHint(run, argv, options)}`);
  }
  // Each option of the command line takes one value (body flags: `readBody`); a switch, true or false.
  for (const [name, values] of flags) {
    if (!OWN_OPTIONS.has(name) || !options.has(name)) continue;
    onlyOnce(name, values);
    if (OWN_OPTIONS.get(name)!.kind === "boolean" && typeof values[0] === "string") throw new UsageError(`--${name} takes true or false; got ${JSON.stringify(values[0])}`);
  }
  const extra = run.args.positionals.slice(positionals);
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(shown(extra[0]!))}: every value belongs to a flag (repeat the flag for each value of an array field)${dashHint(run, argv, options)}`);
  if (run.args.positionals.length < positionals) throw new UsageError(`missing argument: the task id or handle (\`${BIN} wait --help\`)`);
}

/**
 * A value that starts with `-` (`--prompt "-a cat"`) is read as a flag of its own and leaves
 * the flag before it without a value: when that happened, how to pass such a value (the `=` form).
 */
function dashHint(run: Run, argv: readonly string[], options: OptionTable): string {
  for (const [i, word] of argv.entries()) {
    if (word === "--") break;
    const name = word.slice(2);
    const next = argv[i + 1];
    const given = run.args.flags.get(name);
    const valueMissing = given !== undefined && (given.includes("") || given.includes(true));
    if (word.startsWith("--") && options.get(name)?.kind !== "boolean" && options.has(name) && valueMissing && next?.startsWith("-"))
      return `; if ${JSON.stringify(next)} is the value of --${name}, write --${name}=${shellQuote(next)}`;
  }
  return "";
}

/** A stray argument as printed: a long one may be a key typed in the wrong place, so its start only. */
function shown(arg: string): string {
  return arg.length > 8 ? `${arg.slice(0, 3)}…` : arg;
}

/** The options of a model command: its body flags (named by `bodyFlagNames`), then the command line's own. */
function modelOptions(model: CliModel): OptionTable {
  const names = bodyFlagNames(model.flags.map((f) => f.name));
  // A string may be empty (the validator says whether it can); any other type needs a value.
  const kindOf = (f: CliFlag): ValueKind => (f.type === "boolean" && !f.array ? "boolean" : f.type === "string" ? "string" : "value");
  const body = model.flags.map((f, i): [string, OptionSpec] => [names[i]!, { kind: kindOf(f), about: f.description ?? "", field: f }]);
  return new Map([...body, ...COMMON, ...CREATING, ...WAITING]);
}

// ---------------------------------------------------------------------------------------------
// Help

/** A command's help, as data: printed as text, or as the `--help --json` document. */
interface Help {
  readonly usage: string;
  readonly about: string;
  readonly model?: { readonly id: string; readonly group: string; readonly title: string; readonly spec: string | null };
  /** The request body's flags: each field of the spec (as `CliFlag` describes it) with its flag. */
  readonly body?: readonly ({ readonly flag: string } & CliFlag)[];
  readonly options: readonly { readonly flag: string; readonly type: "string" | "boolean"; readonly description: string; readonly default?: true }[];
  readonly exitCodes: typeof EXIT_CODES;
}

function helpOf(usage: string, about: string, options: OptionTable): Pick<Help, "usage" | "about" | "body" | "options" | "exitCodes"> {
  const rows = [...options].map(([name, spec]) => ({ flag: `--${name}`, ...spec }));
  return {
    usage,
    about,
    body: rows.flatMap(({ flag, field }) => (field ? [{ flag, ...field }] : [])),
    options: rows.flatMap(({ flag, kind, about, field, ...rest }) => (field ? [] : [{ flag, type: kind === "boolean" ? ("boolean" as const) : ("string" as const), description: about, ...rest }])),
    exitCodes: EXIT_CODES,
  };
}

function modelHelp(id: string, model: CliModel, options: OptionTable): Help {
  const m = model.binding.info;
  const about = { id, group: m.group, title: m.title, spec: model.spec === undefined ? null : `specs/${model.spec}` };
  return { ...helpOf(`${BIN} ${id} [flags]`, modelSummary(m, model.spec), options), model: about };
}

function waitHelp(options: OptionTable): Help {
  const { body: _none, ...help } = helpOf(`${BIN} wait <task-id | handle-json> [options]`, "Resume waiting for a task (created with --no-wait, or stopped by Ctrl-C or a signal).", options);
  return help;
}

/** A body flag's facts in `--help`: `[integer] [one of: 5, 10] [default: 5] [required]`. */
function bodyTags(f: CliFlag): string[] {
  const tags = [`[${f.type}]`];
  if (f.array) tags.push("[repeatable]");
  if (f.enum) tags.push(`[one of: ${f.enum.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ")}]`);
  if ("default" in f) tags.push(`[default: ${JSON.stringify(f.default)}]`);
  if (f.bounds) tags.push(`[${f.bounds}]`);
  if (f.required) tags.push("[required]");
  return tags;
}

/** `text` in lines of at most `width` characters (a longer word keeps its own line). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== "" && line.length + 1 + word.length > width) lines.push(line), (line = "");
    line = line === "" ? word : `${line} ${word}`;
  }
  return line === "" ? lines : [...lines, line];
}

/** A command's help as text: usage, what it does, its flags by group (each flag, then its text wrapped beside it), the exit codes. */
function helpText(help: Help, columns: number | undefined): string {
  const width = Math.min(120, columns ?? 100);
  const label = (flag: string): string => (flag === "--help" ? "-h, --help" : flag);
  const groups = [
    ...(help.body ? [{ title: "Request body (one flag per field of the spec):", rows: help.body.map((f) => ({ flag: f.flag, text: [f.description ?? "", ...bodyTags(f)] })) }] : []),
    { title: "Options:", rows: help.options.map((o) => ({ flag: o.flag, text: [o.description, `[${o.type}]`, ...(o.default ? ["[default: true]"] : [])] })) },
  ];
  const longest = Math.max(...groups.flatMap((g) => g.rows.map((r) => label(r.flag).length)));
  // The text column: beside the flags, but no further right than a third of the width.
  const column = Math.min(longest, Math.floor(width / 3)) + 4;
  const pad = " ".repeat(column);
  const blocks = groups.map(({ title, rows }) => {
    const lines = rows.map(({ flag, text }) => {
      const head = `  ${label(flag)}`;
      const body = wrap(text.filter(Boolean).join(" "), Math.max(20, width - column));
      // A flag too long for the column gets its text on the lines below.
      const first = head.length + 2 <= column ? `${head.padEnd(column)}${body.shift() ?? ""}` : head;
      return [first.trimEnd(), ...body.map((l) => pad + l)].join("\n");
    });
    return `${title}\n${lines.join("\n")}`;
  });
  return `${help.usage}\n\n${wrap(help.about, width).join("\n")}\n\n${blocks.join("\n\n")}\n\n${EXIT_TEXT}\n`;
}

function modelSummary(m: ModelInfo, spec: string | undefined): string {
  const price = m.price ? `, ${m.price.amount} ${m.price.currency} / ${m.price.unit}` : "";
  const tasks = m.tasks.length ? ` (${m.tasks.join(", ")})` : "";
  return (
    `Create a ${m.title} ${m.group} task${tasks}, wait for it on the documented schedule and print the result URLs. ` +
    `Provider ${m.provider ?? "unknown"}${price}. Flags from ${spec ? `specs/${spec}` : "its spec"}; every value is checked before anything is sent.`
  );
}

/** The commands of the command line, as `--help` lists them. */
const COMMANDS: readonly { readonly usage: string; readonly about: string }[] = [
  { usage: `${BIN} <model> --prompt "…" [flags]`, about: "create a task, wait for it, print the result URLs" },
  { usage: `${BIN} <model> --help`, about: "every flag of a model, from its spec" },
  { usage: `${BIN} wait <task-id | handle-json>`, about: "resume waiting for a task" },
  { usage: `${BIN} models`, about: "list the models" },
  { usage: `${BIN} doctor`, about: "check the API key and the base URL (no paid call)" },
];

const ENVIRONMENT = "The API key is read from LINKMODEL_API_KEY; the base URL from --base-url or LINKMODEL_BASE_URL.";

function topHelp(models: CliCatalogue): string {
  const rows = Object.entries(models).map(([id, m]) => `  ${id.padEnd(28)} ${m.binding.info.group.padEnd(6)} ${m.binding.info.tasks.join(", ")}`.trimEnd());
  return `Usage:
${COMMANDS.map((c) => `  ${c.usage.padEnd(36)} ${c.about}`).join("\n")}

Models:
${rows.join("\n")}

${ENVIRONMENT}

${EXIT_TEXT}
`;
}

/** The top-level help as the `--help --json` document. */
function topHelpDocument(models: CliCatalogue): Record<string, unknown> {
  const list = Object.entries(models).map(([id, m]) => ({ id, group: m.binding.info.group, tasks: m.binding.info.tasks }));
  return { usage: COMMANDS, models: list, environment: ENVIRONMENT, exitCodes: EXIT_CODES };
}

// ---------------------------------------------------------------------------------------------
// Commands

function listModels(models: CliCatalogue, run: Run, io: CliIO): number {
  const list = Object.entries(models).map(([id, m]) => ({
    id,
    group: m.binding.info.group,
    title: m.binding.info.title,
    provider: m.binding.info.provider,
    tasks: m.binding.info.tasks,
    price: m.binding.info.price,
  }));
  if (run.json) {
    io.stdout.write(`${JSON.stringify({ models: list })}\n`);
    return EXIT.ok;
  }
  const rows = [["MODEL", "GROUP", "PROVIDER", "TASKS", "PRICE"], ...list.map((m) => [m.id, m.group, m.provider ?? "", m.tasks.join(", "), m.price ? `${m.price.amount} ${m.price.currency} / ${m.price.unit}` : ""])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) io.stdout.write(`${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join("  ")}\n`);
  return EXIT.ok;
}

/**
 * Reads the flags of a model command into a request body, by the spec type of each field.
 * Each field is read from its own flag (`bodyFlagNames`) into its own key: a field called
 * `__proto__` is a key like any other.
 */
export function readBody(flags: readonly CliFlag[], args: ReadonlyMap<string, readonly ArgValue[]>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const names = bodyFlagNames(flags.map((f) => f.name));
  const set = (key: string, value: unknown): void => void Object.defineProperty(body, key, { value, enumerable: true, writable: true, configurable: true });
  for (const [i, f] of flags.entries()) {
    const flag = names[i]!;
    const given = args.get(flag);
    if (given === undefined) {
      // A field both required and defaulted (kling-v3's resolution) gets its default, as the docs promise.
      if (f.required && "default" in f) set(f.name, f.default);
      continue;
    }
    if (!f.array) onlyOnce(flag, given);
    const read = given.map((v) => coerce(f, flag, v));
    set(f.name, f.array ? read : read[0]);
  }
  return body;
}

/** A flag of one value given several times is a usage error, never a silent pick. */
function onlyOnce(flag: string, given: readonly ArgValue[]): void {
  if (given.length > 1) throw new UsageError(`--${flag} was given ${given.length} times; it takes one value`);
}

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;

/** One flag value by its spec type; what cannot be read stays text, for the validator to name. */
function coerce(f: CliFlag, flag: string, value: ArgValue): unknown {
  if (f.type === "boolean") return value === "true" ? true : value === "false" ? false : value;
  // A flag that needs a value and got none arrives as `true`.
  if (value === true) throw new UsageError(`--${flag} needs a value`);
  if (typeof value !== "string") return value;
  if (f.type === "integer" || f.type === "number") {
    if (value === "") throw new UsageError(`--${flag} needs a value`);
    return NUMBER.test(value.trim()) ? Number(value) : value;
  }
  if (f.type === "json") {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}

/** Client options from the common flags and the environment. */
function clientOptions(run: Run, info: ModelInfo): { apiKey: string | undefined; baseUrl: string; timeoutMs: number | undefined } {
  const apiKey = text(arg(run, "api-key")) ?? (run.io.env["LINKMODEL_API_KEY"] || undefined);
  const baseUrl = (text(arg(run, "base-url")) ?? (run.io.env["LINKMODEL_BASE_URL"] || undefined) ?? info.baseUrl).replace(/\/+$/, "");
  return { apiKey, baseUrl, timeoutMs: seconds(arg(run, "timeout"), "timeout") };
}

const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** The longest delay a Node timer keeps (2^31-1 ms, ~24.8 days); a longer one fires after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The shortest `--poll-interval`: the documented schedules poll every 3 s at the fastest; a mock
 * server may go faster, but polling more than ten times a second only loads the server.
 */
const MIN_POLL_MS = 100;

/** A `--x <seconds>` option in milliseconds, or undefined when absent; it must be a delay a timer can keep. */
function seconds(value: unknown, flag: string, minMs = 1): number | undefined {
  if (value === undefined) return undefined;
  const ms = Math.round((typeof value === "string" && NUMBER.test(value) ? Number(value) : NaN) * 1000);
  if (!(ms >= minMs && ms <= MAX_TIMER_MS)) throw new UsageError(`--${flag} takes a number of seconds from ${minMs / 1000} to ${MAX_TIMER_MS / 1000}; got ${JSON.stringify(value)}`);
  return ms;
}

/** The wait options of `--deadline` and `--poll-interval`. */
function waitSettings(run: Run, info: ModelInfo): { deadlineMs: number | undefined; schedule: PollSchedule } {
  const every = seconds(arg(run, "poll-interval"), "poll-interval", MIN_POLL_MS);
  const schedule: PollSchedule = every === undefined ? info.schedule : { phases: [{ fromMs: 0, intervalMs: every }], deadlineMs: info.schedule.deadlineMs };
  return { deadlineMs: seconds(arg(run, "deadline"), "deadline"), schedule };
}

/** A POSIX shell word holding exactly `s`. */
function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The command that resumes waiting for a task (never with the key). */
function resumeCommand(handle: TaskHandle, run: Run): string {
  const base = text(arg(run, "base-url"));
  const download = arg(run, "download");
  // Resuming does what the interrupted command was asked to do: download too.
  const save = download === undefined ? "" : download === "" ? " --download" : ` --download ${shellQuote(String(download))}`;
  return `${BIN} wait ${shellQuote(JSON.stringify(handle))}${base ? ` --base-url ${shellQuote(base)}` : ""}${save}`;
}

async function runModel(id: string, model: CliModel, run: Run, io: CliIO): Promise<number> {
  const info = model.binding.info;
  const body = { model: id, ...readBody(model.flags, run.args.flags) };
  const checked = model.binding.validateRequest(body, { typoProtection: true });
  if (!checked.ok) throw new InvalidRequestError(`invalid ${id} request, nothing was sent:\n${issueLines(checked.issues, model.flags)}`, { issues: checked.issues });
  const options = clientOptions(run, info);
  const settings = waitSettings(run, info);
  checkDownloadFolder(run);

  if (arg(run, "dry-run") === true) {
    const url = `${options.baseUrl}${info.createPath}`;
    const curl = [
      `curl -sS -X POST ${shellQuote(url)}`,
      // The variable's name, never its value: the line is safe to paste and to share.
      `  -H "Authorization: Bearer $LINKMODEL_API_KEY"`,
      `  -H 'Content-Type: application/json'`,
      `  -d ${shellQuote(JSON.stringify(body))}`,
    ].join(" \\\n");
    if (run.json) io.stdout.write(`${JSON.stringify({ dryRun: true, method: "POST", url, body, curl })}\n`);
    else io.stdout.write(`${JSON.stringify(body, null, 2)}\n\n${curl}\n`);
    return EXIT.ok;
  }

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

async function waitCommand(models: CliCatalogue, run: Run, io: CliIO): Promise<number> {
  const input = (run.args.positionals[0] ?? "").trim();
  const named = text(arg(run, "model"));
  let handle: TaskHandle;
  if (input.startsWith("{")) {
    handle = parseHandle(input);
    if (named !== undefined && named !== handle.model) throw new UsageError(`--model ${named} does not match the handle's model ${handle.model}`);
  } else {
    if (named === undefined) throw new UsageError(`a task id alone needs --model <id> (or pass the handle JSON that --no-wait printed)`);
    if (input === "") throw new UsageError("the task id is empty");
    const m = modelById(models, named);
    if (!m) throw unknownModel(named, models);
    // The creation time is unknown: pretend the task is as old as the schedule's first polling phase, so that polling starts now.
    const firstPoll = m.binding.info.schedule.phases.find((p) => p.intervalMs !== null)?.fromMs ?? 0;
    handle = { taskId: input, model: named, group: m.binding.info.group, createdAt: new Date(Date.now() - firstPoll).toISOString() };
  }
  const model = modelById(models, handle.model);
  if (!model) throw unknownModel(handle.model, models);
  const info = model.binding.info;
  checkDownloadFolder(run);
  const client = createModelClient(model.binding, clientOptions(run, info));
  const ac = new AbortController();
  const off = io.onSignal((signal) => ac.abort(new Interrupted(signal)));
  try {
    return await waitAndReport(client, handle, run, waitSettings(run, info), ac.signal);
  } catch (e) {
    return fail(run, e, handle);
  } finally {
    off();
  }
}

function unknownModel(id: string, models: CliCatalogue): UsageError {
  const close = closestMatch(id, Object.keys(models));
  return new UsageError(`unknown model ${JSON.stringify(id)}${close ? `; did you mean ${close}?` : ""}`);
}

/** Waits with a live progress line, downloads when asked, and prints the result. */
async function waitAndReport(client: ModelClient<unknown>, handle: TaskHandle, run: Run, settings: { deadlineMs: number | undefined; schedule: PollSchedule }, signal: AbortSignal): Promise<number> {
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

/** A task that succeeded, and the files saved of it. */
interface Finished {
  readonly result: TaskResult;
  readonly saved: readonly string[];
}

/** The `--json` document of a result (without the raw answer). */
function resultDocument({ result, saved }: Finished): Record<string, unknown> {
  const { raw: _raw, ...rest } = result;
  return { ...rest, saved };
}

/** The result URLs, one a line on stdout: what a script reads. */
function printUrls(run: Run, result: TaskResult): void {
  for (const url of result.urls) run.io.stdout.write(`${url}\n`);
}

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
function checkDownloadFolder(run: Run): void {
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
async function downloadAll(result: TaskResult, target: string, run: Run, signal: AbortSignal, saved: string[]): Promise<void> {
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

// ---------------------------------------------------------------------------------------------
// doctor

async function doctor(models: CliCatalogue, run: Run, io: CliIO): Promise<number> {
  const groups = new Map<string, CliModel>();
  for (const m of Object.values(models)) if (!groups.has(m.binding.info.group)) groups.set(m.binding.info.group, m);
  const first = [...groups.values()][0];
  if (!first) throw new UsageError("no models");
  const { apiKey, baseUrl, timeoutMs } = clientOptions(run, first.binding.info);
  const source = text(arg(run, "api-key")) ? "from --api-key" : apiKey ? "from LINKMODEL_API_KEY" : "set LINKMODEL_API_KEY";
  const checks: { group: string; url: string; ok: boolean; detail: string; exitCode: number }[] = [];
  for (const [group, m] of groups) {
    const info = m.binding.info;
    const base = clientOptions(run, info).baseUrl;
    const url = `${base}${info.queryPath}`;
    checks.push({ group, url, ...(await probe(m.binding, apiKey, base, timeoutMs)) });
  }
  const keyCode = apiKey ? EXIT.ok : EXIT.authentication;
  const exitCode = checks.find((c) => c.exitCode !== EXIT.ok)?.exitCode ?? keyCode;
  // Details quote what servers and flags said: the key is blanked from them as from failures.
  if (run.json) {
    io.stdout.write(`${redactedJson({ ok: exitCode === EXIT.ok, apiKey: apiKey ? "set" : "not set", baseUrl, checks, exitCode }, run.secrets)}\n`);
  } else {
    io.stdout.write(`API key   ${apiKey ? "set" : "not set"} (${source})\n`);
    for (const c of checks) io.stdout.write(redact(`${c.ok ? "ok  " : "FAIL"}      ${c.group}: GET ${c.url} — ${c.detail}\n`, run.secrets));
  }
  return exitCode;
}

/**
 * One unpaid request: a poll of a made-up task id. A refused key comes back as 401; any
 * LinkModel envelope (even "task not found") proves that the URL and the key work.
 */
async function probe(binding: AnyBinding, apiKey: string | undefined, baseUrl: string, timeoutMs: number | undefined): Promise<{ ok: boolean; detail: string; exitCode: number }> {
  const id = "linkmodel-sdk-doctor";
  if (!apiKey) {
    // Without a key, only whether the URL answers (nothing to leak: no key is sent).
    const info = binding.info;
    try {
      const res = await fetch(`${baseUrl}${info.queryPath}?task_id=${id}`, { signal: AbortSignal.timeout(timeoutMs ?? 60_000) });
      const body = (await res.json().catch(() => null)) as { code?: unknown } | null;
      const envelope = typeof body?.code === "number";
      // A server error or a rate limit is an envelope too, but the server is not usable now.
      const failing = res.status >= 500 || res.status === 429;
      const ok = envelope && !failing;
      const detail = ok ? `answers (HTTP ${res.status}); no key to check` : failing ? `HTTP ${res.status}, the server is failing or busy` : `HTTP ${res.status}, not a LinkModel answer`;
      return { ok, detail, exitCode: ok ? EXIT.ok : EXIT.network };
    } catch {
      return { ok: false, detail: "unreachable", exitCode: EXIT.network };
    }
  }
  try {
    const state = await createModelClient(binding, { apiKey, baseUrl, timeoutMs, maxRetries: 0 }).get(id);
    return { ok: true, detail: `answers; key accepted (status ${JSON.stringify(state.status)})`, exitCode: EXIT.ok };
  } catch (e) {
    if (!(e instanceof LinkModelError)) throw e;
    if (e.kind === "AuthenticationError") return { ok: false, detail: "the key was refused", exitCode: EXIT.authentication };
    // Any other LinkModel answer proves the key (a 404 for the made-up id); a server error, a rate limit or a garbled answer does not.
    if (e.code !== undefined && EXIT_BY_KIND[e.kind] !== EXIT.network)
      return { ok: true, detail: `answers; key accepted (code ${e.code} for a made-up task id)`, exitCode: EXIT.ok };
    return { ok: false, detail: e.kind === "UnexpectedResponseError" ? "not a LinkModel answer" : e.message, exitCode: EXIT_BY_KIND[e.kind] };
  }
}

// ---------------------------------------------------------------------------------------------
// Failure

/** `--resolution: resolution must be one of …; did you mean "720P"?`, one line per issue. */
function issueLines(issues: readonly ValidationIssue[], flags: readonly CliFlag[]): string {
  const names = bodyFlagNames(flags.map((f) => f.name));
  return issues
    .map((i) => {
      const token = i.path.split("/")[1]?.replace(/~1/g, "/").replace(/~0/g, "~");
      const at = flags.findIndex((f) => f.name === token);
      return `  ${at === -1 ? "" : `--${names[at]}: `}${i.message}`;
    })
    .join("\n");
}

/** `text` with every known key blanked. */
function redact(text: string, secrets: readonly string[]): string {
  for (const key of secrets) text = text.split(key).join("***");
  return text;
}

/** JSON with the key blanked inside string values, so that the document stays valid JSON whatever the key (`1`, `e`). */
function redactedJson(value: unknown, secrets: readonly string[]): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "string" ? redact(v, secrets) : v));
}

/** A task that exists can be waited for again after these (and after a signal): a deadline, a network failure, a refused key (once fixed). */
const RESUMABLE: ReadonlySet<number> = new Set([EXIT.timeout, EXIT.network, EXIT.authentication]);

/**
 * Prints a failure (stderr, or one JSON document on stdout) and returns its exit code; `finished`
 * when the task succeeded but its download did not: its URLs are printed too (stdout, or the document).
 */
function fail(run: Run, e: unknown, handle: TaskHandle | null, finished?: Finished): number {
  const stopped = e instanceof Interrupted ? e.signal : null;
  const exitCode =
    stopped !== null ? SIGNALS[stopped].exitCode
    : e instanceof UsageError ? EXIT.invalidInput
    : e instanceof LinkModelError ? EXIT_BY_KIND[e.kind]
    : EXIT.unexpected;
  const kind = stopped !== null ? "Interrupted" : e instanceof UsageError ? "UsageError" : e instanceof LinkModelError ? e.kind : "Error";
  const message = e instanceof Error ? e.message : String(e);
  const resumable = handle !== null && (stopped !== null || RESUMABLE.has(exitCode) || finished !== undefined);
  const resume = resumable ? resumeCommand(handle, run) : undefined;
  // Even a key typed in the wrong place (a stray argument, a value) is never printed back.
  let text: string;
  if (run.json) {
    const issues = e instanceof LinkModelError && e.issues ? { issues: e.issues } : {};
    const done = finished ? resultDocument(finished) : handle && { handle };
    const signal = stopped === null ? {} : { signal: stopped };
    text = `${redactedJson({ ...done, ...(resume && { resume }), error: { kind, ...signal, message, exitCode, ...issues } }, run.secrets)}\n`;
  } else {
    if (finished) printUrls(run, finished.result);
    const running = handle && !finished;
    text = stopped !== null ? `${message}${running ? "; the task keeps running on the server" : ""}\n` : `error: ${message}\n`;
    if (finished && stopped === null) text += `the task succeeded: its result URLs are on stdout, and the command below downloads again\n`;
    if (resume) text += `resume with: ${resume}\n`;
    if (e instanceof UsageError) text += `(\`${BIN} --help\` for usage)\n`;
    text = redact(text, run.secrets);
  }
  (run.json ? run.io.stdout : run.io.stderr).write(text);
  return exitCode;
}
