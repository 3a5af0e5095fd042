/**
 * The typed transport of a model package: openapi-fetch's client for that model's own
 * `paths` (its create endpoint and its group's query endpoint), authenticated, for calls the
 * high-level client does not wrap. The key is added only to requests for the base URL, and
 * every answer is read through `inbound.ts` as the client's are: capped, and with the key
 * blanked (in any encoding) from its body, status text and headers before openapi-fetch parses
 * it into `data` or `error`.
 */
import createClient, { type Client } from "openapi-fetch";
import { AuthenticationError, UnexpectedResponseError } from "./errors.js";
import { keyRedactor, MAX_RESPONSE_BYTES, readText } from "./inbound.js";
import type { ModelInfo } from "./model.js";

/** Options of a typed transport. */
export interface TransportOptions {
  /** API key; defaults to `LINKMODEL_API_KEY` where a `process` exists. */
  readonly apiKey?: string | undefined;
  /** Overrides the model's base URL. */
  readonly baseUrl?: string | undefined;
  /** A custom fetch (tests, proxies). */
  readonly fetch?: ((input: Request) => Promise<Response>) | undefined;
  /** Largest response body read (default 10 MiB); a larger one rejects with `UnexpectedResponseError`. */
  readonly maxResponseBytes?: number | undefined;
}

/** `LINKMODEL_API_KEY` from the environment, where there is one (never in a browser). */
export function apiKeyFromEnv(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.["LINKMODEL_API_KEY"] || undefined;
}

/**
 * The key to send: the option, else the environment's, trimmed as a header value will be (a
 * key read from a file keeps its newline), so that redaction finds what is sent.
 */
export function apiKeyOf(option: string | undefined): string | undefined {
  return (option ?? apiKeyFromEnv())?.trim() || undefined;
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
  const baseUrl = (options.baseUrl ?? info.baseUrl).replace(/\/+$/, "");
  const key = apiKeyOf(options.apiKey);
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
