/**
 * Shared by the validator tests: loads the catalogue and the feature fixtures, emits and
 * compiles a validator in memory (esbuild, runtime resolved to runtime/src), and builds the
 * ajv + ajv-formats oracle from the OpenAPI 3.0 schema.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { parse } from "yaml";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { emitValidatorModule, RUNTIME_VALIDATORS_MODULE, type Schema } from "../../generator/validators/index.js";
import type { ValidateOptions, ValidationResult } from "../../runtime/src/model.js";

export const ROOT = join(import.meta.dirname, "..", "..");
export const RUNTIME_SRC = join(ROOT, "runtime", "src");

export type Mode = "request" | "response";

/** One schema under test. */
export interface SchemaCase {
  readonly name: string;
  readonly modelId: string;
  readonly mode: Mode;
  readonly schema: Schema;
  /** For specs: the file, the group and the three schemas. */
  readonly spec?: SpecSchemas;
}

export interface SpecSchemas {
  readonly file: string;
  readonly group: "video" | "image";
  readonly modelId: string;
  readonly request: Schema;
  readonly createResponse: Schema;
  readonly queryResponse: Schema;
  readonly document: Record<string, unknown>;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every model spec in specs/, with its request, create-response and query-response schemas. */
export function loadSpecs(): SpecSchemas[] {
  const out: SpecSchemas[] = [];
  for (const group of ["video", "image"] as const) {
    const dir = join(ROOT, "specs", group);
    const query = parse(readFileSync(join(dir, "_query.yaml"), "utf8")) as Json;
    const queryResponse = query.paths[`/query/${group}-generation`].get.responses["200"].content["application/json"].schema;
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml") && !f.startsWith("_")).sort()) {
      const document = parse(readFileSync(join(dir, file), "utf8")) as Json;
      const post = document.paths[`/${group}-generation`].post;
      out.push({
        file: `${group}/${file}`,
        group,
        modelId: document.info.title,
        request: post.requestBody.content["application/json"].schema,
        createResponse: post.responses["200"].content["application/json"].schema,
        queryResponse,
        document,
      });
    }
  }
  return out;
}

/** One feature fixture: a schema, and bodies it must accept and reject. */
export interface Fixture {
  readonly name: string;
  readonly schema: Schema;
  readonly valid: unknown[];
  readonly invalid: unknown[];
}

export function loadFixtures(): Fixture[] {
  const dir = join(ROOT, "test", "fixtures", "validators");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((file) => {
      const doc = parse(readFileSync(join(dir, file), "utf8")) as Json;
      return { name: file.replace(/\.yaml$/, ""), schema: doc.schema, valid: doc.valid ?? [], invalid: doc.invalid ?? [] };
    });
}

/** Every schema to test: requests (strict), create and query responses (lenient), fixtures (strict). */
export function loadCases(): SchemaCase[] {
  const cases: SchemaCase[] = [];
  const queries = new Set<string>();
  for (const spec of loadSpecs()) {
    cases.push({ name: `${spec.file} request`, modelId: spec.modelId, mode: "request", schema: spec.request, spec });
    cases.push({ name: `${spec.file} create response`, modelId: spec.modelId, mode: "response", schema: spec.createResponse, spec });
    if (!queries.has(spec.group)) {
      queries.add(spec.group);
      cases.push({ name: `${spec.group}/_query.yaml query response`, modelId: spec.modelId, mode: "response", schema: spec.queryResponse, spec });
    }
  }
  for (const f of loadFixtures()) cases.push({ name: `fixture ${f.name}`, modelId: "fixture-model", mode: "request", schema: f.schema });
  return cases;
}

/** The exports of a generated `validate.ts`. */
export interface ValidatorModule {
  validateRequest(body: unknown, options?: ValidateOptions): ValidationResult<unknown>;
  isRequest(body: unknown): boolean;
  validateCreateResponse(body: unknown): ValidationResult<unknown>;
  validateQueryResponse(body: unknown): ValidationResult<unknown>;
}

const PLACEHOLDER: Schema = { type: "object" };

/** Source of a validate.ts for the three schemas (placeholders where not given). */
export function emitFor(modelId: string, schemas: { request?: Schema; createResponse?: Schema; queryResponse?: Schema }): string {
  return emitValidatorModule({
    modelId,
    typesImport: "./types.js",
    request: { schema: schemas.request ?? PLACEHOLDER, typeName: "ModelRequest" },
    createResponse: { schema: schemas.createResponse ?? PLACEHOLDER, typeName: "ModelCreateResponse" },
    queryResponse: { schema: schemas.queryResponse ?? PLACEHOLDER, typeName: "ModelQueryResponse" },
  });
}

/** Compiles generated source in memory: esbuild bundles it with the runtime, then we evaluate the CommonJS output. */
export function compileValidator(source: string): ValidatorModule {
  const result = buildSync({
    stdin: { contents: source, loader: "ts", resolveDir: RUNTIME_SRC, sourcefile: "validate.ts" },
    bundle: true,
    format: "cjs",
    platform: "neutral",
    write: false,
    logLevel: "silent",
    alias: { [RUNTIME_VALIDATORS_MODULE]: join(RUNTIME_SRC, "validators.ts") },
  });
  const module = { exports: {} as ValidatorModule };
  new Function("module", "exports", result.outputFiles[0]!.text)(module, module.exports);
  return module.exports;
}

/** The validator function for a case: validateRequest for requests, validateCreateResponse for responses. */
export function validatorFor(c: SchemaCase): (body: unknown, options?: ValidateOptions) => ValidationResult<unknown> {
  if (c.mode === "request") return compileValidator(emitFor(c.modelId, { request: c.schema })).validateRequest;
  return compileValidator(emitFor(c.modelId, { createResponse: c.schema })).validateCreateResponse;
}

const ANNOTATIONS = ["description", "title", "example", "examples", "default", "deprecated", "readOnly", "writeOnly", "externalDocs", "xml", "discriminator", "$comment"];
const STRICT_ONLY = [
  "enum", "const", "format", "pattern", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
  "multipleOf", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties",
];

/**
 * The ajv equivalent of an OpenAPI 3.0 schema: `nullable` becomes a `"null"` type, boolean
 * `exclusiveMinimum`/`exclusiveMaximum` become numeric bounds, annotations go. For responses,
 * the lenient reading: value constraints and `additionalProperties: false` go as well.
 */
export function toAjvSchema(schema: Schema, mode: Mode): Json {
  const s: Json = {};
  for (const [k, v] of Object.entries(schema)) {
    if (ANNOTATIONS.includes(k) || k.startsWith("x-")) continue;
    if (mode === "response" && (STRICT_ONLY.includes(k) || (k === "additionalProperties" && v === false))) continue;
    s[k] = v;
  }
  if (s.nullable === true && typeof s.type === "string") s.type = [s.type, "null"];
  delete s.nullable;
  for (const [bound, exclusive] of [["minimum", "exclusiveMinimum"], ["maximum", "exclusiveMaximum"]]) {
    if (s[exclusive] === true && typeof s[bound] === "number") {
      s[exclusive] = s[bound];
      delete s[bound];
    } else if (typeof s[exclusive] === "boolean") delete s[exclusive];
  }
  if (s.properties) s.properties = Object.fromEntries(Object.entries(s.properties as Record<string, Schema>).map(([k, v]) => [k, toAjvSchema(v, mode)]));
  for (const k of ["items", "not"]) if (s[k]) s[k] = toAjvSchema(s[k], mode);
  if (typeof s.additionalProperties === "object") s.additionalProperties = toAjvSchema(s.additionalProperties, mode);
  for (const k of ["allOf", "anyOf", "oneOf"]) if (Array.isArray(s[k])) s[k] = s[k].map((b: Schema) => toAjvSchema(b, mode));
  return s;
}

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

/**
 * A compiled ajv validator (ajv-formats, full mode) for the OpenAPI schema. `strictNumbers`:
 * NaN and ±Infinity are not JSON numbers (JSON.stringify sends them as null), so they are not
 * numbers for our validators either; `strict: false` alone would turn that check off in ajv.
 */
export function ajvFor(schema: Schema, mode: Mode): (body: unknown) => boolean {
  const ajv = new Ajv({ strict: false, strictNumbers: true, ownProperties: true, allErrors: false });
  addFormats(ajv);
  const validate = ajv.compile(toAjvSchema(schema, mode));
  return (body) => validate(body) as boolean;
}
