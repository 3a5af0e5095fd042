#!/usr/bin/env node
/**
 * Validator throughput, side by side in one run: our generated validators, ajv (compiled, with
 * ajv-formats) and zod 4 schemas produced by hey-api's zod plugin (@hey-api/openapi-ts 0.95.0,
 * run here into a temp folder). Three models, valid and invalid bodies. Then the size of the
 * validators in a browser bundle (esbuild, minified, gzip level 9).
 *
 * Run: node bench/validators.bench.mjs            (ITERATIONS=200000, ROUNDS=5 by default)
 * Takes the specs in specs/ and the packages in generated/; prints two tables; writes only to a
 * temp folder, removed at the end.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { buildSync } from "esbuild";
import { parse } from "yaml";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const ITERATIONS = Number(process.env.ITERATIONS ?? 200_000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const tmp = mkdtempSync(join(tmpdir(), "validators-bench-"));

async function importTs(entry, name, stdin) {
  const outfile = join(tmp, `${name}.mjs`);
  buildSync({
    ...(stdin ? { stdin: { contents: stdin, loader: "ts", resolveDir: ROOT, sourcefile: `${name}.ts` } } : { entryPoints: [entry] }),
    bundle: true, format: "esm", platform: "node", outfile, logLevel: "silent", nodePaths: [join(ROOT, "node_modules")],
    alias: { "@linkmodel-sdk/runtime/validators": join(ROOT, "runtime", "src", "validators.ts") },
    external: ["yaml"],
  });
  return import(pathToFileURL(outfile).href);
}

/** OpenAPI 3.0 → ajv (the specs here need only annotations removed; nullable/boolean exclusives handled anyway). */
function toAjv(schema) {
  if (typeof schema !== "object" || schema === null) return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (["description", "example", "default", "title", "nullable"].includes(k)) continue;
    if (k === "properties") out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, toAjv(s)]));
    else if (k === "items" || k === "additionalProperties") out[k] = toAjv(v);
    else out[k] = v;
  }
  if (schema.nullable === true && typeof schema.type === "string") out.type = [schema.type, "null"];
  return out;
}

const MODELS = [
  {
    file: "video/wan2-6.yaml",
    valid: [
      { model: "wan2.6", prompt: "A red panda riding a bicycle through Tokyo at night", duration: 10, resolution: "1080P", first_frame_image: "https://cdn.example.com/frames/first.png", audio_url: "https://cdn.example.com/audio/track.mp3" },
      { prompt: "A quiet lake at dawn", first_frame_image: "https://images.example.org/lake.jpg?size=large" },
    ],
    invalid: [
      { model: "wan2.6", prompt: "A red panda", duration: 7, first_frame_image: "https://cdn.example.com/frames/first.png" },
      { model: "wan2.6", prompt: "A red panda", first_frame_image: "not a url" },
    ],
    // What makes each invalid body valid, for the split below.
    fixes: [{ duration: 10 }, { first_frame_image: "https://a.example.com/x.png" }],
  },
  {
    file: "video/kling-v3.yaml",
    valid: [
      { model: "kling-v3", prompt: "Cinematic drone shot over mountains", resolution: "1080P", duration: 8, size: "16x9", first_frame_image: "https://cdn.example.com/a.png", last_frame_image: "https://cdn.example.com/b.png", "extends.cfg_scale": 0.5, "extends.audio": true },
      { model: "kling-v3", prompt: "A cat", resolution: "720P" },
    ],
    invalid: [
      { model: "kling-v3", prompt: "A cat", resolution: "720P", "extends.cfg_scale": 2 },
      { model: "kling-v3", prompt: "", resolution: "4K", first_frame_image: "https://cdn.example.com/a.png" },
    ],
    fixes: [{ "extends.cfg_scale": 1 }, { prompt: "x", resolution: "720P" }],
  },
  {
    file: "image/gemini-3-pro-image-preview.yaml",
    valid: [
      { model: "gemini-3-pro-image-preview", prompt: "A watercolor fox", size: "16x9", quality: "2K", images: ["https://cdn.example.com/1.png", "https://cdn.example.com/2.png", "https://cdn.example.com/3.png"] },
      { model: "gemini-3-pro-image-preview", prompt: "A watercolor fox" },
    ],
    invalid: [
      { model: "gemini-3-pro-image-preview", prompt: "A watercolor fox", images: ["https://cdn.example.com/1.png", "ftp:/broken"] },
      { model: "gemini-3-pro-image-preview", prompt: "A watercolor fox", quality: "8K" },
    ],
    fixes: [{ images: ["https://cdn.example.com/1.png", "ftp://a.example.com/b"] }, { quality: "2K" }],
  },
];

/**
 * Calls per second of `fn` over `bodies` (cycled). The loop is compiled afresh for every cell
 * (new Function), so that one validator's type feedback cannot slow another's; best of ROUNDS
 * rounds (the machine is shared, so the best round is the one least disturbed).
 */
function measure(fn, bodies) {
  const loop = new Function(
    "fn", "bodies", "n",
    "let s = 0; for (let i = 0; i < n; i++) { const r = fn(bodies[i % bodies.length]); if (r === true || r.ok === true || r.success === true) s++; } return s;",
  );
  loop(fn, bodies, 20_000); // warm-up
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    loop(fn, bodies, ITERATIONS);
    best = Math.min(best, Number(process.hrtime.bigint() - start));
  }
  return { opsPerSec: (ITERATIONS / best) * 1e9 };
}

/** Nanoseconds per call of `fn` on one body (best of ROUNDS). */
const nsPerCall = (fn, body) => 1e9 / measure(fn, [body]).opsPerSec;

try {
  const { emitValidatorModule } = await importTs(join(ROOT, "generator", "validators", "index.ts"), "emit");
  const rows = [];
  const split = [];
  let zodNote = "hey-api zod plugin output";
  for (const [n, model] of MODELS.entries()) {
    const spec = parse(readFileSync(join(ROOT, "specs", model.file), "utf8"));
    const group = model.file.split("/")[0];
    const schema = spec.paths[`/${group}-generation`].post.requestBody.content["application/json"].schema;
    const source = emitValidatorModule({
      modelId: spec.info.title, runtimeImport: "@linkmodel-sdk/runtime/validators", typesImport: "./types.js",
      request: { schema, typeName: "Req" }, createResponse: { schema: { type: "object" }, typeName: "Res" }, queryResponse: { schema: { type: "object" }, typeName: "Q" },
    });
    const ours = await importTs(null, `validate${n}`, source);
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    const ajvValidate = ajv.compile(toAjv(schema));
    // ajv collecting every error, as validateRequest does (ours always reports every issue).
    const ajvAllInstance = new Ajv({ strict: false, allErrors: true });
    addFormats(ajvAllInstance);
    const ajvAll = ajvAllInstance.compile(toAjv(schema));

    let zodSchema;
    try {
      const out = join(tmp, `zod${n}`);
      execFileSync(join(ROOT, "node_modules", ".bin", "openapi-ts"), ["-i", join(ROOT, "specs", model.file), "-o", out, "-p", "zod"], { stdio: "ignore", cwd: tmp });
      const zodModule = await importTs(join(out, "zod.gen.ts"), `zodgen${n}`);
      zodSchema = Object.entries(zodModule).find(([name]) => name.endsWith("Body"))[1];
    } catch (error) {
      zodNote = `hey-api failed (${error.message.split("\n")[0]}); zod column empty`;
    }

    for (const [kind, bodies] of [["valid", model.valid], ["invalid", model.invalid]]) {
      for (const b of bodies) {
        const want = kind === "valid";
        if (ours.validateRequest(b).ok !== want || ajvValidate(b) !== want) throw new Error(`bench body verdict differs: ${JSON.stringify(b)}`);
      }
      const row = { model: spec.info.title, bodies: kind };
      row["ours validateRequest"] = measure(ours.validateRequest, bodies).opsPerSec;
      row["ours isRequest"] = measure(ours.isRequest, bodies).opsPerSec;
      row["ajv (compiled)"] = measure(ajvValidate, bodies).opsPerSec;
      row["ajv allErrors"] = measure(ajvAll, bodies).opsPerSec;
      if (zodSchema) row["zod (hey-api)"] = measure((b) => zodSchema.safeParse(b), bodies).opsPerSec;
      rows.push(row);
    }
    // Where an invalid body's time goes: isRequest stops where ajv stops; the same body with its
    // issues fixed is checked to the end with nothing to report; validateRequest does both.
    for (const [i, body] of model.invalid.entries()) {
      const fixed = { ...body, ...model.fixes[i] };
      if (!ajvValidate(fixed) || !ours.validateRequest(fixed).ok) throw new Error(`bench fix does not fix: ${JSON.stringify(fixed)}`);
      const all = nsPerCall(ours.validateRequest, body);
      const first = nsPerCall(ours.isRequest, body);
      const checked = nsPerCall(ours.validateRequest, fixed);
      split.push({
        model: spec.info.title, issues: ours.validateRequest(body).issues.map((issue) => issue.keyword).join(" "),
        "ajv (stops at 1st)": nsPerCall(ajvValidate, body),
        "ours isRequest (stops at 1st)": first, "ours, fixed body (checks all)": checked, "ours validateRequest": all,
        "checking past the 1st": checked - first, "building issues": all - checked,
      });
    }
  }
  const fmt = (v) => (typeof v === "number" ? `${(v / 1e6).toFixed(2)} M/s` : v);
  console.log(`validator throughput, ${ITERATIONS} calls per cell, best of ${ROUNDS}, node ${process.version}; zod: ${zodNote}`);
  console.log("(ours and ajv check format: url; hey-api's zod output drops format: url, so zod checks less)");
  console.table(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, fmt(v)]))));
  const behind = (ours, theirs) => rows.filter((r) => r[ours] < r[theirs]).map((r) => `${r.model}/${r.bodies} (${fmt(r[ours])} < ${fmt(r[theirs])})`);
  for (const [ours, theirs, note] of [
    ["ours validateRequest", "ajv (compiled)", "every issue with its message, against ajv's default (stops at the first error): the issue's target"],
    ["ours isRequest", "ajv (compiled)", "yes/no, both stop at the first problem"],
    ["ours validateRequest", "ajv allErrors", "every issue, against ajv collecting every error"],
  ]) {
    const slower = behind(ours, theirs);
    console.log(`${ours} vs ${theirs} (${note}): ${slower.length === 0 ? "ours >= ajv in every row" : `ours < ajv in ${slower.join(", ")}`}`);
  }

  console.log("invalid bodies one at a time, ns per call (the last two columns are differences of the three before them):");
  console.table(split.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "number" ? Number(v.toFixed(1)) : v]))));

  // Size: what a model's validators add to a browser bundle.
  const gz = (contents, extra = {}) => {
    const r = buildSync({
      stdin: { contents, loader: "ts", resolveDir: ROOT, sourcefile: "entry.ts" },
      bundle: true, minify: true, format: "esm", platform: "browser", write: false, logLevel: "silent",
      conditions: ["linkmodel-source"], external: ["openapi-fetch"], ...extra,
    });
    const code = r.outputFiles[0].contents;
    return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
  };
  const stub = gz('export { createClient } from "./test/runtime/fixtures/size-entry.ts";');
  const sizes = [];
  for (const model of MODELS) {
    const spec = parse(readFileSync(join(ROOT, "specs", model.file), "utf8"));
    const folder = model.file.split("/")[1].replace(/\.yaml$/, "");
    // The validate module alone with the runtime helpers it imports (every export kept).
    const alone = gz(`export * from "./generated/models/${folder}/src/validate.ts";`, { alias: { "@linkmodel-sdk/runtime/validators": join(ROOT, "runtime", "src", "validators.ts") } });
    // The whole package's client, less the same client with stub validators (test/runtime/fixtures/size-entry.ts).
    const whole = gz(`export { createClient } from "@linkmodel-sdk/${folder}";`);
    sizes.push({ model: spec.info.title, "validate + helpers, min": alone.min, "gzip": alone.gzip, "createClient bundle, gzip": whole.gzip, "stub validators, gzip": stub.gzip, "validators add, gzip": whole.gzip - stub.gzip });
  }
  console.log("browser bundle size (esbuild minify, esm, openapi-fetch external, gzip -9), bytes:");
  console.table(sizes);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
