/**
 * Messages, params, paths and did-you-mean suggestions of the generated validators, the
 * lenient response validators, the emitter's refusals, and strict type-checking of the output.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import ts from "typescript";
import { compileValidator, emitFor, loadFixtures, loadSpecs, RUNTIME_SRC } from "./harness.js";
import { emitValidatorModule, findUnenforceableConstraints, findUnsupportedKeywords } from "../../generator/validators/index.js";
import fc from "fast-check";
import {
  closestMatch,
  constIssue,
  constSite,
  deepEqual,
  describeValue,
  editDistance,
  enumAt,
  enumIssue,
  enumSite,
  escapePointer,
  formatIssue,
  formatSite,
  issueAt,
  limitIssue,
  limitSite,
  missingAt,
  patternIssue,
  patternSite,
  requiredIssue,
  requiredSite,
  typeIssue,
  typeSite,
} from "../../runtime/src/validators.js";

const specs = loadSpecs();
const spec = (file: string) => specs.find((s) => s.file === file)!;
const wan = spec("video/wan2-6.yaml");
const kling = spec("video/kling-v3.yaml");
const wanModule = compileValidator(emitFor(wan.modelId, { request: wan.request, createResponse: wan.createResponse, queryResponse: wan.queryResponse }));
const klingModule = compileValidator(emitFor(kling.modelId, { request: kling.request }));

function issues(result: { ok: boolean; issues?: readonly unknown[] }) {
  return result.ok ? [] : (result.issues as { path: string; keyword: string; params: unknown; message: string; suggestion?: string }[]);
}

describe("messages a person understands", () => {
  test.each([
    { name: "enum of integers", body: { prompt: "p", duration: 7 }, path: "/duration", keyword: "enum", params: { allowedValues: [5, 10, 15] }, message: "duration must be one of 5, 10, 15; got 7" },
    { name: "enum of strings", body: { prompt: "p", resolution: "4K" }, path: "/resolution", keyword: "enum", params: { allowedValues: ["1080P", "720P"] }, message: 'resolution must be one of "1080P", "720P"; got "4K"' },
    { name: "integer type", body: { prompt: "p", duration: "10" }, path: "/duration", keyword: "type", params: { type: "integer", nullable: false }, message: 'duration must be an integer; got "10"' },
    { name: "required", body: {}, path: "/prompt", keyword: "required", params: { missingProperty: "prompt" }, message: "prompt is required" },
    { name: "minLength", body: { prompt: "" }, path: "/prompt", keyword: "minLength", params: { limit: 1 }, message: "prompt must be at least 1 character long; got 0" },
    { name: "maxLength", body: { prompt: "x".repeat(2001) }, path: "/prompt", keyword: "maxLength", params: { limit: 2000 }, message: "prompt must be at most 2000 characters long; got 2001" },
    { name: "url format", body: { prompt: "p", audio_url: "not a url" }, path: "/audio_url", keyword: "format", params: { format: "url" }, message: 'audio_url must be a valid url; got "not a url"' },
    { name: "root type", body: [], path: "", keyword: "type", params: { type: "object", nullable: false }, message: "body must be an object; got an array of 0" },
  ])("$name", ({ body, path, keyword, params, message }) => {
    const found = issues(wanModule.validateRequest(body));
    expect(found).toEqual([{ path, keyword, params, message }]);
  });

  test("every problem is reported, not only the first", () => {
    const found = issues(wanModule.validateRequest({ duration: 7, resolution: 1 }));
    expect(found.map((i) => i.path)).toEqual(["/prompt", "/resolution", "/duration"]);
  });

  test("a dotted property name is one flat key, and its pointer keeps the dot", () => {
    const found = issues(klingModule.validateRequest({ model: "kling-v3", prompt: "p", resolution: "720P", "extends.cfg_scale": 2 }));
    expect(found).toEqual([{ path: "/extends.cfg_scale", keyword: "maximum", params: { limit: 1 }, message: "extends.cfg_scale must be <= 1; got 2" }]);
    expect(klingModule.validateRequest({ model: "kling-v3", prompt: "p", resolution: "720P", extends: { audio: true } }).ok).toBe(true);
  });

  test("a key with / and ~ is escaped in the pointer", () => {
    const m = compileValidator(emitFor("m", { request: { type: "object", additionalProperties: false } }));
    expect(issues(m.validateRequest({ "a/b~c": 1 }))[0]).toMatchObject({ path: "/a~1b~0c", keyword: "additionalProperties", message: "a/b~c is not a field of m" });
  });

  test("long strings are cut short in messages", () => {
    const found = issues(wanModule.validateRequest({ prompt: "p", audio_url: "y".repeat(10_000) }));
    expect(found[0]!.message).toBe(`audio_url must be a valid url; got "${"y".repeat(40)}…"`);
  });
});

describe("typo protection", () => {
  test("off by default: the spec allows undeclared keys", () => {
    expect(wanModule.validateRequest({ prompt: "p", durration: 5 }).ok).toBe(true);
    expect(wanModule.isRequest({ prompt: "p", durration: 5 })).toBe(true);
  });

  test("an undeclared key gets a did-you-mean", () => {
    const found = issues(wanModule.validateRequest({ prompt: "p", durration: 5 }, { typoProtection: true }));
    expect(found).toEqual([
      {
        path: "/durration",
        keyword: "additionalProperties",
        params: { additionalProperty: "durration" },
        message: "durration is not a field of wan2.6 (the spec allows extra keys; typo protection reports it); did you mean duration?",
        suggestion: "duration",
      },
    ]);
  });

  test("an enum value gets the closest allowed value", () => {
    const found = issues(wanModule.validateRequest({ prompt: "p", resolution: "720p" }, { typoProtection: true }));
    expect(found[0]).toMatchObject({ keyword: "enum", suggestion: "720P", message: 'resolution must be one of "1080P", "720P"; got "720p"; did you mean "720P"?' });
    expect(issues(wanModule.validateRequest({ prompt: "p", resolution: "720p" }))[0]!.suggestion).toBeUndefined();
  });

  test("a key far from every field gets no suggestion: the message lists the declared fields instead", () => {
    const found = issues(wanModule.validateRequest({ prompt: "p", colour_palette: 1 }, { typoProtection: true }));
    expect(found[0]).toMatchObject({
      path: "/colour_palette",
      message:
        "colour_palette is not a field of wan2.6 (the spec allows extra keys; typo protection reports it); its fields are prompt, first_frame_image, resolution, audio_url, duration, model",
    });
    expect(found[0]!.suggestion).toBeUndefined();
  });

  test("with additionalProperties: false the one issue carries the suggestion", () => {
    const m = compileValidator(emitFor("m", { request: { type: "object", additionalProperties: false, properties: { prompt: { type: "string" } } } }));
    expect(issues(m.validateRequest({ promt: "x" }))).toEqual([
      { path: "/promt", keyword: "additionalProperties", params: { additionalProperty: "promt" }, message: "promt is not a field of m; its fields are prompt" },
    ]);
    expect(issues(m.validateRequest({ promt: "x" }, { typoProtection: true }))[0]).toMatchObject({ message: "promt is not a field of m; did you mean prompt?", suggestion: "prompt" });
  });

  test("an object that declares no fields lists none", () => {
    const m = compileValidator(emitFor("m", { request: { type: "object", additionalProperties: false } }));
    expect(issues(m.validateRequest({ x: 1 }, { typoProtection: true }))).toEqual([
      { path: "/x", keyword: "additionalProperties", params: { additionalProperty: "x" }, message: "x is not a field of m" },
    ]);
  });

  test.each([
    ["durration", ["duration", "resolution"], "duration"],
    ["Prompt", ["prompt"], "prompt"],
    ["frist_frame_image", ["first_frame_image", "last_frame_image"], "first_frame_image"],
    ["sise", ["size", "seed"], "size"],
    ["xyz", ["prompt", "duration"], undefined],
  ])("closestMatch(%s)", (word, candidates, want) => {
    expect(closestMatch(word, candidates)).toBe(want);
  });

  test("editDistance, whose rows are reused from call to call, agrees with the whole table on 2,000 seeded pairs within their limits", () => {
    /** Optimal string alignment over the whole table, as the textbook writes it. */
    const reference = (a: string, b: string): number => {
      const [x, y] = [a.toLowerCase(), b.toLowerCase()];
      const d = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= x.length; i++)
        for (let j = 1; j <= y.length; j++) {
          d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
          if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
        }
      return d[x.length]![y.length]!;
    };
    let seed = 7;
    const next = (n: number): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n;
    const word = (): string => Array.from({ length: next(9) }, () => "abcAB"[next(5)]).join("");
    for (let k = 0; k < 2_000; k++) {
      const [a, b, limit] = [word(), word(), next(5)];
      const [got, want] = [editDistance(a, b, limit), reference(a, b)];
      // Past its limit it gives up: any figure over the limit says "not within".
      if (want <= limit) expect(got, `${a} ~ ${b} within ${limit}`).toBe(want);
      else expect(got, `${a} ~ ${b} within ${limit}`).toBeGreaterThan(limit);
    }
  });

  test("editDistance counts a transposition as one edit", () => {
    expect(editDistance("promtp", "prompt", 3)).toBe(1);
    expect(editDistance("abc", "xyz", 1)).toBe(2);
  });
});

describe("responses are validated leniently", () => {
  const ok = { code: 0, data: { task_id: "aurora_abc123", order_id: "x", status: "queued", price: 0.07 }, msg: "success", request_id: "r" };
  test("a task id that is not a UUID and an unknown status pass", () => {
    expect(wanModule.validateCreateResponse(ok).ok).toBe(true);
    expect(wanModule.validateQueryResponse({ code: 0, data: { status: "Rendering", task_id: "aurora_1" }, message: "success" }).ok).toBe(true);
  });
  test("a wrong type names the field", () => {
    expect(issues(wanModule.validateCreateResponse({ ...ok, data: { ...ok.data, price: "0.07" } }))).toEqual([
      { path: "/data/price", keyword: "type", params: { type: "number", nullable: false }, message: 'data/price must be a number; got "0.07"' },
    ]);
    expect(issues(wanModule.validateQueryResponse({ code: "0" }))[0]!.message).toBe('code must be an integer; got "0"');
  });
  test("the generated module says why, in a comment", () => {
    expect(emitFor("m", {})).toMatch(/task ids are not UUIDs/);
  });
});

describe("JSON Schema equality, where ajv's deep equality differs", () => {
  test("objects with a constructor key are compared as data", () => {
    expect(deepEqual({ constructor: {} }, { constructor: {} })).toBe(true);
    const m = compileValidator(emitFor("m", { request: { type: "array", uniqueItems: true } }));
    expect(m.validateRequest([{ constructor: {} }, { constructor: {} }]).ok).toBe(false);
  });
  test("escapePointer", () => {
    expect(escapePointer("a/b~c")).toBe("a~1b~0c");
  });
});

describe("the emitter refuses what it cannot enforce", () => {
  test("unsupported keywords, with pointers", () => {
    const schema = { type: "object", properties: { a: { type: "string", contentEncoding: "base64" }, b: { patternProperties: {} } }, description: "x", "x-y": 1, discriminator: { propertyName: "a" } };
    expect(findUnsupportedKeywords(schema)).toEqual([
      { pointer: "/properties/a", keyword: "contentEncoding" },
      { pointer: "/properties/b", keyword: "patternProperties" },
    ]);
  });
  test("a pattern that is not a valid u-flag regular expression, an unknown format, a $ref", () => {
    const schema = { type: "object", properties: { a: { type: "string", pattern: "\\-[" }, b: { type: "string", format: "hostname" }, c: { $ref: "#/components/schemas/C" } } };
    const found = findUnenforceableConstraints(schema);
    expect(found.map((p) => [p.pointer, p.keyword])).toEqual([
      ["/properties/a", "pattern"],
      ["/properties/b", "format"],
      ["/properties/c", "$ref"],
    ]);
    expect(() => emitFor("m", { request: schema })).toThrow(/cannot emit the request validator:[\s\S]*\/properties\/c: unresolved \$ref/);
    // Formats are not enforced on responses, so an unknown one there is fine.
    expect(findUnenforceableConstraints({ type: "string", format: "hostname" }, { response: true })).toEqual([]);
  });
  test("OpenAPI 3.1 type arrays are refused", () => {
    expect(findUnenforceableConstraints({ type: ["string", "null"] })[0]!.keyword).toBe("type");
  });
});

describe("generated source", () => {
  test("spec text cannot break out of comments or string literals", () => {
    const source = emitFor("evil*/model", {
      request: { type: "object", description: "ends */ here", properties: { 'a"*/\n`${x}': { type: "string", description: "*/ console.log(1) /*", enum: ["*/", "\u2028"] } } },
    });
    const m = compileValidator(source);
    expect(m.validateRequest({ 'a"*/\n`${x}': "*/" }).ok).toBe(true);
    expect(m.validateRequest({ 'a"*/\n`${x}': "x" }).ok).toBe(false);
    expect(source).not.toContain("ends */");
  });

  test("passes tsc --strict with exactOptionalPropertyTypes for every spec", () => {
    const dir = mkdtempSync(join(tmpdir(), "validators-tsc-"));
    try {
      const files: string[] = [];
      writeFileSync(join(dir, "runtime.ts"), `export * from ${JSON.stringify(join(RUNTIME_SRC, "validators.ts").replace(/\.ts$/, ".js"))};\n`);
      writeFileSync(join(dir, "types.ts"), "export type Req = { prompt?: string };\nexport type Create = { code?: number };\nexport type Query = { code?: number };\n");
      for (const [n, s] of specs.entries()) {
        const file = join(dir, `validate${n}.ts`);
        const source = emitValidatorModule({
          modelId: s.modelId, runtimeImport: "./runtime.js", typesImport: "./types.js",
          request: { schema: s.request, typeName: "Req" }, createResponse: { schema: s.createResponse, typeName: "Create" }, queryResponse: { schema: s.queryResponse, typeName: "Query" },
        });
        writeFileSync(file, source);
        files.push(file);
      }
      // Every feature fixture too, in one module each.
      for (const [n, f] of loadFixtures().entries()) {
        const file = join(dir, `fixture${n}.ts`);
        writeFileSync(file, emitValidatorModule({
          modelId: f.name, runtimeImport: "./runtime.js", typesImport: "./types.js",
          request: { schema: f.schema, typeName: "Req" }, createResponse: { schema: { type: "object" }, typeName: "Create" }, queryResponse: { schema: { type: "object" }, typeName: "Query" },
        }));
        files.push(file);
      }
      const program = ts.createProgram(files, {
        strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, noImplicitReturns: true, noUnusedLocals: true,
        noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true, types: [],
      });
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n") + ` (${d.file?.fileName}:${d.start})`);
      expect(diagnostics).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  test("no any, no interpreter: the output reads like code", () => {
    const source = emitFor(wan.modelId, { request: wan.request });
    expect(source).not.toMatch(/\bany\b(?!thing)/);
    expect(source).toContain('if (duration !== undefined && hasOwn(value, "duration")) {');
  });
});

describe("regression: property names that read alike", () => {
  test('keys `a"b`, `a\\b` and `a|b` get distinct local names and are all checked', async () => {
    const { emitValidatorModule } = await import("../../generator/validators/index.js");
    const schema = {
      type: "object",
      properties: { 'a"b': { type: "string" }, "a\\b": { type: "integer" }, "a|b": { type: "boolean" } },
      required: ['a"b', "a\\b", "a|b"],
    };
    const source = emitValidatorModule({
      modelId: "alike",
      typesImport: "./types.js",
      request: { schema, typeName: "Req" },
      createResponse: { schema: { type: "object" }, typeName: "Create" },
      queryResponse: { schema: { type: "object" }, typeName: "Query" },
    });
    expect(source).toMatch(/const aB = /);
    expect(source).toMatch(/const aB2 = /);
    expect(source).toMatch(/const aB3 = /);
    // Each name reads its own key: the valid body passes, and each wrong value is reported at its key.
    const m = compileValidator(source);
    expect(m.validateRequest({ 'a"b': "x", "a\\b": 1, "a|b": true })).toMatchObject({ ok: true });
    expect(issues(m.validateRequest({ 'a"b': "x", "a\\b": "one", "a|b": "yes" })).map((i) => [i.path, i.keyword])).toEqual([
      ["/a\\b", "type"],
      ["/a|b", "type"],
    ]);
  });
});

describe("issue sites: what a place in the schema decides is built once, and reports stay the same", () => {
  const nested = compileValidator(
    emitFor("nest", {
      request: {
        type: "object",
        properties: {
          tags: { type: "array", items: { type: "string", enum: ["red", "green"] } },
          links: { type: "array", items: { type: "string", format: "url" } },
          inner: {
            type: "object",
            required: ["a/b~c"],
            properties: { "a/b~c": { type: "string", minLength: 2 }, level: { type: "integer", maximum: 3 } },
          },
        },
      },
    }),
  );

  test("issues below the root name the whole path, escaped in the pointer and plain in the message", () => {
    expect(issues(nested.validateRequest({ tags: ["red", "blue"], links: ["https://a.example.com/x", "nope"], inner: { "a/b~c": "x", level: 4 } }))).toEqual([
      { path: "/tags/1", keyword: "enum", params: { allowedValues: ["red", "green"] }, message: 'tags/1 must be one of "red", "green"; got "blue"' },
      { path: "/links/1", keyword: "format", params: { format: "url" }, message: 'links/1 must be a valid url; got "nope"' },
      { path: "/inner/a~1b~0c", keyword: "minLength", params: { limit: 2 }, message: "inner/a/b~c must be at least 2 characters long; got 1" },
      { path: "/inner/level", keyword: "maximum", params: { limit: 3 }, message: "inner/level must be <= 3; got 4" },
    ]);
    expect(issues(nested.validateRequest({ inner: {} }))).toEqual([
      { path: "/inner/a~1b~0c", keyword: "required", params: { missingProperty: "a/b~c" }, message: "inner/a/b~c is required" },
    ]);
    expect(issues(nested.validateRequest({ tags: ["gren"] }, { typoProtection: true }))[0]).toEqual({
      path: "/tags/0",
      keyword: "enum",
      params: { allowedValues: ["red", "green"] },
      message: 'tags/0 must be one of "red", "green"; got "gren"; did you mean "green"?',
      suggestion: "green",
    });
  });

  test("an issue's params cannot be changed to alter a later report", () => {
    const first = issues(wanModule.validateRequest({ prompt: "p", duration: 7 }))[0]!;
    const params = first.params as { allowedValues: unknown[] };
    expect(() => params.allowedValues.push(7)).toThrow(TypeError);
    expect(() => ((first.params as Record<string, unknown>)["allowedValues"] = [7])).toThrow(TypeError);
    expect(wanModule.validateRequest({ prompt: "p", duration: 7 }).ok).toBe(false);
    expect(issues(wanModule.validateRequest({ prompt: "p", duration: 7 }))[0]!.message).toBe("duration must be one of 5, 10, 15; got 7");
  });

  test("where the generator splits a path into code and a fixed pointer does not change the issue", () => {
    const token = fc.constantFrom("a", "images", "a/b", "x~y", "~", "/", "0", "extends.cfg_scale", "é");
    const pointer = fc.array(token, { maxLength: 3 }).map((tokens) => tokens.map((t) => "/" + escapePointer(t)).join(""));
    const value = fc.oneof(fc.string({ maxLength: 50 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.nat(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));
    fc.assert(
      fc.property(pointer, pointer, value, fc.boolean(), (prefix, rest, got, typos) => {
        const whole = prefix + rest;
        expect(issueAt(prefix, typeSite(rest, "integer", typos), got)).toEqual(typeIssue(whole, "integer", got, typos));
        expect(issueAt(prefix, limitSite(rest, "maxItems", 3), 4)).toEqual(limitIssue(whole, "maxItems", 3, 4));
        expect(issueAt(prefix, formatSite(rest, "url"), got)).toEqual(formatIssue(whole, "url", got));
        expect(issueAt(prefix, patternSite(rest, "^a+$"), got)).toEqual(patternIssue(whole, "^a+$", got));
        expect(issueAt(prefix, constSite(rest, "x"), got)).toEqual(constIssue(whole, "x", got));
        expect(missingAt(prefix, requiredSite(rest, "k"))).toEqual(requiredIssue(whole, "k"));
        expect(enumAt(prefix, enumSite(rest, ["alpha", "beta", 3]), got, typos)).toEqual(enumIssue(whole, ["alpha", "beta", 3], got, typos));
        // A whole path written out, as the old helpers took it, gives the same message as before.
        expect(typeIssue(whole, "integer", got).message).toBe(`${whole === "" ? "body" : whole.slice(1).replace(/~1/g, "/").replace(/~0/g, "~")} must be an integer; got ${describeValue(got)}`);
      }),
      { numRuns: 2_000, seed: 0x51735 },
    );
  });
});
