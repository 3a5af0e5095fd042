/**
 * The runtime's browser build: its package.json `browser` field maps `client-environment.ts` to
 * `client-environment.browser.ts`, so that a bundle built for a browser reads no process
 * environment and takes no Node fetch code as proof that a request never left (a page has
 * neither), and stamps handles without the once-a-second cache (the same text), while every
 * other build (Node, and a bundle for Node) keeps all three; and `suggestions.ts` to
 * `suggestions.browser.ts`, so that typo protection in a page refuses the same keys and values
 * without the did-you-mean guess. Each build runs here in Node, under the same environment
 * variable, the same refused connection and the same body, so that the difference is the
 * build's alone.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build, type Platform } from "esbuild";
import { afterAll, describe, expect, test } from "vitest";
import * as everyBuild from "../../runtime/src/client-environment.js";
import * as browserBuild from "../../runtime/src/client-environment.browser.js";
import { ROOT } from "../helpers/workspace.js";

const KEY = "sk-from-the-environment-7c1d";
const folder = mkdtempSync(join(tmpdir(), "browser-build-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** What a client of `@linkmodel-sdk/wan2-6` built for `platform` does with a key in the environment and a refused connection. */
const ENTRY = `
import { createClient } from "@linkmodel-sdk/wan2-6";
const refused = async () => { throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } }); };
export async function outcome() {
  try {
    await createClient({ fetch: refused }).create({ prompt: "p" });
    return { resolved: true };
  } catch (error) {
    return { kind: error.kind, message: error.message, createOutcome: error.createOutcome };
  }
}`;

async function bundle(platform: Platform, entry = ENTRY): Promise<{ text: string; outcome: () => Promise<Record<string, unknown>> }> {
  const result = await build({
    stdin: { contents: entry, resolveDir: ROOT, sourcefile: "entry.js", loader: "js" },
    bundle: true,
    platform,
    format: "esm",
    conditions: ["linkmodel-source"],
    write: false,
    logLevel: "silent",
  });
  const text = result.outputFiles[0]!.text;
  const file = join(folder, `${platform}-${entry === ENTRY ? "client" : "validator"}.mjs`);
  writeFileSync(file, text);
  const module = (await import(pathToFileURL(file).href)) as { outcome: () => Promise<Record<string, unknown>> };
  return { text, outcome: module.outcome };
}

describe("a client built for a browser reads no process environment and no Node fetch code", () => {
  test("built for Node: the key comes from LINKMODEL_API_KEY, and a refused connection created no task", async () => {
    process.env["LINKMODEL_API_KEY"] = KEY;
    try {
      const { outcome } = await bundle("node");
      expect(await outcome()).toMatchObject({ kind: "ConnectionError", createOutcome: "not_created" });
    } finally {
      delete process.env["LINKMODEL_API_KEY"];
    }
  });

  test("built for a browser: the same environment gives no key, and the bundle holds neither the variables nor the codes", async () => {
    process.env["LINKMODEL_API_KEY"] = KEY;
    try {
      const { text, outcome } = await bundle("browser");
      expect(await outcome()).toMatchObject({ kind: "AuthenticationError", createOutcome: "not_created" });
      expect(text).not.toMatch(/LINKMODEL_BASE_URL|ENOTFOUND|EAI_AGAIN/);
    } finally {
      delete process.env["LINKMODEL_API_KEY"];
    }
  });

  test("built for a browser: a refused connection is no proof that the request never left (a page cannot tell)", async () => {
    expect(everyBuild.neverSent("ECONNREFUSED")).toBe(true);
    expect(browserBuild.neverSent("ECONNREFUSED")).toBe(false);
    process.env["LINKMODEL_API_KEY"] = KEY;
    try {
      expect(everyBuild.keyFromEnvironment()).toBe(KEY);
      expect(browserBuild.keyFromEnvironment()).toBeUndefined();
    } finally {
      delete process.env["LINKMODEL_API_KEY"];
    }
  });
});

test("both builds stamp a handle alike: the browser build's uncached timestamp is the cached one's", () => {
  for (const ms of [0, 1, 999, 1_000, 951_782_400_123, 1_764_785_744_001, 1_764_785_744_999]) expect(browserBuild.isoTime(ms)).toBe(everyBuild.isoTime(ms));
});

test("both builds read a time alike: the cached reading of the last stamp is Date.parse's, and so is every other text", () => {
  const stamp = everyBuild.isoTime(1_764_785_744_123);
  for (const text of [stamp, "2026-12-03T18:15:44.124Z", "Wed, 03 Dec 2026 18:15:45 GMT", "", "yesterday", stamp.slice(0, -1)]) {
    expect(everyBuild.parseTime(text)).toBe(Date.parse(text));
    expect(browserBuild.parseTime(text)).toBe(Date.parse(text));
  }
});

/** What `validateRequest` of `@linkmodel-sdk/wan2-6` says, under typo protection, of a misspelled key and an enum value in the wrong case. */
const VALIDATOR_ENTRY = `
import { validateRequest } from "@linkmodel-sdk/wan2-6";
export async function outcome() {
  return validateRequest({ prompt: "p", durration: 5, resolution: "1080p" }, { typoProtection: true });
}`;

describe("typo protection built for a browser refuses the same keys and values, without a did-you-mean", () => {
  test("built for Node: each issue carries its suggestion", async () => {
    const { outcome } = await bundle("node", VALIDATOR_ENTRY);
    expect(await outcome()).toEqual({
      ok: false,
      issues: [
        expect.objectContaining({ path: "/resolution", message: 'resolution must be one of "1080P", "720P"; got "1080p"; did you mean "1080P"?', suggestion: "1080P" }),
        expect.objectContaining({ path: "/durration", message: expect.stringMatching(/^durration is not a field of wan2\.6 .*; did you mean duration\?$/), suggestion: "duration" }),
      ],
    });
  });

  test("built for a browser: the same two issues, each saying what is allowed, and no edit distance in the bundle", async () => {
    const { text, outcome } = await bundle("browser", VALIDATOR_ENTRY);
    const result = (await outcome()) as { ok: boolean; issues: Record<string, unknown>[] };
    expect(result.ok).toBe(false);
    expect(result.issues.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: "/resolution", message: 'resolution must be one of "1080P", "720P"; got "1080p"' },
      {
        path: "/durration",
        message: expect.stringMatching(/^durration is not a field of wan2\.6 .*; its fields are prompt, first_frame_image, resolution, audio_url, duration, model$/),
      },
    ]);
    for (const found of result.issues) expect(found).not.toHaveProperty("suggestion");
    expect(text).not.toContain("editDistance");
  });
});

/** Each module of the runtime that has a browser build (`x.browser.ts` beside `x.ts`). */
const browserBuilds = readdirSync(join(ROOT, "runtime/src"))
  .filter((name) => name.endsWith(".browser.ts"))
  .map((name) => name.slice(0, -".browser.ts".length));

test("the runtime's browser builds: the client's environment and typo protection's suggestions", () => {
  expect(browserBuilds.sort()).toEqual(["client-environment", "suggestions"]);
});

test.each(browserBuilds)("%s: both builds export the same names, and every package.json of the runtime maps the browser build", async (name) => {
  const load = (file: string): Promise<object> => import(/* @vite-ignore */ pathToFileURL(join(ROOT, "runtime/src", file)).href);
  const [every, browser] = await Promise.all([load(`${name}.ts`), load(`${name}.browser.ts`)]);
  expect(Object.keys(browser).sort()).toEqual(Object.keys(every).sort());
  for (const folderOfPackage of ["runtime", "generated/runtime"]) {
    const mapping = (JSON.parse(readFileSync(join(ROOT, folderOfPackage, "package.json"), "utf8")) as { browser: Record<string, string> }).browser;
    expect(mapping[`./src/${name}.js`]).toBe(`./src/${name}.browser.ts`);
    expect(existsSync(join(ROOT, folderOfPackage, `src/${name}.browser.ts`))).toBe(true);
  }
  const published = (JSON.parse(readFileSync(join(ROOT, "generated/runtime/package.json"), "utf8")) as { browser: Record<string, string> }).browser;
  expect(published[`./dist/${name}.js`]).toBe(`./dist/${name}.browser.js`);
});
