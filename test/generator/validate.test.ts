/**
 * The rules of the validate stage (generator/validate.ts), one row each: given a small change
 * to a valid create spec, the diagnostics it gives (code and JSON pointer), and nothing else.
 * test/invalid/ covers the same codes end to end, with positions, from files; these rows pin
 * each rule on its own.
 */
import { describe, expect, test } from "vitest";
import { parseSpec, type LoadedSpec } from "../../generator/load.js";
import { validateSpec, validateSpecs } from "../../generator/validate.js";
import { pointerJoin } from "../../runtime/src/json-pointer.js";

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A valid create spec of the video group; each row changes a copy. */
function createSpec(): Doc {
  return {
    openapi: "3.0.3",
    info: { title: "m" },
    servers: [{ url: "https://api.example.com" }],
    paths: {
      "/video-generation": {
        post: {
          requestBody: {
            content: {
              "application/json": {
                schema: { type: "object", required: ["model", "prompt"], properties: { model: { type: "string", enum: ["m"] }, prompt: { type: "string" } } },
              },
            },
          },
          responses: { "200": { content: { "application/json": { schema: { type: "object", properties: { task_id: { type: "string" } } } } } } },
        },
      },
    },
  };
}

/** A valid query spec of the video group, with a schedule table. */
function querySpec(description = "| Phase | Elapsed | Interval |\n| Wait | 0 – 30s | — |\n| Poll | 30s – 15 min | every 5s |\n| Timeout | > 15 min | stop |"): Doc {
  return {
    openapi: "3.0.3",
    info: { title: "query" },
    servers: [{ url: "https://api.example.com" }],
    paths: {
      "/query/video-generation": {
        get: {
          description,
          parameters: [{ name: "task_id", in: "query", schema: { type: "string" } }],
          responses: { "200": { content: { "application/json": { schema: { type: "object" } } } } },
        },
      },
    },
  };
}

const OP = pointerJoin("/paths", "/video-generation", "post");
const BODY = pointerJoin(OP, "requestBody", "content", "application/json", "schema");
const PROMPT = pointerJoin(BODY, "properties", "prompt");

function load(file: string, doc: Doc): LoadedSpec {
  const result = parseSpec(file, Buffer.from(JSON.stringify(doc)));
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.spec;
}

/**
 * Codes the validator emitter's own checks give (generator/validators/): validate reports them,
 * the emitter's tests pin them.
 */
const EMITTER_CODES = new Set(["LM207", "LM208", "LM904"]);

/** The codes and pointers validate's own rules give `doc` (as `file`). */
function found(doc: Doc, file = "video/m.yaml"): [string, string | null][] {
  return validateSpec(load(file, doc))
    .diagnostics.filter((d) => !EMITTER_CODES.has(d.code))
    .map((d) => [d.code, d.location.pointer]);
}

/** The spec with `prompt`'s schema replaced. */
function withPrompt(schema: unknown): Doc {
  const doc = createSpec();
  doc.paths["/video-generation"].post.requestBody.content["application/json"].schema.properties.prompt = schema;
  return doc;
}

describe("validate: one spec, one rule per row", () => {
  const rows: [rule: string, given: () => Doc, want: [string, string | null][]][] = [
    ["a valid spec gives nothing", createSpec, []],
    ["LM101: not a mapping", () => ["a list"] as unknown as Doc, [["LM101", ""]]],
    ["LM101: no openapi field", () => ({ ...createSpec(), openapi: undefined }), [["LM101", ""]]],
    ["LM102: Swagger 2", () => ({ swagger: "2.0", info: {} }), [["LM102", "/swagger"]]],
    ["LM102: Swagger 1 (swaggerVersion)", () => ({ swaggerVersion: "1.2" }), [["LM102", "/swaggerVersion"]]],
    ["LM102: OpenAPI 3.1", () => ({ ...createSpec(), openapi: "3.1.0" }), [["LM102", "/openapi"]]],
    ["LM103: no paths", () => ({ ...createSpec(), paths: {} }), [["LM103", "/paths"]]],
    ["LM110: no server", () => ({ ...createSpec(), servers: undefined }), [["LM110", "/servers"]]],
    ["LM110: an http server", () => ({ ...createSpec(), servers: [{ url: "http://api.example.com" }] }), [["LM110", "/servers"]]],
    ["LM110: credentials in the server URL", () => ({ ...createSpec(), servers: [{ url: "https://u:p@api.example.com" }] }), [["LM110", "/servers/0/url"]]],
    [
      "LM104: no POST /<group>-generation",
      () => ({ ...createSpec(), paths: { "/other": { get: {} } } }),
      [["LM104", "/paths"]],
    ],
    [
      "LM111: a group the runtime cannot poll",
      () => ({ ...createSpec(), paths: { "/audio-generation": createSpec().paths["/video-generation"] } }),
      [["LM111", "/paths/~1audio-generation"]],
    ],
    ["LM105: no JSON request body", () => withoutBody(), [["LM105", OP]]],
    [
      "LM106: no 200 response",
      () => {
        const doc = createSpec();
        doc.paths["/video-generation"].post.responses = { "201": {} };
        return doc;
      },
      [["LM106", pointerJoin(OP, "responses")]],
    ],
    [
      "LM903 then LM301: no model enum and no title",
      () => {
        const doc = withPrompt({ type: "string" });
        delete doc.paths["/video-generation"].post.requestBody.content["application/json"].schema.properties.model;
        doc.info = {};
        return doc;
      },
      [
        ["LM903", pointerJoin(BODY, "properties", "model")],
        ["LM301", BODY],
      ],
    ],
    [
      "LM304: a model id that cannot be a name",
      () => {
        const doc = createSpec();
        doc.paths["/video-generation"].post.requestBody.content["application/json"].schema.properties.model.enum = ["../x"];
        return doc;
      },
      [["LM304", pointerJoin(BODY, "properties", "model", "enum", 0)]],
    ],
    [
      "LM305: a model id that is a command of the CLI",
      () => {
        const doc = createSpec();
        doc.paths["/video-generation"].post.requestBody.content["application/json"].schema.properties.model.enum = ["wait"];
        return doc;
      },
      [["LM305", pointerJoin(BODY, "properties", "model", "enum", 0)]],
    ],
    ["LM201: an unknown type", () => withPrompt({ type: "text" }), [["LM201", pointerJoin(PROMPT, "type")]]],
    ["LM202: minimum above maximum", () => withPrompt({ type: "integer", minimum: 5, maximum: 1 }), [["LM202", pointerJoin(PROMPT, "minimum")]]],
    ["LM202: a negative maxLength", () => withPrompt({ type: "string", maxLength: -1 }), [["LM202", pointerJoin(PROMPT, "maxLength")]]],
    ["LM202: multipleOf 0", () => withPrompt({ type: "number", multipleOf: 0 }), [["LM202", pointerJoin(PROMPT, "multipleOf")]]],
    ["LM202: required that is not a list of names", () => withPrompt({ type: "object", required: "a" }), [["LM202", pointerJoin(PROMPT, "required")]]],
    ["LM203: an empty enum", () => withPrompt({ type: "string", enum: [] }), [["LM203", pointerJoin(PROMPT, "enum")]]],
    ["LM204: a default outside its enum", () => withPrompt({ type: "string", enum: ["a"], default: "b" }), [["LM204", pointerJoin(PROMPT, "default")]]],
    ["LM204: a default of another type", () => withPrompt({ type: "integer", default: "1" }), [["LM204", pointerJoin(PROMPT, "default")]]],
    ["LM902: an array without items (a warning)", () => withPrompt({ type: "array" }), [["LM902", PROMPT]]],
    ["LM209: a schema that is not a mapping", () => withPrompt("string"), [["LM209", PROMPT]]],
    ["LM205: a dangling $ref", () => withPrompt({ $ref: "#/components/schemas/none" }), [["LM205", pointerJoin(PROMPT, "$ref")]]],
    ["LM205: a $ref to another file", () => withPrompt({ $ref: "other.yaml#/x" }), [["LM205", pointerJoin(PROMPT, "$ref")]]],
    [
      "LM206: a circular $ref",
      () => ({ ...withPrompt({ $ref: "#/components/schemas/a" }), components: { schemas: { a: { type: "object", properties: { b: { $ref: "#/components/schemas/a" } } } } } }),
      [["LM206", "/components/schemas/a/properties/b/$ref"]],
    ],
    [
      "LM210: a keyword beside a $ref, which OpenAPI 3.0 ignores",
      () => ({ ...withPrompt({ $ref: "#/components/schemas/s", maxLength: 3, description: "kept" }), components: { schemas: { s: { type: "string" } } } }),
      [["LM210", pointerJoin(PROMPT, "maxLength")]],
    ],
    [
      "LM901: a dotted property beside an object of its stem (a warning)",
      () => {
        const doc = createSpec();
        Object.assign(doc.paths["/video-generation"].post.requestBody.content["application/json"].schema.properties, { extends: { type: "object" }, "extends.audio": { type: "string" } });
        return doc;
      },
      [["LM901", pointerJoin(BODY, "properties", "extends.audio")]],
    ],
    [
      "a percent-encoded $ref is followed by every rule, as inlining follows it (`#/components/schemas/a%20b` names `a b`)",
      () => ({ ...withPrompt({ $ref: "#/components/schemas/a%20b" }), components: { schemas: { "a b": { type: "string", minLength: 5, maxLength: 1 } } } }),
      [["LM202", pointerJoin("/components/schemas", "a b", "minLength")]],
    ],
    [
      "an escaped $ref (`~1` for `/`) is followed",
      () => ({ ...withPrompt({ $ref: "#/components/schemas/a~1b" }), components: { schemas: { "a/b": { type: "text" } } } }),
      [["LM201", "/components/schemas/a~1b/type"]],
    ],
  ];
  test.each(rows)("%s", (_rule, given, want) => {
    expect(found(given())).toEqual(want);
  });

  test("a query spec: LM107 without task_id, LM905 without a schedule table", () => {
    expect(found(querySpec(), "video/_query.yaml")).toEqual([]);
    const noTaskId = querySpec();
    noTaskId.paths["/query/video-generation"].get.parameters = [];
    expect(found(noTaskId, "video/_query.yaml")).toEqual([["LM107", pointerJoin("/paths", "/query/video-generation", "get")]]);
    expect(found(querySpec("Poll now and then."), "video/_query.yaml")).toEqual([["LM905", pointerJoin("/paths", "/query/video-generation", "get", "description")]]);
  });

  test("LM109: a create spec outside the folder of its group", () => {
    expect(found(createSpec(), "image/m.yaml")).toEqual([["LM109", "/paths/~1video-generation"]]);
  });
});

/** The spec without a request body. */
function withoutBody(): Doc {
  const doc = createSpec();
  delete doc.paths["/video-generation"].post.requestBody;
  return doc;
}

describe("validate: across specs", () => {
  const codes = (specs: [string, Doc][]): [string, string][] => validateSpecs(specs.map(([file, doc]) => load(file, doc))).diagnostics.map((d) => [d.code, d.location.file]);
  test.each<[string, [string, Doc][], [string, string][]]>([
    ["a model and its group's query spec give nothing", [["video/m.yaml", createSpec()], ["video/_query.yaml", querySpec()]], []],
    ["LM108: no query spec for the group", [["video/m.yaml", createSpec()]], [["LM108", "video/m.yaml"]]],
    ["LM112: two query specs for one group", [["video/_query.yaml", querySpec()], ["video/more/_query.yaml", { ...querySpec() }]], [["LM112", "video/more/_query.yaml"]]],
    ["LM302: two specs claim one model id", [["video/m.yaml", createSpec()], ["video/n.yaml", createSpec()], ["video/_query.yaml", querySpec()]], [["LM302", "video/n.yaml"]]],
    [
      "LM303: two model ids become one name",
      [
        ["video/m.yaml", createSpec()],
        ["video/n.yaml", { ...createSpec(), info: { title: "M" }, paths: { "/video-generation": { post: { ...createSpec().paths["/video-generation"].post, requestBody: { content: { "application/json": { schema: { type: "object", properties: { model: { type: "string", enum: ["M"] } } } } } } } } } }],
        ["video/_query.yaml", querySpec()],
      ],
      [["LM303", "video/n.yaml"]],
    ],
  ])("%s", (_rule, specs, want) => {
    expect(codes(specs)).toEqual(want);
  });
});
