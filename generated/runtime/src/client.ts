/**
 * The model client: create (validated, sent once), get (one poll, retried), wait (the group's
 * polling schedule counted from the task's creation, bounded by a deadline) and run.
 *
 * Takes a `ModelBinding` from a generated package and `ClientOptions`; returns a
 * `ModelClient`. Never retries a create, never reads an unknown status as success, and leaves
 * no timer behind once a call settles.
 */
import {
  CallbackError,
  InvalidRequestError,
  TaskCancelledError,
  TaskFailedError,
  UnexpectedResponseError,
  WaitTimeoutError,
} from "./errors.js";
import { isoTime, readHandle, type TaskHandle } from "./handle.js";
import type { ModelBinding, ModelInfo, PollSchedule, TaskGroup, ValidationIssue, ValidationResult } from "./model.js";
import { checkDelay } from "./timers.js";
import { createTransport, str, type CallOptions, type ClientOptions, type Envelope } from "./transport.js";
import { isJsonObject } from "./checks.js";

/** A create body: `model` may be left out (the client fills in its own id). */
export type CreateBody<Req, Id extends string = string> = Omit<Req, "model"> & { model?: Id };

/** Options of `create`. */
export interface CreateOptions extends CallOptions {
  /** Overrides the client's typo protection for this call. */
  readonly typoProtection?: boolean | undefined;
}

/** What `wait` reports after each poll. */
export interface WaitProgress {
  /** Task status as the API spells it (`Pending`, `Processing`, `Success`, ...). */
  readonly status: string;
  /** Milliseconds since the task was created. */
  readonly elapsedMs: number;
  /** 1 for the first poll. */
  readonly attempt: number;
  /** Delay before the next poll; `null` when this was the last. */
  readonly nextPollInMs: number | null;
}

/** Options of `wait`. */
export interface WaitOptions extends CallOptions {
  /** Overrides the group's polling schedule. */
  readonly schedule?: PollSchedule | undefined;
  /**
   * Give up this many ms after the task's creation (default: the schedule's `deadlineMs`). At
   * least one poll is made. `Infinity`: never give up; negative or NaN (here or in `schedule`):
   * a `RangeError` before the first poll. Intervals and deadlines beyond 2^31−1 ms are waited in full.
   */
  readonly deadlineMs?: number | undefined;
  /** Called after every poll. */
  readonly onProgress?: ((progress: WaitProgress) => void) | undefined;
}

/** Options of `run`. */
export interface RunOptions extends CreateOptions, WaitOptions {
  /**
   * Called once the task exists, before waiting: persist the handle here to resume later. If it
   * throws, `run` stops waiting and rejects with a `CallbackError` whose `handle` (and `taskId`)
   * is the created task's, to resume with `wait(error.handle)` rather than pay for a new one,
   * and whose `cause` is what `onCreated` threw.
   */
  readonly onCreated?: ((handle: TaskHandle) => void) | undefined;
}

/** Result URLs as both groups report them, each group its own field. */
interface Urls {
  /** Every result URL: `[file_url]` for video, `output_images` for image. */
  readonly urls: string[];
  /** Video result (`data.file_url`). */
  readonly fileUrl?: string;
  /** Image results (`data.output_images`). */
  readonly outputImages?: string[];
}

/**
 * The result URLs of a finished task of group `G`: a video has its `fileUrl`, an image its
 * `outputImages` (`wait` refuses a success without them), so neither is optional there.
 */
export type ResultUrls<G extends TaskGroup = TaskGroup> = G extends "video"
  ? { readonly urls: string[]; /** Video result (`data.file_url`). */ readonly fileUrl: string; readonly outputImages?: never }
  : G extends "image"
    ? { readonly urls: string[]; /** Image results (`data.output_images`), at least one. */ readonly outputImages: string[]; readonly fileUrl?: never }
    : never;

/** One poll's view of a task. */
export interface TaskState extends Urls {
  readonly taskId: string;
  /** Status as the API spells it; `""` when absent. */
  readonly status: string;
  /** The task's own message (`data.msg`), e.g. why it failed. */
  readonly message?: string;
  /** The validated query envelope. */
  readonly raw: unknown;
}

/** A finished task of group `G`: the same shape for video and image but for its URL field. */
export type TaskResult<G extends TaskGroup = TaskGroup> = ResultUrls<G> & {
  readonly handle: TaskHandle;
  readonly status: "Success";
  /** The validated query envelope. */
  readonly raw: unknown;
};

/** A client bound to one model; `Info` is its metadata, with the literal id and group. */
export interface ModelClient<Req, Id extends string = string, Info extends ModelInfo = ModelInfo> {
  /** The model's metadata. */
  readonly model: Info;
  /**
   * Validates `body` (no request when invalid), creates the task once and returns its handle.
   * Never retried: see `createOutcome` on errors.
   *
   * @example
   * ```ts
   * const handle = await client.create({ prompt: "A red panda on a bicycle" });
   * localStorage.setItem("task", JSON.stringify(handle)); // resume later with wait()
   * ```
   */
  create(body: CreateBody<Req, Id>, options?: CreateOptions): Promise<TaskHandle>;
  /**
   * Polls a task once (transient failures retried) by id or handle.
   *
   * @example
   * ```ts
   * const state = await client.get(handle);
   * console.log(state.status, state.urls);
   * ```
   */
  get(task: string | TaskHandle, options?: CallOptions): Promise<TaskState>;
  /**
   * Polls on the group's schedule until `Success` (returns) or `Failed`/`Cancelled`/deadline
   * (throws). Accepts a handle, its JSON, or a bare task id of this model (polled at once; the
   * deadline then counts from the call).
   *
   * @example
   * ```ts
   * const result = await client.wait(savedHandleJson, {
   *   onProgress: ({ status, elapsedMs }) => console.log(status, elapsedMs),
   * });
   * console.log(result.urls);
   * ```
   */
  wait(handle: TaskHandle | string, options?: WaitOptions): Promise<TaskResult<Info["group"]>>;
  /**
   * `create` then `wait`. A failure after the task exists carries its `taskId`; a throwing
   * `onCreated` rejects with a `CallbackError` carrying the whole `handle` (see `RunOptions`).
   *
   * @example
   * ```ts
   * const result = await client.run({ prompt: "A red panda on a bicycle" }, { signal: AbortSignal.timeout(600_000) });
   * console.log(result.urls[0]);
   * ```
   */
  run(body: CreateBody<Req, Id>, options?: RunOptions): Promise<TaskResult<Info["group"]>>;
}

const list = (issues: readonly ValidationIssue[]): string => issues.map((i) => `${i.path || "/"}: ${i.message}`).join("; ");

/**
 * Delay before the next poll at `elapsedMs` since creation: none while a phase says
 * `intervalMs: null` (wait for the next phase), at once on a first poll inside a polling
 * phase (a resumed handle), else the phase's interval.
 *
 * @example
 * ```ts
 * nextPollDelay(model.schedule, 45_000, false); // 5000 for video: every 5 s between 30 s and 2 min
 * ```
 */
export function nextPollDelay(schedule: PollSchedule, elapsedMs: number, firstPoll: boolean): number {
  const ph = schedule.phases;
  let i = ph.length - 1;
  while (i >= 0 && ph[i]!.fromMs > elapsedMs) i--;
  const p = ph[i];
  if (!p || p.intervalMs === null) return (ph[i + 1]?.fromMs ?? schedule.deadlineMs) - elapsedMs;
  return firstPoll ? 0 : p.intervalMs;
}

/** An envelope's `data` object; none (an empty one) when it is not an object. */
const dataOf = (env: Envelope): Record<string, unknown> => (isJsonObject(env.data) ? env.data : {});

/** Reads the urls of a query envelope's `data`, the group's own field: `file_url` (video) or `output_images` (image). */
function urls(d: Record<string, unknown>, group: TaskGroup): Urls {
  if (group === "video") {
    const fileUrl = str(d["file_url"]);
    return fileUrl ? { urls: [fileUrl], fileUrl } : { urls: [] };
  }
  const images = Array.isArray(d["output_images"]) ? (d["output_images"] as unknown[]).filter((u): u is string => !!str(u)) : [];
  return images.length > 0 ? { urls: images, outputImages: images } : { urls: [] };
}

/**
 * Creates a client for one model from its generated binding (model packages call this for
 * you in their `createClient`).
 *
 * @example
 * ```ts
 * import { binding } from "@linkmodel-sdk/wan2-6";
 *
 * const client = createModelClient(binding, { apiKey: process.env.LINKMODEL_API_KEY });
 * ```
 */
export function createModelClient<Req, Info extends ModelInfo = ModelInfo>(
  binding: ModelBinding<Req, unknown, unknown, Info>,
  options: ClientOptions = {},
): ModelClient<Req, Info["id"], Info> {
  const info = binding.info;
  const t = createTransport(info.baseUrl, options);

  async function create(body: CreateBody<Req, Info["id"]>, o: CreateOptions = {}): Promise<TaskHandle> {
    const b = body as unknown;
    const full = isJsonObject(b) ? { ...b, model: b["model"] ?? info.id } : b;
    const v: ValidationResult<unknown> =
      isJsonObject(full) && full["model"] !== info.id
        ? { ok: false, issues: [{ path: "/model", keyword: "const", params: { allowedValue: info.id }, message: `must be ${info.id}` }] }
        : binding.validateRequest(full, { typoProtection: o.typoProtection ?? options.typoProtection ?? true });
    if (!v.ok)
      throw new InvalidRequestError(`invalid ${info.id} request: ${list(v.issues)}`, { issues: v.issues, createOutcome: "not_created" });
    const createdAt = isoTime(t.clock.now());
    const env = await t.create(info.createPath, v.value, o);
    const r = binding.validateCreateResponse(env);
    const d = dataOf(env);
    const taskId = str(d["task_id"]);
    const orderId = str(d["order_id"]);
    const requestId = str(env["request_id"]);
    // A task id means the task exists (and is billed) even when another field is off: the
    // error carries it, so that the caller can look the task up instead of creating another.
    if (!r.ok || !taskId)
      throw new UnexpectedResponseError(
        `unexpected create response: ${r.ok ? "/data/task_id: missing" : list(r.issues)}${taskId ? `; task ${taskId} was created` : ""}`,
        { requestId, taskId, orderId, createOutcome: "unknown" },
      );
    const h: { -readonly [K in keyof TaskHandle]: TaskHandle[K] } = { taskId, model: info.id, group: info.group, createdAt };
    if (orderId) h.orderId = orderId;
    if (typeof d["price"] === "number") h.price = d["price"];
    if (requestId) h.requestId = requestId;
    t.log?.(`created task ${taskId}`);
    if (d["status"] === "failed") throw new TaskFailedError(`task ${taskId} failed at creation`, { ...h, taskStatus: "failed" });
    return h;
  }

  async function query(taskId: string, o: CallOptions, deadline?: number): Promise<TaskState> {
    const env = await t.poll(info.queryPath, taskId, o, deadline);
    const r = binding.validateQueryResponse(env);
    if (!r.ok) throw new UnexpectedResponseError(`unexpected query response: ${list(r.issues)}`, { taskId, requestId: str(env["request_id"]) });
    const d = dataOf(env);
    const message = str(d["msg"]);
    return { taskId, status: str(d["status"]) ?? "", ...urls(d, info.group), ...(message && { message }), raw: env };
  }

  /**
   * A handle (or its JSON) of this client's group: an image client cannot poll a video task. A
   * bare task id is a task of this client's model whose creation time is unknown: counted from
   * now, and polled at once.
   */
  function ownHandle(input: TaskHandle | string): { handle: TaskHandle; createdMs: number; bare?: boolean } {
    if (typeof input === "string" && /^\s*[^\s{]/.test(input)) {
      const now = Date.now();
      return { handle: { taskId: input.trim(), model: info.id, group: info.group, createdAt: isoTime(now) }, createdMs: now, bare: true };
    }
    const h = readHandle(input);
    if (h.handle.group !== info.group)
      throw new InvalidRequestError(`task ${h.handle.taskId} is a ${h.handle.group} task, not ${info.group}`, { issues: [] });
    return h;
  }

  async function get(task: string | TaskHandle, o: CallOptions = {}): Promise<TaskState> {
    return query(ownHandle(task).handle.taskId, o);
  }

  async function wait(input: TaskHandle | string, o: WaitOptions = {}): Promise<TaskResult<Info["group"]>> {
    const { handle, createdMs: start, bare } = ownHandle(input);
    const id = handle.taskId;
    const s = o.schedule ?? info.schedule;
    // A caller's delays are checked before the first poll: a negative interval would poll without pause.
    const limit = checkDelay(o.deadlineMs ?? s.deadlineMs, "deadlineMs");
    if (o.schedule) for (const p of s.phases) checkDelay(p.fromMs, "schedule fromMs"), p.intervalMs === null || checkDelay(p.intervalMs, "schedule intervalMs");
    let elapsed = t.clock.now() - start;
    // Past the deadline already (an old handle): poll once anyway.
    let delay = bare || elapsed >= limit ? 0 : Math.min(nextPollDelay(s, elapsed, true), limit - elapsed);
    for (let attempt = 1; ; attempt++) {
      await t.clock.sleep(delay, o.signal);
      const st = await query(id, o, start + limit);
      const status = st.status.toLowerCase();
      const k = { taskId: id, orderId: handle.orderId, price: handle.price, taskStatus: st.status };
      elapsed = t.clock.now() - start;
      // Only these end a wait; any other status (Pending, Processing, unknown ones) keeps polling.
      const end = /^(success|succeeded|failed|cancell?ed)$/.test(status) || elapsed >= limit;
      delay = Math.min(nextPollDelay(s, elapsed, false), limit - elapsed);
      o.onProgress?.({ status: st.status, elapsedMs: elapsed, attempt, nextPollInMs: end ? null : delay });
      if (status === "success" || status === "succeeded") {
        // Only the group's own field counts (`urls` reads no other): a video needs its file_url.
        if (!st.urls.length) throw new UnexpectedResponseError(`task ${id} succeeded without ${info.group === "video" ? "data.file_url" : "data.output_images"}`, k);
        const { taskId: _id, message: _m, ...rest } = st;
        // The group's own field is there (checked just above): the result of this client's group.
        return { ...rest, handle, status: "Success" } as unknown as TaskResult<Info["group"]>;
      }
      if (status === "failed") throw new TaskFailedError(`task ${id} failed: ${st.message ?? "no reason given"}`, k);
      if (end && status.startsWith("cancel")) throw new TaskCancelledError(`task ${id} was cancelled`, k);
      if (end) throw new WaitTimeoutError(`task ${id} unfinished at the deadline; it may still finish: wait(handle) again later`, k);
    }
  }

  async function run(body: CreateBody<Req, Info["id"]>, o: RunOptions = {}): Promise<TaskResult<Info["group"]>> {
    const h = await create(body, o);
    try {
      o.onCreated?.(h);
    } catch (cause) {
      // The task exists (and is billed): the caller gets its handle, not only their own error.
      throw new CallbackError(`onCreated threw; task ${h.taskId} was created and runs on: resume with wait(error.handle)`, h, cause);
    }
    return wait(h, o);
  }

  return { model: info, create, get, wait, run };
}
