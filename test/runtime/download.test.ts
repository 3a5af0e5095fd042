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
import { ConnectionError, InvalidRequestError, RequestTimeoutError, UnexpectedResponseError } from "../../runtime/src/index.js";
import { download, resultFileName, type DownloadProgress } from "../../runtime/src/node.js";
import { refusingUrl, serve, trackTimers } from "./helpers.js";

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
    // A byte every 20 ms, for ever: never idle, never done.
    if (req.url === "/drip") {
      res.writeHead(200);
      const t = setInterval(() => res.write("x"), 20);
      return void res.on("close", () => clearInterval(t));
    }
    const typed = /^\/type\/(.*)$/.exec(req.url ?? "");
    if (typed) return void res.writeHead(200, typed[1] ? { "content-type": decodeURIComponent(typed[1]) } : {}).end("<html>sign in</html>");
    if (req.url === "/big") return void res.writeHead(200, { "content-length": "5000" }).end("y".repeat(5000));
    if (req.url === "/big-chunked") return void res.writeHead(200).end("y".repeat(5000));
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

test("a stalled file host fails after idleTimeoutMs with a RequestTimeoutError (it hung for ever), and the .part file is removed", async () => {
  const timers = trackTimers();
  const out = join(dir, "v.mp4");
  const e = await download(files.url + "/hang", out, { idleTimeoutMs: 150 }).catch((x: unknown) => x);
  timers.restore();
  expect(e).toBeInstanceOf(RequestTimeoutError);
  expect((e as Error).message).toMatch(/^download 127\.0\.0\.1:\d+: no data for 150 ms \(idleTimeoutMs\)$/);
  expect(await readdir(dir)).toEqual([]);
  expect(timers.outstanding()).toBe(0);
});

test("a host that sends a byte now and then fails after timeoutMs, the whole download's bound", async () => {
  const out = join(dir, "v.mp4");
  const e = await download(files.url + "/drip", out, { idleTimeoutMs: 1000, timeoutMs: 200 }).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(RequestTimeoutError);
  expect((e as Error).message).toMatch(/not complete after 200 ms \(timeoutMs\)$/);
  expect(await readdir(dir)).toEqual([]);
});

test("a file over maxBytes is refused: by its Content-Length before anything is written, else once the count passes it", async () => {
  const out = join(dir, "v.mp4");
  const progress: DownloadProgress[] = [];
  for (const path of ["/big", "/big-chunked"]) {
    const e = await download(files.url + path, out, { maxBytes: 4096, onProgress: (p) => progress.push(p) }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UnexpectedResponseError);
    expect((e as Error).message).toMatch(/: larger than 4096 bytes \(maxBytes\); nothing was saved$/);
    expect(await readdir(dir)).toEqual([]);
  }
  // The first was refused by its length: no byte counted.
  expect(progress.every((p) => p.totalBytes === null)).toBe(true);
  await expect(download(files.url + "/big", out, { maxBytes: 5000 })).resolves.toMatchObject({ bytes: 5000 });
});

test("regression: a download refused while its .part file was still being opened left that file behind", async () => {
  // A body in memory whose first chunk passes the count and whose second passes maxBytes: the
  // pipeline fails while the write stream may still be opening its file, and a removal that did
  // not wait for that open came first (a few times in a hundred before the fix).
  const twoChunks = async (): Promise<Response> =>
    new Response(new ReadableStream({ start: (c) => (c.enqueue(new Uint8Array(100)), c.enqueue(new Uint8Array(5000)), c.close()) }), { headers: { "content-type": "video/mp4" } });
  for (let attempt = 0; attempt < 1000; attempt++) {
    const e = await download("https://files.example/v.mp4", join(dir, `v${attempt}.mp4`), { maxBytes: 4096, fetch: twoChunks }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UnexpectedResponseError);
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(await readdir(dir)).toEqual([]);
});

test("an error page (text/html), JSON or text is refused, not saved as the video; the group's type, octet-stream or none is saved", async () => {
  const out = join(dir, "v.mp4");
  const video = (url: string) => ({ handle: { taskId: "t", model: "m", group: "video" as const, createdAt: "" }, status: "Success" as const, urls: [url], fileUrl: url, raw: {} });
  for (const type of ["text/html; charset=utf-8", "application/json", "text/plain"]) {
    const e = await download(files.url + "/type/" + encodeURIComponent(type), out).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UnexpectedResponseError);
    expect((e as Error).message).toMatch(new RegExp(`: the host sent ${type.split(";")[0]}, not a video or image file \\(an error page\\?\\); nothing was saved$`));
  }
  await expect(download(video(files.url + "/type/image%2Fpng"), out)).rejects.toThrow(/the host sent image\/png, not a video file/);
  expect(await readdir(dir)).toEqual([]);
  for (const type of ["video/mp4", "application/octet-stream", "binary/octet-stream", ""])
    await expect(download(video(files.url + "/type/" + encodeURIComponent(type)), out)).resolves.toMatchObject({ bytes: 20 });
  await expect(download(files.url + "/type/IMAGE%2FPNG", out)).resolves.toMatchObject({ bytes: 20 });
});

test("a destination name of 250 bytes is written (its temporary name stays within 255 bytes); one over 255 is refused before any request", async () => {
  const long = join(dir, `${"n".repeat(246)}.mp4`);
  await expect(download(files.url + "/file", long)).resolves.toMatchObject({ path: long, bytes: BODY.length });
  expect(await readdir(dir)).toEqual([`${"n".repeat(246)}.mp4`]);
  const requested: string[] = [];
  const fetch = async (u: string | URL | Request): Promise<Response> => (requested.push(String(u)), new Response("x"));
  const e = await download(files.url + "/file", join(dir, `${"é".repeat(130)}.mp4`), { fetch }).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(InvalidRequestError);
  expect((e as Error).message).toBe("download: the file name is 264 bytes, over the 255 a file system takes; resultFileName() gives a short one");
  expect(requested).toEqual([]);
});

test("resultFileName: the URL's last segment, made safe, at most 200 bytes with its extension kept", () => {
  const cases: [string, string][] = [
    ["https://cdn.example.com/out/clip%20(1).mp4?sig=abc", "clip__1_.mp4"],
    ["https://cdn.example.com/a/..%2F..%2Fetc%2Fpasswd", "_.._etc_passwd"],
    ["https://cdn.example.com/", "task-1"],
    ["not a url", "task-1"],
    [`https://cdn.example.com/${"v".repeat(300)}.mp4`, `${"v".repeat(196)}.mp4`],
    [`https://cdn.example.com/${"é".repeat(300)}.png`, `${"_".repeat(196)}.png`],
  ];
  for (const [url, want] of cases) expect(resultFileName(url, "task-1")).toBe(want);
  expect(Buffer.byteLength(resultFileName(`https://x.test/${"a".repeat(1000)}`, "f"))).toBe(200);
});
