/**
 * The signals that end the command line, all handled alike (stop waiting, not the task; stop a
 * download, leaving no partial file; print the handle and the resume command), and the error a
 * stopped wait or download carries.
 */
import { EXIT } from "./exit-codes.js";

/**
 * Each signal with its exit code (128 + its number, as shells report a process a signal ended),
 * what is said, and how a person names it.
 */
export const SIGNALS = {
  SIGINT: { exitCode: EXIT.interrupted, said: "interrupted", name: "Ctrl-C" },
  SIGTERM: { exitCode: EXIT.terminated, said: "stopped by SIGTERM", name: "SIGTERM" },
  SIGHUP: { exitCode: EXIT.hangup, said: "stopped by SIGHUP (the terminal closed)", name: "SIGHUP" },
} as const;

/** A signal the command line handles. */
export type CliSignal = keyof typeof SIGNALS;

/** Why a wait or a download stopped: a signal (`SIGNALS`). */
export class Interrupted extends Error {
  constructor(
    readonly signal: CliSignal,
    message: string = SIGNALS[signal].said,
  ) {
    super(message);
  }
}

/** The signal that aborted `signal` (the reason each abort here carries). */
export function signalOf(signal: AbortSignal): CliSignal {
  return signal.reason instanceof Interrupted ? signal.reason.signal : "SIGINT";
}
