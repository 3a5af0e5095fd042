#!/usr/bin/env node
/**
 * Browser bundle size, min+gzip, side by side: (a) one model package, @linkmodel-sdk/wan2-6,
 * used for create, validate and wait; (a') the same runtime with stub validators (what the
 * runtime alone costs; test/runtime/fixtures/size-entry.ts);
 * (b) bare openapi-fetch (`createClient` and one POST); (c) hey-api's fetch client + sdk + zod
 * output for the same spec (@hey-api/openapi-ts 0.95, generated here into a temp folder), one
 * create call with zod validation of the request and response. hey-api has no polling: its
 * figure covers create only.
 *
 * Every bundle: esbuild, platform browser, ESM, minified, tree-shaken; gzip level 9.
 * Run: node bench/size.mjs [--why]      (--why lists the bytes each source file puts into (a),
 *                                       and what (a) weighs with its long string literals emptied)
 * Writes only to a temp folder, removed at the end.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, transform } from "esbuild";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const tmp = mkdtempSync(join(tmpdir(), "size-bench-"));

async function size(contents, resolveDir, minify = true) {
  const r = await build({
    nodePaths: [join(ROOT, "node_modules")],
    stdin: { contents, resolveDir, sourcefile: "entry.ts", loader: "ts" },
    bundle: true, minify, format: "esm", platform: "browser", write: false, metafile: true,
    conditions: ["linkmodel-source"], logLevel: "silent",
  });
  const out = r.outputFiles[0].contents;
  const inputs = Object.entries(Object.values(r.metafile.outputs)[0].inputs).map(([file, i]) => [file, i.bytesInOutput]);
  return { min: out.length, gzip: gzipSync(out, { level: 9 }).length, inputs, text: r.outputFiles[0].text };
}

/**
 * What the words cost: (a) with the text of every string and template literal of 12 or more
 * characters emptied (messages, hints, log lines; property keys and `${…}` kept), then minified as above.
 * A bound on what shorter wording could save, not a bundle anyone should ship.
 */
async function withoutWords(contents) {
  const { default: ts } = await import("typescript");
  const text = (await size(contents, ROOT, false)).text;
  const file = ts.createSourceFile("bundle.js", text, ts.ScriptTarget.Latest, true);
  const spans = [];
  const visit = (node) => {
    const long = typeof node.text === "string" && node.text.length >= 12;
    if (long && ts.isStringLiteral(node) && !ts.isPropertyAssignment(node.parent)) spans.push([node.getStart(), node.end, '""']);
    else if (long && ts.isNoSubstitutionTemplateLiteral(node)) spans.push([node.getStart(), node.end, "``"]);
    else if (long && (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node))) {
      const raw = node.getText(); // the text between its delimiters: `…${, }…${ or }…`
      spans.push([node.getStart(), node.end, raw[0] + (raw.endsWith("${") ? "${" : "`")]);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  let out = text;
  for (const [start, end, empty] of spans.reverse()) out = out.slice(0, start) + empty + out.slice(end);
  const { code } = await transform(out, { minify: true, format: "esm", loader: "js" });
  return { strings: spans.length, gzip: gzipSync(code, { level: 9 }).length };
}

const OURS = `
import { createClient, validateRequest } from "@linkmodel-sdk/wan2-6";
export async function generate(apiKey: string, body: unknown) {
  const v = validateRequest(body);
  if (!v.ok) return v.issues;
  const client = createClient({ apiKey });
  return client.wait(await client.create(v.value));
}`;
const STUB = `
import { createClient } from "./test/runtime/fixtures/size-entry.ts";
export async function generate(apiKey: string) {
  const client = createClient({ apiKey });
  return client.wait(await client.create({ prompt: "p" }));
}`;
const OPENAPI_FETCH = `
import createClient from "openapi-fetch";
export const generate = (apiKey: string, body: unknown) =>
  createClient<any>({ baseUrl: "https://api.linkmodel.ai/api/v1" }).POST("/video-generation", { body, headers: { Authorization: "Bearer " + apiKey } });`;

async function heyApi() {
  const dir = join(tmp, "hey");
  const { createClient } = await import(join(ROOT, "node_modules/@hey-api/openapi-ts/dist/index.mjs"));
  await createClient({
    input: join(ROOT, "specs/video/wan2-6.yaml"),
    output: { path: dir },
    plugins: ["@hey-api/client-fetch", { name: "@hey-api/sdk", validator: true }, "zod"],
    logs: { level: "silent" },
  });
  writeFileSync(join(dir, "package.json"), "{}");
  return size(
    `
import { client } from "./client.gen";
import { wan26 } from "./sdk.gen";
export async function generate(apiKey: string, body: any) {
  client.setConfig({ baseUrl: "https://api.linkmodel.ai/api/v1", auth: apiKey });
  return wan26({ body, throwOnError: true });
}`,
    dir,
  );
}

try {
  const rows = [
    ["(a) @linkmodel-sdk/wan2-6: create + validate + wait", await size(OURS, ROOT)],
    ["(a') the runtime alone: the same with stub validators", await size(STUB, ROOT)],
    ["(b) bare openapi-fetch: createClient + POST", await size(OPENAPI_FETCH, ROOT)],
    ["(c) hey-api fetch client + sdk + zod: create only", await heyApi()],
  ];
  console.log("| bundle | min | min+gzip |");
  console.log("| --- | --- | --- |");
  for (const [name, s] of rows) console.log(`| ${name} | ${s.min.toLocaleString("en")} B | ${s.gzip.toLocaleString("en")} B |`);
  if (process.argv.includes("--why")) {
    console.log("\n(a) bytes in the minified output, by source file:");
    for (const [file, bytes] of rows[0][1].inputs.sort((x, y) => y[1] - x[1])) console.log(`${String(bytes).padStart(7)}  ${relative(ROOT, file)}`);
    const bare = await withoutWords(OURS);
    console.log(`\n(a) with its ${bare.strings} string and template texts of 12+ characters emptied: ${bare.gzip.toLocaleString("en")} B min+gzip (the words cost ${(rows[0][1].gzip - bare.gzip).toLocaleString("en")} B)`);
  }
  console.log(`\nesbuild, platform browser, ESM, minify; gzip -9; node ${process.version}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
