/**
 * Hostile input: prototype keys, huge strings, deep nesting, values JSON cannot hold. The
 * validators must not pollute prototypes, throw, or hang on any of it.
 */
import { describe, expect, test } from "vitest";
import { compileValidator, emitFor, loadSpecs } from "./harness.js";
import { isDateTime, isEmail, isUri, isUrl } from "../../runtime/src/validators.js";

const specs = loadSpecs();
const modules = specs.map((s) => compileValidator(emitFor(s.modelId, { request: s.request, createResponse: s.createResponse, queryResponse: s.queryResponse })));
const strict = compileValidator(
  emitFor("strict", {
    request: {
      type: "object",
      additionalProperties: false,
      properties: {
        tags: { type: "array", uniqueItems: true },
        pick: { enum: [{ a: [1] }, [[1]]] },
        nested: { type: "object", additionalProperties: { type: "object", properties: { x: { type: "string" } } } },
      },
    },
  }),
);

function deep(depth: number): unknown {
  let v: unknown = [];
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

const hostile: [string, unknown][] = [
  ["__proto__ from JSON.parse", JSON.parse('{"__proto__": {"polluted": true}, "prompt": "p", "model": "x"}')],
  ["constructor.prototype", JSON.parse('{"constructor": {"prototype": {"polluted": true}}, "prompt": "p"}')],
  ["toString and valueOf keys", { toString: 1, valueOf: "x", hasOwnProperty: 2, prompt: "p" }],
  ["null-prototype object", Object.assign(Object.create(null) as object, { prompt: "p" })],
  ["deep nesting", { prompt: "p", images: [deep(200_000)], tags: [deep(100_000), deep(100_000)], pick: deep(100_000), nested: { k: deep(100_000) } }],
  ["10 MB string", { prompt: "x".repeat(10_000_000), first_frame_image: "http://" + "a.".repeat(2_000_000) + "!" }],
  ["many keys", Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]))],
  ["long key", { ["k".repeat(1_000_000)]: 1 }],
  ["undefined", undefined],
  ["function", () => 1],
  ["symbol", Symbol("x")],
  ["bigint", 10n],
  ["NaN and Infinity", { prompt: "p", duration: Number.NaN, "extends.cfg_scale": Number.POSITIVE_INFINITY }],
  ["sparse array", { prompt: "p", images: new Array(5) }],
  ["Date and Map", { prompt: new Date(0), images: new Map() }],
  ["lone surrogates", { prompt: "\ud800\udc00\ud800", size: "\udfff" }],
];

describe("hostile input", () => {
  test.each(hostile)("%s: no throw, no pollution, no hang", (_name, body) => {
    const started = performance.now();
    for (const m of [...modules, strict]) {
      for (const typoProtection of [false, true]) expect(() => m.validateRequest(body, { typoProtection })).not.toThrow();
      expect(() => m.validateCreateResponse(body)).not.toThrow();
      expect(() => m.validateQueryResponse(body)).not.toThrow();
    }
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  test("__proto__ is an ordinary undeclared key", () => {
    const body = JSON.parse('{"__proto__": {"x": 1}}');
    const result = strict.validateRequest(body);
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual(["/__proto__"]);
  });

  test("the valid result is the input object itself", () => {
    const body = { prompt: "p" };
    const result = modules[specs.findIndex((s) => s.file === "video/wan2-6.yaml")]!.validateRequest(body);
    expect(result.ok && result.value).toBe(body);
  });

  test.each([
    ["url, many @", () => isUrl("http://" + "a@".repeat(500_000) + "!")],
    ["url, many labels", () => isUrl("http://" + "a.".repeat(500_000) + "!")],
    ["url, many hyphens", () => isUrl("http://" + "a-".repeat(500_000) + "!")],
    ["url, colons in userinfo", () => isUrl("http://" + ":".repeat(1_000_000) + "@")],
    ["uri, many segments", () => isUri("a:" + "/".repeat(1_000_000) + " ")],
    ["uri, many colons", () => isUri("a://" + "a:".repeat(500_000) + "[")],
    ["email, long labels", () => isEmail("a".repeat(500_000) + "@" + "a-".repeat(500_000) + "!")],
    ["date-time, long fraction", () => isDateTime("2024-01-01T00:00:00." + "1".repeat(1_000_000) + "!")],
  ])("format check stays linear: %s", (_name, run) => {
    const started = performance.now();
    expect(run()).toBe(false);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
