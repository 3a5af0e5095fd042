// Generator benchmark (issue 2): cold catalogue, no-op run, and 10 → 100 → 1,000 synthetic
// specs, each side by side with hey-api (@hey-api/openapi-ts with its fetch client, sdk and
// zod plugins) on the same create specs. Every figure is a fresh process, timed from spawn to
// exit; peak memory is the child's maximum resident set (GNU time). Prints a Markdown table.
//
//   node bench/generator.mjs [--runs 5] [--sizes 10,100,1000]
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const RUNS = Number(option("runs", "5"));
const SIZES = option("sizes", "10,100,1000").split(",").map(Number);
const BIN = join(root, "build/generator/bin.js");
const work = mkdtempSync(join(tmpdir(), "lm-bench-"));
execFileSync(process.execPath, [join(root, "generator/build.mjs")]);

/** Runs a command under GNU time; returns seconds and peak KB. */
function measure(command, commandArgs, cwd = root) {
  const start = performance.now();
  const result = spawnSync("/usr/bin/time", ["-f", "%M", command, ...commandArgs], { cwd, encoding: "utf8" });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(" ")} failed:\n${result.stderr}`);
  const peakKb = Number(result.stderr.trim().split("\n").pop());
  return { seconds, peakMb: peakKb / 1024 };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function repeat(fn) {
  const runs = Array.from({ length: RUNS }, fn);
  return { seconds: median(runs.map((r) => r.seconds)), peakMb: Math.max(...runs.map((r) => r.peakMb)) };
}

/** A specs folder with `count` create specs made from the real ones (model ids renamed) plus the query specs. */
function syntheticSpecs(count) {
  const dir = join(work, `specs-${count}`);
  const real = ["video", "image"].flatMap((group) =>
    readdirSync(join(root, "specs", group))
      .filter((f) => !f.startsWith("_"))
      .map((f) => ({ group, text: readFileSync(join(root, "specs", group, f), "utf8") })),
  );
  for (const group of ["video", "image"]) {
    mkdirSync(join(dir, group), { recursive: true });
    cpSync(join(root, "specs", group, "_query.yaml"), join(dir, group, "_query.yaml"));
  }
  for (let i = 0; i < count; i++) {
    const { group, text } = real[i % real.length];
    const id = `synth-${String(i).padStart(4, "0")}`;
    const renamed = text
      .replace(/(\n {16}model:\n(?: {18}\S.*\n)*? {18}enum:\n {20}- ).*\n/, `$1${id}\n`)
      .replace(/^  title: .*$/m, `  title: ${id}`);
    writeFileSync(join(dir, group, `${id}.yaml`), renamed);
  }
  return dir;
}

/** The hey-api side: one process generating every create spec of a folder, as our generator does. */
const heyScript = join(work, "hey.mjs");
writeFileSync(
  heyScript,
  `import { readdirSync } from "node:fs";
import { join } from "node:path";
import { createClient } from ${JSON.stringify(join(root, "node_modules/@hey-api/openapi-ts/dist/index.mjs"))};
const [specs, out] = process.argv.slice(2);
const inputs = ["video", "image"].flatMap((g) => readdirSync(join(specs, g)).filter((f) => !f.startsWith("_")).map((f) => join(specs, g, f)));
await createClient(inputs.map((input, i) => ({ input, output: { path: join(out, String(i)) }, plugins: ["@hey-api/client-fetch", "@hey-api/sdk", "zod"], logs: { level: "silent" } })));
`,
);

const ours = (specs, out, extra = []) => measure(process.execPath, [BIN, "generate", "--specs", specs, "--out", out, ...extra]);
const hey = (specs, out) => measure(process.execPath, [heyScript, specs, out]);
const fresh = (name) => {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  return dir;
};

const rows = [];
const realSpecs = join(root, "specs");
const coldOurs = repeat(() => ours(realSpecs, fresh("out-cold")));
const coldHey = repeat(() => hey(realSpecs, fresh("hey-cold")));
rows.push(["cold catalogue (9 models)", coldOurs, coldHey]);
// The same with V8's code cache of the dependencies deleted first (a machine's very first run
// when `npm ci` ran without scripts).
const cacheDir = join(root, "node_modules/.cache/linkmodel-codegen");
const noCache = repeat(() => {
  rmSync(cacheDir, { recursive: true, force: true });
  return ours(realSpecs, fresh("out-cold"));
});
rows.push(["cold catalogue, no code cache", noCache, coldHey]);
ours(realSpecs, fresh("out-noop"));
rows.push(["no-op, catalogue", repeat(() => ours(realSpecs, join(work, "out-noop"))), null]);

const growth = [];
for (const size of SIZES) {
  const specs = syntheticSpecs(size);
  const cold = repeat(() => ours(specs, fresh(`out-${size}`)));
  const noop = repeat(() => ours(specs, join(work, `out-${size}`)));
  const heyCold = size <= 100 || process.env.BENCH_HEY_1000 !== "0" ? (RUNS > 1 && size >= 1000 ? hey(specs, fresh(`hey-${size}`)) : repeat(() => hey(specs, fresh(`hey-${size}`)))) : null;
  rows.push([`cold, ${size} synthetic specs`, cold, heyCold]);
  rows.push([`no-op, ${size} synthetic specs`, noop, null]);
  growth.push({ size, cold });
}

// Watch: time from saving an edited spec to its regenerated types on disk.
async function watchLatency() {
  const dir = join(work, "watch");
  cpSync(realSpecs, join(dir, "specs"), { recursive: true });
  const child = spawn(process.execPath, [BIN, "generate", "--watch"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  const until = async (ok) => {
    while (!ok()) await new Promise((r) => setTimeout(r, 5));
  };
  await until(() => out.includes("watching"));
  const spec = join(dir, "specs/video/sora-2.yaml");
  const types = join(dir, "generated/models/sora-2/src/types.ts");
  const original = readFileSync(spec, "utf8");
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const marker = `edit ${i}`;
    const start = performance.now();
    writeFileSync(spec, original.replace("prompt is required", `prompt is required (${marker})`));
    await until(() => readFileSync(types, "utf8").includes(marker));
    samples.push((performance.now() - start) / 1000);
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill("SIGTERM");
  return { seconds: median(samples), peakMb: 0 };
}
const watch = await watchLatency();

const fmt = (m) => (m ? `${m.seconds.toFixed(3)} s, ${m.peakMb.toFixed(0)} MB` : "-");
console.log(`| case | linkmodel-gen | hey-api sdk+zod | ratio |`);
console.log(`| --- | --- | --- | --- |`);
for (const [name, a, b] of rows) console.log(`| ${name} | ${fmt(a)} | ${fmt(b)} | ${b ? (a.seconds / b.seconds).toFixed(2) : "-"} |`);
console.log(`| watch: save → regenerated | ${watch.seconds.toFixed(3)} s | - | - |`);
if (growth.length > 1) {
  console.log("");
  console.log("| growth | time per spec | peak memory |");
  console.log("| --- | --- | --- |");
  for (const { size, cold } of growth) console.log(`| ${size} specs | ${((cold.seconds * 1000) / size).toFixed(2)} ms | ${cold.peakMb.toFixed(0)} MB |`);
}
console.log(`\nnode ${process.version}, ${RUNS} run(s) per figure (median time, max memory); machine: ${(await import("node:os")).cpus().length} cores`);
rmSync(work, { recursive: true, force: true });
