/**
 * Node-only helper: download a task's result file.
 *
 * Takes a `TaskResult` (its `fileUrl`, else its first URL) or a URL, and a destination (a file
 * path or a Writable); streams the body there. A path is written through a temporary file
 * beside it, renamed into place only when complete, so a failed download leaves nothing
 * half-written. Never sends the API key or any Authorization header to the file host, on the
 * first request or on any redirect.
 */
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { Readable, Transform, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { TaskResult } from "./client.js";
import { ConnectionError, UnexpectedResponseError } from "./errors.js";

/** Download progress. */
export interface DownloadProgress {
  readonly receivedBytes: number;
  /** From Content-Length; `null` when the host does not say. */
  readonly totalBytes: number | null;
}

/** Options of `download`. */
export interface DownloadOptions {
  readonly onProgress?: ((progress: DownloadProgress) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
  /** A custom fetch; it gets no Authorization header from here. */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /** Most redirects followed (default 5). */
  readonly maxRedirects?: number | undefined;
}

/** What `download` wrote. */
export interface DownloadResult {
  readonly url: string;
  readonly bytes: number;
  /** The file written, when the destination was a path. */
  readonly path?: string;
}

/** Streams a result file to a path (atomically) or a Writable, without credentials. */
export async function download(
  source: TaskResult | string,
  destination: string | Writable,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const { signal } = options;
  const f = options.fetch ?? globalThis.fetch;
  let url = typeof source === "string" ? source : source.fileUrl ?? source.urls[0];
  if (!url) throw new UnexpectedResponseError("download: the result has no URL");
  // Failures name the host, never the whole URL (a signed URL carries a token).
  let host = hostOf(url);
  let res: Response;
  // Redirects by hand: each hop is a fresh request with no credentials and no headers of ours.
  for (let hop = 0; ; hop++) {
    try {
      res = await f(url, { redirect: "manual", credentials: "omit", ...(signal && { signal }) });
    } catch (e) {
      throw failure(e, signal, `download ${host}: network error`);
    }
    const to = res.headers.get("location");
    if (res.status < 300 || res.status > 399 || !to) break;
    await res.body?.cancel();
    if (hop >= (options.maxRedirects ?? 5)) throw new UnexpectedResponseError(`download: too many redirects`);
    url = new URL(to, url).href;
    host = hostOf(url);
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    throw new UnexpectedResponseError(`download ${host}: HTTP ${res.status}`, { status: res.status });
  }
  const total = Number(res.headers.get("content-length")) || null;
  let received = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      received += chunk.length;
      options.onProgress?.({ receivedBytes: received, totalBytes: total });
      done(null, chunk);
    },
  });
  const body = Readable.fromWeb(res.body as import("node:stream/web").ReadableStream);
  const copy = (to: Writable): Promise<void> =>
    pipeline(body, count, to, signal ? { signal } : {}).catch((e: unknown) => {
      throw failure(e, signal, `download ${host}: connection lost after ${received} bytes`);
    });
  if (typeof destination !== "string") {
    await copy(destination);
    return { url, bytes: received };
  }
  const tmp = `${destination}.${process.pid}.${Date.now().toString(36)}.part`;
  try {
    await copy(createWriteStream(tmp));
    await rename(tmp, destination);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  return { url, bytes: received, path: destination };
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
 * What a failed transfer throws: the caller's abort reason when it aborted (as every other
 * call does), a file-system error of the destination as it is (EACCES, ENOSPC: they say what
 * to fix), else a `ConnectionError` with the low-level code, never the low-level error itself.
 */
function failure(e: unknown, signal: AbortSignal | undefined, what: string): unknown {
  if (signal?.aborted) return signal.reason;
  if (typeof e === "object" && e !== null && "syscall" in e) return e;
  const code = (e as { cause?: { code?: unknown } })?.cause?.code;
  return new ConnectionError(typeof code === "string" ? `${what} ${code}` : what);
}
