/**
 * The typed transport of a model package: openapi-fetch's client for that model's own
 * `paths` (its create endpoint and its group's query endpoint), authenticated, for calls the
 * high-level client does not wrap. The key is added only to requests for the base URL, and
 * every answer is read through `inbound.ts` as the client's are: capped, and with the key
 * blanked (in any encoding) from its body, status text and headers before openapi-fetch parses
 * it into `data` or `error`.
 */
import createClient, { type Client } from "openapi-fetch";
import { baseUrlFromEnvironment, keyFromEnvironment } from "./client-environment.js";
import { AuthenticationError, UnexpectedResponseError } from "./errors.js";
import { keyRedactor, MAX_RESPONSE_BYTES, readText } from "./inbound.js";
import type { ModelInfo } from "./model.js";

/** How a client or a typed transport reaches the API: the key, the base URL, the fetch, the response cap. */
export interface TransportOptions {
  /**
   * API key; defaults to `process.env.LINKMODEL_API_KEY` where `process` exists (not in a
   * browser build). `null`: keyless, for a server-side proxy that adds the key
   * (`@linkmodel-sdk/runtime/proxy`): no `Authorization` header is sent and the environment is
   * not read. In a browser page a key is refused (every visitor could read it) unless
   * `dangerouslyAllowBrowser`.
   */
  readonly apiKey?: string | null | undefined;
  /**
   * Overrides the model's base URL, e.g. `https://api.linkmodel.ai/api/v1`, or a path such as
   * `/api/linkmodel` (a same-origin proxy, in a browser). Default: `LINKMODEL_BASE_URL` where
   * `process` exists (not in keyless mode or a browser), else the model's.
   */
  readonly baseUrl?: string | undefined;
  /** Lets a browser page use an API key, which every visitor can then read: for a page only you use. */
  readonly dangerouslyAllowBrowser?: boolean | undefined;
  /** A custom fetch (tests, proxies); receives a `Request`. A client's timeout or abort settles the call even if it ignores `request.signal`. */
  readonly fetch?: ((input: Request) => Promise<Response>) | undefined;
  /**
   * Largest API response body read (default 10 MiB; envelopes are a few kB). A larger one is
   * not read further and fails with `UnexpectedResponseError` ("response larger than N bytes");
   * for a create, the task may have been created (the request reached the server).
   */
  readonly maxResponseBytes?: number | undefined;
}

/** A web page: a `window` with a `document` (not Node, Deno or a worker). */
export const inBrowser = (): boolean => typeof window !== "undefined" && typeof document !== "undefined";

/** Where a client sends its requests, and with which key. */
export interface Connection {
  /** The key to send; `null` in keyless mode (`apiKey: null`: none is sent), `undefined` when none was found (every call fails). */
  readonly key: string | null | undefined;
  /** The base URL, without a trailing slash. */
  readonly base: string;
}

/** Why a key in a browser is refused, and what to do instead. */
export const BROWSER_KEY =
  "an API key in a browser is readable by every visitor: use apiKey: null behind a proxy (@linkmodel-sdk/runtime/proxy), or dangerouslyAllowBrowser: true";

/**
 * The key and base URL of a client (both transports): the options, else the environment's
 * `LINKMODEL_API_KEY` and `LINKMODEL_BASE_URL` (as the CLI reads them), else the model's base
 * URL. `apiKey: null` (keyless) reads nothing from the environment; neither does a browser
 * page for its base URL. The key is trimmed as a header value will be (a key read from a file
 * keeps its newline), so that redaction finds what is sent. A key in a browser page throws an
 * `AuthenticationError` unless `dangerouslyAllowBrowser`.
 */
export function connectionOf(o: TransportOptions, modelBaseUrl: string): Connection {
  const keyless = o.apiKey === null;
  const browser = inBrowser();
  const key = keyless ? null : (o.apiKey ?? keyFromEnvironment())?.trim() || undefined;
  if (key && browser && !o.dangerouslyAllowBrowser) throw new AuthenticationError(BROWSER_KEY);
  const base = o.baseUrl ?? (keyless || browser ? undefined : baseUrlFromEnvironment()) ?? modelBaseUrl;
  return { key, base: base.replace(/\/+$/, "") };
}

/**
 * A key no HTTP header can carry, which fetch refuses before sending: a control character
 * (a line break, NUL, DEL, ...; a tab is allowed), or one beyond Latin-1 (a typographic quote
 * pasted with it).
 */
export function unsendableKey(key: string): boolean {
  return /[^\t\x20-\x7e\x80-\xff]/.test(key);
}

/** The message of both transports for such a key: it never quotes the key. */
export const UNSENDABLE_KEY = "the API key has a character no HTTP header can carry: check apiKey / LINKMODEL_API_KEY";

/** openapi-fetch's client for one model's paths, with `Authorization` on requests to the base URL only. */
export function createTypedTransport<Paths extends {}>(info: ModelInfo, options: TransportOptions = {}): Client<Paths> {
  const { key, base: baseUrl } = connectionOf(options, info.baseUrl);
  // Resolved once as a Request resolves a URL (scheme and host lower-cased, default port and
  // dot segments dropped, a path against the page), so that requests compare as they are sent.
  let base: URL | undefined;
  try {
    base = new URL(baseUrl, (globalThis as { location?: { href?: string } }).location?.href);
  } catch {
    // not resolvable here: no request can go to it, and none gets the key
  }
  const basePath = base?.pathname.replace(/\/+$/, "") ?? "";
  const maxBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  const inbound = keyRedactor(key);
  const client = createClient<Paths>({ baseUrl, ...(options.fetch && { fetch: options.fetch }) });
  client.use({
    onRequest({ request }) {
      const url = new URL(request.url);
      const toBase = base !== undefined && url.origin === base.origin && (url.pathname === basePath || url.pathname.startsWith(`${basePath}/`));
      if (!key || !toBase) return request;
      if (unsendableKey(key)) throw new AuthenticationError(UNSENDABLE_KEY, { createOutcome: "not_created" });
      request.headers.set("Authorization", `Bearer ${key}`);
      // Not followed with the key: undici keeps it along a same-origin redirect to any path.
      return new Request(request, { redirect: "manual" });
    },
    async onResponse({ request, response }) {
      const text = await readText(response, maxBytes, false);
      const what = `${request.method} ${new URL(request.url).pathname}`;
      if (text === undefined) throw new UnexpectedResponseError(`${what}: response larger than ${maxBytes} bytes (maxResponseBytes)`, { status: response.status });
      let body = inbound.text(text);
      try {
        body = JSON.stringify(inbound.json(text));
      } catch {
        // not JSON: the text, blanked
      }
      const headers = new Headers();
      // The body is decoded and rewritten: its old length and encoding no longer apply.
      response.headers.forEach((v, name) => /^content-(length|encoding)$/.test(name) || headers.append(name, inbound.text(v)));
      const empty = response.status === 204 || response.status === 205 || response.status === 304;
      return new Response(empty ? null : body, { status: response.status, statusText: inbound.text(response.statusText), headers });
    },
  });
  return client;
}
