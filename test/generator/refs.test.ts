/**
 * Inlining `$ref`s (generator/refs.ts), given/want: what a schema becomes, and the problems
 * found, for each kind of reference and each place a `$ref` may stand. A value under `enum`,
 * `default` or `example` is data, never a reference; a property *named* `enum` or `default`
 * is a schema like any other.
 */
import { describe, expect, test } from "vitest";
import { findRefProblems, inlineRefs, MAX_ENUM_VALUES, MAX_SCHEMA_DEPTH, resolveRef } from "../../generator/refs.js";
import type { JsonObject } from "../../generator/spec-shape.js";

const definitions = {
  a_string: { type: "string" },
  "a b": { type: "integer" },
  "a/b": { type: "boolean" },
  loop: { type: "object", properties: { next: { $ref: "#/definitions/loop" } } },
  chain: { $ref: "#/definitions/a_string" },
};
const doc: JsonObject = { definitions };

describe("inlineRefs", () => {
  test.each<[string, unknown, { value: unknown; problems: { kind: string; pointer: string; ref: string }[] }]>([
    ["a schema without refs is copied as it is", { type: "string", maxLength: 3 }, { value: { type: "string", maxLength: 3 }, problems: [] }],
    ["a $ref is replaced by its target", { $ref: "#/definitions/a_string" }, { value: { type: "string" }, problems: [] }],
    ["a ref to a ref is followed to the end", { $ref: "#/definitions/chain" }, { value: { type: "string" }, problems: [] }],
    ["keywords beside a $ref give way to its target (OpenAPI 3.0)", { $ref: "#/definitions/a_string", maxLength: 1 }, { value: { type: "string" }, problems: [] }],
    ["a percent-encoded ref is decoded", { $ref: "#/definitions/a%20b" }, { value: { type: "integer" }, problems: [] }],
    ["an escaped ref (`~1` for `/`) is unescaped", { $ref: "#/definitions/a~1b" }, { value: { type: "boolean" }, problems: [] }],
    ["refs inside properties, items and allOf", { properties: { p: { $ref: "#/definitions/a_string" } }, items: { $ref: "#/definitions/a_string" }, allOf: [{ $ref: "#/definitions/a_string" }] }, {
      value: { properties: { p: { type: "string" } }, items: { type: "string" }, allOf: [{ type: "string" }] },
      problems: [],
    }],
    [
      "an enum value that looks like a $ref is data: the enum keeps that very object",
      { enum: [{ $ref: "#/definitions/a_string" }] },
      { value: { enum: [{ $ref: "#/definitions/a_string" }] }, problems: [] },
    ],
    ["a default that looks like a $ref is data", { default: { $ref: "#/definitions/a_string" } }, { value: { default: { $ref: "#/definitions/a_string" } }, problems: [] }],
    ["an example that looks like a dangling $ref is data, not a problem", { example: { $ref: "#/nowhere" } }, { value: { example: { $ref: "#/nowhere" } }, problems: [] }],
    [
      "a property named enum or default is a schema: its $ref is followed",
      { properties: { enum: { $ref: "#/definitions/a_string" }, default: { $ref: "#/definitions/a_string" } } },
      { value: { properties: { enum: { type: "string" }, default: { type: "string" } } }, problems: [] },
    ],
    ["a dangling ref", { $ref: "#/definitions/none" }, { value: null, problems: [{ kind: "dangling", pointer: "/s/$ref", ref: "#/definitions/none" }] }],
    ["malformed percent-encoding is dangling", { $ref: "#/definitions/%zz" }, { value: null, problems: [{ kind: "dangling", pointer: "/s/$ref", ref: "#/definitions/%zz" }] }],
    ["a ref to another file", { $ref: "other.yaml#/x" }, { value: null, problems: [{ kind: "external", pointer: "/s/$ref", ref: "other.yaml#/x" }] }],
    [
      "a circular ref, at the $ref that closes the circle",
      { $ref: "#/definitions/loop" },
      { value: { type: "object", properties: { next: null } }, problems: [{ kind: "circular", pointer: "/definitions/loop/properties/next/$ref", ref: "#/definitions/loop" }] },
    ],
  ])("%s", (_name, schema, want) => {
    expect(inlineRefs(doc, schema, "/s")).toEqual(want);
  });

  test("an enum over the limit is a problem, found before it is copied", () => {
    const big = { enum: Array.from({ length: MAX_ENUM_VALUES + 1 }, (_, i) => i) };
    expect(inlineRefs(doc, big, "/s").problems).toEqual([{ kind: "enum-too-large", pointer: "/s/enum", ref: "" }]);
    expect(inlineRefs(doc, { enum: Array.from({ length: MAX_ENUM_VALUES }, (_, i) => i) }, "/s").problems).toEqual([]);
  });

  test("nesting beyond the limit is a problem, reported once; nesting up to it is not", () => {
    const nested = (levels: number): unknown => {
      let schema: unknown = { type: "string" };
      for (let i = 0; i < levels; i++) schema = { items: schema };
      return schema;
    };
    expect(inlineRefs(doc, nested(MAX_SCHEMA_DEPTH), "").problems).toEqual([]);
    expect(inlineRefs(doc, nested(MAX_SCHEMA_DEPTH + 1), "").problems).toEqual([{ kind: "too-deep", pointer: `${"/items".repeat(MAX_SCHEMA_DEPTH + 1)}`, ref: "" }]);
  });
});

describe("findRefProblems and resolveRef", () => {
  test.each<[string, JsonObject, { kind: string; pointer: string; ref: string }[]]>([
    ["a document whose refs all resolve", { definitions, paths: { "/x": { $ref: "#/definitions/a_string" } } }, []],
    ["a dangling ref anywhere", { definitions, responses: { "400": { $ref: "#/definitions/none" } } }, [{ kind: "dangling", pointer: "/responses/400/$ref", ref: "#/definitions/none" }]],
    ["a ref to a URL", { paths: { "/x": { $ref: "https://example.com/s.yaml" } } }, [{ kind: "external", pointer: "/paths/~1x/$ref", ref: "https://example.com/s.yaml" }]],
    ["an enum's object that looks like a dangling ref is data", { definitions: { e: { enum: [{ $ref: "#/nowhere" }] } } }, []],
  ])("%s", (_name, document, want) => {
    expect(findRefProblems(document)).toEqual(want);
  });

  test.each<[string, string, unknown]>([
    ["#", "", doc],
    ["#/definitions/a%20b", "/definitions/a b", { type: "integer" }],
    ["#/definitions/a~1b", "/definitions/a~1b", { type: "boolean" }],
  ])("resolveRef(%j) finds the pointer %j", (ref, pointer, value) => {
    expect(resolveRef(doc, ref)).toEqual({ found: true, pointer, value });
  });

  test.each(["#definitions", "#/definitions/none", "other.yaml#/definitions/a_string", "#/definitions/%"])("resolveRef(%j) finds nothing", (ref) => {
    expect(resolveRef(doc, ref)).toEqual({ found: false });
  });
});
