/**
 * A fault-injecting loopback server under 260 concurrent `run` calls: connection resets, 5xx,
 * 429 with Retry-After, malformed JSON, HTTP 200 with `code: 500`, slow bodies, unknown
 * statuses. Each call must settle with the error class its fault implies; the server must
 * never see a second create for a call; no unhandled rejection; no timer left behind.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { LinkModelError, createModelClient, type TaskResult } from "../../runtime/src/index.js";
import { binding, info, serve, trackTimers } from "./helpers.js";

const KEY = "sk-fault-key";
const KINDS = 14;
const CALLS = KINDS * 19; // 266

/** Fault of call i → the outcome `run` must report (a class name, or "Success"), and the create outcome if it fails in create. */
const WANT: Record<number, [string, ("unknown" | "not_created")?]> = {
  0: ["Success"],
  1: ["ConnectionError", "unknown"], // create: connection reset after the server read it
  2: ["ServerError", "unknown"], // create: 502 HTML
  3: ["RateLimitedError", "not_created"], // create: 429
  4: ["InsufficientBalanceError", "not_created"], // create: HTTP 200, code 500, billing text
  5: ["UnexpectedResponseError", "unknown"], // create: malformed JSON with HTTP 200
  6: ["Success"], // polls: reset, 503, 429, malformed JSON, then fine
  7: ["Success"], // polls: HTTP 200 code 500, unknown status, then fine
  8: ["Success"], // first poll: slow body (request timeout), then fine
  9: ["TaskFailedError"],
  10: ["TaskCancelledError"],
  11: ["RequestTimeoutError", "unknown"], // create: slow body
  12: ["ServerError"], // polls: always 503 → retries exhausted
  13: ["WaitTimeoutError"], // unknown status forever → deadline
};

/** Tiny intervals, but a deadline far beyond the slow bodies. */
const SCHEDULE = { phases: [{ fromMs: 0, intervalMs: null }, { fromMs: 5, intervalMs: 5 }], deadlineMs: 20_000 };
const creates = new Map<string, number>();
const polls = new Map<string, number>();
let srv: Awaited<ReturnType<typeof serve>>;
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown): void => void unhandled.push(e);

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  srv = await serve((req, res, body) => {
    const url = new URL(req.url!, "http://x");
    const send = (status: number, text: string, headers: Record<string, string> = {}): void =>
      void res.writeHead(status, { "content-type": "application/json", ...headers }).end(text);
    // A slow body: headers and half the JSON, then nothing until the client gives up.
    const slow = (): void => void res.writeHead(200, { "content-type": "application/json" }).write('{"code":0,');
    if (req.method === "POST") {
      const { prompt } = JSON.parse(body) as { prompt: string };
      creates.set(prompt, (creates.get(prompt) ?? 0) + 1);
      const kind = Number(prompt.split("-")[1]) % KINDS;
      const ok = JSON.stringify({ code: 0, data: { task_id: prompt, order_id: "o-" + prompt, status: "processing", price: 0.1 }, msg: "success" });
      if (kind === 1) return void req.socket.destroy();
      if (kind === 2) return send(502, "<html>Bad Gateway</html>", { "content-type": "text/html" });
      if (kind === 3) return send(429, JSON.stringify({ code: 429, msg: "too many requests" }), { "retry-after": "1" });
      if (kind === 4) return send(200, JSON.stringify({ code: 500, msg: "create task failed: billing: code=100601: insufficient balance" }));
      if (kind === 5) return send(200, '{"code":0,"data":{"task_id":');
      if (kind === 11) return slow();
      return send(200, ok);
    }
    const id = url.searchParams.get("task_id")!;
    const n = (polls.get(id) ?? 0) + 1;
    polls.set(id, n);
    const kind = Number(id.split("-")[1]) % KINDS;
    const q = (status: string, extra: object = {}): void => send(200, JSON.stringify({ code: 0, data: { task_id: id, status, ...extra }, message: "success" }));
    if (kind === 6 && n <= 4)
      return n === 1
        ? void req.socket.destroy()
        : n === 2
          ? send(503, "Service Unavailable")
          : n === 3
            ? send(429, "{}", { "retry-after": "0.01" })
            : send(200, "{malformed");
    if (kind === 7 && n === 1) return send(200, JSON.stringify({ code: 500, message: "internal" }));
    if (kind === 7 && n === 2) return q("Rendering");
    if (kind === 8 && n === 1) return slow();
    if (kind === 12) return send(503, JSON.stringify({ code: 503, message: "overloaded" }));
    if (kind === 13) return q("Mystery");
    const step = ["Pending", "Processing"][n - 1];
    if (step) return q(step);
    if (kind === 9) return q("Failed", { msg: "nsfw" });
    if (kind === 10) return q("Cancelled");
    return q("Success", { file_url: `https://cdn.example/${id}.mp4` });
  });
});

afterAll(async () => {
  await srv.close();
  process.off("unhandledRejection", onUnhandled);
});

test(`${CALLS} concurrent runs against a faulty server settle with the right typed errors`, async () => {
  const timers = trackTimers();
  const c = createModelClient(binding(info("video", "demo-video", srv.url + "/api/v1")), {
    apiKey: KEY,
    timeoutMs: 2500, // far above a loaded loopback round trip; only the slow bodies reach it
    maxRetries: 5,
    retryBaseMs: 5,
    retryMaxMs: 40,
  });
  const results = await Promise.allSettled(
    Array.from({ length: CALLS }, (_, i) => c.run({ prompt: `call-${i}` }, { schedule: SCHEDULE, ...(i % KINDS === 13 && { deadlineMs: 150 }) })),
  );
  const wrong: string[] = [];
  results.forEach((r, i) => {
    const [want, outcome] = WANT[i % KINDS]!;
    const got = r.status === "fulfilled" ? (r.value as TaskResult).status : r.reason instanceof LinkModelError ? r.reason.kind : String(r.reason);
    const gotOutcome = r.status === "rejected" ? (r.reason as LinkModelError).createOutcome : undefined;
    if (got !== want || gotOutcome !== outcome) wrong.push(`call-${i}: want ${want}/${outcome}, got ${got}/${gotOutcome}: ${r.status === "rejected" ? (r.reason as Error).message : ""}`);
  });
  expect(wrong).toEqual([]);
  // Every call reached the server with exactly one create, never two.
  expect(creates.size).toBe(CALLS);
  expect([...creates.values()].every((n) => n === 1)).toBe(true);
  // Retried polls did happen.
  expect(polls.get("call-6")).toBe(5); // four failed polls retried, then Success
  expect(polls.get("call-12")).toBe(6); // 1 + maxRetries, then ServerError
  expect(unhandled).toEqual([]);
  timers.restore();
  expect(timers.started()).toBeGreaterThan(CALLS);
  expect(timers.outstanding()).toBe(0);
});
