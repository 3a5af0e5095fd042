/**
 * The server-side proxy (`@linkmodel-sdk/runtime/proxy`, issue #17): it forwards a keyless
 * client's create and query of the allowed models to a loopback LinkModel with the key added,
 * refuses every other model, path, method and an oversized body before anything reaches
 * LinkModel, and no answer it gives holds the key, even when LinkModel echoes it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { binding as wan26, model as wan26Model } from "@linkmodel-sdk/wan2-6";
import { createModelClient } from "../../runtime/src/index.js";
import { createProxy } from "../../runtime/src/proxy.js";
import { binding, info, serve } from "./helpers.js";

const KEY = "sk-proxy-test-key-0123456789";
let upstream: Awaited<ReturnType<typeof serve>>;
/** What reached the loopback LinkModel. */
let seen: { method: string; url: string; authorization: string | undefined; body: string }[] = [];
/** Whether the loopback LinkModel echoes the key it got (in its body, a header and its status text). */
let echo = false;

beforeAll(async () => {
  upstream = await serve((req, res, body) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization, body });
    const auth = req.headers.authorization ?? "";
    const envelope = req.method === "POST"
      ? { code: 0, msg: echo ? `hello ${auth}` : "success", data: { task_id: "t-1", status: "processing", echoed: echo ? btoa(auth) : "" } }
      : { code: 0, msg: "success", data: { task_id: "t-1", status: "Success", file_url: "https://files.example/t-1.mp4" } };
    res.writeHead(200, { "content-type": "application/json", "set-cookie": "session=upstream", ...(echo && { "x-echo": auth }) });
    res.end(JSON.stringify(envelope));
  });
});
afterAll(() => upstream.close());
beforeEach(() => {
  seen = [];
  echo = false;
});

const proxy = (o: Partial<Parameters<typeof createProxy>[0]> = {}) =>
  createProxy({ apiKey: KEY, models: ["demo-video"], baseUrl: `${upstream.url}/api/v1`, ...o });
const PAGE = "http://app.example/api/linkmodel";
const post = (path: string, body: unknown) =>
  new Request(PAGE + path, { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });

/** Status and body of an answer, and every header, as one text to search for the key. */
async function read(r: Response): Promise<{ status: number; body: Record<string, unknown>; all: string }> {
  const text = await r.text();
  const headers = [...r.headers].map(([k, v]) => `${k}: ${v}`).join("\n");
  return { status: r.status, body: JSON.parse(text) as Record<string, unknown>, all: `${r.status} ${r.statusText}\n${headers}\n${text}` };
}

describe("createProxy", () => {
  test("an allowed model's create passes with the key added; a query of its group passes; a keyless client runs through it", async () => {
    const handler = proxy();
    // The page's keyless client, its fetch going to the proxy instead of a network.
    const client = createModelClient(binding(), { apiKey: null, baseUrl: PAGE, fetch: handler });
    const result = await client.run({ prompt: "p" });
    expect(result.urls).toEqual(["https://files.example/t-1.mp4"]);
    expect(seen.map((r) => [r.method, r.url, r.authorization])).toEqual([
      ["POST", "/api/v1/video-generation", `Bearer ${KEY}`],
      ["GET", "/api/v1/query/video-generation?task_id=t-1", `Bearer ${KEY}`],
    ]);
    expect(JSON.parse(seen[0]!.body)).toEqual({ prompt: "p", model: "demo-video" });
  });

  test("bindings from a model package are accepted, and their model's group decides the endpoint", async () => {
    const handler = proxy({ models: [wan26] });
    expect((await handler(post("/video-generation", { model: "wan2.6", prompt: "p" }))).status).toBe(200);
    expect((await handler(post("/image-generation", { model: "wan2.6", prompt: "p" }))).status).toBe(404);
    expect(wan26Model.group).toBe("video");
    expect(seen).toHaveLength(1);
  });

  test("another model is refused with 403 and a JSON error naming the allowed ones; nothing reaches LinkModel", async () => {
    const r = await read(await proxy()(post("/video-generation", { model: "sora-2", prompt: "p" })));
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ code: 403, msg: 'linkmodel proxy: model "sora-2" is not allowed at /video-generation (allowed: demo-video)', data: null });
    expect((await proxy({ models: [info("video", "demo-video")] })(post("/video-generation", { prompt: "no model" }))).status).toBe(403);
    expect(seen).toEqual([]);
  });

  test("another path is refused with 404, another method with 405 (with Allow), a query without task_id with 400", async () => {
    const handler = proxy();
    const notFound = await read(await handler(new Request(`${PAGE}/account/balance`)));
    expect(notFound.status).toBe(404);
    expect(notFound.body["msg"]).toBe("linkmodel proxy: /api/linkmodel/account/balance is not a LinkModel create or query endpoint of an allowed model");
    const put = await handler(new Request(`${PAGE}/video-generation`, { method: "PUT", body: "{}" }));
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("POST");
    const postQuery = await handler(post("/query/video-generation", { task_id: "t" }));
    expect(postQuery.status).toBe(405);
    expect(postQuery.headers.get("allow")).toBe("GET");
    expect((await handler(new Request(`${PAGE}/video-generation`))).status).toBe(405);
    expect((await handler(new Request(`${PAGE}/query/video-generation`))).status).toBe(400);
    expect((await handler(post("/video-generation", "not json"))).status).toBe(400);
    expect(seen).toEqual([]);
  });

  test("a body over maxBodyBytes is refused with 413, also without a Content-Length", async () => {
    const handler = proxy({ maxBodyBytes: 100 });
    const big = { model: "demo-video", prompt: "x".repeat(200) };
    const r = await read(await handler(post("/video-generation", big)));
    expect(r.status).toBe(413);
    expect(r.body["msg"]).toBe("linkmodel proxy: request body larger than 100 bytes (maxBodyBytes)");
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(JSON.stringify(big)));
        c.close();
      },
    });
    const chunked = new Request(`${PAGE}/video-generation`, { method: "POST", body: stream, duplex: "half" } as RequestInit);
    expect((await handler(chunked)).status).toBe(413);
    expect(seen).toEqual([]);
  });

  test("the key appears in no answer, even when LinkModel echoes it in its body (plain and base64) and a header", async () => {
    echo = true;
    const r = await read(await proxy()(post("/video-generation", { model: "demo-video", prompt: "p" })));
    expect(r.status).toBe(200);
    expect(seen[0]!.authorization).toBe(`Bearer ${KEY}`);
    expect(r.all).not.toContain(KEY);
    expect(r.all).not.toContain(btoa(`Bearer ${KEY}`).slice(12, 40));
    expect(r.body["msg"]).toBe("hello Bearer ***");
    // No header of LinkModel's reaches the page: not its echo, not its cookie.
    expect(r.all).not.toMatch(/x-echo|set-cookie/i);
  });

  test("a browser's own Authorization or cookie is not forwarded: only the proxy's key reaches LinkModel", async () => {
    const r = post("/video-generation", { model: "demo-video", prompt: "p" });
    r.headers.set("authorization", "Bearer someone-elses");
    r.headers.set("cookie", "session=page");
    await proxy()(r);
    expect(seen.map((s) => s.authorization)).toEqual([`Bearer ${KEY}`]);
  });

  test("LinkModel out of reach is a 502 that names its host, not the key", async () => {
    const r = await read(await proxy({ baseUrl: "http://127.0.0.1:9/api/v1", fetch: () => Promise.reject(new TypeError("fetch failed")) })(post("/video-generation", { model: "demo-video", prompt: "p" })));
    expect(r.status).toBe(502);
    expect(r.body["msg"]).toBe("linkmodel proxy: LinkModel (127.0.0.1:9) could not be reached");
  });

  test("bad options are refused when the proxy is made", () => {
    expect(() => createProxy({ apiKey: "", models: ["x"] })).toThrow(/no API key/);
    expect(() => createProxy({ apiKey: KEY, models: [] })).toThrow(/models is empty/);
    expect(() => createProxy({ apiKey: KEY, models: ["x"], maxBodyBytes: 0 })).toThrow(RangeError);
  });
});
