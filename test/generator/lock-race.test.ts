/**
 * The output lock under runs that start at the same moment: however they interleave, at most
 * one of them writes the output at a time, also when a dead run's lock is there to take over.
 * Each run is a separate process (the built generator's `applyChanges`), as two real runs are.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, expect, test } from "vitest";

const WRITE_JS = pathToFileURL(join(import.meta.dirname, "../../build/generator/write.js")).href;
const RUNS = 6;
const temp = mkdtempSync(join(tmpdir(), "lock-race-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/**
 * One run: waits for the start signal, then writes the output, logging "in" when its staged
 * output is ready to swap and "out" 150 ms later (still under the lock), both appended to one log.
 */
const RUN = `
import { appendFileSync, existsSync } from "node:fs";
const [outDir, go, log, name] = process.argv.slice(1);
const { applyChanges } = await import(${JSON.stringify(WRITE_JS)});
while (!existsSync(go)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
applyChanges(outDir, new Map([[name + ".txt", name]]), [], () => {
  appendFileSync(log, "in " + name + "\\n");
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 150);
  appendFileSync(log, "out " + name + "\\n");
}, 30_000);
`;

async function race(prepare: (lockFile: string) => void): Promise<string[]> {
  const dir = mkdtempSync(join(temp, "run-"));
  const outDir = join(dir, "generated");
  mkdirSync(outDir);
  const go = join(dir, "go");
  const log = join(dir, "log");
  writeFileSync(log, "");
  prepare(join(dir, ".generated.lock"));
  const runs = Array.from({ length: RUNS }, (_, i) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", RUN, outDir, go, log, `run${i}`], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += String(d)));
    return new Promise<void>((resolve, reject) => child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`run exited ${code}: ${stderr}`)))));
  });
  await new Promise((resolve) => setTimeout(resolve, 500)); // every run is up and polling for the start
  writeFileSync(go, "");
  await Promise.all(runs);
  for (let i = 0; i < RUNS; i++) expect(readFileSync(join(outDir, `run${i}.txt`), "utf8")).toBe(`run${i}`);
  return readFileSync(log, "utf8").trim().split("\n");
}

/** The log as a sequence of whole turns: "in X" always followed by "out X". */
function expectTurns(lines: string[]): void {
  expect(lines).toHaveLength(2 * RUNS);
  for (let i = 0; i < lines.length; i += 2) expect(lines[i + 1]).toBe(lines[i]!.replace(/^in /, "out "));
}

test("runs that start together write the output one after another", async () => {
  expectTurns(await race(() => {}));
}, 30_000);

test("runs that start together beside a dead run's lock take it over once, then one after another", async () => {
  const gone = spawnSync(process.execPath, ["-e", "process.exit(0)"]).pid!;
  expectTurns(await race((lockFile) => writeFileSync(lockFile, String(gone))));
}, 30_000);
