/**
 * Where users run the client (issue #17): keyless behind a proxy, a key refused in a browser page
 * unless opted in, errors that name the host and say whether a task can exist, the base URL from
 * `LINKMODEL_BASE_URL`, and `wait`/`get` by bare task id. Against loopback servers.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { AuthenticationError, ConnectionError, createModelClient, type LinkModelError } from "../../runtime/src/index.js";
import { createTypedTransport } from "../../runtime/src/typed.js";
import { binding, info, refusingUrl, serve } from "./helpers.js";

const KEY = "sk-front-test-key-123";
const created = { code: 0, msg: "success", request_id: "r-1", data: { task_id: "t-1", status: "processing" } };
const success = { code: 0, msg: "success", data: { task_id: "t-1", status: "Success", file_url: "https://files.example/t-1.mp4" } };

/** A loopback API that records each request's method, path and Authorization header. */
async function recordingApi() {
  const seen: { method: string; url: string; authorization: string | undefined }[] = [];
  const api = await serve((req, res) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(req.method === "POST" ? created : success));
  });
  return { ...api, seen };
}

/** Simulates a browser page (a `window` with a `document`) for the duration of a test. */
function asBrowserPage(): void {
  vi.stubGlobal("window", {});
  vi.stubGlobal("document", {});
}

beforeEach(() => {
  vi.stubEnv("LINKMODEL_API_KEY", "");
  vi.stubEnv("LINKMODEL_BASE_URL", "");
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

describe("keyless mode (apiKey: null)", () => {
  test("a same-origin-proxy client with apiKey: null sends no Authorization header, even with LINKMODEL_API_KEY set", async () => {
    vi.stubEnv("LINKMODEL_API_KEY", KEY);
    const api = await recordingApi();
    try {
      const c = createModelClient(binding(), { baseUrl: `${api.url}/api/linkmodel`, apiKey: null });
      const result = await c.run({ prompt: "p" });
      expect(result.urls).toEqual(["https://files.example/t-1.mp4"]);
      expect(api.seen.map((r) => [r.method, r.url.replace(/\?.*/, "")])).toEqual([
        ["POST", "/api/linkmodel/video-generation"],
        ["GET", "/api/linkmodel/query/video-generation"],
      ]);
      expect(api.seen.map((r) => r.authorization)).toEqual([undefined, undefined]);
    } finally {
      await api.close();
    }
  });

  test("keyless mode never reads the environment: LINKMODEL_BASE_URL is ignored, the model's base URL is kept", async () => {
    const api = await recordingApi();
    try {
      vi.stubEnv("LINKMODEL_BASE_URL", `${api.url}/elsewhere`);
      const calls: string[] = [];
      const c = createModelClient(binding(info("video", "demo-video", `${api.url}/api/v1`)), {
        apiKey: null,
        fetch: (r) => (calls.push(new URL(r.url).pathname), fetch(r)),
      });
      await c.create({ prompt: "p" });
      expect(calls).toEqual(["/api/v1/video-generation"]);
    } finally {
      await api.close();
    }
  });

  test("without a key and without apiKey: null, the error says how to go keyless; nothing is sent", async () => {
    const c = createModelClient(binding(), { fetch: () => Promise.reject(new Error("must not be called")) });
    const e = (await c.create({ prompt: "p" }).catch((x: unknown) => x)) as LinkModelError;
    expect(e).toBeInstanceOf(AuthenticationError);
    expect(e.message).toMatch(/^no API key: pass apiKey or set LINKMODEL_API_KEY \(or apiKey: null, behind a proxy\); no task was created$/);
  });
});

describe("a key in a browser page", () => {
  test("is refused when the client is created, with why and what to do instead", () => {
    asBrowserPage();
    const e = (() => {
      try {
        createModelClient(binding(), { apiKey: KEY });
      } catch (x) {
        return x as LinkModelError;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(AuthenticationError);
    expect(e?.message).toMatch(/readable by every visitor/);
    expect(e?.message).toMatch(/apiKey: null behind a proxy \(@linkmodel-sdk\/runtime\/proxy\)/);
    expect(e?.message).toMatch(/dangerouslyAllowBrowser: true/);
    expect(e?.message).not.toContain(KEY);
    // The typed transport refuses it alike.
    expect(() => createTypedTransport(info(), { apiKey: KEY })).toThrow(AuthenticationError);
  });

  test("a key found in a bundled process.env is refused alike", () => {
    asBrowserPage();
    vi.stubEnv("LINKMODEL_API_KEY", KEY);
    expect(() => createModelClient(binding())).toThrow(/readable by every visitor/);
  });

  test("is sent when the caller opts in with dangerouslyAllowBrowser: true", async () => {
    asBrowserPage();
    const api = await recordingApi();
    try {
      const c = createModelClient(binding(), { apiKey: KEY, baseUrl: `${api.url}/api/v1`, dangerouslyAllowBrowser: true });
      await c.create({ prompt: "p" });
      expect(api.seen.map((r) => r.authorization)).toEqual([`Bearer ${KEY}`]);
    } finally {
      await api.close();
    }
  });

  test("keyless mode runs in a browser page without opting in, and reads no LINKMODEL_BASE_URL there", async () => {
    asBrowserPage();
    const api = await recordingApi();
    try {
      vi.stubEnv("LINKMODEL_BASE_URL", "http://127.0.0.1:9/not-here");
      const c = createModelClient(binding(), { apiKey: null, baseUrl: `${api.url}/api/linkmodel` });
      await c.create({ prompt: "p" });
      expect(api.seen.map((r) => [r.url, r.authorization])).toEqual([["/api/linkmodel/video-generation", undefined]]);
    } finally {
      await api.close();
    }
  });

  test("outside a browser (a worker-like global with no document), a key is accepted", () => {
    vi.stubGlobal("window", {});
    expect(() => createModelClient(binding(), { apiKey: KEY })).not.toThrow();
  });
});

describe("errors a user can act on", () => {
  test("a refused connection names the host it was sent to and says no task was created", async () => {
    const base = `${await refusingUrl()}/api/v1`;
    const c = createModelClient(binding(), { apiKey: KEY, baseUrl: base });
    const e = (await c.create({ prompt: "p" }).catch((x: unknown) => x)) as LinkModelError;
    expect(e).toBeInstanceOf(ConnectionError);
    expect(e.message).toBe(`POST ${base}/video-generation: network error ECONNREFUSED; no task was created`);
    expect(e.createOutcome).toBe("not_created");
  });

  test("a name that does not resolve names the host and says no task was created", async () => {
    // `.invalid` never resolves (RFC 6761): the resolver answers without any traffic leaving.
    const c = createModelClient(binding(), { apiKey: KEY, baseUrl: "http://linkmodel.invalid/api/v1" });
    const e = (await c.create({ prompt: "p" }).catch((x: unknown) => x)) as LinkModelError;
    expect(e.message).toMatch(/^POST http:\/\/linkmodel\.invalid\/api\/v1\/video-generation: network error (ENOTFOUND|EAI_AGAIN); no task was created$/);
  });

  test("an ambiguous failure (the connection dropped after the request was sent) names the host and says a task may exist", async () => {
    const api = await serve((req) => req.socket.destroy());
    try {
      const c = createModelClient(binding(), { apiKey: KEY, baseUrl: `${api.url}/api/v1` });
      const e = (await c.create({ prompt: "p" }).catch((x: unknown) => x)) as LinkModelError;
      expect(e.message).toMatch(new RegExp(`^POST ${api.url}/api/v1/video-generation: network error .*; the task may have been created and billed`));
      expect(e.createOutcome).toBe("unknown");
      expect(e.message).not.toContain(KEY);
    } finally {
      await api.close();
    }
  });

  test("an HTTP error names the host", async () => {
    const api = await serve((_req, res) => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: 400, msg: "bad prompt" }));
    });
    try {
      const c = createModelClient(binding(), { apiKey: KEY, baseUrl: `${api.url}/api/v1` });
      await expect(c.create({ prompt: "p" })).rejects.toThrow(`POST ${api.url}/api/v1/video-generation: bad prompt (400); fix the request; no task was created`);
    } finally {
      await api.close();
    }
  });

  test("a network error in a browser page mentions CORS, which the browser does not tell apart", async () => {
    asBrowserPage();
    const c = createModelClient(binding(), { apiKey: null, baseUrl: "http://127.0.0.1:9/api/linkmodel", fetch: () => Promise.reject(new TypeError("Failed to fetch")) });
    const e = (await c.create({ prompt: "p" }).catch((x: unknown) => x)) as LinkModelError;
    expect(e.message).toBe("POST http://127.0.0.1:9/api/linkmodel/video-generation: network error Failed to fetch (or CORS); the task may have been created and billed: check, do not retry blindly");
  });
});

describe("LINKMODEL_BASE_URL", () => {
  test("the library reads LINKMODEL_BASE_URL as the CLI does; an explicit baseUrl wins over it", async () => {
    const api = await recordingApi();
    try {
      vi.stubEnv("LINKMODEL_BASE_URL", `${api.url}/from-env/`);
      await createModelClient(binding(), { apiKey: KEY }).create({ prompt: "p" });
      await createModelClient(binding(), { apiKey: KEY, baseUrl: `${api.url}/explicit` }).create({ prompt: "p" });
      expect(api.seen.map((r) => r.url)).toEqual(["/from-env/video-generation", "/explicit/video-generation"]);
    } finally {
      await api.close();
    }
  });
});

describe("a bare task id", () => {
  test("wait and get accept a bare task id (the group is the client's model's), and wait polls it at once", async () => {
    const api = await recordingApi();
    try {
      const c = createModelClient(binding(), { apiKey: KEY, baseUrl: `${api.url}/api/v1` });
      // The real video schedule would wait 30 s before a first poll of a new task; a bare id is polled at once.
      const schedule = { phases: [{ fromMs: 0, intervalMs: null }, { fromMs: 60_000, intervalMs: 5000 }], deadlineMs: 900_000 };
      const result = await c.wait(" t-1 ", { schedule });
      expect(result.urls).toEqual(["https://files.example/t-1.mp4"]);
      expect(result.handle).toMatchObject({ taskId: "t-1", model: "demo-video", group: "video" });
      expect((await c.get("t-1")).status).toBe("Success");
      expect(api.seen.map((r) => r.url)).toEqual(["/api/v1/query/video-generation?task_id=t-1", "/api/v1/query/video-generation?task_id=t-1"]);
    } finally {
      await api.close();
    }
  });

  test("an empty string or a malformed handle JSON is still refused before any request", async () => {
    const c = createModelClient(binding(), { apiKey: KEY, fetch: () => Promise.reject(new Error("must not be called")) });
    await expect(c.wait("")).rejects.toThrow(/not a task handle: bad taskId/);
    await expect(c.wait("{not json")).rejects.toThrow(/not a task handle: bad taskId/);
  });
});
