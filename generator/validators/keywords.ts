/**
 * Which schema keywords the validator emitter enforces, and which schemas it cannot enforce.
 *
 * Takes OpenAPI 3.0 schema objects as plain data; returns lists of problems with JSON pointers
 * into the schema. Never throws, never mutates its input. The generator's validate stage turns
 * every entry into a generation error: a keyword we cannot enforce is never silently skipped.
 */

/** A JSON-like schema object as the generator hands it over. */
export type Schema = { readonly [keyword: string]: unknown };

/** Keywords the emitter enforces (on requests; responses enforce the structural subset). */
export const ENFORCED_KEYWORDS: ReadonlySet<string> = new Set([
  "type", "nullable", "enum", "const",
  "minLength", "maxLength", "pattern", "format",
  "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
  "items", "minItems", "maxItems", "uniqueItems",
  "properties", "required", "additionalProperties", "minProperties", "maxProperties",
  "allOf", "anyOf", "oneOf", "not",
]);

/**
 * Keywords that never change a verdict, so they are accepted and ignored. `discriminator` is
 * here because in OpenAPI 3.0 it is a hint over `oneOf`/`anyOf`, which still decide alone
 * (ajv ignores it too unless told otherwise); `readOnly`/`writeOnly` are advice to clients.
 */
export const ANNOTATION_KEYWORDS: ReadonlySet<string> = new Set([
  "description", "title", "example", "examples", "default", "deprecated", "readOnly", "writeOnly",
  "externalDocs", "xml", "discriminator", "$comment",
]);

/** Formats enforced on request strings (ajv-formats full mode). */
export const STRING_FORMATS: Readonly<Record<string, string>> = {
  url: "isUrl", uri: "isUri", uuid: "isUuid", email: "isEmail", date: "isDate", time: "isTime", "date-time": "isDateTime",
};
/** Formats on numbers; an empty helper means the format accepts every number of the type. */
export const NUMBER_FORMATS: Readonly<Record<string, string>> = { int32: "isInt32", int64: "isInteger", float: "", double: "" };
/** Formats that accept every string (OpenAPI hints). */
export const FREE_FORMATS: ReadonlySet<string> = new Set(["password", "binary"]);

const TYPES = new Set(["string", "number", "integer", "boolean", "array", "object"]);
const SUBSCHEMA_LISTS = ["allOf", "anyOf", "oneOf"] as const;

/** One problem at a place in a schema. */
export interface SchemaProblem {
  /** JSON pointer into the schema handed over, `""` for its root. */
  readonly pointer: string;
  readonly keyword: string;
  /** Why it cannot be enforced (empty for a plain unsupported keyword). */
  readonly reason: string;
}

function token(key: string): string {
  return "/" + key.replace(/~/g, "~0").replace(/\//g, "~1");
}

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Visits every subschema (depth first, in key order) with its pointer. */
export function forEachSchema(schema: Schema, visit: (schema: Schema, pointer: string) => void, pointer = ""): void {
  visit(schema, pointer);
  const properties = schema["properties"];
  if (isSchema(properties)) {
    for (const [key, sub] of Object.entries(properties)) {
      if (isSchema(sub)) forEachSchema(sub, visit, `${pointer}/properties${token(key)}`);
    }
  }
  for (const keyword of ["items", "additionalProperties", "not"]) {
    const sub = schema[keyword];
    if (isSchema(sub)) forEachSchema(sub, visit, `${pointer}/${keyword}`);
  }
  for (const keyword of SUBSCHEMA_LISTS) {
    const list = schema[keyword];
    if (Array.isArray(list)) list.forEach((sub, i) => isSchema(sub) && forEachSchema(sub, visit, `${pointer}/${keyword}/${i}`));
  }
}

/**
 * Keywords the emitter does not know. `$ref` is accepted here because the generator resolves
 * it before emitting (the emitter itself rejects an unresolved one); `x-*` extensions and the
 * annotation keywords above are ignored.
 */
export function findUnsupportedKeywords(schema: Schema): { pointer: string; keyword: string }[] {
  const found: { pointer: string; keyword: string }[] = [];
  forEachSchema(schema, (sub, pointer) => {
    for (const keyword of Object.keys(sub)) {
      if (ENFORCED_KEYWORDS.has(keyword) || ANNOTATION_KEYWORDS.has(keyword) || keyword === "$ref" || keyword.startsWith("x-")) continue;
      found.push({ pointer, keyword });
    }
  });
  return found;
}

/** Options of `findUnenforceableConstraints`. */
export interface EnforceOptions {
  /** Response schemas are checked leniently: formats are not enforced, so any format is fine. */
  readonly response?: boolean;
}

/**
 * Known keywords whose values cannot be enforced: an unresolved `$ref`, a `pattern` that is not
 * a valid JavaScript regular expression with the `u` flag (as ajv compiles it), an unknown
 * `format`, a bound that is not a number, a malformed `type`, `enum`, `required`, ...
 */
export function findUnenforceableConstraints(schema: Schema, options: EnforceOptions = {}): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  forEachSchema(schema, (s, pointer) => {
    const bad = (keyword: string, reason: string): void => {
      problems.push({ pointer, keyword, reason });
    };
    if ("$ref" in s) bad("$ref", "unresolved $ref: the generator must resolve references before emitting validators");
    if ("type" in s && !(typeof s["type"] === "string" && TYPES.has(s["type"]))) bad("type", `type must be one of ${[...TYPES].join(", ")} (OpenAPI 3.0: one type, null through nullable)`);
    for (const keyword of ["nullable", "uniqueItems"]) {
      if (keyword in s && typeof s[keyword] !== "boolean") bad(keyword, `${keyword} must be a boolean`);
    }
    if ("enum" in s && !(Array.isArray(s["enum"]) && s["enum"].length > 0)) bad("enum", "enum must be a non-empty array");
    for (const keyword of ["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"]) {
      const n = s[keyword];
      if (keyword in s && !(Number.isInteger(n) && (n as number) >= 0)) bad(keyword, `${keyword} must be a non-negative integer`);
    }
    for (const keyword of ["minimum", "maximum", "multipleOf"]) {
      if (keyword in s && !Number.isFinite(s[keyword])) bad(keyword, `${keyword} must be a number`);
    }
    if ("multipleOf" in s && !((s["multipleOf"] as number) > 0)) bad("multipleOf", "multipleOf must be greater than 0");
    for (const keyword of ["exclusiveMinimum", "exclusiveMaximum"]) {
      if (keyword in s && typeof s[keyword] !== "boolean" && !Number.isFinite(s[keyword])) bad(keyword, `${keyword} must be a boolean (OpenAPI 3.0) or a number`);
    }
    if ("pattern" in s) {
      const pattern = s["pattern"];
      if (typeof pattern !== "string") bad("pattern", "pattern must be a string");
      else {
        try {
          new RegExp(pattern, "u");
        } catch (error) {
          bad("pattern", `pattern is not a valid JavaScript regular expression with the u flag: ${(error as Error).message}`);
        }
      }
    }
    if ("format" in s) {
      const format = s["format"];
      if (typeof format !== "string") bad("format", "format must be a string");
      else if (!options.response && !(format in STRING_FORMATS || format in NUMBER_FORMATS || FREE_FORMATS.has(format))) {
        bad("format", `format ${JSON.stringify(format)} cannot be enforced; known: ${[...Object.keys(STRING_FORMATS), ...Object.keys(NUMBER_FORMATS), ...FREE_FORMATS].join(", ")}`);
      }
    }
    if ("items" in s && !isSchema(s["items"])) bad("items", "items must be one schema object (OpenAPI 3.0 has no tuple form)");
    if ("properties" in s && !(isSchema(s["properties"]) && Object.values(s["properties"]).every(isSchema))) bad("properties", "properties must map names to schema objects");
    if ("required" in s && !(Array.isArray(s["required"]) && s["required"].every((k) => typeof k === "string"))) bad("required", "required must be an array of strings");
    if ("additionalProperties" in s && typeof s["additionalProperties"] !== "boolean" && !isSchema(s["additionalProperties"])) bad("additionalProperties", "additionalProperties must be a boolean or a schema");
    if ("not" in s && !isSchema(s["not"])) bad("not", "not must be a schema object");
    for (const keyword of SUBSCHEMA_LISTS) {
      const list = s[keyword];
      if (keyword in s && !(Array.isArray(list) && list.length > 0 && list.every(isSchema))) bad(keyword, `${keyword} must be a non-empty array of schema objects`);
    }
  });
  return problems;
}
