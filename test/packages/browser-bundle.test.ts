/**
 * Browsers (issue 6): a model package and the catalogue, bundled for the browser from their
 * compiled `dist/` exactly as a user's bundler sees them, pull in no Node built-in. The
 * download helper sits behind `@linkmodel-sdk/runtime/node`, and bundling that does pull
 * Node built-ins in, which shows the check can fail.
 */
import { isBuiltin } from "node:module";
import { build, type Plugin } from "esbuild";
import { expect, test } from "vitest";
import { ROOT } from "../helpers/workspace.js";

/** Bundles `source` for a browser; returns the Node built-ins it asked for and the files it bundled. */
async function bundleForBrowser(source: string): Promise<{ builtins: string[]; inputs: string[] }> {
  const builtins: string[] = [];
  const recordBuiltins: Plugin = {
    name: "record-node-builtins",
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (!isBuiltin(args.path)) return undefined;
        builtins.push(args.path);
        return { path: args.path, external: true };
      });
    },
  };
  const result = await build({
    stdin: { contents: source, resolveDir: ROOT, loader: "ts" },
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: [recordBuiltins],
  });
  return { builtins, inputs: Object.keys(result.metafile.inputs) };
}

test("a model package (create, validate, wait) needs no Node built-in, and is bundled from dist/", async () => {
  const { builtins, inputs } = await bundleForBrowser(`
    import { createClient, validateRequest } from "@linkmodel-sdk/wan2-6";
    const client = createClient({ apiKey: "k" });
    if (validateRequest({ prompt: "p" }).ok) await client.wait(await client.create({ prompt: "p" }));
  `);
  expect(builtins).toEqual([]);
  expect(inputs.some((f) => f.includes("generated/models/wan2-6/dist/"))).toBe(true);
  expect(inputs.some((f) => f.includes("/src/"))).toBe(false);
});

test("the catalogue client needs no Node built-in", async () => {
  const { builtins, inputs } = await bundleForBrowser(`
    import { createLinkModel } from "@linkmodel-sdk/catalogue";
    await createLinkModel({ apiKey: "k" }).image.run({ model: "seedream-4.0", prompt: "p" });
  `);
  expect(builtins).toEqual([]);
  expect(inputs.some((f) => f.includes("generated/catalogue/dist/"))).toBe(true);
});

test("the Node-only download entry does use Node built-ins (so the check above can fail)", async () => {
  const { builtins } = await bundleForBrowser(`import { download } from "@linkmodel-sdk/runtime/node"; console.log(download);`);
  expect(builtins).toEqual(expect.arrayContaining(["node:fs"]));
});
