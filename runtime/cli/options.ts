/**
 * The options of each command, as tables: how each option reads its value and what `--help`
 * says of it. A model command adds one option per body field (named by `bodyFlagNames`).
 */
import { CLI_OPTION_NAMES, bodyFlagNames } from "./names.js";
import type { CliFlag, CliModel } from "./types.js";

/** How an option reads its value: a switch; text (`""` when none follows); or text that must be there (a body flag). */
export type ValueKind = "boolean" | "string" | "value";

/** One option of a command: how it is read and what `--help` says of it. */
export interface OptionSpec {
  readonly kind: ValueKind;
  readonly about: string;
  /** A switch on by default (`--wait`). */
  readonly default?: true;
  /** The body field, when the option is one. */
  readonly field?: CliFlag;
}

/** A command's options by flag name (without `--`), in `--help` order. */
export type OptionTable = ReadonlyMap<string, OptionSpec>;

/** Options every command takes. */
export const COMMON: OptionTable = new Map<(typeof CLI_OPTION_NAMES.common)[number], OptionSpec>([
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
export const WAIT_OPTIONS: OptionTable = new Map([...COMMON, ...WAITING, ["model", { kind: "string", about: "model id, when the task is given by its id alone" }]]);

/** The command line's own options: each takes one value, given once. */
export const OWN_OPTIONS: OptionTable = new Map([...COMMON, ...WAITING, ...CREATING, ...WAIT_OPTIONS]);

/** The options of a model command: its body flags (named by `bodyFlagNames`), then the command line's own. */
export function modelOptions(model: CliModel): OptionTable {
  const names = bodyFlagNames(model.flags.map((f) => f.name));
  // A string may be empty (the validator says whether it can); any other type needs a value.
  const kindOf = (f: CliFlag): ValueKind => (f.type === "boolean" && !f.array ? "boolean" : f.type === "string" ? "string" : "value");
  const body = model.flags.map((f, i): [string, OptionSpec] => [names[i]!, { kind: kindOf(f), about: f.description ?? "", field: f }]);
  return new Map([...body, ...COMMON, ...CREATING, ...WAITING]);
}
