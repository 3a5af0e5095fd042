/**
 * The Node download helper against a loopback file server: streams to a path atomically
 * (nothing left behind on failure), to a Writable, reports progress, follows redirects,
 * honours abort.
 */
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from "vitest";
import { ConnectionError, UnexpectedResponseError } from "../../runtime/src/index.js";
import { download, type DownloadProgress } from "../../runtime/src/node.js";
import { refusingUrl, serve } from "./helpers.js";

const BODY = "x".repeat(100_000);
let files: Awaited<ReturnType<typeof serve>>;
let dir = "";

beforeAll(async () => {
  files = await serve((req, res) => {
    if (req.url === "/file") return void res.writeHead(200, { "content-length": String(BODY.length) }).end(BODY);
    if (req.url === "/r1") return void res.writeHead(301, { location: "/r2" }).end();
    if (req.url === "/r2") return void res.writeHead(307, { location: "/file" }).end();
    if (req.url === "/loop") return void res.writeHead(302, { location: "/loop" }).end();
    if (req.url === "/broken") {
      // Promise more than is sent, then cut the connection mid-body.
      res.writeHead(200, { "content-length": String(BODY.length) });
      return void res.write(BODY.slice(0, 1000), () => setImmediate(() => req.socket.destroy()));
    }
    if (req.url === "/hang") return void res.writeHead(200).write("partial");
    res.writeHead(404).end();
  });
});
afterAll(() => files.close());
beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), "lm-dl-"))));
afterEach(() => rm(dir, { recursive: true, force: true }));

test("streams to a path, reports progress, follows redirects", async () => {
  const progress: DownloadProgress[] = [];
  const out = join(dir, "v.mp4");
  const r = await download(files.url + "/r1", out, { onProgress: (p) => progress.push(p) });
  expect(r).toEqual({ url: files.url + "/file", bytes: BODY.length, path: out });
  expect(await readFile(out, "utf8")).toBe(BODY);
  expect(progress.at(-1)).toEqual({ receivedBytes: BODY.length, totalBytes: BODY.length });
  expect(await readdir(dir)).toEqual(["v.mp4"]);
});

test("takes a TaskResult and a Writable", async () => {
  const chunks: Buffer[] = [];
  const sink = new Writable({ write: (c: Buffer, _e, done) => (chunks.push(c), done()) });
  const result = { handle: {} as never, status: "Success" as const, urls: [files.url + "/file"], fileUrl: files.url + "/file", raw: {} };
  await download(result, sink);
  expect(Buffer.concat(chunks).toString()).toBe(BODY);
});

test("a failed download leaves nothing half-written", async () => {
  const out = join(dir, "v.mp4");
  const cut = download(files.url + "/broken", out);
  await expect(cut).rejects.toBeInstanceOf(ConnectionError);
  await expect(cut).rejects.toThrow(/^download 127\.0\.0\.1:\d+: connection lost after \d+ bytes/);
  await expect(download(files.url + "/missing", out)).rejects.toBeInstanceOf(UnexpectedResponseError);
  await expect(download(files.url + "/loop", out)).rejects.toThrow(/redirects/);
  await expect(download((await refusingUrl()) + "/none", out)).rejects.toBeInstanceOf(ConnectionError);
  expect(await readdir(dir)).toEqual([]);
});

test("abort stops a hanging download and removes the temp file", async () => {
  const ac = new AbortController();
  const out = join(dir, "v.mp4");
  const p = download(files.url + "/hang", out, { signal: ac.signal, onProgress: () => ac.abort(new Error("enough")) });
  // The caller's own reason, as every other aborted call rejects; also for a timeout signal.
  await expect(p).rejects.toThrow("enough");
  const late = download(files.url + "/hang", out, { signal: AbortSignal.timeout(50) });
  await expect(late).rejects.toMatchObject({ name: "TimeoutError" });
  expect(await readdir(dir)).toEqual([]);
});

test("a URL that is not http(s), or carries credentials, is refused before any request", async () => {
  const requested: string[] = [];
  const fetch = async (u: string | URL | Request): Promise<Response> => (requested.push(String(u)), new Response("x"));
  const out = join(dir, "v.mp4");
  await expect(download("not a url", out, { fetch })).rejects.toThrow('download: not an http(s) URL: "not a url"');
  await expect(download("file:///etc/passwd", out, { fetch })).rejects.toBeInstanceOf(UnexpectedResponseError);
  await expect(download("https://user:pw@cdn.example.com/v.mp4", out, { fetch })).rejects.toThrow(
    "download cdn.example.com: the URL carries credentials, which are never sent",
  );
  expect(requested).toEqual([]);
  expect(await readdir(dir)).toEqual([]);
});

test("an error of the destination is passed on as it is (it says what to fix)", async () => {
  await expect(download(files.url + "/file", join(dir, "no-such-dir", "v.mp4"))).rejects.toMatchObject({ code: "ENOENT", syscall: "open" });
  expect(await readdir(dir)).toEqual([]);
});
