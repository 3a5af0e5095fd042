/**
 * The keyword table (generator/validators/keywords.ts) as given/want rows: for every keyword the
 * emitter enforces, a value it accepts and one it rejects, with the issue a person reads; and
 * the validate stage's verdict on keywords it refuses, each at its place in the spec.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { compileValidator, emitFor, ROOT } from "./harness.js";
import { throughGenerator, VALUE_POINTER } from "./through-generator.js";
import { KEYWORDS, keywordSummary, type Schema } from "../../generator/validators/index.js";

interface Row {
  readonly keyword: string;
  readonly schema: Schema;
  readonly given: unknown;
  /** The issue at `/v`, or null for a valid value. */
  readonly want: { readonly keyword: string; readonly message: string } | null;
}

const rows: Row[] = [
  { keyword: "type", schema: { type: "integer" }, given: 3, want: null },
  { keyword: "type", schema: { type: "integer" }, given: 1.5, want: { keyword: "type", message: "v must be an integer; got 1.5" } },
  { keyword: "nullable", schema: { type: "string", nullable: true }, given: null, want: null },
  { keyword: "nullable", schema: { type: "string" }, given: null, want: { keyword: "type", message: "v must be a string; got null" } },
  { keyword: "enum", schema: { enum: [5, 10] }, given: 10, want: null },
  { keyword: "enum", schema: { enum: [5, 10] }, given: 7, want: { keyword: "enum", message: "v must be one of 5, 10; got 7" } },
  { keyword: "const", schema: { const: { a: [1] } }, given: { a: [1] }, want: null },
  { keyword: "const", schema: { const: "x" }, given: "y", want: { keyword: "const", message: 'v must be "x"; got "y"' } },
  { keyword: "minLength", schema: { minLength: 1 }, given: "a", want: null },
  { keyword: "minLength", schema: { minLength: 1 }, given: "", want: { keyword: "minLength", message: "v must be at least 1 character long; got 0" } },
  { keyword: "minLength", schema: { minLength: 1 }, given: "😀", want: null },
  { keyword: "minLength", schema: { minLength: 2 }, given: "😀", want: { keyword: "minLength", message: "v must be at least 2 characters long; got 1" } },
  { keyword: "maxLength", schema: { maxLength: 2 }, given: "😀😀", want: null },
  { keyword: "maxLength", schema: { maxLength: 2 }, given: "abc", want: { keyword: "maxLength", message: "v must be at most 2 characters long; got 3" } },
  { keyword: "pattern", schema: { pattern: "^a+$" }, given: "aa", want: null },
  { keyword: "pattern", schema: { pattern: "^a+$" }, given: "ab", want: { keyword: "pattern", message: 'v must match the pattern "^a+$"; got "ab"' } },
  { keyword: "format", schema: { type: "string", format: "uuid" }, given: "00000000-0000-4000-8000-000000000000", want: null },
  { keyword: "format", schema: { type: "integer", format: "int32" }, given: 2 ** 31, want: { keyword: "format", message: "v must be a valid int32; got 2147483648" } },
  { keyword: "minimum", schema: { minimum: 1 }, given: 1, want: null },
  { keyword: "minimum", schema: { minimum: 1 }, given: 0, want: { keyword: "minimum", message: "v must be >= 1; got 0" } },
  { keyword: "maximum", schema: { maximum: 1 }, given: 1, want: null },
  { keyword: "maximum", schema: { maximum: 1 }, given: 2, want: { keyword: "maximum", message: "v must be <= 1; got 2" } },
  { keyword: "exclusiveMinimum", schema: { minimum: 1, exclusiveMinimum: true }, given: 1, want: { keyword: "exclusiveMinimum", message: "v must be > 1; got 1" } },
  { keyword: "exclusiveMinimum", schema: { exclusiveMinimum: 1 }, given: 1.5, want: null },
  { keyword: "exclusiveMaximum", schema: { maximum: 1, exclusiveMaximum: true }, given: 1, want: { keyword: "exclusiveMaximum", message: "v must be < 1; got 1" } },
  { keyword: "exclusiveMaximum", schema: { exclusiveMaximum: 1 }, given: 0.5, want: null },
  { keyword: "multipleOf", schema: { multipleOf: 0.5 }, given: 2.5, want: null },
  { keyword: "multipleOf", schema: { multipleOf: 2 }, given: 3, want: { keyword: "multipleOf", message: "v must be a multiple of 2; got 3" } },
  { keyword: "items", schema: { items: { type: "string" } }, given: ["a"], want: null },
  { keyword: "items", schema: { items: { type: "string" } }, given: ["a", 1], want: { keyword: "type", message: "v/1 must be a string; got 1" } },
  { keyword: "minItems", schema: { minItems: 1 }, given: [0], want: null },
  { keyword: "minItems", schema: { minItems: 1 }, given: [], want: { keyword: "minItems", message: "v must be at least 1 item long; got 0" } },
  { keyword: "maxItems", schema: { maxItems: 1 }, given: [1], want: null },
  { keyword: "maxItems", schema: { maxItems: 1 }, given: [1, 2], want: { keyword: "maxItems", message: "v must be at most 1 item long; got 2" } },
  { keyword: "uniqueItems", schema: { uniqueItems: true }, given: [{ a: 1 }, { a: 2 }], want: null },
  { keyword: "uniqueItems", schema: { uniqueItems: true }, given: [1, 1], want: { keyword: "uniqueItems", message: "v must not contain duplicates; items 0 and 1 are equal" } },
  { keyword: "properties", schema: { properties: { a: { type: "string" } } }, given: { b: 1 }, want: null },
  { keyword: "properties", schema: { properties: { a: { type: "string" } } }, given: { a: 1 }, want: { keyword: "type", message: "v/a must be a string; got 1" } },
  { keyword: "required", schema: { required: ["a"] }, given: { a: 0 }, want: null },
  { keyword: "required", schema: { required: ["a"] }, given: {}, want: { keyword: "required", message: "v/a is required" } },
  { keyword: "additionalProperties", schema: { properties: { a: {} }, additionalProperties: false }, given: { a: 1 }, want: null },
  { keyword: "additionalProperties", schema: { additionalProperties: { type: "integer" } }, given: { x: "1" }, want: { keyword: "type", message: "v/x must be an integer; got \"1\"" } },
  { keyword: "minProperties", schema: { minProperties: 1 }, given: { a: 1 }, want: null },
  { keyword: "minProperties", schema: { minProperties: 1 }, given: {}, want: { keyword: "minProperties", message: "v must be an object with at least 1 property; got 0" } },
  { keyword: "maxProperties", schema: { maxProperties: 1 }, given: { a: 1 }, want: null },
  { keyword: "maxProperties", schema: { maxProperties: 1 }, given: { a: 1, b: 2 }, want: { keyword: "maxProperties", message: "v must be an object with at most 1 property; got 2" } },
  { keyword: "allOf", schema: { allOf: [{ minimum: 1 }, { maximum: 3 }] }, given: 2, want: null },
  { keyword: "allOf", schema: { allOf: [{ minimum: 1 }, { maximum: 3 }] }, given: 4, want: { keyword: "maximum", message: "v must be <= 3; got 4" } },
  { keyword: "anyOf", schema: { anyOf: [{ type: "string" }, { type: "integer" }] }, given: 1, want: null },
  { keyword: "anyOf", schema: { anyOf: [{ type: "string" }, { type: "integer" }] }, given: 1.5, want: { keyword: "anyOf", message: "v must match at least one of the allowed schemas; it matches none" } },
  { keyword: "oneOf", schema: { oneOf: [{ minimum: 1 }, { minimum: 2 }] }, given: 1, want: null },
  { keyword: "oneOf", schema: { oneOf: [{ minimum: 1 }, { minimum: 2 }] }, given: 3, want: { keyword: "oneOf", message: "v must match exactly one of the allowed schemas; it matches 2" } },
  { keyword: "not", schema: { not: { type: "string" } }, given: 1, want: null },
  { keyword: "not", schema: { not: { type: "string" } }, given: "a", want: { keyword: "not", message: "v must not match the schema it is forbidden to match" } },
];

describe("the emitter's keywords, given a value, want its issue", () => {
  test.each(rows)("$keyword: $given", ({ schema, given, want }) => {
    const m = compileValidator(emitFor("table", { request: { type: "object", properties: { v: schema } } }));
    const result = m.validateRequest({ v: given });
    const issues = result.ok ? [] : result.issues.map((i) => ({ keyword: i.keyword, message: i.message }));
    expect(issues).toEqual(want === null ? [] : [want]);
    expect(m.isRequest({ v: given })).toBe(want === null);
  });

  test("every keyword in the table has a row that passes and one that fails (a new keyword needs both)", () => {
    const missing = Object.keys(KEYWORDS).filter((k) => !rows.some((r) => r.keyword === k && r.want === null) || !rows.some((r) => r.keyword === k && r.want !== null));
    expect(missing).toEqual([]);
  });
});

describe("the validate stage refuses what the emitter cannot enforce, where it is written", () => {
  test.each([
    { name: "an unknown keyword", schema: { type: "string", contentMediaType: "text/plain" }, code: "LM207", at: "/contentMediaType", says: "keyword `contentMediaType` cannot be enforced" },
    { name: "a bad bound", schema: { type: "string", maxLength: -1 }, code: "LM202", at: "/maxLength", says: "maxLength must be a non-negative integer, got -1" },
    { name: "multipleOf 0", schema: { type: "number", multipleOf: 0 }, code: "LM202", at: "/multipleOf", says: "multipleOf must be a number above 0, got 0" },
    { name: "an unknown format", schema: { type: "string", format: "hostname" }, code: "LM904", at: "/format", says: 'format "hostname" cannot be enforced' },
    { name: "an invalid pattern", schema: { type: "string", pattern: "(" }, code: "LM208", at: "/pattern", says: "not a valid JavaScript regular expression" },
    { name: "an empty enum", schema: { enum: [] }, code: "LM203", at: "/enum", says: "enum must be a non-empty list" },
    { name: "a tuple", schema: { type: "array", items: [{ type: "string" }] }, code: "LM207", at: "/items", says: "OpenAPI 3.0 has no tuple form" },
  ])("$name", ({ schema, code, at, says }) => {
    const { errors } = throughGenerator(schema);
    expect(errors.map((e) => ({ code: e.code, pointer: e.location.pointer }))).toEqual([{ code, pointer: VALUE_POINTER + at }]);
    expect(errors[0]!.message).toContain(says);
  });

  test("regression: a keyword it cannot enforce inside a $ref'd component is reported in the component, where it is written", () => {
    const { errors } = throughGenerator({ $ref: "#/components/schemas/Shared" }, { Shared: { type: "object", patternProperties: { "^x": { type: "string" } } } });
    expect(errors.map((e) => ({ code: e.code, pointer: e.location.pointer }))).toEqual([{ code: "LM207", pointer: "/components/schemas/Shared/patternProperties" }]);
    expect(errors[0]!.location.line).toBeGreaterThan(0);
  });
});

describe("the README and --help read the same table", () => {
  test("the README's list is the table's", () => {
    expect(readFileSync(join(ROOT, "README.md"), "utf8")).toContain("```text\n" + keywordSummary().join("\n") + "\n```");
  });

  test("lint --help names every keyword with what it checks", () => {
    execFileSync(process.execPath, [join(ROOT, "generator/build.mjs")]);
    const help = execFileSync(process.execPath, [join(ROOT, "build/generator/bin.js"), "lint", "--help"], { encoding: "utf8" });
    for (const keyword of Object.keys(KEYWORDS)) expect(help).toMatch(new RegExp(`^  ${keyword} +${KEYWORDS[keyword as keyof typeof KEYWORDS].summary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "m"));
  });
});
