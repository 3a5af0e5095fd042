/**
 * Typed errors of the LinkModel runtime: one base class, `LinkModelError`, and one thin
 * subclass per failure kind, each with a stable `kind` string.
 *
 * Takes what is known about a failure (HTTP status, envelope code, request id, task id, ...)
 * and returns an error whose message says what to do. Must never hold the API key, a
 * Request, headers or a raw low-level error (no `cause`): only plain, safe fields. The one
 * `cause` is the caller's own: what a callback of theirs threw (`CallbackError`).
 */
import type { TaskHandle, ValidationIssue } from "./model.js";

/** The stable `kind` of every runtime error: the name of its class. */
export type ErrorKind =
  | "InvalidRequestError"
  | "AuthenticationError"
  | "BadRequestError"
  | "InsufficientBalanceError"
  | "RateLimitedError"
  | "ServerError"
  | "ConnectionError"
  | "RequestTimeoutError"
  | "TaskFailedError"
  | "TaskCancelledError"
  | "WaitTimeoutError"
  | "UnexpectedResponseError";

/**
 * Whether a failed create may have created (and billed) a task: `"not_created"` when the
 * server provably refused it or it was never sent, `"unknown"` when it may have reached the
 * server. Set only on errors thrown by `create` (and `run` before the task exists).
 */
export type CreateOutcome = "not_created" | "unknown";

/** What is known about a failure; every field is optional. */
export interface ErrorInfo {
  /** The API's `request_id`. */
  readonly requestId?: string | undefined;
  /** HTTP status of the answer. */
  readonly status?: number | undefined;
  /** The envelope's `code`. */
  readonly code?: number | undefined;
  readonly taskId?: string | undefined;
  readonly orderId?: string | undefined;
  readonly price?: number | undefined;
  /** Task status as last seen (`Failed`, `Processing`, ...). */
  readonly taskStatus?: string | undefined;
  /** Milliseconds the server asked to wait (Retry-After). */
  readonly retryAfterMs?: number | undefined;
  readonly createOutcome?: CreateOutcome | undefined;
  /** Validator issues of an `InvalidRequestError`. */
  readonly issues?: readonly ValidationIssue[] | undefined;
}

/**
 * Set on every error of every copy of this runtime (a global symbol): two copies installed side
 * by side each have their own classes, and `instanceof` looks for this mark, not only the
 * prototype, so that an error from one copy is recognised by the classes of the other.
 */
const BRAND = Symbol.for("@linkmodel-sdk/runtime:error");

/** Base class of every error the runtime throws on purpose. */
export class LinkModelError extends Error {
  /** Stable machine-readable kind, the class name (`"RateLimitedError"`); subclasses narrow it. */
  readonly kind: ErrorKind = "UnexpectedResponseError";
  declare readonly requestId?: string;
  declare readonly status?: number;
  declare readonly code?: number;
  declare readonly taskId?: string;
  declare readonly orderId?: string;
  declare readonly price?: number;
  declare readonly taskStatus?: string;
  declare readonly retryAfterMs?: number;
  declare readonly createOutcome?: CreateOutcome;
  declare readonly issues?: readonly ValidationIssue[];

  /** `message` says what happened; the create outcome and request id are appended. */
  constructor(message: string, info: ErrorInfo = {}) {
    const o = info.createOutcome;
    super(
      message +
        (o === "unknown" ? "; the task may have been created and billed: check, do not retry blindly" : o ? "; no task was created" : "") +
        (info.requestId ? ` (request ${info.requestId})` : ""),
    );
    for (const [k, v] of Object.entries(info)) if (v !== undefined) (this as Record<string, unknown>)[k] = v;
    (this as Record<symbol, unknown>)[BRAND] = true;
  }

  /** The class name, from `kind` (survives minification). */
  override get name(): string {
    return this.kind;
  }

  /**
   * `error instanceof InvalidRequestError` holds for an error from any copy of the runtime: by
   * its prototype, or by its mark and its kind (every copy's `LinkModelError` takes every marked
   * error; a subclass's kind is read from an instance of it, on this rare path only).
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return (
      Function.prototype[Symbol.hasInstance].call(this, value) ||
      ((value as Record<symbol, unknown> | null)?.[BRAND] === true &&
        (this === LinkModelError || (value as LinkModelError).kind === new (this as unknown as new (message: string) => LinkModelError)("").kind))
    );
  }
}

/** The request failed validation; nothing was sent. `issues` lists every problem. */
export class InvalidRequestError extends LinkModelError {
  override readonly kind = "InvalidRequestError";
}
/** No API key, or the server refused it (401/403): set `apiKey` or `LINKMODEL_API_KEY`. */
export class AuthenticationError extends LinkModelError {
  override readonly kind = "AuthenticationError";
}
/** The server refused the request's parameters (400 and other 4xx). */
export class BadRequestError extends LinkModelError {
  override readonly kind = "BadRequestError";
}
/** The account cannot pay for the task (billing code 100601); top up, then retry. */
export class InsufficientBalanceError extends LinkModelError {
  override readonly kind = "InsufficientBalanceError";
}
/** Too many requests (429); `retryAfterMs` is set when the server said how long to wait. */
export class RateLimitedError extends LinkModelError {
  override readonly kind = "RateLimitedError";
}
/** The server failed (5xx, or a 5xx envelope code). */
export class ServerError extends LinkModelError {
  override readonly kind = "ServerError";
}
/** The network failed: no answer, connection refused or reset. */
export class ConnectionError extends LinkModelError {
  override readonly kind = "ConnectionError";
}
/** One request got no complete answer within its timeout. */
export class RequestTimeoutError extends LinkModelError {
  override readonly kind = "RequestTimeoutError";
}
/** The task ended with status `Failed`; the message carries the task's own `msg`. */
export class TaskFailedError extends LinkModelError {
  override readonly kind = "TaskFailedError";
}
/** The task ended with status `Cancelled`. */
export class TaskCancelledError extends LinkModelError {
  override readonly kind = "TaskCancelledError";
}
/** The wait deadline passed before the task finished; the task may still finish: resume with its handle. */
export class WaitTimeoutError extends LinkModelError {
  override readonly kind = "WaitTimeoutError";
}
/** The answer was not JSON, lacked `code`, or did not match the response schema. */
export class UnexpectedResponseError extends LinkModelError {
  override readonly kind = "UnexpectedResponseError";
}

/**
 * A callback of the caller (`onCreated` of `run`) threw after the task was created: the task
 * runs on (and is billed). `handle` resumes it with `wait(handle)`; `cause` is what the callback
 * threw. Not a `LinkModelError`: the failure is the caller's code, not the API's.
 */
export class CallbackError extends Error {
  /** The created task's id. */
  declare readonly taskId: string;

  constructor(
    message: string,
    /** The created task's handle. */
    readonly handle: TaskHandle,
    cause: unknown,
  ) {
    super(message, { cause });
    this.taskId = handle.taskId;
  }

  override get name(): string {
    return "CallbackError";
  }
}
