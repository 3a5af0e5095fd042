/**
 * The typed transport of a model package: openapi-fetch's client for that model's own
 * `paths` (its create endpoint and its group's query endpoint), authenticated, for calls the
 * high-level client does not wrap. The key is added only to requests for the base URL.
 */
import createClient, { type Client } from "openapi-fetch";
import type { ModelInfo } from "./model.js";

/** Options of a typed transport. */
export interface TransportOptions {
  /** API key; defaults to `LINKMODEL_API_KEY` where a `process` exists. */
  readonly apiKey?: string | undefined;
  /** Overrides the model's base URL. */
  readonly baseUrl?: string | undefined;
  /** A custom fetch (tests, proxies). */
  readonly fetch?: ((input: Request) => Promise<Response>) | undefined;
}

/** `LINKMODEL_API_KEY` from the environment, where there is one (never in a browser). */
export function apiKeyFromEnv(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.["LINKMODEL_API_KEY"] || undefined;
}

/** openapi-fetch's client for one model's paths, with `Authorization` on requests to the base URL only. */
export function createTypedTransport<Paths extends {}>(info: ModelInfo, options: TransportOptions = {}): Client<Paths> {
  const baseUrl = (options.baseUrl ?? info.baseUrl).replace(/\/+$/, "");
  const key = options.apiKey ?? apiKeyFromEnv();
  const client = createClient<Paths>({ baseUrl, ...(options.fetch && { fetch: options.fetch }) });
  client.use({
    onRequest({ request }) {
      if (key && (request.url === baseUrl || request.url.startsWith(`${baseUrl}/`))) request.headers.set("Authorization", `Bearer ${key}`);
      return request;
    },
  });
  return client;
}
