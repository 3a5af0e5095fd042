/**
 * Refs: inline local `$ref`s of a schema, refusing dangling, external and circular ones.
 *
 * Takes a spec's plain data and a schema inside it; returns a deep copy with every `$ref`
 * replaced by its target, or the problems found. Used by `validate` (to report) and
 * `normalize` (to build the IR). Pure. Objects are built with `Object.fromEntries`, so a key
 * named `__proto__` stays an ordinary own key and never touches a prototype.
 */
import { isObject, own, pointerJoin, type JsonObject } from "./spec-shape.js";

/** Why a `$ref` could not be inlined. */
export interface RefProblem {
  readonly kind: "dangling" | "circular" | "external" | "too-large";
  /** Pointer of the `$ref` in the spec. */
  readonly pointer: string;
  readonly ref: string;
}

/** Most nodes one inlined schema may have: shared `$ref`s can otherwise grow exponentially. */
const MAX_NODES = 50_000;

/** Reads a local pointer (`#/components/schemas/X`) in a document. */
function readPointer(doc: JsonObject, ref: string): { found: boolean; value: unknown } {
  if (ref === "#") return { found: true, value: doc };
  let current: unknown = doc;
  for (const raw of ref.slice(2).split("/")) {
    let key: string;
    try {
      key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    } catch {
      return { found: false, value: undefined };
    }
    if (Array.isArray(current) && /^\d+$/.test(key) && Number(key) < current.length) current = current[Number(key)];
    else if (isObject(current) && Object.prototype.hasOwnProperty.call(current, key)) current = own(current, key);
    else return { found: false, value: undefined };
  }
  return { found: true, value: current };
}

/** Inlines every `$ref` below `value` (found at `pointer` in `doc`). */
export function inlineRefs(doc: JsonObject, value: unknown, pointer: string): { value: unknown; problems: RefProblem[] } {
  const problems: RefProblem[] = [];
  let nodes = 0;
  const visit = (node: unknown, at: string, expanding: readonly string[]): unknown => {
    if (++nodes > MAX_NODES) {
      if (!problems.some((p) => p.kind === "too-large")) problems.push({ kind: "too-large", pointer: at, ref: "" });
      return null;
    }
    if (Array.isArray(node)) return node.map((item, i) => visit(item, pointerJoin(at, i), expanding));
    if (!isObject(node)) return node;
    const ref = own(node, "$ref");
    if (typeof ref === "string") {
      // OpenAPI 3.0: keywords beside a $ref are ignored, so the target replaces the whole object.
      const refAt = pointerJoin(at, "$ref");
      if (!ref.startsWith("#")) {
        problems.push({ kind: "external", pointer: refAt, ref });
        return null;
      }
      if (expanding.includes(ref)) {
        problems.push({ kind: "circular", pointer: refAt, ref });
        return null;
      }
      const target = readPointer(doc, ref);
      if (!target.found) {
        problems.push({ kind: "dangling", pointer: refAt, ref });
        return null;
      }
      return visit(target.value, ref.slice(1), [...expanding, ref]);
    }
    return Object.fromEntries(Object.keys(node).map((key) => [key, visit(node[key], pointerJoin(at, key), expanding)]));
  };
  const result = visit(value, pointer, []);
  return { value: result, problems };
}

/**
 * Every `$ref` of a whole document that cannot be followed inside it: external (a file path or
 * a URL, which later stages would try to read or fetch) or dangling. Schemas reached from the
 * request and the 200 response are inlined and checked by {@link inlineRefs}; this covers the
 * rest (error responses, parameters, unused components), which openapi-typescript also reads.
 */
export function findRefProblems(doc: JsonObject): RefProblem[] {
  const problems: RefProblem[] = [];
  const walk = (node: unknown, at: string): void => {
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, pointerJoin(at, i)));
    if (!isObject(node)) return;
    const ref = own(node, "$ref");
    if (typeof ref === "string") {
      const refAt = pointerJoin(at, "$ref");
      if (!ref.startsWith("#")) problems.push({ kind: "external", pointer: refAt, ref });
      else if (!readPointer(doc, ref).found) problems.push({ kind: "dangling", pointer: refAt, ref });
    }
    for (const key of Object.keys(node)) walk(node[key], pointerJoin(at, key));
  };
  walk(doc, "");
  return problems;
}
