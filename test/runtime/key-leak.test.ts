/**
 * The API key appears in no error message, no enumerable field of a thrown error
 * (JSON.stringify, util.inspect), no log line, and no request to a host other than the base
 * URL: the result download from a second loopback server gets no Authorization header.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createModelClient } from "../../runtime/src/index.js";
import { download } from "../../runtime/src/node.js";
import { binding, info, serve } from "./helpers.js";

const KEY = "sk-SECRET-7f3a9c1e-do-not-leak";
let api: Awaited<ReturnType<typeof serve>>;
let files: Awaited<ReturnType<typeof serve>>;
const fileHeaders: Record<string, string | string[] | undefined>[] = [];
/** Every path the API server was asked for with the key. */
const keyedPaths = new Set<string>();
let mode = "";

beforeAll(async () => {
  files = await serve((req, res) => {
    fileHeaders.push(req.headers);
    if (req.url === "/hop") return void res.writeHead(302, { location: "/out.mp4" }).end();
    res.writeHead(200, { "content-type": "video/mp4", "content-length": "5" }).end("VIDEO");
  });
  api = await serve((req, res) => {
    if (req.headers.authorization) keyedPaths.add(new URL(req.url ?? "/", "http://x").pathname);
    const j = (status: number, body: unknown): void => void res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.method === "POST") {
      // Servers echo things back; an echoed key must still not reach a message.
      if (mode === "echo401") return j(401, { code: 401, data: {}, msg: `invalid api key ${req.headers.authorization}` });
      if (mode === "echo200") return j(200, { code: 500, msg: `create task failed for ${req.headers.authorization}` });
      if (mode === "reset") return void req.socket.destroy();
      if (mode === "echoIds") return j(401, { code: 401, msg: "no", request_id: `rid-${req.headers.authorization}` });
      if (mode === "redirect") return void res.writeHead(307, { location: "/elsewhere" }).end();
      return j(200, { code: 0, data: { task_id: "t1", order_id: "o1", status: "processing", price: 1 }, msg: "success" });
    }
    if (mode === "fail") return j(200, { code: 0, data: { status: "Failed", msg: `bad ${req.headers.authorization}` }, message: "ok" });
    if (mode === "query500") return j(500, { code: 500, message: `down ${req.headers.authorization}` });
    if (mode === "echoStatus") return j(200, { code: 0, data: { status: `Queued(${req.headers.authorization})` }, message: "ok", request_id: `${req.headers.authorization}` });
    j(200, { code: 0, data: { status: "Success", file_url: `${files.url}/hop` }, message: "success" });
  });
});
afterAll(async () => {
  await api.close();
  await files.close();
});

test("no key in errors, logs, or requests to other hosts; download sends no Authorization", async () => {
  const lines: string[] = [];
  const hosts: string[] = [];
  const c = createModelClient(binding(info("video", "demo-video", api.url + "/api/v1")), {
    apiKey: KEY,
    maxRetries: 1,
    retryBaseMs: 1,
    timeoutMs: 2000,
    logger: { debug: (l) => lines.push(l) },
    fetch: (r) => (hosts.push(new URL(r.url).origin), fetch(r)),
  });
  const errors: unknown[] = [];
  const progress: unknown[] = [];
  for (const m of ["echo401", "echo200", "reset", "fail", "query500", "echoIds", "redirect"]) {
    mode = m;
    errors.push(await c.run({ prompt: "p" }).then(() => new Error("resolved"), (e: unknown) => e));
  }
  // A status the server echoes the key into: polled until the deadline, reported in progress.
  mode = "echoStatus";
  errors.push(await c.run({ prompt: "p" }, { deadlineMs: 30, onProgress: (p) => progress.push(p) }).then(() => new Error("resolved"), (e: unknown) => e));
  errors.push(await c.create({ prompt: 1 } as never).catch((e: unknown) => e));
  errors.push(await c.wait("{not json").catch((e: unknown) => e));
  const kinds = errors.map((e) => (e as { kind?: string }).kind);
  expect(kinds).toEqual([
    "AuthenticationError",
    "ServerError",
    "ConnectionError",
    "TaskFailedError",
    "ServerError",
    "AuthenticationError",
    "UnexpectedResponseError",
    "WaitTimeoutError",
    "InvalidRequestError",
    "InvalidRequestError",
  ]);
  // Every field of every error, however deep, and every progress report: the echoed key is blanked.
  expect(JSON.stringify(progress)).not.toContain(KEY);
  expect(JSON.stringify(progress)).toContain("***");
  // A redirect from the base URL is not followed: the key went to the two endpoints only.
  expect([...keyedPaths].sort()).toEqual(["/api/v1/query/video-generation", "/api/v1/video-generation"]);
  for (const e of errors) {
    expect((e as Error).message).not.toContain(KEY);
    expect(JSON.stringify(e)).not.toContain(KEY);
    expect(inspect(e, { showHidden: true, depth: 10 })).not.toContain(KEY);
    expect(Object.keys(e as object).join()).not.toMatch(/request$|headers|cause/i);
  }
  expect(lines.length).toBeGreaterThan(5);
  expect(lines.join("\n")).not.toContain(KEY);

  mode = "";
  const result = await c.run({ prompt: "p" });
  expect(new Set(hosts)).toEqual(new Set([api.url]));
  const dir = await mkdtemp(join(tmpdir(), "lm-key-"));
  try {
    const out = join(dir, "out.mp4");
    await download(result, out);
    expect(await readFile(out, "utf8")).toBe("VIDEO");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  expect(fileHeaders).toHaveLength(2); // the redirect and the file
  for (const h of fileHeaders) {
    expect(h.authorization).toBeUndefined();
    expect(JSON.stringify(h)).not.toContain(KEY);
  }
});
