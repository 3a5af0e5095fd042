/**
 * The catalogue client: one client over many models, grouped by task group (`video`,
 * `image`), dispatching `create`/`run` on `body.model` and `get`/`wait` on the handle's model.
 *
 * Takes a record of generated bindings keyed by model id and `ClientOptions`; returns
 * `{ video, image, models }`. Adds no behaviour of its own: every call goes to a `ModelClient`.
 */
import { InvalidRequestError } from "./errors.js";
import { parseHandle, type TaskHandle } from "./handle.js";
import type { ModelBinding, ModelInfo, TaskGroup } from "./model.js";
import type { CallOptions, ClientOptions } from "./transport.js";
import {
  createModelClient,
  type CreateOptions,
  type ModelClient,
  type RunOptions,
  type TaskResult,
  type TaskState,
  type WaitOptions,
} from "./client.js";

/** Any binding, as a catalogue holds them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyBinding = ModelBinding<any, any, any, ModelInfo>;

/** The request type of a binding. */
export type RequestOf<B> = B extends ModelBinding<infer R, infer _C, infer _Q, infer _I> ? R : never;

/** The create bodies of the models of group `G`, each with its `model` id required. */
export type GroupBody<Bs extends Record<string, AnyBinding>, G extends TaskGroup> = {
  [K in keyof Bs & string]: G extends Bs[K]["info"]["group"] ? Omit<RequestOf<Bs[K]>, "model"> & { model: K } : never;
}[keyof Bs & string];

/** A group of a catalogue: like a `ModelClient`, but `model` picks the model. */
export interface GroupClient<Body, G extends TaskGroup = TaskGroup> {
  /**
   * Creates a task of the model named by `body.model`.
   *
   * @example
   * ```ts
   * const handle = await linkmodel.video.create({ model: "kling-v3", prompt: "A lighthouse in a storm", resolution: "720P" });
   * ```
   */
  create(body: Body, options?: CreateOptions): Promise<TaskHandle>;
  /**
   * `create` then `wait`.
   *
   * @example
   * ```ts
   * const result = await linkmodel.image.run({ model: "seedream-4.0", prompt: "A paper boat" });
   * console.log(result.urls);
   * ```
   */
  run(body: Body, options?: RunOptions): Promise<TaskResult<G>>;
  /**
   * Waits for a task of this group (handle or its JSON).
   *
   * @example
   * ```ts
   * const result = await linkmodel.video.wait(savedHandleJson);
   * ```
   */
  wait(handle: TaskHandle | string, options?: WaitOptions): Promise<TaskResult<G>>;
  /**
   * Polls a task of this group once, by id or handle.
   *
   * @example
   * ```ts
   * const state = await linkmodel.video.get(handle.taskId);
   * ```
   */
  get(task: string | TaskHandle, options?: CallOptions): Promise<TaskState>;
}

/** The catalogue client. */
export interface CatalogueClient<Bs extends Record<string, AnyBinding>> {
  readonly video: GroupClient<GroupBody<Bs, "video">, "video">;
  readonly image: GroupClient<GroupBody<Bs, "image">, "image">;
  /** One client per model id. */
  readonly models: { readonly [K in keyof Bs & string]: ModelClient<RequestOf<Bs[K]>, K, Bs[K]["info"]> };
}

/**
 * Creates a client over a catalogue of models, keyed by model id (the catalogue package's
 * `createLinkModel` calls this with every model).
 *
 * @example
 * ```ts
 * import { binding as wan } from "@linkmodel-sdk/wan2-6";
 * import { binding as kling } from "@linkmodel-sdk/kling-v3";
 *
 * const client = createCatalogueClient({ "wan2.6": wan, "kling-v3": kling }, {});
 * ```
 */
export function createCatalogueClient<Bs extends Record<string, AnyBinding>>(
  bindings: Bs,
  options: ClientOptions = {},
): CatalogueClient<Bs> {
  const models: Record<string, ModelClient<unknown>> = {};
  for (const [id, binding] of Object.entries(bindings)) {
    // The key is the id that `model` names and handles carry: another key could never be picked.
    if (binding.info.id !== id) throw new TypeError(`createCatalogueClient: the key ${JSON.stringify(id)} holds the model ${JSON.stringify(binding.info.id)}; key each binding by its model id`);
    models[id] = createModelClient(binding, options);
  }

  const group = (g: TaskGroup): GroupClient<unknown> => {
    const ids = Object.keys(models).filter((id) => models[id]!.model.group === g);
    const pick = (id: unknown): ModelClient<unknown> => {
      const c = typeof id === "string" && ids.includes(id) ? models[id] : undefined;
      if (c) return c;
      throw new InvalidRequestError(`unknown ${g} model ${JSON.stringify(id)}; one of: ${ids.join(", ")}`, {
        issues: [{ path: "/model", keyword: "enum", params: { allowedValues: ids }, message: `model must be one of ${ids.join(", ")}` }],
        createOutcome: "not_created",
      });
    };
    const model = (body: unknown): unknown => (typeof body === "object" && body ? (body as { model?: unknown }).model : undefined);
    // The query endpoint is per group: a task of a model missing here is polled through any model of its group.
    const forTask = (t: string | TaskHandle): ModelClient<unknown> => {
      const m = typeof t === "string" && !t.trimStart().startsWith("{") ? undefined : parseHandle(t).model;
      return pick(m !== undefined && ids.includes(m) ? m : ids[0]);
    };
    return {
      // async: a bad model or handle rejects like every other failure, never throws synchronously.
      create: async (body, o) => pick(model(body)).create(body as never, o),
      run: async (body, o) => pick(model(body)).run(body as never, o),
      wait: async (h, o) => forTask(h).wait(h, o),
      get: async (t, o) => forTask(t).get(t, o),
    };
  };

  return { video: group("video"), image: group("image"), models } as unknown as CatalogueClient<Bs>;
}
