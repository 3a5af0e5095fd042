/**
 * Issue #20: the runtime's bounds against a loopback server. Delays beyond a timer's 2^31−1 ms
 * (and 0, Infinity) are not cut to 1 ms; bad delays are refused before sending; a response body
 * is read up to a cap; a callback that throws after the task exists does not lose the task; a
 * key a header cannot carry is an authentication error, with nothing sent.
 */
import { afterAll, beforeAll, beforeEach, expect, test, vi } from "vitest";
import {
  AuthenticationError,
  CallbackError,
  UnexpectedResponseError,
  createModelClient,
  type ClientOptions,
} from "../../runtime/src/index.js";
import { after } from "../../runtime/src/timers.js";
import { binding, info, serve, trackTimers } from "./helpers.js";

const KEY = "sk-bounds-key";
const created = { code: 0, data: { task_id: "t-1", order_id: "o-1", status: "processing", price: 0.3 }, msg: "success" };
let srv: Awaited<ReturnType<typeof serve>>;
let creates = 0;
let polls = 0;
/** What the next create answers: after `delayMs`, or a body of `bigBytes` (chunked, or with its length). */
let next: { delayMs?: number; bigBytes?: number; withLength?: boolean } = {};

beforeAll(async () => {
  srv = await serve((req, res) => {
    if (req.method === "POST") {
      creates++;
      const { delayMs = 0, bigBytes, withLength } = next;
      if (bigBytes !== undefined) {
        const chunk = Buffer.alloc(64 * 1024, " ");
        res.writeHead(200, { "content-type": "application/json", ...(withLength && { "content-length": String(bigBytes + 2) }) });
        res.write("{");
        // Written as the socket takes it: the client must stop reading, not the server stop writing.
        let left = bigBytes;
        const more = (): void => {
          while (left > 0 && !res.destroyed) {
            left -= chunk.length;
            if (!res.write(chunk)) return void res.once("drain", more);
          }
          if (!res.destroyed) res.end("}");
        };
        res.on("error", () => {});
        return more();
      }
      return void setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(created)), delayMs);
    }
    polls++;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ code: 0, data: { task_id: "t-1", status: "Processing" }, message: "ok" }));
  });
});
afterAll(() => srv.close());
beforeEach(() => {
  creates = 0;
  polls = 0;
  next = {};
});

const client = (o: Partial<ClientOptions> = {}) => createModelClient(binding(info("video", "demo-video", srv.url + "/api/v1")), { apiKey: KEY, ...o });

test.each([2 ** 31, 2 ** 32 + 5, Infinity, 0])("a timeoutMs of %s is no 1 ms timer: a create answered after 30 ms succeeds", async (timeoutMs) => {
  next = { delayMs: 30 };
  const warn = vi.fn();
  process.on("warning", warn);
  try {
    await expect(client({ timeoutMs }).create({ prompt: "p" })).resolves.toMatchObject({ taskId: "t-1" });
    await expect(client().create({ prompt: "p" }, { timeoutMs })).resolves.toMatchObject({ taskId: "t-1" });
  } finally {
    process.off("warning", warn);
  }
  expect(warn).not.toHaveBeenCalled();
  expect(creates).toBe(2);
});

test("a poll interval of 2^31 ms or more waits (not a burst of GETs), until aborted", async () => {
  const timers = trackTimers();
  const ac = new AbortController();
  const schedule = { phases: [{ fromMs: 0, intervalMs: 2 ** 31 + 10 }], deadlineMs: Infinity };
  const waiting = client().wait({ taskId: "t-1", model: "demo-video", group: "video", createdAt: new Date().toISOString() }, { schedule, signal: ac.signal });
  await new Promise((r) => setTimeout(r, 300));
  ac.abort(new Error("stop"));
  await expect(waiting).rejects.toThrow("stop");
  timers.restore();
  // The first poll at once (a resumed handle), then one long sleep.
  expect(polls).toBe(1);
  expect(timers.outstanding()).toBe(0);
});

test("one timer for a delay beyond 2^31−1 ms: chained, fired once at the full delay, cancellable", () => {
  vi.useFakeTimers();
  try {
    const fire = vi.fn();
    after(2 ** 31 + 1000, fire);
    vi.advanceTimersByTime(2 ** 31 + 999);
    expect(fire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fire).toHaveBeenCalledTimes(1);
    const never = vi.fn();
    const cancel = after(2 ** 33, never);
    vi.advanceTimersByTime(2 ** 32);
    cancel();
    vi.advanceTimersByTime(2 ** 33);
    expect(never).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  } finally {
    vi.useRealTimers();
  }
});

test.each([-1, NaN, "5" as unknown as number])("a delay of %s is a RangeError naming the option, before anything is sent", async (bad) => {
  expect(() => client({ timeoutMs: bad })).toThrow(RangeError);
  expect(() => client({ retryBaseMs: bad })).toThrow(/retryBaseMs must be a number of ms, 0 or more/);
  await expect(client().create({ prompt: "p" }, { timeoutMs: bad })).rejects.toThrow(/^timeoutMs must be a number of ms, 0 or more, not /);
  const handle = { taskId: "t-1", model: "demo-video", group: "video" as const, createdAt: new Date().toISOString() };
  await expect(client().wait(handle, { deadlineMs: bad })).rejects.toThrow(/^deadlineMs must be/);
  await expect(client().wait(handle, { schedule: { phases: [{ fromMs: 0, intervalMs: bad }], deadlineMs: 1000 } })).rejects.toThrow(/^schedule intervalMs must be/);
  expect(creates + polls).toBe(0);
});

test.each([false, true])("a response body over maxResponseBytes (Content-Length sent: %s) is cut off with a specific error that says the task may exist", async (withLength) => {
  next = { bigBytes: 4 * 1024 * 1024, withLength };
  const e = await client({ maxResponseBytes: 1024 * 1024 }).create({ prompt: "p" }).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(UnexpectedResponseError);
  expect((e as UnexpectedResponseError).createOutcome).toBe("unknown");
  expect((e as Error).message).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/api\/v1\/video-generation: response larger than 1048576 bytes \(maxResponseBytes\); the task may have been created/);
  expect(() => client({ maxResponseBytes: 0 })).toThrow(RangeError);
});

test("a response body under maxResponseBytes is read whole, also without Content-Length", async () => {
  next = { bigBytes: 256 * 1024 };
  const e = await client({ maxResponseBytes: 1024 * 1024 }).create({ prompt: "p" }).catch((x: unknown) => x);
  // A body of spaces is JSON of no envelope: read to its end, it is an unexpected answer, not a size error.
  expect((e as Error).message).toMatch(/not JSON|no code/);
});

test("regression: a cross-origin (CORS) answer is read with the cap, since a browser hides its Content-Encoding and its Content-Length may be a compressed body's", async () => {
  // What a page's fetch hands over for a gzip answer from another origin: Content-Length
  // (CORS-safelisted) says the compressed size, Content-Encoding (not safelisted) is hidden, and
  // the body is the inflated one.
  const inflated = "{" + " ".repeat(2 * 1024 * 1024) + "}";
  vi.stubGlobal("fetch", async () =>
    Object.defineProperty(new Response(inflated, { headers: { "content-type": "application/json", "content-length": "100" } }), "type", { value: "cors" }),
  );
  try {
    const e = await client({ maxResponseBytes: 1024 * 1024 }).create({ prompt: "p" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UnexpectedResponseError);
    expect((e as Error).message).toMatch(/: response larger than 1048576 bytes \(maxResponseBytes\); the task may have been created/);
  } finally {
    vi.unstubAllGlobals();
  }
});

test("onCreated that throws: run rejects with a CallbackError carrying the created task's handle, the throw as cause, and waits no more", async () => {
  const oops = new Error("disk full");
  const e = await client()
    .run({ prompt: "p" }, { onCreated: () => { throw oops; } })
    .catch((x: unknown) => x);
  expect(e).toBeInstanceOf(CallbackError);
  expect(e).toMatchObject({ name: "CallbackError", taskId: "t-1", handle: { taskId: "t-1", model: "demo-video", group: "video", orderId: "o-1" }, cause: oops });
  expect((e as Error).message).toMatch(/^onCreated threw; task t-1 was created and runs on: resume with wait\(error\.handle\)/);
  expect(creates).toBe(1);
  expect(polls).toBe(0);
});

test.each(["sk-a\x01b", "sk-a\x7fb", "sk-a\x1bb", "sk-a\x0bb"])("a key with a control character (%j) is an AuthenticationError saying nothing was sent, not a ConnectionError", async (key) => {
  const e = await client({ apiKey: key }).create({ prompt: "p" }).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(AuthenticationError);
  expect(e).toMatchObject({ createOutcome: "not_created" });
  expect((e as Error).message).toMatch(/no HTTP header can carry.*; no task was created/);
  expect(creates).toBe(0);
});
