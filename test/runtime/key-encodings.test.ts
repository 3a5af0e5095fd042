/**
 * Issue #20, item 5: a server that echoes the API key URL-encoded, in base64 (also of
 * `Bearer <key>`, at any byte offset), hex, or in another letter case, or as a JSON property
 * name, got it verbatim into error messages, stacks, `JSON.stringify(err)`, handles, log lines
 * and `raw`; the typed transport's `error` was not redacted at all. Against a loopback server
 * echoing every form everywhere (`echoingApi`), none of them may come out of the runtime.
 */
import { inspect } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createModelClient, createTypedTransport, type TaskHandle } from "../../runtime/src/index.js";
import { ECHO_KEY, binding, echoingApi, info, keyEchoes, leakedEchoes } from "./helpers.js";

let api: Awaited<ReturnType<typeof echoingApi>>;
beforeAll(async () => void (api = await echoingApi(ECHO_KEY)));
afterAll(() => api.close());

/** Everything an error shows: message, stack, own fields, cause. */
const shown = (e: unknown): string => [String(e), (e as Error).stack, JSON.stringify(e), inspect(e, { showHidden: true, depth: 10 })].join("\n");

test("the leak check itself finds every echoed form in the echoing server's answers", async () => {
  const r = await fetch(`${api.url}/query/video-generation?task_id=ok-1`);
  const everything = `${r.statusText}\n${r.headers.get("x-echo")}\n${await r.text()}`;
  // (JSON escapes are undone by parsing; their literal key is among the forms.)
  expect(leakedEchoes(everything, ECHO_KEY)).toEqual(Object.keys(keyEchoes(ECHO_KEY)).filter((n) => !n.startsWith("JSON")));
});

test("a key echoed URL-encoded, base64 (of Bearer too, any offset), hex, upper-case or as a property name reaches no error, handle, log line or raw field", async () => {
  const lines: string[] = [];
  const c = createModelClient(binding(info("video", "demo-video", api.url + "/api/v1")), {
    apiKey: ECHO_KEY,
    maxRetries: 2,
    retryBaseMs: 1,
    logger: { debug: (l) => lines.push(l) },
  });
  const errors: unknown[] = [];
  const seen: unknown[] = [];
  const settle = <T>(p: Promise<T>): Promise<void> => p.then((v) => void seen.push(v), (e: unknown) => void errors.push(e));
  await settle(c.create({ prompt: "refused" }));
  await settle(c.create({ prompt: "billing" }));
  const handles: TaskHandle[] = [];
  await settle(c.run({ prompt: "ok" }, { onCreated: (h) => handles.push(h), onProgress: (p) => seen.push(p) }));
  await settle(c.run({ prompt: "fail" }));
  await settle(c.run({ prompt: "down" }));
  await settle(c.get(handles[0]!));
  expect(errors.map((e) => (e as Error).name)).toEqual(["AuthenticationError", "ServerError", "TaskFailedError", "ServerError"]);
  expect(handles).toHaveLength(1);
  // The server did echo: what it echoed is blanked, not dropped.
  expect((errors[0] as Error).message).toMatch(/invalid api key \*\*\*/);
  expect(handles[0]!.taskId).toMatch(/^ok-\*\*\*/);
  const result = seen.find((v) => typeof v === "object" && v !== null && "raw" in v && (v as { status?: string }).status === "Success") as { raw: { data: Record<string, unknown> }; urls: string[] };
  expect(result.urls[0]).toMatch(/^https:\/\/cdn\.example\.com\/\*\*\*/);
  expect(Object.keys(result.raw.data)).toContain("***");

  const everything = [...errors.map(shown), JSON.stringify(handles), JSON.stringify(seen), inspect(seen, { depth: 10 }), ...lines].join("\n");
  expect(leakedEchoes(everything, ECHO_KEY)).toEqual([]);
  expect(lines.length).toBeGreaterThan(5);
});

test("the typed transport's data, error, status text and headers hold no echoed form of the key", async () => {
  const typed = createTypedTransport<{
    "/query/video-generation": { get: { parameters: { query: { task_id: string } }; responses: { 200: { content: { "application/json": unknown } }; 500: { content: { "application/json": unknown } } } } };
    "/video-generation": { post: { requestBody: { content: { "application/json": unknown } }; responses: { 200: { content: { "application/json": unknown } }; 401: { content: { "application/json": unknown } } } } };
  }>(info("video", "demo-video", api.url), { apiKey: ECHO_KEY });
  const down = await typed.GET("/query/video-generation", { params: { query: { task_id: "down-1" } } });
  const refused = await typed.POST("/video-generation", { body: { prompt: "refused" } });
  const done = await typed.GET("/query/video-generation", { params: { query: { task_id: "fail-1" } } });
  expect(down.response.status).toBe(500);
  expect(refused.response.status).toBe(401);
  expect(JSON.stringify(down.error)).toContain("down ***");
  expect(Object.keys((done.data as { data: object }).data)).toContain("***");
  const everything = [down, refused, done]
    .map((r) => [JSON.stringify(r.data), JSON.stringify(r.error), r.response.statusText, JSON.stringify([...r.response.headers])].join("\n"))
    .join("\n");
  expect(leakedEchoes(everything, ECHO_KEY)).toEqual([]);
});
