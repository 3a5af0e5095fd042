/**
 * On a terminal (a pseudo-terminal from util-linux `script`), the wait is one line rewritten
 * in place (`\r` + erase line) through several states, then the final line; a download shows
 * a progress bar that ends at 100 % and is replaced by the saved line.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { KEY, bundleCli, fileServer, linkModelServer } from "./helpers.js";

const hasScript = spawnSync("script", ["--version"]).status === 0;
const REWRITE = "\r\x1b[2K";
let cli: Awaited<ReturnType<typeof bundleCli>>;
let files: Awaited<ReturnType<typeof fileServer>>;
let api: Awaited<ReturnType<typeof linkModelServer>>;
let work = "";

beforeAll(async () => {
  cli = await bundleCli();
  files = await fileServer();
  api = await linkModelServer(files);
  work = mkdtempSync(join(tmpdir(), "lm-cli-tty-"));
});
afterAll(async () => {
  await api.close();
  await files.close();
  cli.remove();
  rmSync(work, { recursive: true, force: true });
});

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs the binary under `script`, which gives it a pseudo-terminal; returns the raw screen bytes. */
function onTerminal(args: readonly string[]): Promise<{ code: number | null; raw: string }> {
  const command = [process.execPath, cli.bin, ...args].map(quote).join(" ");
  const child = spawn("script", ["-q", "-e", "-c", command, "/dev/null"], {
    cwd: work,
    env: { PATH: process.env["PATH"], TERM: "xterm", LINKMODEL_API_KEY: KEY, LINKMODEL_BASE_URL: api.url },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let raw = "";
  child.stdout.on("data", (c: Buffer) => (raw += c.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, raw })));
}

test.skipIf(!hasScript)("the progress line updates in place, then the final line; the download bar reaches 100 %", async () => {
  const { code, raw } = await onTerminal(["wan2.6", "--prompt", "ok", "--poll-interval", "0.3", "--download", "out.mp4"]);
  expect(code).toBe(0);
  // Everything between the creation line and the final line is one terminal line.
  const start = raw.indexOf("created task ");
  const end = raw.indexOf("✓ Success after ");
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  const live = raw.slice(raw.indexOf("\n", start) + 1, end);
  expect(live).not.toContain("\n");
  const states = live.split(REWRITE).filter(Boolean);
  expect(states.length).toBeGreaterThanOrEqual(4);
  for (const s of states) expect(s).toMatch(/^… \S+ · [\d.]+ s elapsed( · next poll in [\d.]+ s)?$/);
  const statuses = new Set(states.map((s) => s.split(" ")[1]));
  expect([...statuses]).toEqual(expect.arrayContaining(["Submitted", "Pending", "Processing"]));
  // The final line replaces the live one, and ends it.
  expect(raw.slice(end - REWRITE.length, end)).toBe(REWRITE);
  expect(raw.slice(end)).toMatch(/^✓ Success after [\d.]+ s\r\n/);
  // The download bar, rewritten in place, replaced by the saved line.
  expect(raw).toMatch(/downloading \S+out\.mp4 \[#{24}\] 100% [\d.]+ kB \/ [\d.]+ kB\r\x1b\[2Ksaved \S+out\.mp4 \([\d.]+ kB\)\r\n/);
  // The result URL, on stdout, last.
  expect(raw.trimEnd().split("\r\n").at(-1)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/video-aurora_\d+\.mp4\?sig=abc$/);
});
