/**
 * The mock LinkModel API for users' tests (`@linkmodel-sdk/runtime/testing`; the generated
 * `@linkmodel-sdk/testing` binds it to every model of the catalogue).
 *
 * Takes the models' bindings (id, group, paths, price, generated request validator) and a
 * test's scenarios; returns a mock that answers as the API does (LINKMODEL.md): the key, the
 * body by the model's own validator, the create envelope with `msg`, the query envelope with
 * `message`, capitalised statuses, `file_url` / `output_images` pointing at files it serves.
 * A task moves by polls, never by time, so the same mock serves a client on a virtual clock
 * (`clientOptions`: a fetch and a clock, no socket, no real wait) and one over loopback
 * (`listen()`). Seeded: the same calls get the same ids. Never imported by a client entry;
 * `node:http` loads only in `listen()`.
 */
import { issueList } from "./issues.js";
import type { ModelInfo, RequestValidator, TaskGroup } from "./model.js";
import type { Clock } from "./timers.js";
import { RESULT_RULES, type ResultRule } from "./results.js";
import type { ClientOptions } from "./transport.js";
import { isJsonObject } from "./checks.js";

/** What the mock needs of a model: its generated binding fits. */
export interface MockModel {
  readonly info: ModelInfo;
  readonly validateRequest: RequestValidator<unknown>;
}

/** Statuses a running task reports on a poll (LINKMODEL.md: seen while running). */
export type RunningStatus = "Pending" | "Processing";

/** The result of a successful task of group `G`: its own field only. */
export type MockResult<G extends TaskGroup> = G extends "video"
  ? { /** `data.file_url`; default: an MP4 the mock serves. */ readonly fileUrl?: string; readonly outputImages?: never }
  : G extends "image"
    ? { /** `data.output_images`: URLs, or how many PNGs the mock serves (default 1). */ readonly outputImages?: number | readonly string[]; readonly fileUrl?: never }
    : never;

/** A failed poll, answered before the task's own answers (the client retries polls). */
export type PollFault =
  | { readonly kind: "rate-limited"; /** `Retry-After` in seconds (default 1). */ readonly retryAfterSeconds?: number }
  | { readonly kind: "server-error"; readonly status?: 500 | 502 | 503 | 504 }
  | { readonly kind: "connection-dropped" };

/** How a created task goes on. */
interface Running {
  /** Polls until the end, the last one included (default 2). */
  readonly polls?: number;
  /** Statuses of the polls before the end, in order, the last repeated (default Pending, Processing). */
  readonly running?: readonly RunningStatus[];
  /** Faults answered to the first polls, before any of the above. */
  readonly pollFaults?: readonly PollFault[];
}

/** What one create (and its task) of a model of group `G` does. */
export type MockScenario<G extends TaskGroup = TaskGroup> =
  | (Running & { readonly outcome: "success"; readonly result?: MockResult<G> })
  | (Running & { readonly outcome: "failed"; /** The task's `data.msg`. */ readonly message?: string })
  | (Running & { readonly outcome: "cancelled" })
  | (Omit<Running, "polls"> & { readonly outcome: "never-finishes" })
  /** HTTP 200 with `code: 500` and the billing message, as the API does; no task. */
  | { readonly outcome: "insufficient-balance" }
  /** HTTP 401, whatever the key; no task. */
  | { readonly outcome: "unauthorized" }
  /** HTTP 429 with `Retry-After`; no task. */
  | { readonly outcome: "rate-limited"; readonly retryAfterSeconds?: number }
  /** A 5xx on the create; with `taskCreated`, the task exists anyway (and succeeds). */
  | { readonly outcome: "server-error"; readonly status?: 500 | 502 | 503 | 504; readonly taskCreated: boolean }
  /** The connection closes with no answer; with `taskCreated`, the task exists anyway (and succeeds). */
  | { readonly outcome: "connection-dropped"; readonly taskCreated: boolean };

/** A model map as the mock takes it, keyed by model id. */
export type MockModels = Readonly<Record<string, MockModel>>;

/** The scenario type of model `K` of `Ms`. */
export type ScenarioOf<Ms extends MockModels, K extends keyof Ms> = MockScenario<Ms[K]["info"]["group"]>;

/** Options of a mock. */
export interface MockOptions<Ms extends MockModels> {
  /** Seed of task, order and request ids (default 1): the same calls get the same ids. */
  readonly seed?: number;
  /** The key the mock accepts (default `"mock-key"`; `clientOptions` carries it). */
  readonly apiKey?: string;
  /** Each model's scenario for every task (default: success after 2 polls). */
  readonly scenarios?: { readonly [K in keyof Ms]?: ScenarioOf<Ms, K> };
  /** Serve only these models (default: all). */
  readonly models?: readonly (keyof Ms & string)[];
}

/** One request the mock received. */
export interface MockCall {
  readonly method: string;
  /** Path without the origin, e.g. `/api/v1/video-generation` or `/files/<task>.mp4`. */
  readonly path: string;
  /** Whether it carried the mock's key (the key itself is never recorded). */
  readonly authorized: boolean;
  /** The parsed JSON body of a POST (`undefined` for a GET or a body that is not JSON). */
  readonly body: unknown;
  /** The model a create named, the task a poll asked for. */
  readonly model?: string;
  readonly taskId?: string;
  /** HTTP status answered; `0` for a dropped connection. */
  readonly status: number;
  /** The envelope's `code`, when one was sent. */
  readonly code?: number;
}

/** A task the mock holds. */
export interface MockTask {
  readonly taskId: string;
  readonly orderId: string;
  readonly model: string;
  readonly group: TaskGroup;
  readonly price: number;
  /** The body it was created from. */
  readonly body: unknown;
  /** Polls answered so far (faults not counted). */
  readonly polls: number;
  /** Status of the last poll (`""` before any). */
  readonly status: string;
}

/** A mock on loopback. */
export interface MockServer {
  /** Base URL for a client: `http://127.0.0.1:<port>/api/v1`. */
  readonly url: string;
  /** `clientOptions` for this server: its key and `baseUrl`, and the mock's clock. */
  readonly clientOptions: ClientOptions & { readonly apiKey: string; readonly baseUrl: string; readonly clock: Clock };
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

/** A mock LinkModel API over the models `Ms`. */
export interface MockLinkModel<Ms extends MockModels> {
  /** Spread into any `createClient` or `createLinkModel`: the key, a base URL, this mock's fetch and its clock. */
  readonly clientOptions: ClientOptions & { readonly apiKey: string; readonly baseUrl: string; readonly clock: Clock };
  /** The mock as a fetch (API and result files); also for `download(result, path, { fetch: mock.fetch })`. */
  readonly fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** The virtual clock: its waits advance it, without real time. */
  readonly clock: Clock;
  /** Every request received, in order. */
  readonly calls: MockCall[];
  /** Every task created, in order. */
  readonly tasks: MockTask[];
  /** Sets the scenario of every later task of `model`. */
  scenario<K extends keyof Ms & string>(model: K, scenario: ScenarioOf<Ms, K>): void;
  /** Queues the scenario of the next create of `model` (then the next, ...; then the model's own). */
  next<K extends keyof Ms & string>(model: K, ...scenarios: ScenarioOf<Ms, K>[]): void;
  /** Serves the same mock on 127.0.0.1 (a free port). */
  listen(): Promise<MockServer>;
}

/** The origin of the in-process mock: `.test` never resolves, so nothing can leave by mistake. */
const ORIGIN = "https://api.linkmodel.test";
const API_PREFIX = "/api/v1";
/** The API's billing message (LINKMODEL.md). */
const NO_BALANCE = "create task failed: billing: code=100601: insufficient balance";
/** A 1×1 PNG. */
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
/** An MP4 that holds an `ftyp` box (isom) and an empty `moov`. */
const MP4 = "AAAAGGZ0eXBpc29tAAACAGlzb21tcDQxAAAACG1vb3Y=";
const DEFAULT_SCENARIO: MockScenario = { outcome: "success" };
const DEFAULT_RUNNING: readonly RunningStatus[] = ["Pending", "Processing"];

const bytes = (base64: string): Uint8Array => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

/** mulberry32: a small seedable generator. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A UUID v4 from `next`: ids in the shape the create response declares (`format: uuid`). */
function uuid(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
  hex[12] = "4";
  hex[16] = "89ab"[Math.floor(next() * 4)]!;
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * A virtual clock starting at `start` (epoch ms): `sleep` resolves once every earlier wake-up
 * has, moving the time to its own, a turn of the event loop apart, so that concurrent tasks keep
 * their order and each sees its own schedule. No real time passes.
 */
export function createVirtualClock(start = Date.UTC(2026, 0, 1)): Clock {
  let now = start;
  let order = 0;
  const sleepers: { at: number; order: number; wake: () => void }[] = [];
  let pumping = false;
  const defer = globalThis.setImmediate ?? ((f: () => void) => setTimeout(f, 0));
  const pump = (): void => {
    pumping = false;
    sleepers.sort((a, b) => a.at - b.at || a.order - b.order);
    const first = sleepers.shift();
    if (!first) return;
    now = Math.max(now, first.at);
    first.wake();
    if (sleepers.length) schedule();
  };
  const schedule = (): void => {
    if (!pumping) (pumping = true), defer(pump);
  };
  return {
    now: () => now,
    sleep(ms, signal) {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        if (!(ms > 0)) return ms <= 0 ? resolve() : reject(new RangeError(`sleep must be a number of ms, 0 or more, not ${ms}`));
        // Infinity: only an abort ends it.
        if (ms === Infinity) return signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
        const abort = (): void => {
          sleepers.splice(sleepers.indexOf(sleeper), 1);
          reject(signal!.reason);
        };
        const sleeper = {
          at: now + ms,
          order: order++,
          wake: () => {
            signal?.removeEventListener("abort", abort);
            resolve();
          },
        };
        sleepers.push(sleeper);
        signal?.addEventListener("abort", abort, { once: true });
        schedule();
      });
    },
  };
}

/** A task with what the mock knows of its future. */
interface TaskState {
  readonly record: { -readonly [K in keyof MockTask]: MockTask[K] };
  readonly scenario: MockScenario;
  faults: number;
}

/** An answer: a Response, or a connection closed with none. */
type Answer = Response | "drop";

/**
 * Creates a mock LinkModel API over `models` (keyed by model id), answering as the API does.
 *
 * @example
 * ```ts
 * import { binding } from "@linkmodel-sdk/wan2-6";
 *
 * const mock = createMockApi({ "wan2.6": binding }, { scenarios: { "wan2.6": { outcome: "failed", message: "nsfw" } } });
 * const client = createModelClient(binding, mock.clientOptions);
 * ```
 */
export function createMockApi<Ms extends MockModels>(models: Ms, options: MockOptions<Ms> = {}): MockLinkModel<Ms> {
  const apiKey = options.apiKey ?? "mock-key";
  const seed = options.seed ?? 1;
  const served = new Map<string, MockModel>();
  for (const id of options.models ?? Object.keys(models)) {
    const model = models[id];
    if (!model || model.info.id !== id) throw new TypeError(`createMock: no model ${JSON.stringify(id)}; one of: ${Object.keys(models).join(", ")}`);
    served.set(id, model);
  }
  /** `id` if the mock serves it (a JavaScript caller is not stopped by the types). */
  const servedId = (id: string): string => {
    if (!served.has(id)) throw new TypeError(`the mock serves no model ${JSON.stringify(id)}; one of: ${[...served.keys()].join(", ")}`);
    return id;
  };
  const taskIds = random(seed);
  const orderIds = random(seed ^ 0x5bd1e995);
  const requestIds = random(seed ^ 0x27d4eb2f);
  const defaults = new Map<string, MockScenario>(Object.entries(options.scenarios ?? {}) as [string, MockScenario][]);
  const queued = new Map<string, MockScenario[]>();
  const byId = new Map<string, TaskState>();
  /** Result files by path: `/files/<task>.mp4`, `/files/<task>-<n>.png`. */
  const files = new Map<string, { type: string; body: Uint8Array }>();
  /** The result fields of each successful task's last poll. */
  const urlsOf = new Map<string, Record<string, unknown>>();
  const calls: MockCall[] = [];
  const tasks: MockTask[] = [];
  const clock = createVirtualClock();

  const envelope = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Response =>
    new Response(JSON.stringify({ ...body, request_id: uuid(requestIds) }), { status, headers: { "content-type": "application/json", ...headers } });

  /** The model a create body names among those serving `path`; else the only one serving it. */
  function modelFor(path: string, body: unknown): MockModel | string {
    const here = [...served.values()].filter((m) => API_PREFIX + m.info.createPath === path);
    const named = isJsonObject(body) ? body["model"] : undefined;
    const model = here.find((m) => m.info.id === named) ?? (here.length === 1 ? here[0] : undefined);
    return model ?? `model must be one of ${here.map((m) => m.info.id).join(", ")}`;
  }

  function create(model: MockModel, body: unknown, scenario: MockScenario, origin: string): TaskState {
    const { id, group, price } = model.info;
    const taskId = uuid(taskIds);
    const record = { taskId, orderId: uuid(orderIds), model: id, group, price: price?.amount ?? 0, body, polls: 0, status: "" };
    const state: TaskState = { record, scenario: scenario.outcome === "server-error" || scenario.outcome === "connection-dropped" ? DEFAULT_SCENARIO : scenario, faults: 0 };
    byId.set(taskId, state);
    tasks.push(record);
    // The task's files, at the origin the client reached (the loopback port, or the in-process one).
    const s = state.scenario;
    if (s.outcome === "success") {
      // The group's result rule: which property of the scenario's result, which field of `data`.
      const { dataField, property } = RESULT_RULES[group];
      const given = (s.result as Partial<Record<ResultRule["property"], string | number | readonly string[]>> | undefined)?.[property];
      // What the mock serves is its own: one MP4 for a video, PNGs for an image.
      if (group === "video") {
        const path = `/files/${taskId}.mp4`;
        files.set(path, { type: "video/mp4", body: bytes(MP4) });
        urlsOf.set(taskId, { [dataField]: given ?? origin + path });
      } else {
        const count = typeof given === "number" ? given : 1;
        const paths = Array.from({ length: count }, (_, n) => `/files/${taskId}-${n + 1}.png`);
        for (const p of paths) files.set(p, { type: "image/png", body: bytes(PNG) });
        urlsOf.set(taskId, { [dataField]: Array.isArray(given) ? [...given] : paths.map((p) => origin + p) });
      }
    }
    return state;
  }
  function poll(state: TaskState): Answer {
    const s = state.scenario;
    const r = state.record;
    const faults = "pollFaults" in s ? s.pollFaults ?? [] : [];
    const fault = faults[state.faults];
    if (fault) {
      state.faults++;
      if (fault.kind === "connection-dropped") return "drop";
      if (fault.kind === "rate-limited") return envelope(429, { code: 429, message: "too many requests" }, { "retry-after": String(fault.retryAfterSeconds ?? 1) });
      return envelope(fault.status ?? 503, { code: fault.status ?? 503, message: "service unavailable" });
    }
    r.polls++;
    const running = ("running" in s && s.running?.length ? s.running : DEFAULT_RUNNING)!;
    const end = s.outcome !== "never-finishes" && r.polls >= ("polls" in s ? Math.max(1, s.polls ?? 2) : 2);
    const data: Record<string, unknown> = { task_id: r.taskId, model: r.model };
    if (!end) data["status"] = running[Math.min(r.polls - 1, running.length - 1)];
    else if (s.outcome === "success") Object.assign(data, { status: "Success" }, urlsOf.get(r.taskId));
    else if (s.outcome === "failed") Object.assign(data, { status: "Failed", msg: s.message ?? "task failed" });
    else data["status"] = "Cancelled";
    r.status = data["status"] as string;
    return envelope(200, { code: 0, data, message: "success" });
  }

  /** Answers one request, recording it. */
  async function handle(request: Request): Promise<Answer> {
    const url = new URL(request.url);
    const path = url.pathname;
    const authorized = request.headers.get("authorization") === `Bearer ${apiKey}`;
    const text = request.method === "POST" ? await request.text() : "";
    let body: unknown;
    try {
      body = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      // not JSON: a 400 below
    }
    const call: { -readonly [K in keyof MockCall]?: MockCall[K] } = { method: request.method, path, authorized, body };
    const answer = route(request.method, url, body, authorized, call);
    call.status = answer === "drop" ? 0 : answer.status;
    if (answer !== "drop" && answer.headers.get("content-type") === "application/json") {
      const code = ((await answer.clone().json()) as { code?: unknown }).code;
      if (typeof code === "number") call.code = code;
    }
    calls.push(call as MockCall);
    return answer;
  }

  function route(method: string, url: URL, body: unknown, authorized: boolean, call: { model?: string; taskId?: string }): Answer {
    const path = url.pathname;
    const file = method === "GET" ? files.get(path) : undefined;
    if (file) return new Response(file.body.slice(), { status: 200, headers: { "content-type": file.type, "content-length": String(file.body.length) } });
    const isCreate = method === "POST" && [...served.values()].some((m) => API_PREFIX + m.info.createPath === path);
    const queryGroup = method === "GET" ? [...served.values()].find((m) => API_PREFIX + m.info.queryPath === path)?.info.group : undefined;
    if (!isCreate && !queryGroup) return envelope(404, { code: 404, msg: `no route ${method} ${path}`, data: {} });
    if (!authorized) return envelope(401, { code: 401, data: {}, msg: "invalid api key" });
    if (queryGroup) {
      const taskId = url.searchParams.get("task_id");
      if (!taskId) return envelope(400, { code: 400, message: "task_id is required" });
      call.taskId = taskId;
      const state = byId.get(taskId);
      if (!state || state.record.group !== queryGroup) return envelope(404, { code: 404, message: `task ${taskId} not found`, data: {} });
      return poll(state);
    }
    if (!isJsonObject(body)) return envelope(400, { code: 400, msg: "the body must be a JSON object" });
    const model = modelFor(path, body);
    if (typeof model === "string") return envelope(400, { code: 400, msg: model });
    call.model = model.info.id;
    const checked = model.validateRequest(body);
    if (!checked.ok) return envelope(400, { code: 400, msg: issueList(checked.issues) });
    const scenario = queued.get(model.info.id)?.shift() ?? defaults.get(model.info.id) ?? DEFAULT_SCENARIO;
    switch (scenario.outcome) {
      case "unauthorized":
        return envelope(401, { code: 401, data: {}, msg: "invalid api key" });
      case "insufficient-balance":
        // HTTP 200 with a non-zero code, as the API answers it (LINKMODEL.md).
        return envelope(200, { code: 500, msg: NO_BALANCE });
      case "rate-limited":
        return envelope(429, { code: 429, msg: "too many requests" }, { "retry-after": String(scenario.retryAfterSeconds ?? 1) });
      case "server-error":
      case "connection-dropped": {
        if (scenario.taskCreated) call.taskId = create(model, body, scenario, url.origin).record.taskId;
        return scenario.outcome === "connection-dropped" ? "drop" : envelope(scenario.status ?? 502, { code: scenario.status ?? 502, msg: "bad gateway" });
      }
      default: {
        const { record } = create(model, body, scenario, url.origin);
        call.taskId = record.taskId;
        return envelope(200, { code: 0, data: { task_id: record.taskId, order_id: record.orderId, status: "processing", price: record.price }, msg: "success" });
      }
    }
  }

  const mockFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request && !init ? input : new Request(input, init);
    const answer = await handle(request);
    // What undici reports when the server closes the connection with no answer.
    if (answer === "drop") throw new TypeError("fetch failed", { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) });
    return answer;
  };

  async function listen(): Promise<MockServer> {
    const { createServer } = await import("node:http");
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= 1 << 20) chunks.push(chunk);
      });
      req.on("end", () => {
        if (size > 1 << 20) return res.writeHead(413).end();
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
        const method = req.method ?? "GET";
        const request = new Request(`http://${req.headers.host ?? "127.0.0.1"}${req.url ?? "/"}`, { method, headers, ...(method === "POST" && { body: Buffer.concat(chunks) }) });
        void handle(request).then(async (answer) => {
          if (answer === "drop") return void req.socket.destroy();
          answer.headers.forEach((value, name) => res.setHeader(name, value));
          res.writeHead(answer.status);
          res.end(Buffer.from(await answer.arrayBuffer()));
        });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      // Loopback only: a test's mock is nobody else's business.
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = server.address() as { port: number };
    const url = `http://127.0.0.1:${port}${API_PREFIX}`;
    return {
      url,
      clientOptions: { apiKey, baseUrl: url, clock },
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    };
  }

  return {
    clientOptions: { apiKey, baseUrl: ORIGIN + API_PREFIX, fetch: mockFetch, clock },
    fetch: mockFetch,
    clock,
    calls,
    tasks,
    scenario: (model, scenario) => void defaults.set(servedId(model), scenario as MockScenario),
    next: (model, ...scenarios) => void queued.set(servedId(model), [...(queued.get(model) ?? []), ...(scenarios as MockScenario[])]),
    listen,
  };
}
