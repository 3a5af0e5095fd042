/**
 * Bundle-size guard: what a browser app bundles (esbuild, minified, gzip -9) when it uses one
 * model package for create, validate and wait. A growth guard: the figures are where the
 * bundles stand now (bench/size.mjs prints them beside openapi-fetch and hey-api), so they may
 * only go down (or grow with a measured reason in bench/README.md: the 3 µs per create that a
 * cached ISO timestamp saves cost 73 B; the defects fixed in session 4 cost 374 B; issue #20's
 * bounds and key redaction in every encoding cost 902 B of the runtime alone, of which
 * session 7's folds won back 6 B; issue #16's recognition of errors across two installed
 * copies of the runtime, `instanceof` by mark and kind, costs 101 B; issue #18's injectable
 * clock, which lets a test run a task on its real schedule in no real time, 51 B; issue #17's
 * keyless mode, browser-key refusal, hosts in errors, LINKMODEL_BASE_URL and bare task ids
 * 284 B, keyless mode itself 26 B); issue #19's runtime for readers, measured against the
 * same code before it (8,060 B): the video/image result rules as one table that the client reads
 * results by (+42 B over a reader written per group), the envelope as a module whose
 * `classifyFailure` returns one decision per row (+24 B over the nested ternary), the rest of
 * the restructuring (validation.ts split by job -4 B, the client's refusals decided once, a
 * handle built in one place, the refusal to send as a function of its own) +49 B, less the folds
 * found (-19 B): in all +92 B / +101 B; then the browser build (the runtime's package.json
 * `browser` field: a page's bundle reads no process environment and carries no Node fetch codes,
 * client-environment.browser.ts) -119 B / -116 B, and stamps handles without the ISO-time cache
 * that pays only under a server's load (-56 B / -55 B); a cross-origin answer's length not
 * trusted (its Content-Encoding is hidden from a page) +14 B / +15 B: 7,972 B / 5,488 B; JSON-pointer
 * tokens escaped and unescaped by json-pointer.ts, their one home (issue 19), +14 B / 0 B: 7,986 B / 5,488 B; the client's options as
 * the transport's plus its own (one declaration of each), -5 B: 7,981 B; typo protection's
 * did-you-mean left out of the browser build (suggestions.browser.ts: a page's unknown key or enum
 * value is refused alike, its message lists what is allowed instead of guessing) and an unknown
 * key's message listing the declared fields where there is no guess, -204 B: 7,777 B, within
 * issue #17's size acceptance (at most 7,802 B: 7,776 B before it plus keyless mode's 26 B); then
 * the client's speed work of session 8 (a handle's time read back without Date.parse, the wait's
 * result built field by field: -6 µs a run), -6 B on its own, +2 B on top of the above: 7,779 B / 5,487 B); the
 * target for a real package, validators included, is at most 7 kB, not reached: bench/README.md,
 * session 7, says what the bytes over it are.
 */
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { expect, test } from "vitest";

/** min+gzip bytes of an entry, and the source files that put bytes into it (tree-shaking done). */
const bundle = async (contents: string): Promise<{ bytes: number; inputs: string[] }> => {
  const r = await build({
    stdin: { contents, resolveDir: new URL(".", import.meta.url).pathname, sourcefile: "entry.ts", loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    conditions: ["linkmodel-source"],
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  const used = Object.entries(Object.values(r.metafile.outputs)[0]!.inputs).filter(([, i]) => i.bytesInOutput > 0);
  return { bytes: gzipSync(r.outputFiles[0]!.contents, { level: 9 }).length, inputs: used.map(([file]) => file) };
};

test("the runtime alone (stub validators): within its guard, without openapi-fetch, the catalogue or the Node-only download", async () => {
  const { bytes, inputs } = await bundle(`
    import { createClient } from "./fixtures/size-entry.js";
    export async function generate(apiKey: string) {
      const client = createClient({ apiKey });
      return client.wait(await client.create({ prompt: "p" }));
    }`);
  console.log(`runtime, stub validators: ${bytes} B min+gzip`);
  expect(bytes).toBeLessThanOrEqual(5487);
  expect(inputs.filter((f) => /openapi-fetch|catalogue\.ts|node\.ts|proxy\.ts/.test(f))).toEqual([]);
});

test("@linkmodel-sdk/wan2-6 for create, validate and wait: within its guard", async () => {
  const { bytes, inputs } = await bundle(`
    import { createClient, validateRequest } from "@linkmodel-sdk/wan2-6";
    export async function generate(apiKey: string, body: unknown) {
      const v = validateRequest(body);
      if (!v.ok) return v.issues;
      const client = createClient({ apiKey });
      return client.wait(await client.create(v.value));
    }`);
  console.log(`@linkmodel-sdk/wan2-6, create + validate + wait: ${bytes} B min+gzip`);
  expect(bytes).toBeLessThanOrEqual(7779);
  expect(inputs.filter((f) => /openapi-fetch|catalogue\.ts|node\.ts|proxy\.ts|did-you-mean\.ts/.test(f))).toEqual([]);
});
