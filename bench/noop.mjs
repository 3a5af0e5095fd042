// The no-op path of the npm scripts (issue 15): `npm run generate`, `npm run check` and
// `npm run build` with nothing to do, side by side in one run with `npm run noop`, a script that
// does nothing (`true`), which is what npm itself costs. The runs alternate (noop, generate,
// check, build, noop, …) so that load on the machine falls on every column alike. Each figure
// is the whole command, from spawn to exit. Target: `npm run generate` at most 1.35× `npm run noop`.
//
//   node bench/noop.mjs [--runs 15]
import { spawnSync } from "node:child_process";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const runsAt = process.argv.indexOf("--runs");
const RUNS = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 15;
const SCRIPTS = ["noop", "generate", "check", "build"];

function time(script) {
  const start = performance.now();
  const result = spawnSync("npm", ["run", script, "--silent"], { cwd: root, encoding: "utf8" });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`npm run ${script} failed:\n${result.stdout}\n${result.stderr}`);
  return { seconds, output: result.stdout.trim().split("\n")[0] ?? "" };
}

// Once first, unmeasured: the generator is built and everything is generated and compiled.
for (const script of SCRIPTS) time(script);
const samples = Object.fromEntries(SCRIPTS.map((s) => [s, []]));
const said = {};
for (let i = 0; i < RUNS; i++) {
  for (const script of SCRIPTS) {
    const { seconds, output } = time(script);
    samples[script].push(seconds);
    said[script] = output;
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const base = median(samples.noop);
console.log(`| npm run … (${RUNS} runs each, alternating) | median | min | max | × noop (median) | first line it printed |`);
console.log("| --- | --- | --- | --- | --- | --- |");
for (const script of SCRIPTS) {
  const values = samples[script];
  const row = [median(values), Math.min(...values), Math.max(...values)].map((v) => `${v.toFixed(3)} s`);
  console.log(`| ${script} | ${row.join(" | ")} | ${(median(values) / base).toFixed(2)} | ${said[script] || "(nothing)"} |`);
}
