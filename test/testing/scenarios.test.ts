/**
 * `@linkmodel-sdk/testing` (issue 18): every scenario a user's test can choose, through a model
 * client and through the catalogue client, wired by `clientOptions` (a fetch and a clock, no
 * socket) and over `listen()` (loopback HTTP), each with the models' real polling schedules.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { createLinkModel } from "@linkmodel-sdk/catalogue";
import { download } from "@linkmodel-sdk/runtime/node";
import { createMock, type Mock, type MockServer } from "@linkmodel-sdk/testing";
import { createClient as createWan } from "@linkmodel-sdk/wan2-6";
import { createClient as createSeedream } from "@linkmodel-sdk/seedream-4-0";

const VIDEO = { prompt: "a paper boat on a rainy street" };
const IMAGE = { prompt: "a lighthouse at dawn" };
const servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Both ways of wiring a client to a mock: its in-process options, or its loopback server. */
const WIRINGS = {
  clientOptions: async (mock: Mock) => mock.clientOptions,
  listen: async (mock: Mock) => {
    const server = await mock.listen();
    servers.push(server);
    return server.clientOptions;
  },
} as const;

/** The two client shapes users have: a model package's and the catalogue's. */
const CLIENTS = {
  "model client": (options: Mock["clientOptions"]) => ({
    video: (body = VIDEO) => createWan(options).run(body),
    image: (body = IMAGE) => createSeedream(options).run(body),
  }),
  "catalogue client": (options: Mock["clientOptions"]) => {
    const linkmodel = createLinkModel(options);
    return {
      video: (body = VIDEO) => linkmodel.video.run({ model: "wan2.6", ...body }),
      image: (body = IMAGE) => linkmodel.image.run({ model: "seedream-4.0", ...body }),
    };
  },
} as const;

describe.each(Object.keys(WIRINGS) as (keyof typeof WIRINGS)[])("wired by %s", (wiring) => {
  describe.each(Object.keys(CLIENTS) as (keyof typeof CLIENTS)[])("through the %s", (kind) => {
    const setUp = async (mock: Mock) => CLIENTS[kind](await WIRINGS[wiring](mock));

    test("success after N polls: Pending, Processing, then Success with the group's result field and the spec's price", async () => {
      const mock = createMock({ scenarios: { "wan2.6": { outcome: "success", polls: 4 }, "seedream-4.0": { outcome: "success", polls: 3, result: { outputImages: 2 } } } });
      const client = await setUp(mock);
      const video = await client.video();
      const image = await client.image();
      expect(video.fileUrl).toMatch(/\/files\/[0-9a-f-]{36}\.mp4$/);
      expect(image.outputImages).toHaveLength(2);
      expect(mock.tasks.map((t) => [t.model, t.polls, t.status, t.price])).toEqual([
        ["wan2.6", 4, "Success", 0.3049],
        ["seedream-4.0", 3, "Success", 0.0232],
      ]);
      expect(video.handle.price).toBe(0.3049);
      const polls = mock.calls.filter((c) => c.method === "GET" && c.taskId === video.handle.taskId);
      expect(polls.map((c) => c.status)).toEqual([200, 200, 200, 200]);
    });

    test("failed with a message, and cancelled", async () => {
      const mock = createMock();
      mock.next("wan2.6", { outcome: "failed", message: "content policy", polls: 2 }, { outcome: "cancelled" });
      const client = await setUp(mock);
      await expect(client.video()).rejects.toMatchObject({ kind: "TaskFailedError", message: expect.stringContaining("content policy") });
      await expect(client.video()).rejects.toMatchObject({ kind: "TaskCancelledError", taskStatus: "Cancelled" });
      expect(mock.tasks.map((t) => t.status)).toEqual(["Failed", "Cancelled"]);
    });

    test("insufficient balance is HTTP 200 with code 500, and no task", async () => {
      const mock = createMock({ scenarios: { "seedream-4.0": { outcome: "insufficient-balance" } } });
      const client = await setUp(mock);
      await expect(client.image()).rejects.toMatchObject({ kind: "InsufficientBalanceError", createOutcome: "not_created" });
      expect(mock.calls.at(-1)).toMatchObject({ method: "POST", status: 200, code: 500 });
      expect(mock.tasks).toEqual([]);
    });

    test("401 from the scenario and from a wrong key", async () => {
      const mock = createMock();
      mock.next("wan2.6", { outcome: "unauthorized" });
      const client = await setUp(mock);
      await expect(client.video()).rejects.toMatchObject({ kind: "AuthenticationError", status: 401 });
      const wrongKey = CLIENTS[kind]({ ...(await WIRINGS[wiring](mock)), apiKey: "not-the-key" });
      await expect(wrongKey.image()).rejects.toMatchObject({ kind: "AuthenticationError", status: 401 });
      expect(mock.calls.map((c) => [c.status, c.authorized])).toEqual([[401, true], [401, false]]);
    });

    test("429 with Retry-After: on a create it is the caller's; on a poll the client waits it out (on the mock's clock)", async () => {
      const mock = createMock();
      mock.next("wan2.6", { outcome: "rate-limited", retryAfterSeconds: 7 }, { outcome: "success", pollFaults: [{ kind: "rate-limited", retryAfterSeconds: 2 }, { kind: "server-error", status: 503 }] });
      const client = await setUp(mock);
      await expect(client.video()).rejects.toMatchObject({ kind: "RateLimitedError", retryAfterMs: 7000, createOutcome: "not_created" });
      const result = await client.video();
      expect(result.status).toBe("Success");
      expect(mock.calls.filter((c) => c.method === "GET").map((c) => c.status)).toEqual([429, 503, 200, 200]);
    });

    test.each([true, false])("a 5xx on the create (task created: %s): the outcome is unknown, and it is never sent twice", async (taskCreated) => {
      const mock = createMock();
      mock.next("wan2.6", { outcome: "server-error", status: 502, taskCreated });
      const client = await setUp(mock);
      await expect(client.video()).rejects.toMatchObject({ kind: "ServerError", status: 502, createOutcome: "unknown" });
      expect(mock.calls.filter((c) => c.method === "POST")).toHaveLength(1);
      expect(mock.tasks).toHaveLength(taskCreated ? 1 : 0);
    });

    test.each([true, false])("a dropped connection on the create (task created: %s)", async (taskCreated) => {
      const mock = createMock();
      mock.next("seedream-4.0", { outcome: "connection-dropped", taskCreated });
      const client = await setUp(mock);
      await expect(client.image()).rejects.toMatchObject({ kind: "ConnectionError", createOutcome: "unknown" });
      expect(mock.calls).toMatchObject([{ method: "POST", status: 0 }]);
      expect(mock.tasks).toHaveLength(taskCreated ? 1 : 0);
    });

    test("a task that never finishes ends in WaitTimeoutError at the 15-minute deadline of the mock's clock", async () => {
      const mock = createMock({ scenarios: { "wan2.6": { outcome: "never-finishes" } } });
      const client = await setUp(mock);
      const start = mock.clock.now();
      await expect(client.video()).rejects.toMatchObject({ kind: "WaitTimeoutError" });
      expect(mock.clock.now() - start).toBe(900_000);
      // The documented video schedule: nothing for 30 s, then every 5 s, 3 s, 8 s, 15 s.
      expect(mock.tasks[0]!.polls).toBe(1 + 18 + 40 + 30 + 28);
    });

    test("a body the spec forbids gets the API's 400 (the client's own check bypassed)", async () => {
      const mock = createMock();
      const options = await WIRINGS[wiring](mock);
      const response = await (wiring === "listen" ? fetch : mock.fetch)(`${options.baseUrl}/video-generation`, {
        method: "POST",
        headers: { authorization: `Bearer ${options.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "wan2.6", prompt: "x", duration: 7 }),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 400, msg: expect.stringContaining("duration") });
    });
  });
});

test("the same test gets the same task ids and URLs (seeded); another seed, others", async () => {
  const ids = async (seed?: number) => {
    const mock = createMock(seed === undefined ? {} : { seed });
    const r = await createWan(mock.clientOptions).run(VIDEO);
    return [r.handle.taskId, r.handle.orderId, r.fileUrl, r.handle.createdAt];
  };
  expect(await ids()).toEqual(await ids());
  expect(await ids(2)).not.toEqual(await ids());
});

test("the query envelope says message, the create envelope msg, statuses capitalised", async () => {
  const mock = createMock();
  const options = mock.clientOptions;
  const auth = { authorization: `Bearer ${options.apiKey}` };
  const created = await (await mock.fetch(`${options.baseUrl}/image-generation`, { method: "POST", headers: auth, body: JSON.stringify({ model: "seedream-4.0", prompt: "p" }) })).json();
  expect(created).toEqual({ code: 0, msg: "success", data: { task_id: expect.any(String), order_id: expect.any(String), status: "processing", price: 0.0232 }, request_id: expect.any(String) });
  const query = `${options.baseUrl}/query/image-generation?task_id=${created.data.task_id}`;
  const first = await (await mock.fetch(query, { headers: auth })).json();
  const second = await (await mock.fetch(query, { headers: auth })).json();
  expect(first).toEqual({ code: 0, message: "success", data: { task_id: created.data.task_id, model: "seedream-4.0", status: "Pending" }, request_id: expect.any(String) });
  expect(second.data).toEqual({ task_id: created.data.task_id, model: "seedream-4.0", status: "Success", output_images: [expect.stringMatching(/\.png$/)] });
});

describe("result files the mock serves, so download works", () => {
  test.each(Object.keys(WIRINGS) as (keyof typeof WIRINGS)[])("by %s: a valid MP4 and a valid PNG", async (wiring) => {
    const mock = createMock();
    const options = await WIRINGS[wiring](mock);
    const dir = mkdtempSync(join(tmpdir(), "lm-mock-files-"));
    try {
      const fetchFor = wiring === "listen" ? {} : { fetch: mock.fetch as typeof fetch };
      const video = await createWan(options).run(VIDEO);
      const image = await createSeedream(options).run(IMAGE);
      await download(video, join(dir, "v.mp4"), fetchFor);
      await download(image, join(dir, "i.png"), fetchFor);
      expect(readFileSync(join(dir, "v.mp4")).subarray(4, 8).toString()).toBe("ftyp");
      expect([...readFileSync(join(dir, "i.png")).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      // Files are fetched without the key, as download does.
      expect(mock.calls.filter((c) => c.path.startsWith("/files/")).map((c) => [c.status, c.authorized])).toEqual([[200, false], [200, false]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test("an unknown model id given from JavaScript is refused by name", () => {
  const mock = createMock();
  expect(() => mock.next("wan2.7" as "wan2.6", { outcome: "cancelled" })).toThrow(/serves no model "wan2.7"/);
});
