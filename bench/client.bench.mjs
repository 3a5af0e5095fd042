#!/usr/bin/env node
/**
 * Client overhead against raw fetch, side by side in one run: (a) `client.create(body)` of
 * @linkmodel-sdk/wan2-6 (validation, envelope, typed errors, handle) against a raw `fetch` POST
 * of the same body with its JSON parsed; (b) a short `run` (create + one poll that answers
 * Success, a schedule that never sleeps) against a raw POST + GET. A third side is raw fetch
 * with what every client request has and bare fetch lacks: a per-request timeout (an
 * AbortController and a timer), whose signal alone costs undici 10–15 µs per request.
 *
 * The server is a loopback HTTP server in a child process (bench/loopback.mjs), answering both
 * envelopes at once.
 * Every side uses Node's global fetch (undici, keep-alive) and sequential calls, alternating
 * call by call so that all see the same machine; per round the median call of each side; the
 * round with the fastest raw median of ROUNDS (after 3 warm-up rounds) is reported.
 *
 * Run: node bench/client.bench.mjs        (ITERATIONS=2000 ROUNDS=7 by default)
 * Writes only to a temp folder, removed at the end.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildSync } from "esbuild";
import { startLoopbackApi } from "./loopback.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const ITERATIONS = Number(process.env.ITERATIONS ?? 2000);
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const tmp = mkdtempSync(join(tmpdir(), "client-bench-"));

// The model package from its TypeScript sources, bundled for Node.
const outfile = join(tmp, "wan.mjs");
buildSync({
  stdin: { contents: `export * from "@linkmodel-sdk/wan2-6";`, resolveDir: ROOT, sourcefile: "entry.ts", loader: "ts" },
  bundle: true, format: "esm", platform: "node", outfile, conditions: ["linkmodel-source"], logLevel: "silent",
});
const wan = await import(pathToFileURL(outfile).href);

const api = await startLoopbackApi();
const base = api.base;

const KEY = "bench-key";
const body = { prompt: "A red panda riding a bicycle through Tokyo at night", resolution: "1080P", duration: 10, first_frame_image: "https://cdn.example.com/frames/first.png" };
const client = wan.createClient({ baseUrl: base, apiKey: KEY });
const NOW = { phases: [{ fromMs: 0, intervalMs: 0 }], deadlineMs: 60_000 };

/** Raw fetch; with `timeout`, also a per-request timeout that aborts the request, as the client has. */
async function send(url, init, timeout) {
  if (!timeout) return (await fetch(url, init)).json();
  const ac = new AbortController();
  const t = setTimeout(() => ac.abort(), 60_000);
  try {
    return await (await fetch(url, { ...init, signal: ac.signal })).json();
  } finally {
    clearTimeout(t);
  }
}
async function rawCreate(timeout) {
  const init = { method: "POST", headers: { Authorization: `Bearer ${KEY}`, "Content-Type": "application/json" }, body: JSON.stringify({ ...body, model: "wan2.6" }) };
  const e = await send(`${base}/video-generation`, init, timeout);
  if (e.code !== 0) throw new Error("create failed");
  return e.data.task_id;
}
async function rawRun(timeout) {
  const id = await rawCreate(timeout);
  const e = await send(`${base}/query/video-generation?task_id=${encodeURIComponent(id)}`, { headers: { Authorization: `Bearer ${KEY}` } }, timeout);
  if (e.code !== 0 || e.data.status !== "Success") throw new Error("query failed");
  return e.data.file_url;
}
const oursCreate = () => client.create(body);
const oursRun = () => client.run(body, { schedule: NOW });

/** One round: the sides alternate call by call (their order rotating); the median µs per call of each side. */
async function round(sides) {
  const times = sides.map(() => []);
  for (let i = 0; i < ITERATIONS; i++) {
    for (let j = 0; j < sides.length; j++) {
      const k = (i + j) % sides.length;
      const t = process.hrtime.bigint();
      await sides[k]();
      times[k].push(Number(process.hrtime.bigint() - t) / 1e3);
    }
  }
  return times.map((xs) => xs.sort((x, y) => x - y)[xs.length >> 1]);
}

async function compare(name, sides) {
  for (let i = 0; i < 3; i++) await round(sides);
  let best = null;
  // The round with the fastest raw median: all sides of one round ran under the same conditions.
  for (let i = 0; i < ROUNDS; i++) {
    const r = await round(sides);
    if (!best || r[0] < best[0]) best = r;
  }
  return { name, best };
}

try {
  const rows = [
    await compare("create", [() => rawCreate(false), () => rawCreate(true), oursCreate]),
    await compare("run (create + one poll)", [() => rawRun(false), () => rawRun(true), oursRun]),
  ];
  console.log("| case | raw fetch | raw fetch + timeout | @linkmodel-sdk/wan2-6 | ratio to raw | ratio to raw + timeout |");
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (const { name, best: [raw, safe, ours] } of rows)
    console.log(`| ${name} | ${raw.toFixed(1)} µs | ${safe.toFixed(1)} µs | ${ours.toFixed(1)} µs | ${(ours / raw).toFixed(3)} | ${(ours / safe).toFixed(3)} |`);
  console.log(`\nnode ${process.version}; median µs per call; ${ITERATIONS} calls per side per round, alternating; best of ${ROUNDS} rounds after 3 warm-up rounds`);
} finally {
  api.stop();
  rmSync(tmp, { recursive: true, force: true });
}
