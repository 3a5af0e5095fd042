/**
 * Transport: one HTTP exchange with LinkModel over `fetch`, read through the envelope.
 *
 * Takes a method, path, body or task id and the call's signal/timeout; returns the parsed
 * envelope of a `code: 0` answer or throws a typed `LinkModelError`. Retries only GETs
 * (`poll`); a create is sent exactly once. Must never put the API key (or a Request,
 * headers, or a raw low-level error) into an error, a message or a log line.
 *
 * Plain `fetch`, not openapi-fetch: the client sends one JSON POST and one GET with one query
 * parameter, and openapi-fetch's generality (middleware, serializers, a Request built twice)
 * was half of a browser bundle and most of the client's overhead over raw fetch (bench/).
 * openapi-fetch remains the typed transport of each package (`typed.ts`).
 */
import { keyRedactor, MAX_RESPONSE_BYTES, readText } from "./inbound.js";
import { after, checkDelay, realClock, type Clock } from "./timers.js";
import { connectionOf, inBrowser, UNSENDABLE_KEY, unsendableKey, type TransportOptions } from "./typed.js";
import { neverSent, parseTime } from "./client-environment.js";
import { isJsonObject, nonEmptyString } from "./checks.js";
import { classifyFailure, envelopeCode, type Envelope } from "./envelope.js";
import {
  AuthenticationError,
  ConnectionError,
  InvalidRequestError,
  RateLimitedError,
  RequestTimeoutError,
  ServerError,
  UnexpectedResponseError,
  type ErrorInfo,
  type LinkModelError,
} from "./errors.js";

/** A debug logger; `console` fits. Lines never contain the API key. */
export interface Logger {
  debug(line: string): void;
}

/**
 * Options shared by every client. A delay (`timeoutMs`, `retryBaseMs`, `retryMaxMs`) is a number
 * of milliseconds, 0 or more; a negative one or NaN throws a `RangeError` when the client is
 * created, before anything is sent. Delays longer than a timer can take (2^31−1 ms, 24.8 days)
 * are waited in full.
 */
export interface ClientOptions extends TransportOptions {
  /**
   * Timeout of one HTTP request, body included (default 60 000 ms); `0` or `Infinity`: no
   * timeout. A request past it fails with `RequestTimeoutError` (a create's outcome is then
   * unknown: it may have reached the server).
   */
  readonly timeoutMs?: number | undefined;
  /** Retries of a failed poll (GET) on network errors, 5xx, 429 and garbled bodies (default 3). Creates are never retried. */
  readonly maxRetries?: number | undefined;
  /** First backoff step of poll retries (default 500 ms); doubles per retry, full jitter. */
  readonly retryBaseMs?: number | undefined;
  /** Longest single backoff of a poll retry outside `wait` (default 8 000 ms). */
  readonly retryMaxMs?: number | undefined;
  /** Refuse undeclared keys before creating, with a did-you-mean outside a browser build (default true). */
  readonly typoProtection?: boolean | undefined;
  /** Debug logger. */
  readonly logger?: Logger | undefined;
  /**
   * The clock polling and retries read and wait by (default: real time). Tests pass the one of
   * a mock (`@linkmodel-sdk/testing`), whose waits take no real time; request timeouts stay real.
   */
  readonly clock?: Clock | undefined;
}

/** Options of one call. */
export interface CallOptions {
  /** Aborts the call; an aborted call rejects with `signal.reason`. */
  readonly signal?: AbortSignal | undefined;
  /** Overrides the client's per-request timeout (`0` or `Infinity`: none; negative or NaN: a `RangeError`, nothing sent). */
  readonly timeoutMs?: number | undefined;
}

/** The transport of one client. */
export interface Transport {
  /**
   * The POST of a create, with `body` as JSON: sent once, never retried (it may have reached
   * the server). Positional arguments and the caller's own options, so that an exchange costs
   * no object of its own.
   */
  create(path: string, body: unknown, call: CallOptions): Promise<Envelope>;
  /** The GET of a poll for `taskId`, retried within bounds; no retry would end after `deadline` (epoch ms). */
  poll(path: string, taskId: string, call: CallOptions, deadline?: number): Promise<Envelope>;
  /** Debug log, redacted; absent without a logger. */
  readonly log: ((line: string) => void) | undefined;
  /** The clock of the client's options. */
  readonly clock: Clock;
}

/** Whether a poll that failed with `error` may succeed if retried. */
const isRetryable = (error: unknown): error is LinkModelError =>
  [ServerError, RateLimitedError, ConnectionError, RequestTimeoutError, UnexpectedResponseError].some((Kind) => error instanceof Kind);

/**
 * Parses Retry-After into milliseconds: delay-seconds, or an HTTP date (one already past means
 * now). Anything else ("-1", "soon", "1, 2", which `Date.parse` would read as a past date) is
 * no Retry-After at all, so the usual backoff applies.
 */
function retryAfterMs(header: string | null, now: number): number | undefined {
  const ms = !header ? NaN : /^\d+(\.\d+)?$/.test(header) ? +header * 1000 : /^[a-z]{3,9},? /i.test(header) ? parseTime(header) - now : NaN;
  return ms >= 0 ? ms : ms < 0 ? 0 : undefined;
}

/**
 * Why a client cannot send at all, as the error each call then throws; none when it can. Found
 * before anything is sent, so that none reads as a network error after which a create "may have
 * been billed": no key (none given, none in the environment), a key a header cannot carry
 * (`unsendableKey`), and a base URL that is neither http(s) nor a path (which a browser resolves
 * against the page: a same-origin proxy), or that carries a user or password (fetch refuses it;
 * the message must not repeat it, it may hold a password).
 */
function refusalOf(key: string | null | undefined, base: string): ((info: ErrorInfo) => LinkModelError) | undefined {
  if (key === undefined) return (info) => new AuthenticationError("no API key: pass apiKey or set LINKMODEL_API_KEY (or apiKey: null, behind a proxy)", info);
  if (key && unsendableKey(key)) return (info) => new AuthenticationError(UNSENDABLE_KEY, info);
  if (!/^(https?:\/\/[^/?#\s@]+([/?#]|$)|\/)/i.test(base))
    return (info) => new InvalidRequestError("baseUrl must be an http(s) URL without user or password, or a path", { ...info, issues: [] });
  return undefined;
}

/** Creates the transport of one client from its options and the model's base URL. */
export function createTransport(modelBaseUrl: string, options: ClientOptions): Transport {
  const { key, base } = connectionOf(options, modelBaseUrl);
  const refusal = refusalOf(key, base);
  // Checked once, here: a bad delay is a RangeError before anything is sent.
  for (const name of ["timeoutMs", "retryBaseMs", "retryMaxMs"] as const) if (options[name] !== undefined) checkDelay(options[name], name);
  const maxBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  if (!(maxBytes > 0)) throw new RangeError(`maxResponseBytes must be a number of bytes above 0, not ${maxBytes}`);
  // Every form of the key a server may echo, computed once; `redact` blanks them in a text.
  const inbound = keyRedactor(key);
  const redact = inbound.text;
  const logger = options.logger;
  const clock = options.clock ?? realClock;
  const customFetch = options.fetch;
  // Absent without a logger, so that `log?.(`…`)` does not even build its line.
  const log = logger && ((line: string): void => logger.debug(redact("linkmodel: " + line)));

  /** One exchange: a POST of `body` when there is one, else a GET for `taskId`. */
  async function exchange(path: string, body: unknown, call: CallOptions, taskId?: string): Promise<Envelope> {
    const isPost = body !== undefined;
    const signal = call.signal;
    const method = isPost ? "POST" : "GET";
    // The host it was sent to (never a user or password: `refusal`), not the key.
    const request = `${method} ${base}${path}`;
    // A create that fails after it may have reached the server has an unknown outcome.
    const errorInfo = (sent: boolean, more?: ErrorInfo): ErrorInfo => ({
      ...more,
      taskId,
      createOutcome: isPost ? (sent ? "unknown" : "not_created") : undefined,
    });
    if (signal?.aborted) throw signal.reason;
    if (refusal) throw refusal(errorInfo(false));
    const timeoutMs = call.timeoutMs === undefined ? options.timeoutMs ?? 60_000 : checkDelay(call.timeoutMs, "timeoutMs");
    const controller = new AbortController();
    let timedOut = false;
    const cancelTimeout = after(timeoutMs || Infinity, () => {
      timedOut = true;
      controller.abort();
    });
    const forwardAbort = signal && ((): void => controller.abort());
    if (forwardAbort) signal.addEventListener("abort", forwardAbort);
    let response: Response;
    let text: string | undefined;
    try {
      const url = base + path + (isPost ? "" : `?task_id=${encodeURIComponent(taskId ?? "")}`);
      const headers: Record<string, string> = key ? { Authorization: `Bearer ${key}` } : {};
      if (isPost) headers["Content-Type"] = "application/json";
      const init: RequestInit = { method, headers, body: isPost ? JSON.stringify(body) : null, signal: controller.signal, redirect: "manual" };
      // No redirect is followed (a 3xx is an unexpected response): undici would carry the key
      // along a same-origin redirect to any path, and the key goes to the base URL only.
      // A custom fetch gets a Request, as documented; the global fetch rejects on abort, also
      // while the body is read (the Fetch standard).
      // Read with a cap (no more than `maxBytes` is held); the global fetch's Content-Length is
      // trusted (a custom fetch may hand over a body longer than its header says), but not on a
      // cross-origin answer: a browser hides its Content-Encoding (not CORS-safelisted), so that
      // its length may be a compressed body's.
      const answer = (customFetch ? customFetch(new Request(url, init)) : fetch(url, init)).then((answered) =>
        readText(answered, maxBytes, !customFetch && answered.type !== "cors").then((answeredText) => [answered, answeredText] as const),
      );
      // A custom fetch may ignore its signal: settle on abort anyway. (race subscribes to
      // both promises, so whichever loses rejects unobserved, not unhandled.)
      [response, text] = await (customFetch ? Promise.race([answer, new Promise<never>((_, reject) => (controller.signal.onabort = reject))]) : answer);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      log?.(`${request}: ${timedOut ? "timeout" : "network error"}`);
      if (timedOut) throw new RequestTimeoutError(`${request}: timeout after ${timeoutMs} ms`, errorInfo(true));
      // Only a short code or message of the low-level error: never the error itself (it may hold the Request).
      const code = (error as { cause?: { code?: unknown } })?.cause?.code;
      const unsent = neverSent(code);
      // A browser tells a CORS refusal from no other failure: it may come after the server got the request.
      const cors = inBrowser() ? " (or CORS)" : "";
      throw new ConnectionError(redact(`${request}: network error ${typeof code === "string" ? code : String((error as Error)?.message)}${cors}`), errorInfo(!unsent));
    } finally {
      cancelTimeout();
      if (forwardAbort) signal.removeEventListener("abort", forwardAbort);
    }

    const status = response.status;
    // The answer reached us, so the request reached the server: a create's outcome is unknown.
    if (text === undefined) throw new UnexpectedResponseError(`${request}: response larger than ${maxBytes} bytes (maxResponseBytes)`, errorInfo(true, { status }));
    let json: unknown;
    try {
      // Whatever the server echoes (a request_id, a status, a message, a property name), the
      // key is out of it, in any encoding, before any field reaches an error, a handle, a
      // progress report or `raw`.
      json = inbound.json(text);
    } catch {
      // not JSON: an unexpected response below
    }
    const envelope = isJsonObject(json) ? json : undefined;
    const code = envelopeCode(envelope);
    log?.(`${request}: HTTP ${status} code ${code}`);
    if (response.ok && code === 0) return envelope!;
    const [Kind, failureText, refused] = classifyFailure(status, envelope);
    throw new Kind(`${request}: ${failureText}`, errorInfo(!refused, {
      status,
      code,
      requestId: nonEmptyString(envelope?.["request_id"]),
      retryAfterMs: retryAfterMs(response.headers.get("retry-after"), clock.now()),
    }));
  }

  async function poll(path: string, taskId: string, call: CallOptions, deadline?: number): Promise<Envelope> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await exchange(path, undefined, call, taskId);
      } catch (error) {
        const room = deadline === undefined ? options.retryMaxMs ?? 8000 : deadline - clock.now();
        if (!isRetryable(error) || attempt >= (options.maxRetries ?? 3)) throw error;
        // Retry-After when given, else exponential backoff with full jitter.
        const delay = error.retryAfterMs ?? Math.random() * Math.min(options.retryMaxMs ?? 8000, (options.retryBaseMs ?? 500) * 2 ** attempt);
        if (delay > room) throw error;
        log?.(`retry ${path} in ${Math.round(delay)} ms after ${error.kind}`);
        await clock.sleep(delay, call.signal);
      }
    }
  }

  // The paid create is the exchange itself, so that its promise is the exchange's own, without
  // a wrapper's microtask turns; it is never retried.
  return { create: exchange, poll, log, clock };
}
