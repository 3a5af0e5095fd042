/**
 * Refs: inline local `$ref`s of a schema, refusing dangling, external and circular ones, and
 * schemas too large, too deep or with too large an enum to generate.
 *
 * Takes a spec's plain data and a schema inside it; returns a deep copy with every `$ref`
 * replaced by its target, or the problems found. Used by `validate` (to report) and
 * `normalize` (to build the IR). Pure. Objects are built with `Object.fromEntries`, so a key
 * named `__proto__` stays an ordinary own key and never touches a prototype.
 *
 * Every limit is checked before the work it guards: depth before descending (so no spec can
 * overflow the stack), an enum's length before copying it, the node count as nodes are made.
 */
import { pointerJoin, pointerTokens, refPointer } from "../runtime/src/json-pointer.js";
import { isObject, own, type JsonObject } from "./spec-shape.js";

/** Why a schema could not be inlined. */
export interface RefProblem {
  readonly kind: "dangling" | "circular" | "external" | "too-large" | "too-deep" | "enum-too-large";
  /** Pointer of the `$ref` in the spec (of the enum, or where the limit was crossed, for the limits). */
  readonly pointer: string;
  readonly ref: string;
}

/** Most nodes one inlined schema may have: shared `$ref`s can otherwise grow exponentially. */
export const MAX_SCHEMA_NODES = 50_000;
/**
 * Deepest an inlined schema may nest, counting each level of mappings and lists and each
 * `$ref` followed (a chain of refs to refs nests no data but is a level to follow). The real
 * specs reach about 12.
 */
export const MAX_SCHEMA_DEPTH = 64;
/** Most values an enum may list: each becomes a type member, a validator constant and a docs entry. */
export const MAX_ENUM_VALUES = 1_000;

/** Keywords whose value is data (what a schema allows or shows), never a schema: a `$ref` in it is a value. */
const DATA_KEYWORDS = new Set(["enum", "default", "example"]);
/**
 * Keys whose value maps names to objects (`properties`, `responses`, the maps of
 * `components`…): a key inside is a name, so a property named `enum` or a response named
 * `default` is a schema or a response, not data.
 */
const NAME_MAPS = new Set([
  "properties",
  "patternProperties",
  "definitions",
  "schemas",
  "responses",
  "parameters",
  "examples",
  "requestBodies",
  "headers",
  "securitySchemes",
  "links",
  "callbacks",
  "variables",
  "encoding",
  "content",
  "paths",
  "mapping",
]);

/** What a value is, from the key it stands under: a keyword's object, a map of names, or data. */
type Role = "object" | "names" | "data";

/** The role of the value at `key` inside a value of role `parent`. */
function childRole(parent: Role, key: string | number): Role {
  if (parent !== "object") return parent === "names" ? "object" : "data";
  if (typeof key === "number") return "object";
  return DATA_KEYWORDS.has(key) ? "data" : NAME_MAPS.has(key) ? "names" : "object";
}

/** An `enum` value longer than {@link MAX_ENUM_VALUES}, as a problem, or null. */
function enumProblem(key: string | number, value: unknown, at: string): RefProblem | null {
  return key === "enum" && Array.isArray(value) && value.length > MAX_ENUM_VALUES ? { kind: "enum-too-large", pointer: at, ref: "" } : null;
}

/**
 * What a local `$ref` (`#/components/schemas/X`) names in a document: its target and the JSON
 * pointer of the target (percent-encoding undone), or `found: false`.
 */
export function resolveRef(doc: JsonObject, ref: string): { found: true; value: unknown; pointer: string } | { found: false } {
  const pointer = refPointer(ref);
  if (pointer === null) return { found: false };
  let current: unknown = doc;
  for (const key of pointerTokens(pointer)) {
    if (Array.isArray(current) && /^\d+$/.test(key) && Number(key) < current.length) current = current[Number(key)];
    else if (isObject(current) && Object.prototype.hasOwnProperty.call(current, key)) current = own(current, key);
    else return { found: false };
  }
  return { found: true, value: current, pointer };
}

/** Inlines every `$ref` below `value` (a schema found at `pointer` in `doc`). */
export function inlineRefs(doc: JsonObject, value: unknown, pointer: string): { value: unknown; problems: RefProblem[] } {
  const problems: RefProblem[] = [];
  let nodes = 0;
  const limit = (kind: "too-large" | "too-deep", at: string): null => {
    if (!problems.some((p) => p.kind === kind)) problems.push({ kind, pointer: at, ref: "" });
    return null;
  };
  const visit = (node: unknown, at: string, role: Role, depth: number, expanding: readonly string[]): unknown => {
    if (++nodes > MAX_SCHEMA_NODES) return limit("too-large", at);
    if (typeof node !== "object" || node === null) return node;
    if (depth > MAX_SCHEMA_DEPTH) return limit("too-deep", at);
    const child = (key: string | number, item: unknown): unknown => {
      const tooMany = role === "object" ? enumProblem(key, item, pointerJoin(at, key)) : null;
      if (tooMany) {
        problems.push(tooMany);
        return null;
      }
      return visit(item, pointerJoin(at, key), childRole(role, key), depth + 1, expanding);
    };
    if (Array.isArray(node)) return node.map((item, i) => child(i, item));
    const ref = role === "object" ? own(node as JsonObject, "$ref") : undefined;
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
      const target = resolveRef(doc, ref);
      if (!target.found) {
        problems.push({ kind: "dangling", pointer: refAt, ref });
        return null;
      }
      return visit(target.value, target.pointer, "object", depth + 1, [...expanding, ref]);
    }
    const object = node as JsonObject;
    return Object.fromEntries(Object.keys(object).map((key) => [key, child(key, object[key])]));
  };
  const result = visit(value, pointer, "object", 0, []);
  return { value: result, problems };
}

/**
 * Every `$ref` of a whole document that cannot be followed inside it: external (a file path or
 * a URL, which later stages would try to read or fetch) or dangling; and every enum over
 * {@link MAX_ENUM_VALUES}, wherever it is. Schemas reached from the request and the 200
 * response are inlined and checked by {@link inlineRefs}; this covers the rest (error
 * responses, parameters, unused components), which openapi-typescript also reads. The
 * document's depth is bounded by the loader, so this walk is too.
 */
export function findRefProblems(doc: JsonObject): RefProblem[] {
  const problems: RefProblem[] = [];
  const walk = (node: unknown, at: string, role: Role): void => {
    if (role === "data" || typeof node !== "object" || node === null) return;
    const entries: [string | number, unknown][] = Array.isArray(node) ? node.map((item, i) => [i, item]) : Object.entries(node);
    const ref = role === "object" && !Array.isArray(node) ? own(node as JsonObject, "$ref") : undefined;
    if (typeof ref === "string") {
      const refAt = pointerJoin(at, "$ref");
      if (!ref.startsWith("#")) problems.push({ kind: "external", pointer: refAt, ref });
      else if (!resolveRef(doc, ref).found) problems.push({ kind: "dangling", pointer: refAt, ref });
    }
    for (const [key, child] of entries) {
      const tooMany = role === "object" ? enumProblem(key, child, pointerJoin(at, key)) : null;
      if (tooMany) problems.push(tooMany);
      else walk(child, pointerJoin(at, key), childRole(role, key));
    }
  };
  walk(doc, "", "object");
  return problems;
}
