/**
 * The example consumer in examples/node-consumer (issue 6): it imports the catalogue and two
 * model packages by name, as the workspace links them, type-checks under `strict` and
 * `exactOptionalPropertyTypes`, and runs a video and an image task end to end against a
 * loopback mock of the API: `@linkmodel-sdk/testing` over `listen()` (issue 18: our tests use
 * the mock our users get), since the example runs in a process of its own.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createMock, type Mock, type MockServer } from "@linkmodel-sdk/testing";
import { ROOT } from "../helpers/workspace.js";
import { cleanEnv, run, TSC } from "./helpers.js";

const EXAMPLE = join(ROOT, "examples", "node-consumer");
const KEY = "example-key-9c2e";
let mock: Mock;
let api: MockServer;

beforeAll(async () => {
  mock = createMock({ apiKey: KEY, scenarios: { "wan2.6": { outcome: "success", polls: 3 } } });
  api = await mock.listen();
});
afterAll(() => api?.close());

test("the example compiles under strict settings and runs a video and an image task", async () => {
  await run(process.execPath, [TSC, "-p", "tsconfig.json"], { cwd: EXAMPLE });
  const env = cleanEnv({ LINKMODEL_API_KEY: KEY, LINKMODEL_BASE_URL: api.url, EXAMPLE_POLL_MS: "5" });
  const { stdout, stderr } = await run(process.execPath, ["dist/main.js"], { cwd: EXAMPLE, env });
  const out = JSON.parse(stdout) as { models: number; video: { taskId: string; model: string; url: string }; image: { taskId: string; model: string; urls: string[] } };
  const [video, image] = mock.tasks;
  const files = api.url.replace(/\/api\/v1$/, "/files");
  expect(out.video).toEqual({ taskId: video!.taskId, model: "wan2.6", url: `${files}/${video!.taskId}.mp4` });
  expect(out.image).toEqual({ taskId: image!.taskId, model: "seedream-4.0", urls: [`${files}/${image!.taskId}-1.png`] });
  expect(out.models).toBe(readdirSync(join(ROOT, "generated", "models")).length);
  // Progress went to stderr, and the key went nowhere but the Authorization header.
  expect(stderr).toMatch(/wan2\.6: Processing/);
  expect(stdout + stderr).not.toContain(KEY);
  const creates = mock.calls.filter((r) => r.method === "POST");
  expect(creates.map((r) => [r.path, r.body])).toEqual([
    ["/api/v1/video-generation", { model: "wan2.6", prompt: "a paper boat on a rainy street", duration: 5 }],
    ["/api/v1/image-generation", { prompt: "a lighthouse at dawn", size: "16x9", quality: "2K", model: "seedream-4.0" }],
  ]);
  expect(mock.calls.every((r) => r.authorized)).toBe(true);
});

test("the example's key is only ever read from the environment: without it the API answers 401 and the example says so", async () => {
  const env = cleanEnv({ LINKMODEL_BASE_URL: api.url, EXAMPLE_POLL_MS: "5" });
  delete env["LINKMODEL_API_KEY"];
  const before = mock.calls.length;
  // No key anywhere: the client refuses before sending (a key hard-coded in the example would
  // reach the mock, which answers 401, also an AuthenticationError: hence the request count).
  await expect(run(process.execPath, ["dist/main.js"], { cwd: EXAMPLE, env })).rejects.toThrow(/AuthenticationError.*LINKMODEL_API_KEY/s);
  expect(mock.calls.length).toBe(before);
});
