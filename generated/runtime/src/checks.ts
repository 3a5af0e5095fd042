/**
 * The value checks of JSON Schema keywords, for the generated validators (`validate.ts` in every
 * model package) and the runtime's own reading of JSON: types, lengths, equality, `enum`,
 * `uniqueItems` and the branch count of `anyOf`/`oneOf`.
 *
 * Takes plain values; returns booleans, numbers and index pairs. Semantics follow JSON Schema as
 * OpenAPI 3.0 uses it, equal to ajv 8 (test/validators holds us to that). Nothing here throws on
 * hostile input, recurses on input nesting, or writes into an input object.
 */
import type { ValidationIssue } from "./model.js";

/**
 * A generated check of one (sub)schema: pushes what it finds into `issues`, or, given `null`,
 * answers yes/no and returns false at the first problem.
 */
export type SchemaCheck = (value: unknown, path: string, issues: ValidationIssue[] | null, typos: boolean) => boolean;

/** A JSON object as ajv sees one: not null, not an array. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `value` if it is a non-empty string (an id, a URL or a message read from an answer). */
export const nonEmptyString = (value: unknown): string | undefined => (typeof value === "string" && value ? value : undefined);

/** JSON Schema `number`: a finite number (ajv's strictNumbers). */
export function isNumber(value: unknown): value is number {
  return Number.isFinite(value);
}

/** JSON Schema `integer`: a finite number without a fractional part (1.0 counts). */
export function isInteger(value: unknown): value is number {
  return Number.isInteger(value);
}

/** An own property, so that `__proto__`, `constructor` and friends are never read from the prototype. */
export function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** `multipleOf` as ajv computes it: the quotient must survive `parseInt` (so quotients ≥ 1e21 fail). */
export function isMultipleOf(value: number, divisor: number): boolean {
  const quotient = value / divisor;
  return quotient === parseInt(String(quotient), 10);
}

/** Length in Unicode code points (a surrogate pair counts once), as `minLength`/`maxLength` count. */
export function codePointLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++, count++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  return count;
}

/** `minLength`: true when `text` has fewer than `min` code points (counted only when it matters). */
export function isTooShort(text: string, min: number): boolean {
  return text.length < min || (text.length < 2 * min && codePointLength(text) < min);
}

/** `maxLength`: true when `text` has more than `max` code points (counted only when it matters). */
export function isTooLong(text: string, max: number): boolean {
  return text.length > max && (text.length > 2 * max || codePointLength(text) > max);
}

/**
 * Deep equality of JSON values, iterative so that deep nesting cannot overflow the stack. A
 * pair of objects met again (a cycle, which no JSON body has but an object in memory may) is
 * taken as equal so far, so that the walk ends.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  const stack: unknown[] = [a, b];
  let met: Map<object, Set<object>> | undefined;
  while (stack.length > 0) {
    const y = stack.pop();
    const x = stack.pop();
    if (x === y) continue;
    if (typeof x !== "object" || typeof y !== "object" || x === null || y === null) {
      if (x !== x && y !== y) continue; // NaN equals NaN, as in fast-deep-equal
      return false;
    }
    const partners = (met ??= new Map()).get(x) ?? new Set<object>();
    if (partners.has(y)) continue;
    met.set(x, partners.add(y));
    if (Array.isArray(x)) {
      if (!Array.isArray(y) || x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) stack.push(x[i], y[i]);
      continue;
    }
    if (Array.isArray(y)) return false;
    const keys = Object.keys(x);
    if (keys.length !== Object.keys(y).length) return false;
    for (const key of keys) {
      if (!hasOwn(y, key)) return false;
      stack.push((x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key]);
    }
  }
  return true;
}

/** `enum`: true when `value` equals one of `allowed` (deep equality for objects and arrays). */
export function isOneOf(value: unknown, allowed: readonly unknown[]): boolean {
  for (const candidate of allowed) {
    if (value === candidate || (typeof candidate === "object" && deepEqual(value, candidate))) return true;
  }
  return false;
}

/** `uniqueItems`: the indexes `[earlier, later]` of the first duplicate pair, or `null`. */
export function findDuplicate(items: readonly unknown[]): [number, number] | null {
  const seen = new Map<unknown, number>();
  const objects: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (typeof item === "object" && item !== null) {
      for (const j of objects) if (deepEqual(items[j], item)) return [j, i];
      objects.push(i);
    } else {
      // Map keys use SameValueZero: 0 and -0 collide, as they do for ajv.
      const earlier = seen.get(item);
      if (earlier !== undefined) return [earlier, i];
      seen.set(item, i);
    }
  }
  return null;
}

/** Counts the branches that `value` passes (yes/no checks), stopping at `stopAt`. */
export function countPassing(value: unknown, path: string, branches: readonly SchemaCheck[], stopAt: number): number {
  let passing = 0;
  for (const branch of branches) {
    if (branch(value, path, null, false) && ++passing >= stopAt) break;
  }
  return passing;
}
