/**
 * A scripted loopback server walks tasks through Pending → Processing → Success, Failed,
 * Cancelled (one step per poll); wait/run return or throw as documented, a handle saved
 * mid-wait resumes in a new client, and no timer is left behind.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import {
  TaskCancelledError,
  TaskFailedError,
  WaitTimeoutError,
  createModelClient,
  type TaskHandle,
  type WaitProgress,
} from "../../runtime/src/index.js";
import { binding, info, serve, trackTimers } from "./helpers.js";

const KEY = "sk-scripted-key";
const SCRIPTS: Record<string, string[]> = {
  ok: ["Pending", "Processing", "Success"],
  fail: ["Pending", "Processing", "Failed"],
  cancel: ["Processing", "Cancelled"],
  unknown: ["Queued", "Warming", "Processing", "Success"],
  forever: ["Processing"],
};
const tasks = new Map<string, { script: string[]; step: number }>();
let srv: Awaited<ReturnType<typeof serve>>;
let n = 0;
let timers: ReturnType<typeof trackTimers>;

beforeAll(async () => {
  srv = await serve((req, res, body) => {
    const url = new URL(req.url!, "http://x");
    res.setHeader("content-type", "application/json");
    if (req.headers.authorization !== `Bearer ${KEY}`) return res.writeHead(401).end(JSON.stringify({ code: 401, data: {}, msg: "invalid api key" }));
    if (req.method === "POST" && url.pathname === "/api/v1/video-generation") {
      const { prompt } = JSON.parse(body) as { prompt: string };
      const id = `aurora_${++n}`;
      tasks.set(id, { script: SCRIPTS[prompt]!, step: 0 });
      return res.end(JSON.stringify({ code: 0, data: { task_id: id, order_id: `o${n}`, status: "processing", price: 0.3 }, msg: "success", request_id: `c${n}` }));
    }
    if (req.method === "GET" && url.pathname === "/api/v1/query/video-generation") {
      const t = tasks.get(url.searchParams.get("task_id")!);
      if (!t) return res.writeHead(400).end(JSON.stringify({ code: 400, message: "task not found" }));
      const status = t.script[Math.min(t.step++, t.script.length - 1)]!;
      const data = { task_id: "x", status, ...(status === "Success" ? { file_url: "https://cdn.example/out.mp4" } : {}), ...(status === "Failed" ? { msg: "content policy" } : {}) };
      return res.end(JSON.stringify({ code: 0, data, message: "success", request_id: "q" }));
    }
    res.writeHead(404).end("{}");
  });
});
beforeEach(() => void (timers = trackTimers()));
afterEach(() => {
  timers.restore();
  // No timer of the runtime outlives a settled call.
  expect(timers.outstanding()).toBe(0);
});
afterAll(() => srv.close());

const client = () => createModelClient(binding(info("video", "demo-video", srv.url + "/api/v1")), { apiKey: KEY });

describe("wait and run against a scripted server", () => {
  test("Pending → Processing → Success: run returns a normalized result; progress reported", async () => {
    const progress: WaitProgress[] = [];
    const r = await client().run({ prompt: "ok" }, { onProgress: (p) => progress.push(p) });
    expect(r).toMatchObject({ status: "Success", fileUrl: "https://cdn.example/out.mp4", urls: ["https://cdn.example/out.mp4"] });
    expect(r.handle).toMatchObject({ model: "demo-video", group: "video", orderId: expect.any(String), price: 0.3 });
    expect(progress.map((p) => p.status)).toEqual(["Pending", "Processing", "Success"]);
    expect(progress.map((p) => p.attempt)).toEqual([1, 2, 3]);
    expect(progress.at(-1)!.nextPollInMs).toBeNull();
    expect(progress[0]!.nextPollInMs).toBe(5);
  });

  test("Failed → TaskFailedError with the task's msg", async () => {
    const e = await client().run({ prompt: "fail" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TaskFailedError);
    expect((e as TaskFailedError).message).toMatch(/content policy/);
    expect(e).toMatchObject({ taskStatus: "Failed", taskId: expect.stringMatching(/^aurora_/) });
  });

  test("Cancelled → TaskCancelledError", async () => {
    await expect(client().run({ prompt: "cancel" })).rejects.toBeInstanceOf(TaskCancelledError);
  });

  test("unknown statuses keep waiting, never success", async () => {
    const seen: string[] = [];
    const r = await client().run({ prompt: "unknown" }, { onProgress: (p) => seen.push(p.status) });
    expect(seen).toEqual(["Queued", "Warming", "Processing", "Success"]);
    expect(r.status).toBe("Success");
  });

  test("deadline → WaitTimeoutError; the handle can be resumed later", async () => {
    const e = await client().run({ prompt: "forever" }, { deadlineMs: 60 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WaitTimeoutError);
    expect((e as WaitTimeoutError).message).toMatch(/may still finish/);
    // What it carries is enough to find the task again, in this process or another.
    expect(e).toMatchObject({ taskId: expect.stringMatching(/^aurora_\d+$/), orderId: expect.stringMatching(/^o\d+$/), taskStatus: "Processing" });
    await expect(client().get((e as WaitTimeoutError).taskId!)).resolves.toMatchObject({ status: "Processing" });
  });

  test("a handle serialized mid-wait resumes in a new client, on schedule", async () => {
    let saved = "";
    const ac = new AbortController();
    const first = client().run(
      { prompt: "ok" },
      {
        signal: ac.signal,
        onCreated: (h: TaskHandle) => (saved = JSON.stringify(h)),
        onProgress: (p) => p.status === "Pending" && ac.abort(new Error("moved to another process")),
      },
    );
    await expect(first).rejects.toThrow("moved to another process");
    expect(timers.outstanding()).toBe(0);
    // The other process starts later: the schedule and the deadline still count from creation.
    await new Promise((r) => setTimeout(r, 100));
    const progress: WaitProgress[] = [];
    const r = await client().wait(saved, { onProgress: (p) => progress.push(p) });
    expect(r.status).toBe("Success");
    expect(r.handle).toEqual(JSON.parse(saved));
    // It continues where it stopped (Processing, then Success), counting from creation.
    expect(progress.map((p) => p.status)).toEqual(["Processing", "Success"]);
    expect(progress[0]!.elapsedMs).toBeGreaterThanOrEqual(100);
  });

  test("a wrong key on create: AuthenticationError, not created", async () => {
    const c = createModelClient(binding(info("video", "demo-video", srv.url + "/api/v1")), { apiKey: "wrong" });
    await expect(c.run({ prompt: "ok" })).rejects.toMatchObject({ kind: "AuthenticationError", status: 401, createOutcome: "not_created" });
  });
});
