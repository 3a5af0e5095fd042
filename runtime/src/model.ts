/**
 * The contract between generated model packages and the shared runtime.
 *
 * Every generated model package builds one `ModelBinding` from its spec (metadata, the
 * polling schedule of its group, and its generated validators) and hands it to the
 * runtime. Nothing in this file is specific to one model.
 */

/** A task group: which create and query endpoints a model uses. */
export type TaskGroup = "video" | "image";

/** A created task; `JSON.parse(JSON.stringify(handle))` is the same handle. */
export interface TaskHandle {
  readonly taskId: string;
  /** Model id, e.g. `wan2.6`. */
  readonly model: string;
  readonly group: TaskGroup;
  /** When the task was created (client clock, ISO 8601); the polling schedule counts from here. */
  readonly createdAt: string;
  /** Billing order id. */
  readonly orderId?: string;
  /** Amount charged. */
  readonly price?: number;
  /** `request_id` of the create call. */
  readonly requestId?: string;
}

/** One phase of a polling schedule: from `fromMs` (elapsed since creation) poll every `intervalMs`; `null` means "do not poll yet". */
export interface PollPhase {
  readonly fromMs: number;
  readonly intervalMs: number | null;
}

/** The documented polling schedule of a group, read from its `_query.yaml`. */
export interface PollSchedule {
  /** Phases in ascending `fromMs`; the first starts at 0. */
  readonly phases: readonly PollPhase[];
  /** Stop waiting and report a timeout after this many milliseconds since creation. */
  readonly deadlineMs: number;
}

/** Price as the spec's description states it ("0.3049 USD / call"). */
export interface ModelPrice {
  readonly amount: number;
  readonly currency: string;
  readonly unit: string;
}

/** Metadata of one model, generated from its spec. */
export interface ModelInfo {
  /** The model id sent in `model`, e.g. `wan2.6`. */
  readonly id: string;
  readonly group: TaskGroup;
  /** Title of the spec (`info.title`). */
  readonly title: string;
  readonly provider: string | null;
  readonly tasks: readonly string[];
  readonly price: ModelPrice | null;
  /** Default base URL, from the spec's first server. */
  readonly baseUrl: string;
  /** Create path, e.g. `/video-generation`. */
  readonly createPath: string;
  /** Query path of the group, e.g. `/query/video-generation`. */
  readonly queryPath: string;
  /** Polling schedule of the group. */
  readonly schedule: PollSchedule;
}

/** One problem found by a validator. */
export interface ValidationIssue {
  /** JSON pointer to the offending value, `""` for the root. */
  readonly path: string;
  /** The JSON Schema keyword that failed (`type`, `enum`, `maxLength`, ...; `additionalProperties` for typo protection). */
  readonly keyword: string;
  /** The bound or allowed values, e.g. `{ allowedValues: [5, 10, 15] }` or `{ limit: 2000 }`. */
  readonly params: Readonly<Record<string, unknown>>;
  /** A sentence a person understands: "duration must be one of 5, 10, 15; got 7". */
  readonly message: string;
  /** A did-you-mean suggestion, when typo protection found a close match (never in a browser build: `suggestions.browser.ts`). */
  readonly suggestion?: string;
}

/** What a validator returns. */
export type ValidationResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/** Options of a request validator. */
export interface ValidateOptions {
  /**
   * Typo protection: report keys the schema does not declare (even where the schema allows
   * extra keys) with a did-you-mean suggestion or else the declared fields, and suggest the
   * closest enum value (a browser build refuses the same keys and values, with no suggestion).
   * Off by default, so that `validateRequest(body)` alone follows the spec exactly.
   */
  readonly typoProtection?: boolean;
}

/** A generated request validator. */
export type RequestValidator<T> = (body: unknown, options?: ValidateOptions) => ValidationResult<T>;

/** A generated response validator. */
export type ResponseValidator<T> = (body: unknown) => ValidationResult<T>;

/**
 * Everything the runtime needs to know about one model. `Info` (added by the runtime, optional)
 * keeps the literal id and group of `typeof model`, so that a catalogue can type its groups.
 */
export interface ModelBinding<Request, CreateResponse = unknown, QueryResponse = unknown, Info extends ModelInfo = ModelInfo> {
  readonly info: Info;
  readonly validateRequest: RequestValidator<Request>;
  readonly validateCreateResponse: ResponseValidator<CreateResponse>;
  readonly validateQueryResponse: ResponseValidator<QueryResponse>;
}
