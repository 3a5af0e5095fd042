/**
 * Unit tests of the runtime with an injected fetch: envelope, error classes, create
 * validation and outcome, GET retries, handles, schedules, abort.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, test, vi } from "vitest";
import {
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  InsufficientBalanceError,
  InvalidRequestError,
  LinkModelError,
  RateLimitedError,
  RequestTimeoutError,
  ServerError,
  UnexpectedResponseError,
  createCatalogueClient,
  createModelClient,
  nextPollDelay,
  parseHandle,
  type ClientOptions,
} from "../../runtime/src/index.js";
import { isoTime } from "../../runtime/src/client-environment.js";
import { readHandle } from "../../runtime/src/handle.js";
import { TINY, binding, info, json, serve } from "./helpers.js";

const KEY = "sk-unit-test-key";
const created = { code: 0, data: { task_id: "t-1", order_id: "o-1", status: "processing", price: 0.3 }, msg: "success", request_id: "r-1" };

/** A client whose fetch answers from `answer` and records requests. */
function client(answer: (req: Request, n: number) => Response | Promise<Response>, o: Partial<ClientOptions> = {}) {
  const calls: Request[] = [];
  const fetch = vi.fn(async (req: Request) => {
    calls.push(req);
    return answer(req, calls.length);
  });
  const c = createModelClient(binding(), { apiKey: KEY, fetch, retryBaseMs: 1, ...o });
  return { c, calls };
}

describe("create", () => {
  test("sends the model id, the bearer key, JSON; returns a plain JSON handle", async () => {
    const { c, calls } = client(() => json(created));
    const h = await c.create({ prompt: "a cat" });
    expect(h).toMatchObject({ taskId: "t-1", model: "demo-video", group: "video", orderId: "o-1", price: 0.3, requestId: "r-1" });
    expect(JSON.parse(JSON.stringify(h))).toEqual(h);
    expect(calls).toHaveLength(1);
    const req = calls[0]!;
    expect(req.method).toBe("POST");
    expect(req.url).toBe("http://127.0.0.1:9/api/v1/video-generation");
    expect(req.headers.get("authorization")).toBe(`Bearer ${KEY}`);
    expect(await req.json()).toEqual({ prompt: "a cat", model: "demo-video" });
  });

  test("invalid body: InvalidRequestError with issues and no request; typo protection switchable", async () => {
    const { c, calls } = client(() => json(created));
    const e = await c.create({ prompt: "x", durration: 5 } as never).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InvalidRequestError);
    expect((e as InvalidRequestError).issues?.[0]).toMatchObject({ path: "/durration", suggestion: "duration" });
    expect((e as InvalidRequestError).createOutcome).toBe("not_created");
    expect(calls).toHaveLength(0);
    await expect(c.create({ prompt: "x", durration: 5 } as never, { typoProtection: false })).resolves.toMatchObject({ taskId: "t-1" });
    const off = client(() => json(created), { typoProtection: false });
    await expect(off.c.create({ prompt: "x", durration: 5 } as never)).resolves.toMatchObject({ taskId: "t-1" });
  });

  test("a different model id is refused before sending", async () => {
    const { c, calls } = client(() => json(created));
    const e = await c.create({ prompt: "x", model: "other" as never }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InvalidRequestError);
    expect(e).toMatchObject({ createOutcome: "not_created", issues: [{ path: "/model", keyword: "const", message: "must be demo-video" }] });
    expect(calls).toHaveLength(0);
  });

  test("no API key: AuthenticationError, not created, no request", async () => {
    const saved = process.env["LINKMODEL_API_KEY"];
    delete process.env["LINKMODEL_API_KEY"];
    try {
      const calls: Request[] = [];
      const c = createModelClient(binding(), { fetch: async (r) => (calls.push(r), json(created)) });
      const e = await c.create({ prompt: "x" }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(AuthenticationError);
      expect((e as LinkModelError).message).toMatch(/LINKMODEL_API_KEY/);
      expect(calls).toHaveLength(0);
      process.env["LINKMODEL_API_KEY"] = "from-env";
      await createModelClient(binding(), { fetch: async (r) => (calls.push(r), json(created)) }).create({ prompt: "x" });
      expect(calls[0]!.headers.get("authorization")).toBe("Bearer from-env");
    } finally {
      if (saved === undefined) delete process.env["LINKMODEL_API_KEY"];
      else process.env["LINKMODEL_API_KEY"] = saved;
    }
  });

  // given an answer to the create → want an error class and a create outcome
  test.each([
    { name: "HTTP 400", res: () => json({ code: 400, msg: "prompt is required", request_id: "r" }, 400), want: BadRequestError, outcome: "not_created" },
    { name: "HTTP 401", res: () => json({ code: 401, data: {}, msg: "invalid api key" }, 401), want: AuthenticationError, outcome: "not_created" },
    { name: "HTTP 200 code 401", res: () => json({ code: 401, msg: "invalid api key" }), want: AuthenticationError, outcome: "not_created" },
    { name: "HTTP 429", res: () => json({ code: 429, msg: "slow down" }, 429, { "retry-after": "2" }), want: RateLimitedError, outcome: "not_created" },
    {
      name: "HTTP 500 insufficient balance",
      res: () => json({ code: 500, msg: "create task failed: billing: code=100601: insufficient balance" }, 500),
      want: InsufficientBalanceError,
      outcome: "not_created",
    },
    { name: "HTTP 200 code 500 balance", res: () => json({ code: 500, msg: "insufficient balance" }), want: InsufficientBalanceError, outcome: "not_created" },
    { name: "HTTP 502 HTML", res: () => new Response("<html>bad gateway</html>", { status: 502 }), want: ServerError, outcome: "unknown" },
    { name: "HTTP 200 code 500", res: () => json({ code: 500, msg: "create task failed" }), want: ServerError, outcome: "unknown" },
    { name: "HTTP 200 not JSON", res: () => new Response("{oops", { status: 200 }), want: UnexpectedResponseError, outcome: "unknown" },
    { name: "HTTP 200 empty body", res: () => new Response("", { status: 200 }), want: UnexpectedResponseError, outcome: "unknown" },
    { name: "HTTP 200 no code", res: () => json({ data: { task_id: "x" } }), want: UnexpectedResponseError, outcome: "unknown" },
    { name: "HTTP 200 code 0 no task_id", res: () => json({ code: 0, data: {} }), want: UnexpectedResponseError, outcome: "unknown" },
    { name: "network error", res: () => Promise.reject(new TypeError("fetch failed")), want: ConnectionError, outcome: "unknown" },
    {
      name: "connection reset",
      res: () => Promise.reject(Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNRESET" } })),
      want: ConnectionError,
      outcome: "unknown",
    },
    {
      name: "connection refused",
      res: () => Promise.reject(Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } })),
      want: ConnectionError,
      outcome: "not_created",
    },
    {
      name: "host not found",
      res: () => Promise.reject(Object.assign(new TypeError("fetch failed"), { cause: { code: "ENOTFOUND" } })),
      want: ConnectionError,
      outcome: "not_created",
    },
  ])("$name → $want.name ($outcome), sent once", async ({ res, want, outcome }) => {
    const { c, calls } = client(() => res());
    const e = await c.create({ prompt: "x" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(want);
    expect(e).toBeInstanceOf(LinkModelError);
    expect((e as LinkModelError).kind).toBe(want.name);
    expect((e as LinkModelError).name).toBe(want.name);
    expect((e as LinkModelError).createOutcome).toBe(outcome);
    expect((e as Error).message).toMatch(outcome === "unknown" ? /may have been created and billed/ : /no task was created/);
    expect(calls).toHaveLength(1);
  });

  test("a create answer off the spec but with a task id: the error carries the task, which exists", async () => {
    const calls: Request[] = [];
    const strict = {
      ...binding(),
      validateCreateResponse: () => ({ ok: false as const, issues: [{ path: "/data/price", keyword: "type", params: {}, message: 'data.price must be a number; got "0.3"' }] }),
    };
    const c = createModelClient(strict, { apiKey: KEY, fetch: async (r) => (calls.push(r), json({ ...created, data: { ...created.data, price: "0.3" } })) });
    const e = (await c.create({ prompt: "x" }).catch((x: unknown) => x)) as UnexpectedResponseError;
    expect(e).toBeInstanceOf(UnexpectedResponseError);
    expect(e).toMatchObject({ taskId: "t-1", orderId: "o-1", requestId: "r-1", createOutcome: "unknown" });
    expect(e.message).toMatch(/data\.price must be a number.*task t-1 was created/);
    expect(calls).toHaveLength(1);
  });

  test.each([
    { name: "a key with a typographic quote", o: { apiKey: "“sk-abc”" }, want: AuthenticationError, text: /no HTTP header can carry/ },
    { name: "a key with a line break inside", o: { apiKey: "sk-abc\nsk-def" }, want: AuthenticationError, text: /no HTTP header can carry/ },
    { name: "a base URL without a scheme", o: { baseUrl: "api.linkmodel.ai/api/v1" }, want: InvalidRequestError, text: /baseUrl must be an http\(s\) URL without user or password, or a path/ },
    { name: "an empty base URL", o: { baseUrl: "" }, want: InvalidRequestError, text: /baseUrl must be/ },
    { name: "a base URL with a password", o: { baseUrl: "https://me:sk-abc-pw@api.example.com/v1" }, want: InvalidRequestError, text: /baseUrl must be/ },
  ])("$name: $want.name before sending, not created, the key not in the message", async ({ o, want, text }) => {
    const { c, calls } = client(() => json(created), o);
    const e = (await c.create({ prompt: "x" }).catch((x: unknown) => x)) as LinkModelError;
    expect(e).toBeInstanceOf(want);
    expect(e.message).toMatch(text);
    expect(e.message).toMatch(/no task was created/);
    expect(e.createOutcome).toBe("not_created");
    expect(e.message).not.toContain("sk-abc");
    expect(e.message).not.toContain("api.");
    expect(calls).toHaveLength(0);
  });

  test("a refused connection (real, on loopback) is a ConnectionError after which no task exists", async () => {
    // A port that was just listening and is closed now: nothing accepts there.
    const gone = await serve(() => {});
    await gone.close();
    const c = createModelClient(binding(info("video", "demo-video", `${gone.url}/api/v1`)), { apiKey: KEY });
    const e = (await c.create({ prompt: "x" }).catch((x: unknown) => x)) as ConnectionError;
    expect(e).toBeInstanceOf(ConnectionError);
    expect(e.message).toMatch(/ECONNREFUSED; no task was created/);
    expect(e.createOutcome).toBe("not_created");
  });

  test("a key the server echoes JSON-escaped (\\/ for /) is blanked once parsed", async () => {
    const key = "sk-abc/def+ghi";
    const escaped = (req: Request) => `{"code":401,"msg":"invalid api key ${req.headers.get("authorization")!.replace(/\//g, "\\/")}","request_id":"r"}`;
    const { c } = client((req) => new Response(escaped(req), { status: 401 }), { apiKey: key });
    const e = (await c.create({ prompt: "x" }).catch((x: unknown) => x)) as AuthenticationError;
    expect(e).toBeInstanceOf(AuthenticationError);
    expect(e.message).toContain("invalid api key Bearer ***");
    expect(JSON.stringify(e)).not.toContain(key);
  });

  test("a path base URL where fetch cannot read it (Node): nothing was sent, so no task was created", async () => {
    const c = createModelClient(binding(info("video", "demo-video", "/linkmodel")), { apiKey: KEY });
    const e = (await c.create({ prompt: "x" }).catch((x: unknown) => x)) as ConnectionError;
    expect(e).toBeInstanceOf(ConnectionError);
    expect(e.createOutcome).toBe("not_created");
  });

  test("a key with surrounding whitespace (read from a file) is sent trimmed and redacted as sent", async () => {
    const { c, calls } = client((req) => json({ code: 401, msg: `invalid api key: ${req.headers.get("authorization")}` }, 401), { apiKey: `${KEY}\r\n` });
    const e = (await c.create({ prompt: "x" }).catch((x: unknown) => x)) as AuthenticationError;
    expect(calls[0]!.headers.get("authorization")).toBe(`Bearer ${KEY}`);
    expect(e).toBeInstanceOf(AuthenticationError);
    expect(e.message).toMatch(/invalid api key: Bearer \*\*\*/);
    expect(e.message).not.toContain(KEY);
  });

  test("HTTP 200 without a code names the HTTP status, not a code 0", async () => {
    const { c } = client(() => json({ data: { task_id: "x" } }));
    await expect(c.create({ prompt: "x" })).rejects.toThrow(/^POST http:\/\/127\.0\.0\.1:9\/api\/v1\/video-generation: no code \(200\); unexpected response/);
  });

  test("request id, status and code are carried", async () => {
    const { c } = client(() => json({ code: 400, msg: "bad ratio", request_id: "req-9" }, 400));
    const e = (await c.create({ prompt: "x" }).catch((x: unknown) => x)) as BadRequestError;
    expect(e).toMatchObject({ requestId: "req-9", status: 400, code: 400 });
    expect(e.message).toMatch(/bad ratio/);
    expect(e.message).toMatch(/req-9/);
  });

  test("timeout on create: RequestTimeoutError, outcome unknown, no retry", async () => {
    const { c, calls } = client(
      (req) =>
        new Promise<Response>((_, reject) => req.signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")))),
      { timeoutMs: 20 },
    );
    const e = await c.create({ prompt: "x" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RequestTimeoutError);
    expect((e as LinkModelError).createOutcome).toBe("unknown");
    expect(calls).toHaveLength(1);
  });

  test("a custom fetch that ignores its signal still times out", async () => {
    const { c } = client(() => new Promise<Response>(() => {}), { timeoutMs: 20 });
    const e = await c.create({ prompt: "x" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RequestTimeoutError);
    expect(e).toMatchObject({ createOutcome: "unknown" });
  });
  test("a custom fetch that never settles times out in a process with nothing else to keep it alive", async () => {
    // In vitest the runner keeps the event loop busy; a script of its own shows whether the
    // timeout's timer does (an unref'd one let node exit with the call unsettled, code 13).
    const dir = mkdtempSync(join(tmpdir(), "lm-timeout-"));
    try {
      const script = join(dir, "main.mjs");
      await build({
        stdin: {
          contents: `import { createModelClient } from "./runtime/src/index.ts";
            import { binding } from "./test/runtime/helpers.ts";
            const c = createModelClient(binding(), { apiKey: "k", timeoutMs: 100, maxRetries: 0, fetch: () => new Promise(() => {}) });
            c.get("t").then(() => console.log("resolved"), (e) => console.log(e.kind));`,
          resolveDir: fileURLToPath(new URL("../..", import.meta.url)),
          loader: "ts",
        },
        bundle: true, platform: "node", format: "esm", outfile: script, logLevel: "silent", external: ["node:*"],
      });
      const r = spawnSync(process.execPath, [script], { encoding: "utf8", timeout: 10_000 });
      expect({ status: r.status, out: r.stdout.trim() }).toEqual({ status: 0, out: "RequestTimeoutError" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("abort rejects with the signal's reason", async () => {
    const { c } = client(
      (req) => new Promise<Response>((_, reject) => req.signal.addEventListener("abort", () => reject(new Error("x")))),
    );
    const ac = new AbortController();
    const p = c.create({ prompt: "x" }, { signal: ac.signal });
    ac.abort(new Error("stop"));
    await expect(p).rejects.toThrow("stop");
    await expect(c.create({ prompt: "x" }, { signal: ac.signal })).rejects.toThrow("stop");
  });
});

describe("get", () => {
  test("accepts message instead of msg; reads status, file_url, msg", async () => {
    const { c, calls } = client(() =>
      json({ code: 0, data: { task_id: "t", status: "Success", file_url: "https://cdn/x.mp4" }, message: "success", request_id: "q" }),
    );
    const s = await c.get("t");
    expect(s).toMatchObject({ taskId: "t", status: "Success", urls: ["https://cdn/x.mp4"], fileUrl: "https://cdn/x.mp4" });
    expect(calls[0]!.url).toBe("http://127.0.0.1:9/api/v1/query/video-generation?task_id=t");
    expect(calls[0]!.method).toBe("GET");
  });

  test("retries 5xx, 429 (Retry-After), network errors and garbled bodies, then succeeds", async () => {
    const answers = [
      () => json({ code: 500, message: "boom" }, 503),
      () => json({ code: 429, message: "slow" }, 429, { "retry-after": "0.01" }),
      () => Promise.reject(new TypeError("fetch failed")),
      () => new Response("{not json", { status: 200 }),
    ];
    const { c, calls } = client((_r, n) => answers[n - 1]?.() ?? json({ code: 0, data: { status: "Processing" } }), { maxRetries: 4 });
    await expect(c.get("t")).resolves.toMatchObject({ status: "Processing" });
    expect(calls).toHaveLength(5);
  });

  test("retries are bounded; 4xx is not retried", async () => {
    const a = client(() => json({ code: 500 }, 500), { maxRetries: 2 });
    await expect(a.c.get("t")).rejects.toBeInstanceOf(ServerError);
    expect(a.calls).toHaveLength(3);
    const b = client(() => json({ code: 400, message: "task_id is required" }, 400));
    await expect(b.c.get("t")).rejects.toBeInstanceOf(BadRequestError);
    expect(b.calls).toHaveLength(1);
  });

  test.each([
    { header: "0", want: 0 },
    { header: "2", want: 2000 },
    { header: "0.5", want: 500 },
    { header: new Date(Date.now() + 60_000).toUTCString(), want: [50_000, 60_000] },
    { header: "Thu, 01 Jan 2015 00:00:00 GMT", want: 0 },
    { header: "Thursday, 01-Jan-15 00:00:00 GMT", want: 0 },
    { header: "soon", want: undefined },
    { header: "-1", want: undefined },
    { header: "1, 2", want: undefined },
    { header: "Infinity", want: undefined },
  ])("Retry-After $header is read as $want ms", async ({ header, want }) => {
    const { c } = client(() => json({ code: 429 }, 429, { "retry-after": header }));
    const e = (await c.create({ prompt: "x" }).catch((x: unknown) => x)) as RateLimitedError;
    expect(e).toBeInstanceOf(RateLimitedError);
    if (Array.isArray(want)) {
      expect(e.retryAfterMs).toBeGreaterThan(want[0]!);
      expect(e.retryAfterMs).toBeLessThanOrEqual(want[1]!);
    } else expect(e.retryAfterMs).toBe(want);
  });

  test("a success needs the group's own result field: a video task's file_url, an image task's output_images", async () => {
    const answer = (data: Record<string, unknown>) => async () => json({ code: 0, data: { task_id: "t-1", status: "Success", ...data } });
    const handleOf = (group: "video" | "image") => ({ taskId: "t-1", model: `demo-${group}`, group, createdAt: new Date().toISOString() });
    const video = (data: Record<string, unknown>) => createModelClient(binding(), { apiKey: KEY, fetch: answer(data) });
    const image = (data: Record<string, unknown>) => createModelClient(binding(info("image")), { apiKey: KEY, fetch: answer(data) });
    await expect(video({ output_images: ["https://cdn/a.png"] }).wait(handleOf("video"))).rejects.toThrow("task t-1 succeeded without data.file_url");
    await expect(image({ file_url: "https://cdn/a.mp4" }).wait(handleOf("image"))).rejects.toThrow("task t-1 succeeded without data.output_images");
    const v = await video({ file_url: "https://cdn/a.mp4", output_images: ["https://cdn/a.png"] }).wait(handleOf("video"));
    expect(v).toMatchObject({ urls: ["https://cdn/a.mp4"], fileUrl: "https://cdn/a.mp4" });
    expect(v).not.toHaveProperty("outputImages");
    const i = await image({ output_images: ["https://cdn/a.png", ""], file_url: "https://cdn/a.mp4" }).wait(handleOf("image"));
    expect(i).toMatchObject({ urls: ["https://cdn/a.png"], outputImages: ["https://cdn/a.png"] });
    expect(i).not.toHaveProperty("fileUrl");
  });

  test("a wait's result has exactly status, urls, the group's own field, raw and handle, in that order (no taskId or message of the poll)", async () => {
    const answer = (data: Record<string, unknown>) => async () => json({ code: 0, data: { task_id: "t-1", status: "succeeded", msg: "done", ...data } });
    const handle = (group: "video" | "image") => ({ taskId: "t-1", model: `demo-${group}`, group, createdAt: new Date().toISOString() });
    const videoHandle = handle("video");
    const v = await createModelClient(binding(), { apiKey: KEY, fetch: answer({ file_url: "https://cdn/a.mp4" }) }).wait(videoHandle);
    expect(Object.keys(v)).toEqual(["status", "urls", "fileUrl", "raw", "handle"]);
    expect(v).toEqual({ status: "Success", urls: ["https://cdn/a.mp4"], fileUrl: "https://cdn/a.mp4", raw: v.raw, handle: videoHandle });
    const i = await createModelClient(binding(info("image")), { apiKey: KEY, fetch: answer({ output_images: ["https://cdn/a.png"] }) }).wait(handle("image"));
    expect(Object.keys(i)).toEqual(["status", "urls", "outputImages", "raw", "handle"]);
    expect(i.outputImages).toEqual(["https://cdn/a.png"]);
    expect((i.raw as { data: { msg: string } }).data.msg).toBe("done");
  });

  test("a catalogue keyed by anything but each binding's model id is refused at once", () => {
    expect(() => createCatalogueClient({ demo: binding() })).toThrow('createCatalogueClient: the key "demo" holds the model "demo-video"; key each binding by its model id');
  });

  test("get refuses a handle of the other group, sending nothing", async () => {
    const calls: Request[] = [];
    const images = createModelClient(binding(info("image")), { apiKey: KEY, fetch: async (r) => (calls.push(r), json({ code: 0, data: {} })) });
    const videoHandle = { taskId: "vid-1", model: "demo-video", group: "video", createdAt: "2025-01-01T00:00:00.000Z" } as const;
    await expect(images.get(videoHandle)).rejects.toThrow("task vid-1 is a video task, not image");
    await expect(images.get(JSON.stringify(videoHandle))).rejects.toBeInstanceOf(InvalidRequestError);
    expect(calls).toHaveLength(0);
    await images.get("img-1");
    expect(calls[0]!.url).toMatch(/\?task_id=img-1$/);
  });

  test("a Retry-After longer than the allowed wait is not slept through", async () => {
    const { c, calls } = client(() => json({ code: 429 }, 429, { "retry-after": "3600" }));
    await expect(c.get("t")).rejects.toMatchObject({ kind: "RateLimitedError", retryAfterMs: 3_600_000 });
    expect(calls).toHaveLength(1);
  });
});

describe("handles", () => {
  const h = { taskId: "aurora_abc123", model: "demo-video", group: "video", createdAt: "2025-01-01T00:00:00.000Z" } as const;
  test.each([
    { name: "object", given: h, want: h },
    { name: "JSON string", given: JSON.stringify({ ...h, price: 1, extra: 1 }), want: { ...h, price: 1 } },
  ])("parses $name", ({ given, want }) => expect(parseHandle(given)).toEqual(want));
  test.each([
    { name: "not JSON", given: "aurora_abc123{" },
    { name: "no taskId", given: { ...h, taskId: "" } },
    { name: "bad group", given: { ...h, group: "audio" } },
    { name: "bad date", given: { ...h, createdAt: "yesterday" } },
    { name: "bad price", given: { ...h, price: "1" } },
  ])("rejects $name with InvalidRequestError", ({ given }) => {
    expect(() => parseHandle(given as never)).toThrow(InvalidRequestError);
  });
  test("createdAt stamps are exactly toISOString, across seconds and for every millisecond width", () => {
    const base = Date.UTC(2026, 10, 24, 23, 59, 59);
    // In order and out of order, so that the once-per-second prefix is both reused and replaced.
    const times = [0, 7, 42, 999, 1000, 1001, 1999, 60_000, 3 * 86_400_000 + 5, -1, 500, 999].map((d) => base + d);
    for (const ms of [...times, ...times.reverse(), 0, 1, 951_782_400_123]) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });
  test("a handle's createdMs is its stamp's time, whether the stamp is the last one made or an older one", () => {
    const first = 1_764_785_744_123;
    const older = { ...h, createdAt: isoTime(first) };
    const last = { ...h, createdAt: isoTime(first + 1_500) };
    expect(readHandle(last).createdMs).toBe(first + 1_500);
    expect(readHandle(older).createdMs).toBe(first);
    expect(readHandle(JSON.stringify(older)).createdMs).toBe(first);
  });
  test("wait rejects a malformed handle string clearly, without a request", async () => {
    const { c, calls } = client(() => json({}));
    await expect(c.wait("{}")).rejects.toThrow(/not a task handle: bad taskId/);
    expect(calls).toHaveLength(0);
  });
});

describe("nextPollDelay", () => {
  const video = {
    phases: [
      { fromMs: 0, intervalMs: null },
      { fromMs: 30_000, intervalMs: 5000 },
      { fromMs: 120_000, intervalMs: 3000 },
    ],
    deadlineMs: 900_000,
  };
  test.each([
    { name: "at creation: wait for the first polling phase", elapsed: 0, first: true, want: 30_000 },
    { name: "inside the silent phase", elapsed: 12_000, first: false, want: 18_000 },
    { name: "resumed inside a polling phase: at once", elapsed: 50_000, first: true, want: 0 },
    { name: "medium phase", elapsed: 50_000, first: false, want: 5000 },
    { name: "dense phase", elapsed: 130_000, first: false, want: 3000 },
  ])("$name", ({ elapsed, first, want }) => expect(nextPollDelay(video, elapsed, first)).toBe(want));
  test("tiny schedule used by the tests", () => expect(nextPollDelay(TINY, 0, true)).toBe(5));
});

describe("catalogue", () => {
  test("dispatches on body.model and on the handle's model; refuses unknown models", async () => {
    const urls: string[] = [];
    const fetch = async (r: Request) => {
      urls.push(r.url);
      return r.method === "POST"
        ? json(created)
        : json({ code: 0, data: { status: "Success", output_images: ["https://cdn/1.png", "https://cdn/2.png"] } });
    };
    const cat = createCatalogueClient({ "demo-video": binding(), "demo-image": binding(info("image")) }, { apiKey: KEY, fetch });
    const h = await cat.image.create({ model: "demo-image", prompt: "p" });
    expect(h.model).toBe("demo-image");
    const r = await cat.image.wait(h);
    expect(r).toMatchObject({ status: "Success", urls: ["https://cdn/1.png", "https://cdn/2.png"], outputImages: ["https://cdn/1.png", "https://cdn/2.png"] });
    expect(urls[0]).toMatch(/\/image-generation$/);
    expect(urls[1]).toMatch(/\/query\/image-generation\?task_id=t-1$/);
    await expect(cat.video.create({ model: "demo-image", prompt: "p" } as never)).rejects.toBeInstanceOf(InvalidRequestError);
    expect(Object.keys(cat.models)).toEqual(["demo-video", "demo-image"]);
    expect(cat.models["demo-video"].model.id).toBe("demo-video");
  });
});
