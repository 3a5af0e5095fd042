/**
 * The one table of schema keywords: which ones the generated validators enforce, what each
 * one's value must be, which values it constrains, and what a reader is told about it. The
 * generator's validate stage, the emitter, the release contract and `--help` read it, and a
 * test keeps the README's copy equal to it. Supporting a keyword is a row here, its checks in
 * ./checks.ts and a runtime helper (with its words in runtime/src/wording.ts if it is a bound).
 *
 * Takes OpenAPI 3.0 schema objects as plain data; returns lists of problems with JSON pointers
 * into the schema. Never throws, never mutates its input. The validate stage turns every entry
 * into a generation error: a keyword we cannot enforce is never silently skipped.
 */
import { pointerJoin } from "../../runtime/src/json-pointer.js";
import type { DiagnosticCode } from "../diagnostics.js";

/** A JSON-like schema object as the generator hands it over. */
export type Schema = { readonly [keyword: string]: unknown };

/** What a keyword's value must be; each kind has one rule in `VALUE_RULES`. */
type ValueKind =
  | "type" | "boolean" | "count" | "number" | "positive number" | "bound flag" | "regex" | "format" | "values" | "any"
  | "schema" | "schemas" | "schema map" | "names" | "boolean or schema";

/** Which values a keyword constrains: a keyword of one kind is skipped for values of another. */
export type KeywordFamily = "any" | "string" | "number" | "array" | "object" | "combinator";

/** One enforced keyword. */
export interface KeywordRow {
  readonly family: KeywordFamily;
  readonly value: ValueKind;
  /** Enforced on requests only: responses are read leniently, for structure and types. */
  readonly requestOnly: boolean;
  /** The diagnostic a bad value gets (the generator's validate stage). */
  readonly code: DiagnosticCode;
  /** What it checks, for the README and `--help`. */
  readonly summary: string;
}

const row = (family: KeywordFamily, value: ValueKind, requestOnly: boolean, summary: string, code: DiagnosticCode = "LM207"): KeywordRow => ({
  family, value, requestOnly, code, summary,
});

/**
 * Every keyword the emitter enforces, in the order the README lists them, as
 * `row(family, what its value must be, enforced on requests only, what it checks, diagnostic for a bad value)`.
 */
export const KEYWORDS = {
  type: row("any", "type", false, "string, number, integer, boolean, array or object", "LM201"),
  nullable: row("any", "boolean", false, "null is allowed too"),
  enum: row("any", "values", true, "one of the listed values", "LM203"),
  const: row("any", "any", true, "exactly this value"),
  minLength: row("string", "count", true, "at least this many characters", "LM202"),
  maxLength: row("string", "count", true, "at most this many characters", "LM202"),
  pattern: row("string", "regex", true, "matches this JavaScript regular expression (u flag)", "LM208"),
  format: row("string", "format", true, "one of the formats below", "LM904"),
  minimum: row("number", "number", true, ">= this number", "LM202"),
  maximum: row("number", "number", true, "<= this number", "LM202"),
  exclusiveMinimum: row("number", "bound flag", true, "true: minimum is exclusive; a number: > it"),
  exclusiveMaximum: row("number", "bound flag", true, "true: maximum is exclusive; a number: < it"),
  multipleOf: row("number", "positive number", true, "a multiple of this number", "LM202"),
  items: row("array", "schema", false, "every item matches this schema"),
  minItems: row("array", "count", true, "at least this many items", "LM202"),
  maxItems: row("array", "count", true, "at most this many items", "LM202"),
  uniqueItems: row("array", "boolean", true, "true: no two items are equal"),
  properties: row("object", "schema map", false, "each named property matches its schema"),
  required: row("object", "names", false, "these properties are present", "LM202"),
  additionalProperties: row("object", "boolean or schema", false, "false: no undeclared keys; a schema: they match it"),
  minProperties: row("object", "count", true, "at least this many keys", "LM202"),
  maxProperties: row("object", "count", true, "at most this many keys", "LM202"),
  allOf: row("combinator", "schemas", false, "matches every schema in the list"),
  anyOf: row("combinator", "schemas", false, "matches at least one schema in the list"),
  oneOf: row("combinator", "schemas", false, "matches exactly one schema in the list"),
  not: row("combinator", "schema", false, "does not match this schema"),
} as const satisfies Readonly<Record<string, KeywordRow>>;

/** The name of an enforced keyword. */
export type Keyword = keyof typeof KEYWORDS;

/** Keywords the emitter enforces (on requests; responses enforce the structural subset). */
export const ENFORCED_KEYWORDS: ReadonlySet<string> = new Set(Object.keys(KEYWORDS));

/** The row of a keyword, or undefined when the emitter does not enforce it. */
export function keywordRow(keyword: string): KeywordRow | undefined {
  return Object.prototype.hasOwnProperty.call(KEYWORDS, keyword) ? KEYWORDS[keyword as Keyword] : undefined;
}

/** Enforced keywords of one family, in table order. */
export function keywordsOf(family: KeywordFamily): Keyword[] {
  return (Object.keys(KEYWORDS) as Keyword[]).filter((keyword) => KEYWORDS[keyword].family === family);
}

/**
 * Keywords that never change a verdict, so they are accepted and ignored. `discriminator` is
 * here because in OpenAPI 3.0 it is a hint over `oneOf`/`anyOf`, which still decide alone
 * (ajv ignores it too unless told otherwise); `readOnly`/`writeOnly` are advice to clients.
 */
export const ANNOTATION_KEYWORDS: ReadonlySet<string> = new Set([
  "description", "title", "example", "examples", "default", "deprecated", "readOnly", "writeOnly",
  "externalDocs", "xml", "discriminator", "$comment",
]);

/** Formats enforced on request strings (ajv-formats full mode), with the runtime helper that checks each. */
export const STRING_FORMATS = {
  url: "isUrl", uri: "isUri", uuid: "isUuid", email: "isEmail", date: "isDate", time: "isTime", "date-time": "isDateTime",
} as const;
/** Formats on numbers; null means the format accepts every number of the type. */
export const NUMBER_FORMATS = { int32: "isInt32", int64: "isInteger", float: null, double: null } as const;
const isCheckedNumberFormat = (format: string): boolean => NUMBER_FORMATS[format as keyof typeof NUMBER_FORMATS] !== null;
/** Formats that accept every string (OpenAPI hints). */
export const FREE_FORMATS: ReadonlySet<string> = new Set(["password", "binary"]);

/** The types an OpenAPI 3.0 schema may name (one of them; null goes through `nullable`). */
export const SCHEMA_TYPES: readonly string[] = ["string", "number", "integer", "boolean", "array", "object"];

/** One problem at a place in a schema. */
export interface SchemaProblem {
  /** JSON pointer into the schema handed over, `""` for its root. */
  readonly pointer: string;
  readonly keyword: string;
  /** Why it cannot be enforced (empty for a plain unsupported keyword). */
  readonly reason: string;
}

export function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Visits every subschema (depth first, in key order) with its pointer, through the keywords the table says hold schemas. */
export function forEachSchema(schema: Schema, visit: (schema: Schema, pointer: string) => void, pointer = ""): void {
  visit(schema, pointer);
  for (const keyword of Object.keys(KEYWORDS) as Keyword[]) {
    const sub = schema[keyword];
    const kind = KEYWORDS[keyword].value;
    if (kind === "schema map" && isSchema(sub)) {
      for (const [key, inner] of Object.entries(sub)) if (isSchema(inner)) forEachSchema(inner, visit, pointerJoin(pointer, keyword, key));
    } else if ((kind === "schema" || kind === "boolean or schema") && isSchema(sub)) forEachSchema(sub, visit, `${pointer}/${keyword}`);
    else if (kind === "schemas" && Array.isArray(sub)) sub.forEach((inner, i) => isSchema(inner) && forEachSchema(inner, visit, `${pointer}/${keyword}/${i}`));
  }
}

/** Options of the problem finders. */
export interface EnforceOptions {
  /** Response schemas are checked leniently: formats are not enforced, so any format is fine. */
  readonly response?: boolean;
}

const KNOWN_FORMATS = [...Object.keys(STRING_FORMATS), ...Object.keys(NUMBER_FORMATS), ...FREE_FORMATS];

/** What a value of each kind must be: the reason it is wrong, or null when it is fine. */
const VALUE_RULES: Readonly<Record<ValueKind, (value: unknown, keyword: string, options: EnforceOptions) => string | null>> = {
  type: (v) =>
    Array.isArray(v) ? `type must be one type name; OpenAPI 3.0 has no type lists: write nullable: true for null, or oneOf for a choice of types`
    : v === "null" ? `type "null" is not in OpenAPI 3.0: write nullable: true beside the type`
    : typeof v === "string" && SCHEMA_TYPES.includes(v) ? null
    : `unknown type ${JSON.stringify(v)}; expected one of ${SCHEMA_TYPES.join(", ")}`,
  boolean: (v, k) => (typeof v === "boolean" ? null : `${k} must be a boolean`),
  count: (v, k) => (Number.isInteger(v) && (v as number) >= 0 ? null : `${k} must be a non-negative integer, got ${JSON.stringify(v)}`),
  number: (v, k) => (Number.isFinite(v) ? null : `${k} must be a number, got ${JSON.stringify(v)}`),
  "positive number": (v, k) => (Number.isFinite(v) && (v as number) > 0 ? null : `${k} must be a number above 0, got ${JSON.stringify(v)}`),
  "bound flag": (v, k) => (typeof v === "boolean" || Number.isFinite(v) ? null : `${k} must be a boolean (OpenAPI 3.0) or a number`),
  regex: (v) => {
    if (typeof v !== "string") return "pattern must be a string";
    try {
      new RegExp(v, "u");
      return null;
    } catch (error) {
      return `pattern is not a valid JavaScript regular expression with the u flag: ${(error as Error).message}`;
    }
  },
  format: (v, _k, options) =>
    typeof v !== "string" ? "format must be a string"
    : options.response || KNOWN_FORMATS.includes(v) ? null
    : `format ${JSON.stringify(v)} cannot be enforced; known: ${KNOWN_FORMATS.join(", ")}`,
  values: (v) => (Array.isArray(v) && v.length > 0 ? null : "enum must be a non-empty list: an empty enum accepts no value"),
  any: () => null,
  schema: (v, k) => (isSchema(v) ? null : k === "items" ? "items must be one schema object (OpenAPI 3.0 has no tuple form)" : `${k} must be a schema object`),
  schemas: (v, k) => (Array.isArray(v) && v.length > 0 && v.every(isSchema) ? null : `${k} must be a non-empty list of schema objects`),
  "schema map": (v, k) => (isSchema(v) && Object.values(v).every(isSchema) ? null : `${k} must map names to schema objects`),
  names: (v, k) => (Array.isArray(v) && v.every((name) => typeof name === "string") ? null : `${k} must be a list of property names`),
  "boolean or schema": (v, k) => (typeof v === "boolean" || isSchema(v) ? null : `${k} must be a boolean or a schema`),
};

/** A problem of one keyword of one schema object (not its subschemas), with the diagnostic it gets. */
export interface KeywordProblem {
  readonly keyword: string;
  readonly code: DiagnosticCode;
  /** What is wrong, a sentence without a pointer. */
  readonly message: string;
  /** True for a keyword the emitter does not know (as opposed to a known one with a bad value). */
  readonly unsupported: boolean;
}

/**
 * The problems of one schema object's own keywords: keywords the emitter does not know, and
 * known keywords whose values cannot be enforced. `$ref` is accepted as known here because the
 * generator resolves it before emitting (the emitter itself refuses an unresolved one); `x-*`
 * extensions and annotations are ignored.
 */
export function keywordProblems(schema: Schema, options: EnforceOptions = {}): KeywordProblem[] {
  const problems: KeywordProblem[] = [];
  for (const [keyword, value] of Object.entries(schema)) {
    const known = keywordRow(keyword);
    if (known !== undefined) {
      const reason = VALUE_RULES[known.value](value, keyword, options);
      if (reason !== null) problems.push({ keyword, code: known.code, message: reason, unsupported: false });
    } else if (!(ANNOTATION_KEYWORDS.has(keyword) || keyword === "$ref" || keyword.startsWith("x-"))) {
      problems.push({ keyword, code: "LM207", message: unsupportedMessage(keyword), unsupported: true });
    }
  }
  return problems;
}

/** Why a keyword outside the table is refused, naming what OpenAPI 3.0 offers instead where it has something. */
function unsupportedMessage(keyword: string): string {
  const instead = INSTEAD[keyword];
  return `keyword \`${keyword}\` cannot be enforced by the generated validators${instead === undefined ? "; remove it or ask for support" : `: ${instead}`}`;
}

/** JSON Schema keywords outside OpenAPI 3.0's schema object, and what to write there instead. */
const INSTEAD: Readonly<Record<string, string>> = {
  definitions: "OpenAPI 3.0 keeps shared schemas in components/schemas",
  patternProperties: "OpenAPI 3.0 has no patternProperties; use additionalProperties with a schema",
  additionalItems: "OpenAPI 3.0 has no tuple form of items, so no additionalItems",
  dependencies: "OpenAPI 3.0 has no dependencies keyword",
  $schema: "an OpenAPI 3.0 schema object has no $schema; the dialect is the document's",
  id: "an OpenAPI 3.0 schema object has no id",
};

/** Keywords the emitter does not know, everywhere in the schema. */
export function findUnsupportedKeywords(schema: Schema): { pointer: string; keyword: string }[] {
  const found: { pointer: string; keyword: string }[] = [];
  forEachSchema(schema, (sub, pointer) => {
    for (const problem of keywordProblems(sub)) if (problem.unsupported) found.push({ pointer, keyword: problem.keyword });
  });
  return found;
}

/**
 * Known keywords whose values cannot be enforced, everywhere in the schema: an unresolved `$ref`,
 * a `pattern` that is not a valid JavaScript regular expression with the `u` flag (as ajv
 * compiles it), an unknown `format`, a bound that is not a number, a malformed `type`, ...
 */
export function findUnenforceableConstraints(schema: Schema, options: EnforceOptions = {}): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  forEachSchema(schema, (sub, pointer) => {
    if ("$ref" in sub) problems.push({ pointer, keyword: "$ref", reason: "unresolved $ref: the generator must resolve references before emitting validators" });
    for (const problem of keywordProblems(sub, options)) if (!problem.unsupported) problems.push({ pointer, keyword: problem.keyword, reason: problem.message });
  });
  return problems;
}

/** The table as lines of text for `--help` and the README: each keyword with what it checks, then which ones responses are checked for. */
export function keywordSummary(): string[] {
  const keywords = Object.keys(KEYWORDS) as Keyword[];
  const width = Math.max(...keywords.map((k) => k.length));
  return [
    ...keywords.map((k) => `${k.padEnd(width)}  ${KEYWORDS[k].summary}`),
    `Responses are checked leniently, for ${keywords.filter((k) => !KEYWORDS[k].requestOnly).join(", ")} (additionalProperties as a schema only).`,
    `Formats checked: ${[...Object.keys(STRING_FORMATS), ...Object.keys(NUMBER_FORMATS).filter(isCheckedNumberFormat)].join(", ")}.`,
    `Formats that accept every value: ${[...Object.keys(NUMBER_FORMATS).filter((f) => !isCheckedNumberFormat(f)), ...FREE_FORMATS].join(", ")}.`,
  ];
}
