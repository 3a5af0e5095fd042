/**
 * What the command line shows while it waits or downloads: on a terminal, one line rewritten
 * in place (`\r` + erase line) and ticking every second; elsewhere, one plain line per change.
 *
 * Takes a stream (stderr) and progress events; writes text. Holds no secret and prints no URL
 * query string (a signed result URL is the user's business, not the log's). Leaves no timer
 * behind once the final line is written.
 */
import type { WaitProgress } from "@linkmodel-sdk/runtime";
import type { DownloadProgress } from "@linkmodel-sdk/runtime/node";

/** A writable text stream, as `process.stderr` is one. */
export interface CliStream {
  write(text: string): unknown;
  /** True on a terminal: progress is then rewritten in place. */
  readonly isTTY?: boolean | undefined;
  /** Terminal width, when known. */
  readonly columns?: number | undefined;
}

/** Carriage return and "erase the whole line" (ECMA-48 EL 2). */
const REWRITE = "\r\x1b[2K";

/** Seconds for people: `0.2 s` below one second, else whole seconds up to `59 s`, then `2 min 05 s`. */
export function formatSeconds(ms: number): string {
  if (ms < 1000) return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
}

/** Bytes for people: `512 B`, `1.2 kB`, `3.4 MB`. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let v = n;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) (v /= 1000), u++;
  return `${v.toFixed(1)} ${units[u]}`;
}

/** The live status line of a wait. */
export class WaitLine {
  private status = "Submitted";
  private nextPollAt: number | null = null;
  private ticker: ReturnType<typeof setInterval> | undefined;
  /** `createdAt` is the task's creation time (epoch ms): elapsed time counts from there. */
  constructor(
    private readonly out: CliStream,
    private readonly createdAt: number,
    private readonly now: () => number = Date.now,
  ) {}

  private get tty(): boolean {
    return this.out.isTTY === true;
  }

  /** Starts waiting; `firstPollInMs` is the delay the schedule asks for before the first poll. */
  start(firstPollInMs: number): void {
    this.nextPollAt = this.now() + firstPollInMs;
    if (!this.tty) {
      this.out.write(`waiting: first poll in ${formatSeconds(firstPollInMs)}\n`);
      return;
    }
    this.draw();
    // Elapsed time and the countdown move every second, between polls too.
    this.ticker = setInterval(() => this.draw(), 1000);
    (this.ticker as { unref?: () => void }).unref?.();
  }

  /** One poll's outcome, from `wait`'s `onProgress`. */
  update(p: WaitProgress): void {
    const changed = p.status !== this.status;
    this.status = p.status || "(no status)";
    this.nextPollAt = p.nextPollInMs === null ? null : this.now() + p.nextPollInMs;
    if (this.tty) this.draw();
    else if (changed && p.nextPollInMs !== null) this.out.write(`${this.status} after ${formatSeconds(p.elapsedMs)}\n`);
  }

  private draw(): void {
    const elapsed = formatSeconds(this.now() - this.createdAt);
    const next = this.nextPollAt === null ? "" : ` · next poll in ${formatSeconds(this.nextPollAt - this.now())}`;
    const line = `… ${this.status} · ${elapsed} elapsed${next}`;
    const width = this.out.columns ?? 0;
    this.out.write(REWRITE + (width > 1 && line.length >= width ? line.slice(0, width - 1) : line));
  }

  /** Ends the wait with its final line (`✓ Success after 42 s`), written over the live one. */
  finish(text: string): void {
    if (this.ticker !== undefined) clearInterval(this.ticker);
    this.ticker = undefined;
    this.out.write((this.tty ? REWRITE : "") + text + "\n");
  }
}

/** The progress bar of one download (terminal only; elsewhere the final line alone). */
export class DownloadBar {
  private last = 0;
  private drawn = false;

  constructor(
    private readonly out: CliStream,
    private readonly name: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** From `download`'s `onProgress`; redraws at most ten times a second. */
  update(p: DownloadProgress): void {
    if (this.out.isTTY !== true) return;
    const t = this.now();
    if (t - this.last < 100 && p.receivedBytes !== p.totalBytes) return;
    this.last = t;
    const width = 24;
    let text: string;
    if (p.totalBytes) {
      const share = Math.min(1, p.receivedBytes / p.totalBytes);
      const full = Math.round(share * width);
      text = `downloading ${this.name} [${"#".repeat(full)}${"-".repeat(width - full)}] ${String(Math.floor(share * 100)).padStart(3)}% ${formatBytes(p.receivedBytes)} / ${formatBytes(p.totalBytes)}`;
    } else text = `downloading ${this.name} ${formatBytes(p.receivedBytes)}`;
    this.out.write(REWRITE + text);
    this.drawn = true;
  }

  /** Replaces the bar with a final line. */
  finish(text: string): void {
    this.out.write((this.drawn ? REWRITE : "") + text + "\n");
    this.drawn = false;
  }
}
