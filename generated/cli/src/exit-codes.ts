/**
 * The exit codes of the `linkmodel-sdk` command line: the one table. `--help` prints it, the
 * CLI package's README is generated from it (generator/docs.ts), and the code returns its codes.
 * Plain data: the generator's build compiles this file beside its own (generator/build.mjs).
 */
import type { ErrorKind } from "@linkmodel-sdk/runtime";
import { BIN } from "./names.js";

/**
 * Exit codes, stable and documented: 0 ok; 1 unexpected error; 2 invalid input or usage (also a
 * body the server refused, HTTP 400); 3 authentication; 4 insufficient balance; 5 task failed or
 * cancelled; 6 timeout (wait deadline or request timeout); 7 network, unreachable server or
 * server error; 128 + the signal's number when a signal stopped it: 129 SIGHUP, 130 SIGINT
 * (Ctrl-C), 143 SIGTERM.
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

/** What the three signal codes add: the task is not stopped with the command. */
const RESUME_NOTE = `the task keeps running: resume with \`${BIN} wait\``;

/** One exit code with its meaning. */
export interface ExitCode {
  readonly code: number;
  readonly meaning: string;
}

/** Every exit code with its meaning, in order: for `--help` (text and JSON) and the README. */
export const EXIT_CODES: readonly ExitCode[] = [
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

/** The runtime's errors by kind, to exit codes. */
export const EXIT_BY_KIND: Readonly<Record<ErrorKind, number>> = {
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

/** A task that exists can be waited for again after these (and after a signal): a deadline, a network failure, a refused key (once fixed). */
export const RESUMABLE: ReadonlySet<number> = new Set([EXIT.timeout, EXIT.network, EXIT.authentication]);
