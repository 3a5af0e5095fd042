/**
 * Spec shape: where things live in a LinkModel OpenAPI document.
 *
 * Takes the plain data of a loaded spec; returns the parts the generator needs (the create or
 * query operation, its schemas, the model id) with their JSON pointers, or `null` when a part
 * is missing. Shared by `validate` (which reports what is missing) and `normalize` (which
 * relies on validate having checked). Pure: no I/O, no diagnostics.
 */
import { pointerJoin } from "../runtime/src/json-pointer.js";
import type { TaskGroup } from "../runtime/src/model.js";

/** A plain JSON object. */
export type JsonObject = { [key: string]: unknown };

/** True for a non-null, non-array object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Own property read that never walks the prototype chain (`__proto__` in a spec is just a key). */
export function own(object: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/** A schema found in a spec, with the pointer it was found at. */
export interface Located<T> {
  readonly value: T;
  readonly pointer: string;
}

/** The create operation: `POST /<group>-generation`. */
export interface CreateOperation {
  readonly path: string;
  readonly group: string;
  readonly operation: JsonObject;
  readonly pointer: string;
}

const CREATE_PATH = /^\/([a-z][a-z0-9]*)-generation$/;

/**
 * The task groups the runtime can poll and return: its `TaskGroup` type, whose every member
 * the `satisfies` below requires (a group added there and not here does not compile). A spec
 * of any other group would generate code that does not compile, so validate refuses it (LM111).
 */
export const TASK_GROUPS: readonly string[] = Object.keys({ video: true, image: true } satisfies Record<TaskGroup, true>);

/** The create operation of a model spec, or null. */
export function findCreateOperation(doc: JsonObject): CreateOperation | null {
  const paths = own(doc, "paths");
  if (!isObject(paths)) return null;
  for (const path of Object.keys(paths).sort()) {
    const match = CREATE_PATH.exec(path);
    const item = own(paths, path);
    if (!match || !isObject(item)) continue;
    const post = own(item, "post");
    if (isObject(post)) return { path, group: match[1]!, operation: post, pointer: pointerJoin("/paths", path, "post") };
  }
  return null;
}

/** The query operation of a group's query spec: `GET /query/<group>-generation`. */
export function findQueryOperation(doc: JsonObject, group: string): Located<JsonObject> & { path: string } | null {
  const path = `/query/${group}-generation`;
  const paths = own(doc, "paths");
  const item = isObject(paths) ? own(paths, path) : undefined;
  const get = isObject(item) ? own(item, "get") : undefined;
  return isObject(get) ? { path, value: get, pointer: pointerJoin("/paths", path, "get") } : null;
}

/** Walks plain data along keys, returning undefined as soon as a step is missing. */
export function dig(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (!isObject(current)) return undefined;
    current = own(current, key);
  }
  return current;
}

/** The JSON request body schema of an operation. */
export function requestSchema(op: Located<JsonObject>): Located<unknown> | null {
  const value = dig(op.value, "requestBody", "content", "application/json", "schema");
  return value === undefined ? null : { value, pointer: pointerJoin(op.pointer, "requestBody", "content", "application/json", "schema") };
}

/** The 200 JSON response schema of an operation. */
export function okResponseSchema(op: Located<JsonObject>): Located<unknown> | null {
  const responses = dig(op.value, "responses");
  // YAML may give the status as the number 200 or the string "200"; both land as key "200".
  const value = dig(responses, "200", "content", "application/json", "schema");
  return value === undefined ? null : { value, pointer: pointerJoin(op.pointer, "responses", "200", "content", "application/json", "schema") };
}

/** What a spec says its model id is. */
export interface ModelIdClaim {
  /** The id, or null when the spec names none. */
  readonly id: string | null;
  /** Where it came from: the `model` enum (the wire value) or, failing that, `info.title`. */
  readonly source: "model-enum" | "title" | "none";
  readonly pointer: string;
}

/**
 * The model id of a create spec: the single value of its request body's `model` enum (what
 * the server receives), else `info.title`.
 */
export function modelIdClaim(doc: JsonObject, body: Located<unknown> | null): ModelIdClaim {
  const modelSchema = body ? dig(body.value, "properties", "model") : undefined;
  const values = isObject(modelSchema) ? own(modelSchema, "enum") : undefined;
  if (Array.isArray(values) && values.length === 1 && typeof values[0] === "string") {
    return { id: values[0], source: "model-enum", pointer: pointerJoin(body!.pointer, "properties", "model", "enum", 0) };
  }
  const title = dig(doc, "info", "title");
  if (typeof title === "string" && title.trim() !== "") return { id: title.trim(), source: "title", pointer: "/info/title" };
  return { id: null, source: "none", pointer: "" };
}
