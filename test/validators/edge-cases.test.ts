/**
 * Edge cases found by review, each once a defect: names in a schema that the generated code
 * also uses (a field called `duplicate`, `key`, `escapePointer` or `checkRequestFoo`), a
 * required key whose value is `undefined`, `__proto__` keys inside enum and const values,
 * cyclic items under `uniqueItems`, and messages about the empty key and object constants.
 * Verdicts are compared with ajv + ajv-formats, as in the differential test.
 */
import { describe, expect, test } from "vitest";
import { ajvFor, compileValidator, emitFor } from "./harness.js";
import type { Schema } from "../../generator/validators/index.js";

function both(schema: Schema): { ours: (body: unknown) => { ok: boolean; issues?: readonly { path: string; message: string }[] }; isRequest: (b: unknown) => boolean; ajv: (b: unknown) => boolean } {
  const m = compileValidator(emitFor("edge", { request: schema }));
  return { ours: (b) => m.validateRequest(b) as never, isRequest: m.isRequest, ajv: ajvFor(schema, "request") };
}

describe("field names the generated code also uses", () => {
  const schema: Schema = {
    type: "object",
    properties: {
      duplicate: { type: "array", uniqueItems: true },
      key: { type: "object", additionalProperties: { type: "integer" } },
      extra: { type: "object", additionalProperties: { type: "string" } },
      passing: { anyOf: [{ type: "string" }, { type: "integer" }] },
      escapePointer: { type: "object", additionalProperties: { type: "boolean" } },
      foo: { type: "object", properties: { a: { anyOf: [{ type: "string" }, { type: "integer" }] } } },
      checkRequestFoo: { type: "object", properties: { b: { oneOf: [{ type: "string" }, { type: "integer" }] } } },
    },
  };
  const v = both(schema);
  test.each<[string, unknown]>([
    ["all valid", { duplicate: [1, 2], key: { x: 1 }, extra: { y: "s" }, passing: 3, escapePointer: { z: true }, foo: { a: 1 }, checkRequestFoo: { b: 1 } }],
    ["each one wrong", { duplicate: [1, 1], key: { x: "1" }, extra: { y: 2 }, passing: [], escapePointer: { "a/b": 1 }, foo: { a: [] }, checkRequestFoo: { b: [] } }],
  ])("%s: same verdict as ajv, no throw", (_name, body) => {
    expect(v.ours(body).ok).toBe(v.ajv(body));
    expect(v.isRequest(body)).toBe(v.ajv(body));
  });
  test("each wrong field is reported at its own path", () => {
    const r = v.ours({ duplicate: [1, 1], key: { x: "1" }, extra: { y: 2 }, passing: [], escapePointer: { "a/b": 1 } });
    expect(r.issues?.map((i) => i.path)).toEqual(["/duplicate", "/key/x", "/extra/y", "/passing", "/escapePointer/a~1b"]);
  });
});

describe("a required key whose value is undefined is missing (JSON.stringify drops it)", () => {
  test.each<[string, Schema]>([
    ["required only", { type: "object", required: ["a"] }],
    ["required, declared without checks", { type: "object", properties: { a: {} }, required: ["a"] }],
    ["required, typed", { type: "object", properties: { a: { type: "string" } }, required: ["a"] }],
  ])("%s", (_name, schema) => {
    const v = both(schema);
    expect(v.ajv({ a: undefined })).toBe(false);
    expect(v.ours({ a: undefined })).toMatchObject({ ok: false, issues: [{ path: "/a", message: "a is required" }] });
    expect(v.isRequest({ a: undefined })).toBe(false);
    expect(v.ours({ a: 1 }).ok).toBe(v.ajv({ a: 1 }));
  });
});

describe("enum and const values with a __proto__ key", () => {
  const proto = JSON.parse('{"__proto__": 1}') as unknown;
  test.each<[string, Schema]>([
    ["enum", { enum: [proto] }],
    ["const", { const: JSON.parse('{"__proto__": {"a": 1}}') as unknown }],
    ["nested in an enum", { enum: [[JSON.parse('{"x": {"__proto__": 2}}')]] }],
  ])("%s: a key, as in the spec, not a prototype", (_name, schema) => {
    const v = both(schema);
    for (const body of [{}, proto, JSON.parse('{"__proto__": {"a": 1}}'), [JSON.parse('{"x": {"__proto__": 2}}')], [{ x: {} }]]) {
      expect(v.ours(body).ok).toBe(v.ajv(body));
    }
  });
});

test("uniqueItems over cyclic items ends (an object in memory may be cyclic)", () => {
  const v = both({ type: "array", uniqueItems: true });
  const a: Record<string, unknown> = {};
  a["x"] = a;
  const b: Record<string, unknown> = {};
  b["x"] = b;
  const c: unknown[] = [];
  c.push(c);
  const d: unknown[] = [];
  d.push(d);
  // Equal as far as any walk can tell: reported as duplicates, and above all, an answer.
  expect(v.ours([a, b]).ok).toBe(false);
  expect(v.ours([c, d]).ok).toBe(false);
  expect(v.ours([a, { x: 1 }]).ok).toBe(true);
});

test("NaN and Infinity are not numbers (JSON has none), for ajv's strictNumbers as for us", () => {
  for (const type of ["number", "integer"]) {
    const v = both({ type });
    for (const x of [NaN, Infinity, -Infinity]) {
      expect(v.ajv(x)).toBe(false);
      expect(v.ours(x).ok).toBe(false);
    }
  }
});

describe("messages", () => {
  test("the empty key is named, quoted", () => {
    const v = both({ type: "object", properties: { "": { type: "string" } }, required: [""] });
    expect(v.ours({}).issues?.[0]).toMatchObject({ path: "/", message: '"" is required' });
    expect(v.ours({ "": 1 }).issues?.[0]).toMatchObject({ path: "/", message: '"" must be a string; got 1' });
  });
  test("an object constant is shown as JSON, not as 'an object'", () => {
    const v = both({ type: "object", properties: { c: { const: { a: 1 } }, e: { enum: [[1, 2], { b: "x".repeat(60) }] } } });
    const issues = v.ours({ c: { a: 2 }, e: 3 }).issues;
    expect(issues?.[0]?.message).toBe('c must be {"a":1}; got an object');
    expect(issues?.[1]?.message).toBe(`e must be one of [1,2], {"b":"${"x".repeat(33)}…; got 3`);
  });
});
