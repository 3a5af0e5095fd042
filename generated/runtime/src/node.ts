/**
 * Node-only helper: download a task's result file.
 *
 * Takes a `TaskResult` (its `fileUrl`, else its first URL) or a URL, and a destination (a file
 * path or a Writable); streams the body there. A path is written through a temporary file
 * beside it, renamed into place only when complete, so a failed download leaves nothing
 * half-written. Bounded: an idle and a total timeout, a size cap, a media-type check
 * (`download`), and file names of bounded length (`resultFileName`). Never sends the API key
 * or any Authorization header to the file host, on the first request or on any redirect.
 */
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import { Readable, Transform, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { TaskResult } from "./client.js";
import { ConnectionError, InvalidRequestError, LinkModelError, RequestTimeoutError, UnexpectedResponseError } from "./errors.js";
import type { TaskGroup } from "./model.js";
import { after, checkDelay } from "./timers.js";

/** Download progress. */
export interface DownloadProgress {
  readonly receivedBytes: number;
  /** From Content-Length; `null` when the host does not say. */
  readonly totalBytes: number | null;
}

/**
 * Options of `download`. Delays are milliseconds (`0` or `Infinity`: none; negative or NaN: a
 * `RangeError` before any request).
 */
export interface DownloadOptions {
  readonly onProgress?: ((progress: DownloadProgress) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
  /** A custom fetch; it gets no Authorization header from here. */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /** Most redirects followed (default 5). */
  readonly maxRedirects?: number | undefined;
  /** Longest wait for the host's next bytes, headers or body (default 60 000 ms): a stalled host fails with `RequestTimeoutError`. */
  readonly idleTimeoutMs?: number | undefined;
  /** Longest whole download, redirects included (default 3 600 000 ms, 1 hour): past it, `RequestTimeoutError`. */
  readonly timeoutMs?: number | undefined;
  /** Largest file accepted (default 2 GiB): a larger one fails with `UnexpectedResponseError`, by its Content-Length before anything is written, else once the bytes pass it. */
  readonly maxBytes?: number | undefined;
}

/** What `download` wrote. */
export interface DownloadResult {
  readonly url: string;
  readonly bytes: number;
  /** The file written, when the destination was a path. */
  readonly path?: string;
}

/** Download defaults: generous for a video of several minutes, bounded for a host that stalls. */
const DOWNLOAD_IDLE_MS = 60_000;
const DOWNLOAD_TOTAL_MS = 3_600_000;
const DOWNLOAD_MAX_BYTES = 2 * 1024 ** 3;
/** Longest file name most file systems take, in bytes. */
const NAME_MAX_BYTES = 255;

/**
 * Streams a result file to a path (atomically) or a Writable, without credentials. The host must
 * answer within `idleTimeoutMs` and finish within `timeoutMs`, with at most `maxBytes` of a
 * media type the result can have: `video/*` for a video result, `image/*` for an image one
 * (either for a bare URL), `application/octet-stream` or none; a page (`text/html`), JSON or
 * other text is refused with `UnexpectedResponseError`. On any failure, nothing is left at the
 * path: no half-written file, no temporary one.
 */
export async function download(
  source: TaskResult | string,
  destination: string | Writable,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const { signal } = options;
  const f = options.fetch ?? globalThis.fetch;
  let url = typeof source === "string" ? source : source.fileUrl ?? source.urls[0];
  if (!url) throw new UnexpectedResponseError("download: the result has no URL");
  const group = typeof source === "string" ? undefined : source.handle?.group;
  // Failures name the host, never the whole URL (a signed URL carries a token).
  let host = hostOf(url);
  const idleMs = checkDelay(options.idleTimeoutMs ?? DOWNLOAD_IDLE_MS, "idleTimeoutMs") || Infinity;
  const totalMs = checkDelay(options.timeoutMs ?? DOWNLOAD_TOTAL_MS, "timeoutMs") || Infinity;
  const maxBytes = options.maxBytes ?? DOWNLOAD_MAX_BYTES;
  if (!(maxBytes > 0)) throw new RangeError(`maxBytes must be a number of bytes above 0, not ${maxBytes}`);
  const tmp = typeof destination === "string" ? tempPath(destination) : undefined;
  if (signal?.aborted) throw signal.reason;

  // One signal for the request and the copy: the caller's abort, or a timeout of ours.
  const ac = new AbortController();
  let timedOut: RequestTimeoutError | undefined;
  const stop = (why: string): void => {
    timedOut = new RequestTimeoutError(`download ${host}: ${why}`);
    ac.abort(timedOut);
  };
  const cancelTotal = after(totalMs, () => stop(`not complete after ${totalMs} ms (timeoutMs)`));
  let cancelIdle = after(idleMs, () => stop(`no data for ${idleMs} ms (idleTimeoutMs)`));
  /** Restarts the idle timeout: the host sent something. */
  const stir = (): void => {
    cancelIdle();
    cancelIdle = after(idleMs, () => stop(`no data for ${idleMs} ms (idleTimeoutMs)`));
  };
  const abort = (): void => ac.abort(signal!.reason);
  signal?.addEventListener("abort", abort);
  /** What a failure throws: the caller's abort reason, our timeout, our own error, else `failure`. */
  const why = (e: unknown, what: string): unknown => (signal?.aborted ? signal.reason : timedOut ?? (e instanceof LinkModelError ? e : failure(e, what)));
  let received = 0;
  try {
    let res: Response;
    // Redirects by hand: each hop is a fresh request with no credentials and no headers of ours.
    for (let hop = 0; ; hop++) {
      try {
        res = await f(url, { redirect: "manual", credentials: "omit", signal: ac.signal });
      } catch (e) {
        throw why(e, `download ${host}: network error`);
      }
      stir();
      const to = res.headers.get("location");
      if (res.status < 300 || res.status > 399 || !to) break;
      await res.body?.cancel();
      if (hop >= (options.maxRedirects ?? 5)) throw new UnexpectedResponseError(`download: too many redirects`);
      url = new URL(to, url).href;
      host = hostOf(url);
    }
    const refuse = async (message: string): Promise<never> => {
      await res.body?.cancel();
      throw new UnexpectedResponseError(`download ${host}: ${message}`, { status: res.status });
    };
    if (!res.ok || !res.body) await refuse(`HTTP ${res.status}`);
    const type = res.headers.get("content-type")?.split(";")[0]!.trim().toLowerCase() ?? "";
    if (!mediaTypeFits(type, group))
      await refuse(`the host sent ${type}, not a${group ? ` ${group}` : " video or image"} file (an error page?); nothing was saved`);
    const total = Number(res.headers.get("content-length")) || null;
    const tooBig = `larger than ${maxBytes} bytes (maxBytes); nothing was saved`;
    if (total !== null && total > maxBytes) await refuse(tooBig);
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        stir();
        received += chunk.length;
        if (received > maxBytes) return done(new UnexpectedResponseError(`download ${host}: ${tooBig}`, { status: res.status }));
        options.onProgress?.({ receivedBytes: received, totalBytes: total });
        done(null, chunk);
      },
    });
    const body = Readable.fromWeb(res.body as import("node:stream/web").ReadableStream);
    const to = tmp === undefined ? (destination as Writable) : createWriteStream(tmp);
    try {
      await pipeline(body, count, to, { signal: ac.signal });
    } catch (e) {
      // The pipeline can fail while the file is still being opened; removed before the open
      // finished, the .part would come back. Its stream closes after the open, whatever happened.
      if (tmp !== undefined && !to.closed) await new Promise<void>((closed) => to.once("close", () => closed()));
      throw why(e, `download ${host}: connection lost after ${received} bytes`);
    }
    if (tmp !== undefined) await rename(tmp, destination as string);
  } catch (e) {
    if (tmp !== undefined) await rm(tmp, { force: true });
    throw e;
  } finally {
    cancelTotal();
    cancelIdle();
    signal?.removeEventListener("abort", abort);
  }
  return { url, bytes: received, ...(tmp !== undefined && { path: destination as string }) };
}

/**
 * Whether a result file may have media type `type` (lower-case, no parameters): its group's
 * (`video/*`, `image/*`; either without a group), a generic binary type, or none at all.
 */
function mediaTypeFits(type: string, group: TaskGroup | undefined): boolean {
  if (type === "" || type === "application/octet-stream" || type === "binary/octet-stream") return true;
  const top = type.split("/")[0];
  return group ? top === group : top === "video" || top === "image";
}

/**
 * A file name for a result URL: its last path segment, decoded, with anything but letters,
 * digits, `_`, `.` and `-` replaced by `_`, no leading dot, and at most 200 bytes (cut in the
 * middle, its extension kept, so that a suffix such as `-2` still fits in 255); `fallback`
 * when nothing is left.
 *
 * @example
 * ```ts
 * resultFileName("https://cdn.example.com/out/clip%20(1).mp4?sig=abc", "task-1"); // "clip__1_.mp4"
 * ```
 */
export function resultFileName(url: string, fallback: string): string {
  let last = "";
  try {
    last = decodeURIComponent(new URL(url).pathname.split("/").pop() ?? "");
  } catch {
    // not a URL, or bad escapes: the fallback name
  }
  // ASCII only, so that characters are bytes.
  const safe = last.replace(/[^\w.-]/g, "_").replace(/^\.+/, "");
  return safe === "" ? fallback : shortened(safe, 200);
}

/** `name` (ASCII) cut to `max` characters, its extension (up to 16 characters) kept. */
function shortened(name: string, max: number): string {
  if (name.length <= max) return name;
  const ext = extname(name).length <= 16 ? extname(name) : "";
  return name.slice(0, max - ext.length) + ext;
}

/**
 * The temporary file beside `destination`: its name bounded, so that a destination of 255
 * bytes still has one; unique per process and moment. A destination name over 255 bytes is
 * refused here, before any request.
 */
function tempPath(destination: string): string {
  const name = basename(destination);
  if (Buffer.byteLength(name) > NAME_MAX_BYTES)
    throw new InvalidRequestError(`download: the file name is ${Buffer.byteLength(name)} bytes, over the ${NAME_MAX_BYTES} a file system takes; resultFileName() gives a short one`, { issues: [] });
  const stem = shortened(name.replace(/[^\w.-]/g, "_"), 200);
  return join(dirname(destination), `${stem}.${process.pid}.${Date.now().toString(36)}.part`);
}

/** The host of an http(s) URL without credentials, or an `UnexpectedResponseError` saying what is wrong with it. */
function hostOf(url: string): string {
  let u: URL | undefined;
  try {
    u = new URL(url);
  } catch {
    // not a URL: reported below
  }
  if (!u || (u.protocol !== "https:" && u.protocol !== "http:")) throw new UnexpectedResponseError(`download: not an http(s) URL: ${JSON.stringify(url.slice(0, 100))}`);
  if (u.username || u.password) throw new UnexpectedResponseError(`download ${u.host}: the URL carries credentials, which are never sent`);
  return u.host;
}

/**
 * What a failed transfer throws (when the caller did not abort and no timeout fired): a
 * file-system error of the destination as it is (EACCES, ENOSPC: they say what to fix), else a
 * `ConnectionError` with the low-level code, never the low-level error itself.
 */
function failure(e: unknown, what: string): unknown {
  if (typeof e === "object" && e !== null && "syscall" in e) return e;
  const code = (e as { cause?: { code?: unknown } })?.cause?.code;
  return new ConnectionError(typeof code === "string" ? `${what} ${code}` : what);
}
