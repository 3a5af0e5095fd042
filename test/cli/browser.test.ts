/**
 * The command line is Node only: a browser bundle of the catalogue's main entry holds none of
 * it (nothing of the `cli` package), while the bin's bundle does; neither loads yargs (the
 * command line parses its own arguments).
 */
import { join } from "node:path";
import { build } from "esbuild";
import { expect, test } from "vitest";
import { ROOT } from "../helpers/workspace.js";

async function inputsOf(entry: string, platform: "browser" | "node"): Promise<string[]> {
  const r = await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    write: false,
    platform,
    format: "esm",
    conditions: ["linkmodel-source"],
    metafile: true,
    logLevel: "silent",
  });
  return Object.keys(r.metafile.inputs);
}

test("the catalogue's main entry bundles for a browser without the command line", async () => {
  const browser = await inputsOf("generated/catalogue/src/index.ts", "browser");
  expect(browser.some((p) => p.includes("runtime/src/index.ts"))).toBe(true);
  expect(browser.filter((p) => /(?:^|\/)cli\//.test(p))).toEqual([]);
  const bin = await inputsOf("generated/cli/src/bin.ts", "node");
  expect(bin.some((p) => p.includes("generated/cli/src/index.ts"))).toBe(true);
  expect(bin.some((p) => p.includes("generated/cli/src/names.ts"))).toBe(true);
  expect([...browser, ...bin].filter((p) => p.includes("node_modules/yargs"))).toEqual([]);
});
