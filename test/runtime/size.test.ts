/**
 * Bundle-size guard: a model package's browser bundle (runtime + openapi-fetch, stub
 * validators) minified and gzipped. The budget for a real package, validators included, is
 * 6 kB; this guard holds the runtime to where it is now so that it can only shrink.
 */
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { expect, test } from "vitest";

const bundle = async (external: string[]): Promise<number> => {
  const r = await build({
    entryPoints: [new URL("./fixtures/size-entry.ts", import.meta.url).pathname],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    external,
    logLevel: "silent",
  });
  return gzipSync(r.outputFiles[0]!.contents, { level: 9 }).length;
};

test("runtime + openapi-fetch stay within the guard; the Node-only download is not bundled", async () => {
  const all = await bundle([]);
  const runtime = await bundle(["openapi-fetch"]);
  console.log(`browser bundle min+gzip: ${all} B total, ${runtime} B runtime without openapi-fetch`);
  expect(all).toBeLessThanOrEqual(6150);
  expect(runtime).toBeLessThanOrEqual(3800);
});
