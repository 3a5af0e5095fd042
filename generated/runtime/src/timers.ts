/**
 * The runtime's one timer: every delay it takes from a caller or a server (request timeouts,
 * poll intervals, wait deadlines, Retry-After, backoff, download timeouts) goes through `after`.
 *
 * Takes a delay in milliseconds; fires once after it, however long: timers take at most
 * 2^31−1 ms, and a longer one fires after 1 ms (Node's TimeoutOverflowWarning), so a longer
 * delay is chained, never cut short. `Infinity` never fires. A delay a caller gives is checked
 * first (`checkDelay`): a negative one or NaN is a `RangeError`, before anything is sent.
 */

/** The longest delay one timer can take. */
const LONGEST_TIMER = 2 ** 31 - 1;

/** Calls `fire` once after `ms` (chained past the longest timer; `Infinity`: never); returns what cancels it. */
export function after(ms: number, fire: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (left: number): void => {
    if (left < Infinity) timer = setTimeout(left > LONGEST_TIMER ? () => arm(left - LONGEST_TIMER) : fire, Math.min(left, LONGEST_TIMER));
  };
  arm(ms);
  return () => clearTimeout(timer);
}

/**
 * `ms` if it is a delay: a number of milliseconds, 0 or more (`Infinity` included); else a
 * `RangeError` naming the option, such as `timeoutMs`.
 */
export function checkDelay(ms: number, name: string): number {
  if (!(typeof ms === "number" && ms >= 0)) throw new RangeError(`${name} must be a number of ms, 0 or more, not ${ms}`);
  return ms;
}

/**
 * Sleeps `ms` (none when 0 or less; forever when `Infinity`), rejecting with `signal.reason` on
 * abort, or with a `RangeError` for NaN; leaves no timer or listener behind.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    // No timer for no delay: setTimeout(0) waits a millisecond or more, longer than a loopback poll.
    if (ms <= 0) return resolve();
    checkDelay(ms, "sleep");
    const abort = (): void => {
      cancel();
      reject(signal!.reason);
    };
    const cancel = after(ms, () => {
      signal?.removeEventListener("abort", abort);
      resolve();
    });
    signal?.addEventListener("abort", abort, { once: true });
  });
}

/**
 * The time a client reads and waits by: `now()` in epoch ms, `sleep` as above. The default is
 * real time (`realClock`); a test injects a virtual one (`@linkmodel-sdk/runtime/testing`), so
 * that a task runs on its model's own polling schedule in no real time.
 */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Real time: `Date.now` and `sleep`. */
export const realClock: Clock = { now: Date.now, sleep };
