// Package build benchmark (issue 6): `npm run build` on the catalogue, cold (every dist/ and
// build stamp removed, so all packages compile) and with nothing changed (the no-op a build
// pipeline pays on every run). Each figure is the whole `npm run build` command, timed from
// spawn to exit, so npm's own start-up is included. Prints a Markdown table.
//
//   node bench/build.mjs [--runs 5]
import { spawnSync } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const runsAt = process.argv.indexOf("--runs");
const RUNS = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 5;
const generated = join(root, "generated");
const packages = ["runtime", "catalogue", ...readdirSync(join(generated, "models")).map((m) => `models/${m}`)];

function npmBuild() {
  const start = performance.now();
  const result = spawnSync("npm", ["run", "build", "--silent"], { cwd: root, encoding: "utf8" });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
  return { seconds, output: result.stdout.trim().split("\n").at(-1) };
}

function clean() {
  for (const p of packages) {
    rmSync(join(generated, p, "dist"), { recursive: true, force: true });
    rmSync(join(generated, p, ".linkmodel-build.tsbuildinfo"), { force: true });
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const cold = [];
const noop = [];
let coldOutput = "";
let noopOutput = "";
for (let i = 0; i < RUNS; i++) {
  clean();
  const c = npmBuild();
  cold.push(c.seconds);
  coldOutput = c.output;
  const n = npmBuild();
  noop.push(n.seconds);
  noopOutput = n.output;
}
const fmt = (values) => `median ${median(values).toFixed(3)} s (min ${Math.min(...values).toFixed(3)}, max ${Math.max(...values).toFixed(3)})`;
console.log(`| case (${packages.length} packages, ${RUNS} runs) | npm run build | last line it printed |`);
console.log("| --- | --- | --- |");
console.log(`| cold: every package compiled | ${fmt(cold)} | ${coldOutput} |`);
console.log(`| nothing changed | ${fmt(noop)} | ${noopOutput} |`);
