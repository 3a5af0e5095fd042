/**
 * The shortcuts taken for speed and size give the same answers as the long way round:
 * quoting a value without JSON.stringify, the plain-URL test before the full `format: url`
 * expression, the compact edit distance, and response shapes (data) instead of response code.
 */
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { fullFormats } from "ajv-formats/dist/formats.js";
import { describeValue, editDistance, isUrl } from "../../runtime/src/validators.js";
import { compileValidator, emitFor, loadFixtures, loadSpecs } from "./harness.js";
import { genValue, rng } from "./bodies.js";
import type { Schema } from "../../generator/validators/index.js";

const RUNS = 20_000;

describe("describeValue quotes a string exactly as JSON.stringify does", () => {
  const tricky = fc.constantFrom('"', "\\", "\n", "\u0000", "\u001f", "\u007f", "\u2028", "\ud83d", "\ude00", "\ud83d\ude00", "é", "…", "a");
  const text = fc.oneof(fc.string({ unit: "binary", maxLength: 50 }), fc.array(tricky, { maxLength: 45 }).map((parts) => parts.join("")));
  test("random strings, surrogates and control characters included", () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(describeValue(s)).toBe(JSON.stringify(s.length > 40 ? s.slice(0, 40) + "…" : s));
      }),
      { numRuns: RUNS, seed: 0x5eed },
    );
  });
});

describe("isUrl agrees with ajv-formats' url on every string", () => {
  const ajvUrl = fullFormats.url as RegExp;
  const piece = fc.constantFrom(
    "http://", "https://", "ftp://", "HTTPS://", "http:/", "mailto:", "a", "z", "Z", "0", "9", "-", "--", ".", "..", "com", "io", "x",
    "example", "cdn", "10.0.0.1", "8.8.8.8", "172.16.0.1", "1.2.3.254", ":", ":80", ":8080", ":123456", "/", "/path", "?q=1", "#f",
    "@", "user:pw@", " ", "\t", "é", "ü", "\u00a0", "\u3000", "日本", "\ufeff", "%20", "~", "_", "!", "\u007f",
  );
  // Mostly well-formed URLs with one part off, so that both expressions are tested near their edges.
  const label = fc.constantFrom("cdn", "example", "a", "x-y", "x--y", "-x", "x-", "b2", "9", "日本", "ÉCOLE", "EXAMPLE", "", "a_b");
  const tld = fc.constantFrom("com", "io", "c", "CoM", "c0m", "123", "рф", "");
  const structured = fc
    .tuple(
      fc.constantFrom("http://", "https://", "ftp://", "HTTP://", "ftps://", "http:/", "http:///"),
      fc.constantFrom("", "", "user@", "user:pw@", "a b@", "@"),
      fc.oneof(fc.tuple(fc.array(label, { minLength: 1, maxLength: 3 }), tld).map(([ls, t]) => [...ls, t].join(".")), fc.constantFrom("8.8.8.8", "10.1.1.1", "1.2.3.255", "224.0.0.1", "localhost")),
      fc.constantFrom("", "", ":80", ":8", ":65535", ":123456", ":", ":ab"),
      fc.constantFrom("", "", "/", "/a/b.png", "/a?b=c#d", "?q", "#f", "/a b", "/é", "/\u007f", "/\u00a0x", "/~%20"),
    )
    .map((parts) => parts.join(""));
  const urlish = fc.oneof(
    structured,
    fc.array(piece, { maxLength: 12 }).map((parts) => parts.join("")),
    fc.tuple(fc.constantFrom("http://", "https://", "ftp://"), fc.array(piece, { maxLength: 10 })).map(([scheme, parts]) => scheme + parts.join("")),
    fc.string({ unit: "grapheme-ascii", maxLength: 40 }).map((s) => "https://" + s),
  );
  test("URL-like strings built from pieces that matter to either expression", () => {
    fc.assert(
      fc.property(urlish, (s) => {
        expect(isUrl(s), JSON.stringify(s)).toBe(ajvUrl.test(s));
      }),
      { numRuns: RUNS, seed: 0x5eed },
    );
  });
});

describe("editDistance equals a plain optimal-string-alignment distance", () => {
  /** The textbook full table, no early exit. */
  function reference(a: string, b: string): number {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= x.length; i++) {
      for (let j = 1; j <= y.length; j++) {
        const row = d[i]!;
        row[j] = Math.min(d[i - 1]![j]! + 1, row[j - 1]! + 1, d[i - 1]![j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
      }
    }
    return d[x.length]![y.length]!;
  }
  const word = fc.string({ unit: fc.constantFrom("a", "b", "c", "A", "_"), maxLength: 9 });
  test("within the limit the distance, past it some number past the limit", () => {
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 5 }), (a, b, limit) => {
        const want = reference(a, b);
        const got = editDistance(a, b, limit);
        if (want <= limit) expect(got).toBe(want);
        else expect(got).toBeGreaterThan(limit);
      }),
      { numRuns: RUNS, seed: 0x5eed },
    );
  });
});

/** The lenient reading of a schema: what a response check enforces, as a request check would. */
function lenient(schema: Schema): Schema {
  const keep = ["type", "nullable", "properties", "required", "items"];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) if (keep.includes(k)) out[k] = v;
  if (out["properties"]) out["properties"] = Object.fromEntries(Object.entries(out["properties"] as Record<string, Schema>).map(([k, v]) => [k, lenient(v)]));
  if (out["items"]) out["items"] = lenient(out["items"] as Schema);
  return out;
}

describe("a response shape reports what generated response code would", () => {
  const structural = new Set(["objects", "items", "nullable", "untyped", "type-integer-number"]);
  const cases = [
    ...loadSpecs().flatMap((s) => [
      { name: `${s.file} create response`, schema: s.createResponse },
      { name: `${s.file} query response`, schema: s.queryResponse },
    ]),
    ...loadFixtures()
      .filter((f) => structural.has(f.name))
      .map((f) => ({ name: `fixture ${f.name}`, schema: f.schema })),
  ];
  test.each(cases)("$name", ({ name, schema }) => {
    const source = emitFor("m", { createResponse: schema });
    expect(source, "the shape, not code, is emitted").toMatch(/const CREATE_RESPONSE: Shape = /);
    const shaped = compileValidator(source).validateCreateResponse;
    // The same checks as code: the request validator of the lenient schema (typo protection off).
    const coded = compileValidator(emitFor("m", { request: lenient(schema) })).validateRequest;
    let invalid = 0;
    for (let i = 0; i < 2_000; i++) {
      const body = genValue(schema, rng(i + name.length * 7919));
      const want = coded(body);
      if (!want.ok) invalid++;
      expect(shaped(body), JSON.stringify(body)).toEqual(want);
    }
    expect(invalid, "some bodies must fail").toBeGreaterThan(0);
  });

  test("a response with a combinator is still emitted as code", () => {
    const source = emitFor("m", { createResponse: { type: "object", properties: { a: { anyOf: [{ type: "string" }, { type: "integer" }] } } } });
    expect(source).not.toMatch(/const CREATE_RESPONSE: Shape/);
    const m = compileValidator(source);
    expect(m.validateCreateResponse({ a: 1 }).ok).toBe(true);
    expect(m.validateCreateResponse({ a: true }).ok).toBe(false);
  });
});
