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
import { isoTime } from "./client-environment.js";
import { readHandle, type TaskHandle } from "./handle.js";
import { issueList } from "./issues.js";
import type { ModelBinding, ModelInfo, PollSchedule, TaskGroup, ValidationResult } from "./model.js";
import { checkDelay } from "./timers.js";
import { isJsonObject, nonEmptyString } from "./checks.js";
import { envelopeData } from "./envelope.js";
import { readResultUrls, RESULT_RULES, type ResultUrlFields, type ResultUrls } from "./results.js";
import { createTransport, type CallOptions, type ClientOptions } from "./transport.js";

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

/** One poll's view of a task. */
export interface TaskState extends ResultUrlFields {
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
  const phases = schedule.phases;
  let index = phases.length - 1;
  while (index >= 0 && phases[index]!.fromMs > elapsedMs) index--;
  const phase = phases[index];
  if (!phase || phase.intervalMs === null) return (phases[index + 1]?.fromMs ?? schedule.deadlineMs) - elapsedMs;
  return firstPoll ? 0 : phase.intervalMs;
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
  const transport = createTransport(info.baseUrl, options);

  /** A new handle of a task of this model, created at `createdMs` (epoch ms). */
  const handleOf = (taskId: string, createdMs: number): { -readonly [K in keyof TaskHandle]: TaskHandle[K] } => ({
    taskId,
    model: info.id,
    group: info.group,
    createdAt: isoTime(createdMs),
  });

  async function create(body: CreateBody<Req, Info["id"]>, call: CreateOptions = {}): Promise<TaskHandle> {
    const given = body as unknown;
    const full = isJsonObject(given) ? { ...given, model: given["model"] ?? info.id } : given;
    const checked: ValidationResult<unknown> =
      isJsonObject(full) && full["model"] !== info.id
        ? { ok: false, issues: [{ path: "/model", keyword: "const", params: { allowedValue: info.id }, message: `must be ${info.id}` }] }
        : binding.validateRequest(full, { typoProtection: call.typoProtection ?? options.typoProtection ?? true });
    if (!checked.ok)
      throw new InvalidRequestError(`invalid ${info.id} request: ${issueList(checked.issues)}`, { issues: checked.issues, createOutcome: "not_created" });
    const createdMs = transport.clock.now();
    const envelope = await transport.create(info.createPath, checked.value, call);
    const response = binding.validateCreateResponse(envelope);
    const data = envelopeData(envelope);
    const taskId = nonEmptyString(data["task_id"]);
    const orderId = nonEmptyString(data["order_id"]);
    const requestId = nonEmptyString(envelope["request_id"]);
    // A task id means the task exists (and is billed) even when another field is off: the
    // error carries it, so that the caller can look the task up instead of creating another.
    if (!response.ok || !taskId)
      throw new UnexpectedResponseError(
        `unexpected create response: ${response.ok ? "/data/task_id: missing" : issueList(response.issues)}${taskId ? `; task ${taskId} was created` : ""}`,
        { requestId, taskId, orderId, createOutcome: "unknown" },
      );
    const handle = handleOf(taskId, createdMs);
    if (orderId) handle.orderId = orderId;
    if (typeof data["price"] === "number") handle.price = data["price"];
    if (requestId) handle.requestId = requestId;
    transport.log?.(`created task ${taskId}`);
    if (data["status"] === "failed") throw new TaskFailedError(`task ${taskId} failed at creation`, { ...handle, taskStatus: "failed" });
    return handle;
  }

  async function query(taskId: string, call: CallOptions, deadline?: number): Promise<TaskState> {
    const envelope = await transport.poll(info.queryPath, taskId, call, deadline);
    const response = binding.validateQueryResponse(envelope);
    if (!response.ok)
      throw new UnexpectedResponseError(`unexpected query response: ${issueList(response.issues)}`, { taskId, requestId: nonEmptyString(envelope["request_id"]) });
    const data = envelopeData(envelope);
    const message = nonEmptyString(data["msg"]);
    return { taskId, status: nonEmptyString(data["status"]) ?? "", ...readResultUrls(data, info.group), ...(message && { message }), raw: envelope };
  }

  /**
   * A handle (or its JSON) of this client's group: an image client cannot poll a video task. A
   * bare task id is a task of this client's model whose creation time is unknown: counted from
   * now, and polled at once.
   */
  function ownHandle(input: TaskHandle | string): { handle: TaskHandle; createdMs: number; bare?: boolean } {
    if (typeof input === "string" && /^\s*[^\s{]/.test(input)) {
      const now = Date.now();
      return { handle: handleOf(input.trim(), now), createdMs: now, bare: true };
    }
    const read = readHandle(input);
    if (read.handle.group !== info.group) throw new InvalidRequestError(`task ${read.handle.taskId} is a ${read.handle.group} task, not ${info.group}`, { issues: [] });
    return read;
  }

  async function get(task: string | TaskHandle, call: CallOptions = {}): Promise<TaskState> {
    return query(ownHandle(task).handle.taskId, call);
  }

  async function wait(input: TaskHandle | string, call: WaitOptions = {}): Promise<TaskResult<Info["group"]>> {
    const { handle, createdMs, bare } = ownHandle(input);
    const taskId = handle.taskId;
    const schedule = call.schedule ?? info.schedule;
    // A caller's delays are checked before the first poll: a negative interval would poll without pause.
    const deadlineMs = checkDelay(call.deadlineMs ?? schedule.deadlineMs, "deadlineMs");
    if (call.schedule)
      for (const phase of schedule.phases) checkDelay(phase.fromMs, "schedule fromMs"), phase.intervalMs === null || checkDelay(phase.intervalMs, "schedule intervalMs");
    let elapsedMs = transport.clock.now() - createdMs;
    // Past the deadline already (an old handle): poll once anyway.
    let delay = bare || elapsedMs >= deadlineMs ? 0 : Math.min(nextPollDelay(schedule, elapsedMs, true), deadlineMs - elapsedMs);
    for (let attempt = 1; ; attempt++) {
      await transport.clock.sleep(delay, call.signal);
      const state = await query(taskId, call, createdMs + deadlineMs);
      const status = state.status.toLowerCase();
      const errorInfo = { taskId, orderId: handle.orderId, price: handle.price, taskStatus: state.status };
      elapsedMs = transport.clock.now() - createdMs;
      // Only these end a wait; any other status (Pending, Processing, unknown ones) keeps polling.
      const end = /^(succe(ss|eded)|failed|cancell?ed)$/.test(status) || elapsedMs >= deadlineMs;
      delay = Math.min(nextPollDelay(schedule, elapsedMs, false), deadlineMs - elapsedMs);
      call.onProgress?.({ status: state.status, elapsedMs, attempt, nextPollInMs: end ? null : delay });
      if (/^succe(ss|eded)$/.test(status)) {
        // Only the group's own field counts (`readResultUrls` reads no other): a video needs its file_url.
        const { dataField, property } = RESULT_RULES[info.group];
        if (!state.urls.length) throw new UnexpectedResponseError(`task ${taskId} succeeded without data.${dataField}`, errorInfo);
        // The group's own field is there (checked just above): the result of this client's group.
        // Field by field, in the state's order: an object rest and spread here cost 3-5 µs of a loopback run (bench/README.md).
        return { status: "Success", urls: state.urls, [property]: state[property], raw: state.raw, handle } as unknown as TaskResult<Info["group"]>;
      }
      if (status === "failed") throw new TaskFailedError(`task ${taskId} failed: ${state.message ?? "no reason given"}`, errorInfo);
      if (end && status.startsWith("cancel")) throw new TaskCancelledError(`task ${taskId} was cancelled`, errorInfo);
      if (end) throw new WaitTimeoutError(`task ${taskId} unfinished at the deadline; it may still finish: wait(handle) again later`, errorInfo);
    }
  }

  async function run(body: CreateBody<Req, Info["id"]>, call: RunOptions = {}): Promise<TaskResult<Info["group"]>> {
    const handle = await create(body, call);
    try {
      call.onCreated?.(handle);
    } catch (cause) {
      // The task exists (and is billed): the caller gets its handle, not only their own error.
      throw new CallbackError(`onCreated threw; task ${handle.taskId} was created and runs on: resume with wait(error.handle)`, handle, cause);
    }
    return wait(handle, call);
  }

  return { model: info, create, get, wait, run };
}
