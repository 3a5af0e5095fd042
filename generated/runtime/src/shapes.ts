/**
 * Lenient response checks, from data: a response schema reduced to its types, nesting and
 * required keys (`Shape`), checked by one walk instead of generated code (a response is checked
 * once per call, and code for it would only cost bundle bytes).
 *
 * Takes a value and its shape; returns `ValidationIssue`s in the order generated code would.
 * Recurses on the shape (as deep as the spec), never on the input beyond it.
 */
import { hasOwn, isInteger, isJsonObject, isNumber } from "./checks.js";
import { escapePointer, issueAt, missingAt, requiredSite, typeSite } from "./issues.js";
import type { ValidationIssue, ValidationResult } from "./model.js";

/**
 * A response schema reduced to what lenient checking reads: types, nesting and required keys.
 * The generator emits one per response (when nothing else applies) instead of code, because a
 * response is checked once per call, and code for it would only cost bundle bytes. A value of
 * one type and nothing more, as most of a response is, is that type's name: `["task_id", "string"]`.
 */
export type Shape = string | ShapeNode;

/** A `Shape` that says more than a type name. */
export interface ShapeNode {
  /** The JSON Schema type; absent means any. */
  readonly type?: string;
  readonly nullable?: boolean;
  /** `properties` in spec order, as pairs: in an object literal a `__proto__` key would set the prototype. */
  readonly properties?: readonly (readonly [string, Shape])[];
  readonly required?: readonly string[];
  readonly items?: Shape;
}

const IS_TYPE: Record<string, (value: unknown) => boolean> = {
  string: (value) => typeof value === "string",
  boolean: (value) => typeof value === "boolean",
  number: isNumber,
  integer: isInteger,
  array: Array.isArray,
  object: isJsonObject,
};

/**
 * Checks `value` against `shape`, pushing issues in the order generated code would. Recurses
 * on the shape (as deep as the spec), never on the input beyond it.
 */
export function checkShape(value: unknown, shape: Shape, path: string, issues: ValidationIssue[]): void {
  const { type, nullable, properties = [], required = [], items }: ShapeNode = typeof shape === "string" ? { type: shape } : shape;
  if (type !== undefined && !IS_TYPE[type]!(value)) {
    if (value !== null || nullable !== true) issues.push(issueAt(path, typeSite("", type, nullable), value));
  } else if (Array.isArray(value)) {
    if (items !== undefined) for (let i = 0; i < value.length; i++) checkShape(value[i], items, path + "/" + i, issues);
  } else if (isJsonObject(value)) {
    for (const [key, sub] of properties) {
      const v = value[key];
      if (v !== undefined && hasOwn(value, key)) {
        // A leaf of its type (most of a response) is done without building its path.
        if (typeof sub === "string" && IS_TYPE[sub]!(v)) continue;
        checkShape(v, sub, path + "/" + escapePointer(key), issues);
      } else if (required.includes(key)) issues.push(missingAt(path + "/" + escapePointer(key), requiredSite("", key)));
    }
    for (const key of required) {
      if (!properties.some(([name]) => name === key) && !hasOwn(value, key)) issues.push(missingAt(path, requiredSite("/" + escapePointer(key))));
    }
  }
}

/** A response validator's answer from its shape. */
export function validateShape<T>(body: unknown, shape: Shape): ValidationResult<T> {
  const issues: ValidationIssue[] = [];
  checkShape(body, shape, "", issues);
  return issues.length === 0 ? { ok: true, value: body as T } : { ok: false, issues };
}
