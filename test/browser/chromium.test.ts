/**
 * The client in a real browser (issue #17): Debian's Chromium, driven by playwright-core, loads a
 * page that bundles @linkmodel-sdk/wan2-6 from its source entry (esbuild, platform browser). A
 * loopback server serves the page and mounts the runtime's proxy (`createProxy`) at
 * `/api/linkmodel/`, in front of a loopback mock of the API; the page's client is keyless
 * (`apiKey: null`, same origin). In the page: a task runs to success, a bad body is refused
 * before any request with the validator's message (a misspelled field too, with the fields listed
 * and no did-you-mean: the page's build has none), typed errors are recognised with
 * `instanceof` (a key refused in a page; the proxy's 403 for a model it does not allow), and an
 * abort stops a wait. The README's own browser example runs there too.
 *
 * Chromium must be at /usr/bin/chromium (`.ci/run` installs it): when it is missing this test
 * fails saying so; it never skips.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { binding } from "@linkmodel-sdk/wan2-6";
import { createProxy } from "../../runtime/src/proxy.js";
import { startMockApi, type MockApi } from "../helpers/mock-api.js";
import { ROOT } from "../helpers/workspace.js";
import { serve } from "../runtime/helpers.js";
import { typescriptBlocks } from "../docs/helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const KEY = "sk-browser-test-key-9f3e";

let api: MockApi;
let site: Awaited<ReturnType<typeof serve>>;
let context: BrowserContext;
let page: Page;
let profile: string;
const consoleErrors: string[] = [];

/** The page's script: scenarios the test calls by name, each returning plain JSON. */
const PAGE_SCRIPT = `
import { AuthenticationError, InvalidRequestError, LinkModelError, createClient } from "@linkmodel-sdk/wan2-6";

const fast = { phases: [{ fromMs: 0, intervalMs: 20 }], deadlineMs: 20000 };
const client = createClient({ baseUrl: "/api/linkmodel", apiKey: null });
const failure = (e) => ({ name: e?.name, message: e?.message, linkModelError: e instanceof LinkModelError });

window.scenarios = {
  async success() {
    const result = await client.run({ prompt: "A red panda on a bicycle" }, { schedule: fast });
    return { urls: result.urls, taskId: result.handle.taskId };
  },
  async badBody() {
    try {
      await client.run({ prompt: 42 });
      return { resolved: true };
    } catch (e) {
      return { ...failure(e), invalid: e instanceof InvalidRequestError, createOutcome: e.createOutcome };
    }
  },
  async typo() {
    try {
      await client.run({ prompt: "a cat", durration: 5 });
      return { resolved: true };
    } catch (e) {
      return { ...failure(e), invalid: e instanceof InvalidRequestError, createOutcome: e.createOutcome };
    }
  },
  keyInPage() {
    try {
      createClient({ apiKey: "sk-in-a-page" });
      return { created: true };
    } catch (e) {
      return { ...failure(e), authentication: e instanceof AuthenticationError };
    }
  },
  async notAllowed() {
    try {
      await createClient({ baseUrl: "/api/restricted", apiKey: null }).create({ prompt: "p" });
      return { resolved: true };
    } catch (e) {
      return { ...failure(e), authentication: e instanceof AuthenticationError, status: e.status };
    }
  },
  async abort() {
    const ac = new AbortController();
    const slow = { phases: [{ fromMs: 0, intervalMs: null }, { fromMs: 600000, intervalMs: 1000 }], deadlineMs: 900000 };
    let taskId;
    try {
      await client.run({ prompt: "p" }, { signal: ac.signal, schedule: slow, onCreated: (h) => { taskId = h.taskId; setTimeout(() => ac.abort(new Error("stopped by the page")), 50); } });
      return { resolved: true };
    } catch (e) {
      return { message: e?.message, taskId };
    }
  },
};
window.ready = true;
`;

/** The README's "From a browser" example for wan2.6, as a page script of its own. */
function readmeBrowserExample(): string {
  const readme = readFileSync(join(ROOT, "generated/models/wan2-6/README.md"), "utf8");
  const block = typescriptBlocks(readme).find((b) => b.code.includes('apiKey: null'));
  if (!block) throw new Error("wan2.6's README has no browser example (apiKey: null)");
  return block.code;
}

async function bundle(contents: string): Promise<string> {
  const r = await build({
    stdin: { contents, resolveDir: ROOT, sourcefile: "page.ts", loader: "ts" },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["linkmodel-source"],
    write: false,
    logLevel: "silent",
  });
  return r.outputFiles[0]!.text;
}

/** A Node request as the web `Request` the proxy takes. */
function webRequest(req: IncomingMessage, body: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  const method = req.method ?? "GET";
  return new Request(`http://${req.headers.host}${req.url}`, { method, headers, body: method === "GET" || method === "HEAD" ? null : body });
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is missing at ${CHROMIUM}: install it with \`apt-get update && apt-get install -y chromium\` (.ci/run does) to run the browser test`);
  api = await startMockApi(KEY);
  const app = await bundle(PAGE_SCRIPT);
  const readmeApp = await bundle(readmeBrowserExample());
  const proxy = createProxy({ apiKey: KEY, models: [binding], baseUrl: api.baseUrl });
  const restricted = createProxy({ apiKey: KEY, models: ["sora-2"], baseUrl: api.baseUrl });
  site = await serve((req, res, body) => {
    const path = (req.url ?? "/").replace(/\?.*/, "");
    const send = (type: string, text: string): void => {
      res.writeHead(200, { "content-type": type });
      res.end(text);
    };
    if (path === "/") return send("text/html", '<!doctype html><link rel="icon" href="data:,"><title>t</title><script type="module" src="/app.js"></script>');
    if (path === "/readme.html") return send("text/html", '<!doctype html><link rel="icon" href="data:,"><title>r</title><script type="module" src="/readme.js"></script>');
    if (path === "/app.js") return send("text/javascript", app);
    if (path === "/readme.js") return send("text/javascript", readmeApp);
    const handler = path.startsWith("/api/linkmodel/") ? proxy : path.startsWith("/api/restricted/") ? restricted : undefined;
    if (!handler) {
      res.writeHead(404);
      return res.end();
    }
    void handler(webRequest(req, body)).then(async (r) => {
      res.writeHead(r.status, Object.fromEntries(r.headers));
      res.end(await r.text());
    });
  });
  profile = mkdtempSync(join(tmpdir(), "lm-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (e) => consoleErrors.push(e.message));
  page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
  await page.goto(`${site.url}/`);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
}, 120_000);

afterAll(async () => {
  await context?.close();
  await site?.close();
  await api?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Runs a scenario of the page script in the browser. */
const scenario = (name: string): Promise<Record<string, unknown>> =>
  page.evaluate((n) => (window as unknown as { scenarios: Record<string, () => Promise<Record<string, unknown>>> }).scenarios[n]!(), name);

describe("wan2.6 in Chromium, keyless behind the proxy", () => {
  test("Chromium is installed at /usr/bin/chromium (.ci/run installs it; this test never skips)", () => {
    expect(existsSync(CHROMIUM), `install it: apt-get update && apt-get install -y chromium`).toBe(true);
  });

  test("a task runs to success; the key is added by the proxy, never by the page", async () => {
    const before = api.requests.length;
    const r = await scenario("success");
    expect(r).toEqual({ urls: [`https://files.example/${String(r["taskId"])}.mp4`], taskId: expect.stringMatching(/^task-video-/) });
    const sent = api.requests.slice(before);
    expect(sent.map((s) => [s.method, s.path])).toEqual([
      ["POST", "/api/v1/video-generation"],
      ["GET", "/api/v1/query/video-generation"],
      ["GET", "/api/v1/query/video-generation"],
    ]);
    expect(sent.every((s) => s.authorization === `Bearer ${KEY}`)).toBe(true);
  });

  test("a bad body is refused in the page with the validator's message, before any request", async () => {
    const before = api.requests.length;
    const r = await scenario("badBody");
    expect(r).toMatchObject({ name: "InvalidRequestError", invalid: true, linkModelError: true, createOutcome: "not_created" });
    expect(r["message"]).toMatch(/^invalid wan2\.6 request: \/prompt: /);
    expect(api.requests.length).toBe(before);
  });

  test("a misspelled field is refused in the page before any request, its message listing the fields (a page's build makes no did-you-mean guess)", async () => {
    const before = api.requests.length;
    const r = await scenario("typo");
    expect(r).toMatchObject({ name: "InvalidRequestError", invalid: true, createOutcome: "not_created" });
    expect(r["message"]).toMatch(/^invalid wan2\.6 request: \/durration: durration is not a field of wan2\.6 .*; its fields are prompt, first_frame_image, resolution, audio_url, duration, model; no task was created$/);
    expect(api.requests.length).toBe(before);
  });

  test("typed errors are recognised with instanceof: a key refused in a page, the proxy's 403 for a model it does not allow", async () => {
    const key = await scenario("keyInPage");
    expect(key).toMatchObject({ name: "AuthenticationError", authentication: true, linkModelError: true });
    expect(key["message"]).toMatch(/readable by every visitor/);
    const before = api.requests.length;
    const refused = await scenario("notAllowed");
    expect(refused).toMatchObject({ name: "AuthenticationError", authentication: true, linkModelError: true, status: 403 });
    expect(refused["message"]).toMatch(/linkmodel proxy: model "wan2\.6" is not allowed at \/video-generation \(allowed: sora-2\)/);
    expect(api.requests.length).toBe(before);
  });

  test("an abort stops waiting: the run rejects with the page's reason and the task is never polled", async () => {
    const before = api.requests.length;
    // The slow schedule's first poll would come 600 s after creation: only the abort can end this run in time.
    const r = await scenario("abort");
    expect(r).toEqual({ message: "stopped by the page", taskId: expect.stringMatching(/^task-video-/) });
    expect(api.requests.slice(before).map((s) => [s.method, s.path])).toEqual([["POST", "/api/v1/video-generation"]]);
  });

  test("the README's browser example runs in the page: no `process` ReferenceError, its create reaches LinkModel through the proxy", async () => {
    const before = api.requests.length;
    const readme = await context.newPage();
    const errors: string[] = [];
    readme.on("pageerror", (e) => errors.push(e.message));
    await readme.goto(`${site.url}/readme.html`);
    await expect.poll(() => api.requests.length, { timeout: 20_000 }).toBeGreaterThan(before);
    expect(api.requests[before]).toMatchObject({ method: "POST", path: "/api/v1/video-generation", authorization: `Bearer ${KEY}` });
    expect((api.requests[before]!.body as { model?: string }).model).toBe("wan2.6");
    expect(errors).toEqual([]);
    await readme.close();
    expect(consoleErrors.filter((e) => !/status of 403/.test(e))).toEqual([]);
  });
});
