/**
 * One invocation's state (its IO, its parsed arguments, whether it prints JSON, the keys it
 * blanks) and the settings read from its options: client options, timeouts, the wait schedule.
 */
import type { ModelInfo, PollSchedule } from "@linkmodel-sdk/runtime";
import { NUMBER_TEXT, UsageError, parseArgs, type ArgValue, type Args } from "./args.js";
import type { OptionTable } from "./options.js";
import type { CliStream } from "./progress.js";
import type { CliIO } from "./types.js";

/** State of one invocation. */
export interface Run {
  readonly io: CliIO;
  readonly json: boolean;
  readonly args: Args;
  /** Where progress and notes go: stderr, or nowhere under `--json` (one document on stdout is all a script reads). */
  readonly notes: CliStream;
  /** The API keys this run knows of, blanked from every failure it prints. */
  readonly secrets: readonly string[];
}

const SILENT: CliStream = { write: () => true };

/** Parses a command's arguments into a run: JSON output exactly when --json was read. */
export function parse(io: CliIO, argv: readonly string[], options: OptionTable, secrets: readonly string[]): Run {
  const args = parseArgs(argv, options);
  const json = args.flags.get("json")?.at(-1) === true;
  return { io, json, args, notes: json ? SILENT : io.stderr, secrets };
}

/** The one value of an option, or undefined when not given. */
export function arg(run: Run, name: string): ArgValue | undefined {
  return run.args.flags.get(name)?.[0];
}

/** A value that is non-empty text, else undefined. */
export const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** Client options from the common flags and the environment. */
export function clientOptions(run: Run, info: ModelInfo): { apiKey: string | undefined; baseUrl: string; timeoutMs: number | undefined } {
  const apiKey = text(arg(run, "api-key")) ?? (run.io.env["LINKMODEL_API_KEY"] || undefined);
  const baseUrl = (text(arg(run, "base-url")) ?? (run.io.env["LINKMODEL_BASE_URL"] || undefined) ?? info.baseUrl).replace(/\/+$/, "");
  return { apiKey, baseUrl, timeoutMs: seconds(arg(run, "timeout"), "timeout") };
}

/** The longest delay a Node timer keeps (2^31-1 ms, ~24.8 days); a longer one fires after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The shortest `--poll-interval`: the documented schedules poll every 3 s at the fastest; a mock
 * server may go faster, but polling more than ten times a second only loads the server.
 */
const MIN_POLL_MS = 100;

/** A `--x <seconds>` option in milliseconds, or undefined when absent; it must be a delay a timer can keep. */
export function seconds(value: unknown, flag: string, minMs = 1): number | undefined {
  if (value === undefined) return undefined;
  const ms = Math.round((typeof value === "string" && NUMBER_TEXT.test(value) ? Number(value) : NaN) * 1000);
  if (!(ms >= minMs && ms <= MAX_TIMER_MS)) throw new UsageError(`--${flag} takes a number of seconds from ${minMs / 1000} to ${MAX_TIMER_MS / 1000}; got ${JSON.stringify(value)}`);
  return ms;
}

/** How long to wait and how often to poll. */
export interface WaitSettings {
  readonly deadlineMs: number | undefined;
  readonly schedule: PollSchedule;
}

/** The wait options of `--deadline` and `--poll-interval`. */
export function waitSettings(run: Run, info: ModelInfo): WaitSettings {
  const every = seconds(arg(run, "poll-interval"), "poll-interval", MIN_POLL_MS);
  const schedule: PollSchedule = every === undefined ? info.schedule : { phases: [{ fromMs: 0, intervalMs: every }], deadlineMs: info.schedule.deadlineMs };
  return { deadlineMs: seconds(arg(run, "deadline"), "deadline"), schedule };
}
