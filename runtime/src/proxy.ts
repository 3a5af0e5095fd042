/**
 * A server-side proxy for browser pages: the page's client runs keyless (`apiKey: null`) against
 * a path of its own origin, and this handler forwards to LinkModel what such a client sends,
 * adding the key. Built on the web-standard `Request`/`Response` only, so that it runs in Node
 * 20 (behind any server that hands it a `Request`), in the route handlers of common frameworks
 * and in edge workers. Never imported by the client entry (`index.ts`).
 *
 * Takes the key, the models a page may use and limits; returns `(request) => Promise<Response>`.
 * It forwards only a create (POST of a group's create path whose JSON body names an allowed
 * model) and a query (GET of a group's query path with a `task_id`), each by the path's end, so
 * that it can be mounted under any prefix. Anything else is refused with a JSON envelope
 * (`{ code, msg }`, as LinkModel answers) before anything reaches LinkModel: 403 (a model not
 * allowed), 404 (another path), 405 (another method), 413 (a body over `maxBodyBytes`), 400 (a
 * body that is not a JSON object, a query without `task_id`). Every answer is read through
 * `inbound.ts`: capped, and with the key blanked in every encoding, however LinkModel echoed it.
 */
import { keyRedactor, MAX_RESPONSE_BYTES, readText } from "./inbound.js";
import type { ModelInfo, TaskGroup } from "./model.js";
import { fromEnv } from "./env.js";
import { unsendableKey } from "./typed.js";
import { isJsonObject } from "./checks.js";

/** LinkModel's base URL, for models given by id. */
const LINKMODEL_BASE_URL = "https://api.linkmodel.ai/api/v1";

/** Options of `createProxy`. */
export interface ProxyOptions {
  /** API key; defaults to `LINKMODEL_API_KEY` from the environment. */
  readonly apiKey?: string | undefined;
  /**
   * The models a page may create tasks of: ids (`"wan2.6"`) or what model packages export
   * (`binding`, or its `model`). Queries are forwarded for the groups (video, image) of the
   * models given as bindings, or for both groups when any model is given by id.
   */
  readonly models: readonly (string | ModelInfo | { readonly info: ModelInfo })[];
  /** LinkModel's base URL: default `LINKMODEL_BASE_URL` from the environment, else the first binding's, else LinkModel's. */
  readonly baseUrl?: string | undefined;
  /** Largest request body forwarded (default 1 MiB); a larger one is refused with 413. */
  readonly maxBodyBytes?: number | undefined;
  /** A custom fetch for the upstream requests (tests). */
  readonly fetch?: ((input: Request) => Promise<Response>) | undefined;
}

/** A group's endpoints, as every LinkModel spec names them. */
const createPathOf = (group: TaskGroup): string => `/${group}-generation`;
const queryPathOf = (group: TaskGroup): string => `/query/${group}-generation`;

/** A JSON envelope of the proxy's own refusal (never sent upstream). */
const refuse = (status: number, msg: string): Response =>
  new Response(JSON.stringify({ code: status, msg: `linkmodel proxy: ${msg}`, data: null }), { status, headers: { "content-type": "application/json" } });

/**
 * A request handler that forwards a keyless client's creates and queries of the allowed models
 * to LinkModel with the key.
 *
 * @example
 * ```ts
 * // app/api/linkmodel/[...path]/route.ts (Next.js); any server that hands over a Request works alike
 * import { createProxy } from "@linkmodel-sdk/runtime/proxy";
 *
 * const proxy = createProxy({ apiKey: process.env.LINKMODEL_API_KEY, models: ["wan2.6"] });
 * export { proxy as GET, proxy as POST };
 * ```
 */
export function createProxy(options: ProxyOptions): (request: Request) => Promise<Response> {
  const key = (options.apiKey ?? fromEnv("LINKMODEL_API_KEY"))?.trim();
  if (!key) throw new Error("createProxy: no API key: pass apiKey or set LINKMODEL_API_KEY");
  if (unsendableKey(key)) throw new Error("createProxy: the API key has a character no HTTP header can carry");
  const infos = options.models.map((m) => (typeof m === "string" ? m : "info" in m ? m.info : m));
  // Each allowed id, with its group when known (a binding's): a video model is not created at the image endpoint.
  const ids = new Map(infos.map((m) => (typeof m === "string" ? [m, undefined] : [m.id, m.group])));
  if (ids.size === 0) throw new Error("createProxy: models is empty: name the models a page may use");
  const groups = new Set<TaskGroup>(infos.some((m) => typeof m === "string") ? ["video", "image"] : infos.map((m) => (m as ModelInfo).group));
  const firstInfo = infos.find((m): m is ModelInfo => typeof m !== "string");
  const base = (options.baseUrl ?? fromEnv("LINKMODEL_BASE_URL") ?? firstInfo?.baseUrl ?? LINKMODEL_BASE_URL).replace(/\/+$/, "");
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  if (!(maxBody > 0)) throw new RangeError(`createProxy: maxBodyBytes must be a number of bytes above 0, not ${maxBody}`);
  const inbound = keyRedactor(key);
  const send = options.fetch ?? ((r: Request) => fetch(r));

  /** The endpoint a path ends with: the longest match, so that `/query/video-generation` is not read as `/video-generation`. */
  function endpointOf(pathname: string): { group: TaskGroup; query: boolean } | undefined {
    for (const query of [true, false])
      for (const group of groups) if (pathname.endsWith(query ? queryPathOf(group) : createPathOf(group))) return { group, query };
    return undefined;
  }

  async function forward(url: string, init: RequestInit): Promise<Response> {
    let upstream: Response;
    try {
      upstream = await send(new Request(url, { ...init, redirect: "manual" }));
    } catch {
      return refuse(502, `LinkModel (${new URL(base).host}) could not be reached`);
    }
    const text = await readText(upstream, MAX_RESPONSE_BYTES, false);
    if (text === undefined) return refuse(502, `LinkModel's answer was larger than ${MAX_RESPONSE_BYTES} bytes`);
    const type = upstream.headers.get("content-type");
    // Only the status, the body (key blanked) and its type go back: no header of LinkModel's
    // (a cookie, an echo of the request) reaches the page.
    return new Response(inbound.text(text), { status: upstream.status, headers: type ? { "content-type": inbound.text(type) } : {} });
  }

  return async (request) => {
    const url = new URL(request.url);
    const endpoint = endpointOf(url.pathname.replace(/\/+$/, ""));
    if (!endpoint) return refuse(404, `${url.pathname} is not a LinkModel create or query endpoint of an allowed model`);
    const method = endpoint.query ? "GET" : "POST";
    if (request.method !== method) {
      const r = refuse(405, `${request.method} is not allowed here: ${method} only`);
      r.headers.set("allow", method);
      return r;
    }
    const authorization = { Authorization: `Bearer ${key}` };
    if (endpoint.query) {
      const taskId = url.searchParams.get("task_id");
      if (!taskId) return refuse(400, "a query needs task_id");
      return forward(`${base}${queryPathOf(endpoint.group)}?task_id=${encodeURIComponent(taskId)}`, { headers: authorization });
    }
    const text = await readText(request, maxBody, false);
    if (text === undefined) return refuse(413, `request body larger than ${maxBody} bytes (maxBodyBytes)`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: refused below
    }
    if (!isJsonObject(body)) return refuse(400, "the request body must be a JSON object");
    const model = body["model"];
    if (typeof model !== "string" || !ids.has(model) || (ids.get(model) ?? endpoint.group) !== endpoint.group)
      return refuse(403, `model ${JSON.stringify(model ?? null)} is not allowed at ${createPathOf(endpoint.group)} (allowed: ${[...ids.keys()].join(", ")})`);
    return forward(`${base}${createPathOf(endpoint.group)}`, { method: "POST", headers: { ...authorization, "Content-Type": "application/json" }, body: text });
  };
}
