/**
 * Emits a model's `validate.ts`: straight-line TypeScript checks for its request body and its
 * create and query responses, importing only from the shared runtime package.
 *
 * Takes the three schemas (OpenAPI 3.0 schema objects, `$ref` already resolved) and the names
 * decided elsewhere; returns the source text. Pure: no disk, no clock. It refuses (throws) a
 * schema with anything it cannot enforce; call `findUnsupportedKeywords` and
 * `findUnenforceableConstraints` first to report those as diagnostics.
 *
 * Semantics are ajv 8 + ajv-formats (full) on the OpenAPI 3.0 reading of the schema; see
 * runtime/src/validation.ts. Responses are validated leniently (structure and types only).
 */
import { commentLines, stringLiteral } from "../escape.js";
import {
  findUnenforceableConstraints,
  findUnsupportedKeywords,
  NUMBER_FORMATS,
  STRING_FORMATS,
  type Schema,
} from "./keywords.js";
import { enumListing, LIMIT_WORDING } from "../../runtime/src/wording.js";

/** One schema to validate and the TypeScript type its valid values have. */
export interface ValidatedSchema {
  readonly schema: Schema;
  /** Name of the type exported by `typesImport`, e.g. `Wan26Request`. */
  readonly typeName: string;
}

/** What `emitValidatorModule` needs. */
export interface ValidatorModuleInput {
  /** The model id, e.g. `wan2.6`; used in messages ("… is not a field of wan2.6"). */
  readonly modelId: string;
  /** Module specifier of the runtime package, e.g. `@linkmodel-sdk/runtime`. */
  readonly runtimeImport: string;
  /** Module specifier of the generated types, e.g. `./types.js`. */
  readonly typesImport: string;
  readonly request: ValidatedSchema;
  readonly createResponse: ValidatedSchema;
  readonly queryResponse: ValidatedSchema;
}

type Mode = "request" | "response";

/** A path expression: literal text and code pieces, rendered as `path + "/images/" + i`. */
type PathPart = { readonly text: string } | { readonly code: string };

interface Module {
  readonly modelId: string;
  readonly constants: string[];
  readonly functions: string[];
  readonly imports: Set<string>;
  readonly names: Set<string>;
}

interface Scope {
  readonly module: Module;
  readonly mode: Mode;
  /** Words naming where we are (`["request", "images"]`), for function and constant names. */
  readonly label: readonly string[];
  /** Nesting of array loops, for loop variable names. */
  readonly depth: number;
  /** Owner named in unknown-key messages at this level ("wan2.6" at the root of a request). */
  readonly owner: string;
}

const PARAMS = ["value", "path", "issues", "typos"];
/** Names the emitted blocks declare for themselves (`const duplicate`, `for (const key of …)`). */
const BLOCK_LOCALS = ["duplicate", "key", "extra", "passing"];
const RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for function if import in " +
    "instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package " +
    "private protected public await arguments eval undefined NaN Infinity Object Array Number String Math JSON").split(" "),
);
const RUNTIME_VALUES = new Set([
  "isJsonObject", "isNumber", "isInteger", "hasOwn", "isMultipleOf", "codePointLength", "isTooShort", "isTooLong", "isOneOf",
  "findDuplicate", "countPassing", "isUrl", "isUri", "isUuid", "isEmail", "isDate", "isTime", "isDateTime", "isInt32",
  "typeIssue", "requiredIssue", "enumIssue", "constIssue", "limitIssue", "formatIssue", "patternIssue", "duplicateIssue",
  "combinatorIssue", "unknownKeyIssue", "validateShape", "issueAt", "missingAt", "enumAt", "typeSite", "requiredSite", "enumSite", "enumSiteListed",
  "constSite", "limitSite", "boundSite", "formatSite", "patternSite", "escapePointer",
]);

// ---------------------------------------------------------------------------------------------
// Names

function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== "");
}

function pascal(parts: readonly string[]): string {
  return parts.flatMap(words).map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
}

function upperSnake(parts: readonly string[]): string {
  return parts.flatMap(words).map((w) => w.toUpperCase()).join("_");
}

/** A module-level name, unique within the module. */
function unique(module: Module, base: string): string {
  let name = base;
  for (let n = 2; module.names.has(name); n++) name = `${base}${n}`;
  module.names.add(name);
  return name;
}

/**
 * A local variable for a property value: readable, and never a name the code around it needs
 * (a reserved word, a parameter, an import, a block's own local, a loop variable, or a check
 * function, all of which are `check…`), which it would shadow.
 */
function localName(key: string): string {
  const camel = pascal([key]);
  let name = camel === "" ? "field" : camel[0]!.toLowerCase() + camel.slice(1);
  if (/^[0-9]/.test(name)) name = `_${name}`;
  const taken = RESERVED.has(name) || PARAMS.includes(name) || BLOCK_LOCALS.includes(name) || RUNTIME_VALUES.has(name);
  if (taken || /^(?:item|i|j|k)\d*$/.test(name) || /^check[A-Z0-9]/.test(name)) name += "Value";
  return name;
}

function use(scope: Scope, helper: string): string {
  // Only names localName keeps clear of: an import missing here could be shadowed by a field.
  if (!RUNTIME_VALUES.has(helper)) throw new Error(`internal: runtime helper ${helper} is not listed in RUNTIME_VALUES`);
  scope.module.imports.add(helper);
  return helper;
}

/**
 * Source text of a JSON value. In an object literal a `__proto__` key sets the prototype
 * instead of making a key, so a value with one anywhere is parsed from its JSON text instead.
 */
function jsonLiteral(value: unknown): string {
  const json = JSON.stringify(value);
  const protoKey = (v: unknown): boolean =>
    typeof v === "object" && v !== null && (Object.prototype.hasOwnProperty.call(v, "__proto__") || Object.values(v).some(protoKey));
  return protoKey(value) ? `JSON.parse(${stringLiteral(json)})` : json.replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

function pointerToken(key: string): string {
  return "/" + key.replace(/~/g, "~0").replace(/\//g, "~1");
}

function renderPath(parts: readonly PathPart[]): string {
  const out: string[] = [];
  let text = "";
  for (const part of parts) {
    if ("text" in part) text += part.text;
    else {
      if (text !== "") out.push(stringLiteral(text));
      text = "";
      out.push(part.code);
    }
  }
  if (text !== "") out.push(stringLiteral(text));
  return out.join(" + ");
}

/** A one-line comment text: no line breaks, no comment terminator. */
function lineComment(text: string): string {
  const flat = text.replace(/[\r\n\u2028\u2029]+/g, " ").replace(/\*\//g, "*\\/").trim();
  return flat.length > 100 ? flat.slice(0, 99) + "…" : flat;
}

function indent(lines: readonly string[], by = "  "): string[] {
  return lines.map((line) => (line === "" ? line : by + line));
}

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * `issues.push(…)` of the issue a check reports at `path`. What the place decides (the pointer
 * below the function's `path`, the field name, params, the message up to the value) goes into a
 * module constant built once, an issue site: `const REQUEST_DURATION_ENUM = enumSiteListed("/duration",
 * REQUEST_DURATION_VALUES, "5, 10, 15");`. Reporting then costs one object and one concatenation.
 */
function report(scope: Scope, path: readonly PathPart[], label: readonly string[], keyword: string, site: readonly string[], at: string, ...args: string[]): string {
  const { prefix, pointer } = splitPath(path);
  const name = unique(scope.module, upperSnake([...label, keyword]));
  const [helper, ...siteArgs] = site;
  scope.module.constants.push(`const ${name} = ${use(scope, helper!)}(${[stringLiteral(pointer), ...siteArgs].join(", ")});`);
  return `issues.push(${use(scope, at)}(${[prefix, name, ...args].join(", ")}));`;
}

/** A path as the code that varies (`path`, `path + "/images/" + i`) and the fixed pointer after it (`"/duration"`). */
function splitPath(path: readonly PathPart[]): { prefix: string; pointer: string } {
  let cut = path.length;
  while (cut > 0 && "text" in path[cut - 1]!) cut--;
  return { prefix: renderPath(path.slice(0, cut)) || '""', pointer: path.slice(cut).map((part) => ("text" in part ? part.text : "")).join("") };
}

/**
 * The site of a bound's issue, for `report`: `boundSite("/prompt", "maxLength", 2000, "at most 2000
 * characters long")`, the wording spelled out here so that a bundle carries only what it uses.
 */
function boundSiteArgs(keyword: string, limit: number): string[] {
  const [before, after] = LIMIT_WORDING[keyword]!;
  return ["boundSite", stringLiteral(keyword), String(limit), stringLiteral(before + limit + after)];
}

/** `report` of a missing required property; its site names the property only when the pointer does not. */
function reportMissing(scope: Scope, path: readonly PathPart[], label: readonly string[], key: string): string {
  const named = splitPath(path).pointer === pointerToken(key);
  return report(scope, path, label, "required", ["requiredSite", ...(named ? [] : [stringLiteral(key)])], "missingAt");
}

// ---------------------------------------------------------------------------------------------
// Which keywords apply

const STRICT_ONLY = new Set([
  "enum", "const", "format", "pattern", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
  "multipleOf", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties",
]);

/** The keyword's value, or undefined when it does not apply in this mode. */
function kw(schema: Schema, keyword: string, mode: Mode): unknown {
  if (mode === "response" && STRICT_ONLY.has(keyword)) return undefined;
  if (mode === "response" && keyword === "additionalProperties" && schema[keyword] === false) return undefined;
  return schema[keyword];
}

/** Keys an object schema declares, through its own `properties` and those of its `allOf`/`anyOf`/`oneOf` branches. */
function declaredKeys(schema: Schema): string[] {
  const keys = new Set<string>();
  const add = (s: Schema): void => {
    if (isSchema(s["properties"])) for (const key of Object.keys(s["properties"])) keys.add(key);
    for (const list of ["allOf", "anyOf", "oneOf"]) {
      const branches = s[list];
      if (Array.isArray(branches)) for (const b of branches) if (isSchema(b)) add(b);
    }
  };
  add(schema);
  return [...keys];
}

/** Does this schema need its own function (objects and combinators read better that way)? */
function needsFunction(schema: Schema): boolean {
  return ["properties", "required", "additionalProperties", "minProperties", "maxProperties", "allOf", "anyOf", "oneOf", "not"].some(
    (k) => k in schema,
  );
}

// ---------------------------------------------------------------------------------------------
// Checks

const GUARDS: Record<string, (v: string, scope: Scope) => string> = {
  string: (v) => `typeof ${v} === "string"`,
  boolean: (v) => `typeof ${v} === "boolean"`,
  number: (v, s) => `${use(s, "isNumber")}(${v})`,
  integer: (v, s) => `${use(s, "isInteger")}(${v})`,
  array: (v) => `Array.isArray(${v})`,
  object: (v, s) => `${use(s, "isJsonObject")}(${v})`,
};

/** Lines checking `v` (a const holding the value) against `schema`; issues go to `issues`. */
function emitChecks(schema: Schema, v: string, path: readonly PathPart[], scope: Scope): string[] {
  const type = typeof schema["type"] === "string" ? (schema["type"] as string) : undefined;
  const nullable = type !== undefined && schema["nullable"] === true;
  // First, so that a value's sites are declared in the order its checks run.
  const typeIssue =
    type === undefined ? "" : report(scope, path, scope.label, "type", ["typeSite", stringLiteral(type), ...(nullable ? ["true"] : [])], "issueAt", v);
  const families: [string, string[]][] = [
    ["string", stringChecks(schema, v, path, scope)],
    ["number", numberChecks(schema, v, path, scope)],
    ["array", arrayChecks(schema, v, path, scope)],
    ["object", objectChecks(schema, v, path, scope)],
  ];
  const generic = genericChecks(schema, v, path, scope);

  if (type === undefined) {
    // No `type`: each keyword applies to values of its own kind only.
    const lines: string[] = [];
    for (const [family, checks] of families) {
      if (checks.length > 0) lines.push(`if (${GUARDS[family]!(v, scope)}) {`, ...indent(checks), "}");
    }
    return [...lines, ...generic];
  }

  const family = type === "integer" ? "number" : type;
  const specific = families.find(([f]) => f === family)?.[1] ?? [];
  const guard = GUARDS[type]!(v, scope);
  const negated = guard.startsWith("typeof") ? guard.replace("===", "!==") : `!${guard}`;
  const failed = nullable ? `${v} !== null && ${negated}` : negated;
  const valid = nullable && specific.length > 0 ? [`if (${v} !== null) {`, ...indent(specific), "}", ...generic] : [...specific, ...generic];
  if (valid.length === 0) return [`if (${failed}) ${typeIssue}`];
  return [`if (${failed}) {`, `  ${typeIssue}`, "} else {", ...indent(valid), "}"];
}

function stringChecks(schema: Schema, v: string, path: readonly PathPart[], scope: Scope): string[] {
  const lines: string[] = [];
  const minLength = kw(schema, "minLength", scope.mode);
  const maxLength = kw(schema, "maxLength", scope.mode);
  if (typeof minLength === "number" && minLength > 0) {
    lines.push(`if (${use(scope, "isTooShort")}(${v}, ${minLength})) ${report(scope, path, scope.label, "minLength", boundSiteArgs("minLength", minLength), "issueAt", `${use(scope, "codePointLength")}(${v})`)}`);
  }
  if (typeof maxLength === "number") {
    lines.push(`if (${use(scope, "isTooLong")}(${v}, ${maxLength})) ${report(scope, path, scope.label, "maxLength", boundSiteArgs("maxLength", maxLength), "issueAt", `${use(scope, "codePointLength")}(${v})`)}`);
  }
  const pattern = kw(schema, "pattern", scope.mode);
  if (typeof pattern === "string") {
    const name = unique(scope.module, `${upperSnake(scope.label)}_PATTERN`);
    scope.module.constants.push(`const ${name} = new RegExp(${stringLiteral(pattern)}, "u");`);
    lines.push(`if (!${name}.test(${v})) ${report(scope, path, scope.label, "pattern", ["patternSite", stringLiteral(pattern)], "issueAt", v)}`);
  }
  const format = kw(schema, "format", scope.mode);
  if (typeof format === "string" && format in STRING_FORMATS) {
    const helper = use(scope, STRING_FORMATS[format]!);
    lines.push(`if (!${helper}(${v})) ${report(scope, path, scope.label, "format", ["formatSite", stringLiteral(format)], "issueAt", v)}`);
  }
  return lines;
}

function numberChecks(schema: Schema, v: string, path: readonly PathPart[], scope: Scope): string[] {
  const lines: string[] = [];
  const limit = (keyword: string, op: string, bound: number): void => {
    lines.push(`if (${v} ${op} ${bound}) ${report(scope, path, scope.label, keyword, boundSiteArgs(keyword, bound), "issueAt", v)}`);
  };
  for (const [bound, exclusive, inclusiveOp, exclusiveOp] of [
    ["minimum", "exclusiveMinimum", "<", "<="],
    ["maximum", "exclusiveMaximum", ">", ">="],
  ] as const) {
    const value = kw(schema, bound, scope.mode);
    const excl = kw(schema, exclusive, scope.mode);
    // OpenAPI 3.0: a boolean exclusiveMinimum makes `minimum` exclusive; a number (JSON Schema 2019+) is its own bound.
    if (typeof value === "number") limit(excl === true ? exclusive : bound, excl === true ? exclusiveOp : inclusiveOp, value);
    if (typeof excl === "number") limit(exclusive, exclusiveOp, excl);
  }
  const multipleOf = kw(schema, "multipleOf", scope.mode);
  if (typeof multipleOf === "number") {
    lines.push(`if (!${use(scope, "isMultipleOf")}(${v}, ${multipleOf})) ${report(scope, path, scope.label, "multipleOf", boundSiteArgs("multipleOf", multipleOf), "issueAt", v)}`);
  }
  const format = kw(schema, "format", scope.mode);
  if (typeof format === "string" && NUMBER_FORMATS[format]) {
    const helper = use(scope, NUMBER_FORMATS[format]!);
    lines.push(`if (!${helper}(${v})) ${report(scope, path, scope.label, "format", ["formatSite", stringLiteral(format)], "issueAt", v)}`);
  }
  return lines;
}

function arrayChecks(schema: Schema, v: string, path: readonly PathPart[], scope: Scope): string[] {
  const lines: string[] = [];
  const p = renderPath(path);
  const minItems = kw(schema, "minItems", scope.mode);
  const maxItems = kw(schema, "maxItems", scope.mode);
  if (typeof minItems === "number" && minItems > 0) lines.push(`if (${v}.length < ${minItems}) ${report(scope, path, scope.label, "minItems", boundSiteArgs("minItems", minItems), "issueAt", `${v}.length`)}`);
  if (typeof maxItems === "number") lines.push(`if (${v}.length > ${maxItems}) ${report(scope, path, scope.label, "maxItems", boundSiteArgs("maxItems", maxItems), "issueAt", `${v}.length`)}`);
  const items = schema["items"];
  if (isSchema(items)) {
    const i = ["i", "j", "k"][scope.depth] ?? `i${scope.depth}`;
    const item = scope.depth === 0 ? "item" : `item${scope.depth + 1}`;
    const inner: Scope = { ...scope, label: [...scope.label, "item"], depth: scope.depth + 1, owner: "" };
    const checks = emitValueChecks(items, item, [...path, { text: "/" }, { code: i }], inner);
    if (checks.length > 0) {
      lines.push(`for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {`, `  const ${item} = ${v}[${i}];`, ...indent(checks), "}");
    }
  }
  if (kw(schema, "uniqueItems", scope.mode) === true) {
    // A block, so that a second array in the same function can reuse the name.
    lines.push(
      "{",
      `  const duplicate = ${use(scope, "findDuplicate")}(${v});`,
      `  if (duplicate !== null) issues.push(${use(scope, "duplicateIssue")}(${p}, duplicate));`,
      "}",
    );
  }
  return lines;
}

function objectChecks(schema: Schema, v: string, path: readonly PathPart[], scope: Scope): string[] {
  const lines: string[] = [];
  const properties = isSchema(schema["properties"]) ? (schema["properties"] as Record<string, Schema>) : {};
  const required = Array.isArray(schema["required"]) ? (schema["required"] as string[]) : [];
  // Keys such as `a"b`, `a\\b` and `a|b` all read as `aB`: number the later ones.
  const taken = new Set<string>([v]);
  for (const [key, sub] of Object.entries(properties)) {
    const base = localName(key);
    let local = base;
    for (let n = 2; taken.has(local); n++) local = `${base}${n}`;
    taken.add(local);
    const at = [...path, { text: pointerToken(key) }];
    const inner: Scope = { ...scope, label: [...scope.label, key], owner: "" };
    const description = typeof sub["description"] === "string" ? `: ${lineComment(sub["description"])}` : "";
    const isRequired = required.includes(key);
    const missing = isRequired ? reportMissing(scope, at, inner.label, key) : "";
    const checks = emitValueChecks(sub, local, at, inner);
    lines.push(`// ${lineComment(key)}${description}`);
    if (checks.length === 0 && !isRequired) {
      lines.push("// (any value)");
      continue;
    }
    const present = `${use(scope, "hasOwn")}(${v}, ${stringLiteral(key)})`;
    if (checks.length === 0) {
      // A key whose value is undefined is missing: JSON.stringify drops it, so the server never sees it.
      lines.push(`if (${v}[${stringLiteral(key)}] === undefined || !${present}) ${missing}`);
      continue;
    }
    // Read first, then confirm it is an own property: a missing key costs one property load,
    // and a key found on the prototype (`constructor`) is still never taken for the body's own.
    lines.push(`const ${local} = ${v}[${stringLiteral(key)}];`, `if (${local} !== undefined && ${present}) {`, ...indent(checks));
    lines.push(...(isRequired ? ["} else {", `  ${missing}`, "}"] : ["}"]));
  }
  for (const key of required) {
    if (key in properties && Object.prototype.hasOwnProperty.call(properties, key)) continue;
    lines.push(
      `if (${v}[${stringLiteral(key)}] === undefined || !${use(scope, "hasOwn")}(${v}, ${stringLiteral(key)})) ${reportMissing(scope, [...path, { text: pointerToken(key) }], [...scope.label, key], key)}`,
    );
  }
  const minProperties = kw(schema, "minProperties", scope.mode);
  const maxProperties = kw(schema, "maxProperties", scope.mode);
  if (typeof minProperties === "number" && minProperties > 0) {
    lines.push(`if (Object.keys(${v}).length < ${minProperties}) ${report(scope, path, scope.label, "minProperties", boundSiteArgs("minProperties", minProperties), "issueAt", `Object.keys(${v}).length`)}`);
  }
  if (typeof maxProperties === "number") {
    lines.push(`if (Object.keys(${v}).length > ${maxProperties}) ${report(scope, path, scope.label, "maxProperties", boundSiteArgs("maxProperties", maxProperties), "issueAt", `Object.keys(${v}).length`)}`);
  }
  lines.push(...unknownKeyChecks(schema, v, path, scope, Object.keys(properties)));
  return lines;
}

/** `additionalProperties` and typo protection: keys the schema does not declare. */
function unknownKeyChecks(schema: Schema, v: string, path: readonly PathPart[], scope: Scope, own: string[]): string[] {
  const additional = kw(schema, "additionalProperties", scope.mode);
  const declared = declaredKeys(schema);
  const typoCheck = scope.mode === "request" && declared.length > 0;
  if (additional !== false && !isSchema(additional) && !typoCheck) return [];
  const p = renderPath(path);
  const fields = unique(scope.module, `${upperSnake(scope.label)}_FIELDS`);
  scope.module.constants.push(`const ${fields}: readonly string[] = [${declared.map(stringLiteral).join(", ")}];`);
  const owner = scope.owner === "" ? '""' : "MODEL_ID";
  const report = (allowed: boolean): string =>
    `issues.push(${use(scope, "unknownKeyIssue")}(${p}, key, ${fields}, ${owner}, ${allowed}, typos));`;
  if (additional === false) {
    // Own `properties` decide, as in JSON Schema (not those of allOf branches).
    const ownList = own.length === declared.length ? fields : unique(scope.module, `${upperSnake(scope.label)}_OWN_FIELDS`);
    if (ownList !== fields) scope.module.constants.push(`const ${ownList}: readonly string[] = [${own.map(stringLiteral).join(", ")}];`);
    return [
      "// additionalProperties: false",
      `for (const key of Object.keys(${v})) {`,
      `  if (!${ownList}.includes(key)) ${report(false)}`,
      "}",
    ];
  }
  const lines: string[] = [];
  if (isSchema(additional)) {
    const inner: Scope = { ...scope, label: [...scope.label, "additional"], owner: "" };
    const checks = emitValueChecks(additional, "extra", [...path, { text: "/" }, { code: `${use(scope, "escapePointer")}(key)` }], inner);
    lines.push("// additionalProperties: keys outside `properties` must match this schema", `for (const key of Object.keys(${v})) {`);
    if (own.length > 0) {
      const ownList = unique(scope.module, `${upperSnake(scope.label)}_OWN_FIELDS`);
      scope.module.constants.push(`const ${ownList}: readonly string[] = [${own.map(stringLiteral).join(", ")}];`);
      lines.push(`  if (${ownList}.includes(key)) continue;`);
    }
    if (checks.length > 0) lines.push(`  const extra = ${v}[key];`, ...indent(checks));
    if (typoCheck) lines.push(`  if (typos && !${fields}.includes(key)) ${report(true)}`);
    lines.push("}");
    return lines;
  }
  return [
    "// Typo protection (off unless asked for): the spec allows keys it does not declare.",
    "if (typos) {",
    `  for (const key of Object.keys(${v})) {`,
    `    if (!${fields}.includes(key)) ${report(true)}`,
    "  }",
    "}",
  ];
}

function genericChecks(schema: Schema, v: string, path: readonly PathPart[], scope: Scope): string[] {
  const lines: string[] = [];
  const p = renderPath(path);
  const values = kw(schema, "enum", scope.mode);
  if (Array.isArray(values)) {
    const name = unique(scope.module, `${upperSnake(scope.label)}_VALUES`);
    scope.module.constants.push(`const ${name}: readonly unknown[] = ${jsonLiteral(values)};`);
    // Primitive values compare with === (inline when few, Array.includes otherwise: the same
    // verdict, as no value is NaN); objects and arrays need deep equality.
    const primitive = values.every((x) => x === null || (typeof x !== "object" && !Number.isNaN(x)));
    const literal = (x: unknown): string => (typeof x === "string" ? stringLiteral(x) : String(x));
    const test =
      !primitive ? `!${use(scope, "isOneOf")}(${v}, ${name})`
      : values.length <= 4 ? values.map((x) => `${v} !== ${literal(x)}`).join(" && ")
      : `!${name}.includes(${v})`;
    lines.push(`if (${test}) ${report(scope, path, scope.label, "enum", ["enumSiteListed", name, stringLiteral(enumListing(values))], "enumAt", v, "typos")}`);
  }
  if ("const" in schema && kw(schema, "const", scope.mode) !== undefined) {
    // One constant, so that an object or array is built once, not on every check.
    const name = unique(scope.module, `${upperSnake(scope.label)}_CONST`);
    scope.module.constants.push(`const ${name}: unknown = ${jsonLiteral(schema["const"])};`);
    lines.push(`if (!${use(scope, "isOneOf")}(${v}, [${name}])) ${report(scope, path, scope.label, "const", ["constSite", name], "issueAt", v)}`);
  }
  const allOf = schema["allOf"];
  if (Array.isArray(allOf)) {
    allOf.forEach((branch: Schema, n) => {
      const name = branchFunction(branch, [...scope.label, "all", "of", String(n + 1)], scope);
      // Typo protection is done once, above, over the keys of every branch.
      lines.push(`${name}(${v}, ${p}, issues, false);`);
    });
  }
  for (const keyword of ["anyOf", "oneOf", "not"] as const) {
    const raw = schema[keyword];
    if (raw === undefined) continue;
    const branches = keyword === "not" ? [raw as Schema] : (raw as Schema[]);
    const names = branches.map((b, n) => branchFunction(b, [...scope.label, ...words(keyword), ...(keyword === "not" ? [] : [String(n + 1)])], scope));
    const list = unique(scope.module, `${upperSnake(scope.label)}_${upperSnake([keyword])}`);
    scope.module.constants.push(`const ${list}: readonly SchemaCheck[] = [${names.join(", ")}];`);
    const stopAt = keyword === "oneOf" ? 2 : 1;
    const wrong = keyword === "anyOf" ? "passing < 1" : keyword === "oneOf" ? "passing !== 1" : "passing === 1";
    lines.push(
      "{",
      `  const passing = ${use(scope, "countPassing")}(${v}, ${p}, ${list}, ${stopAt});`,
      `  if (${wrong}) issues.push(${use(scope, "combinatorIssue")}(${p}, ${stringLiteral(keyword)}, passing));`,
      "}",
    );
  }
  return lines;
}

function branchFunction(schema: Schema, label: readonly string[], scope: Scope): string {
  return emitFunction(schema, label, { ...scope, label, depth: 0, owner: "" }, "A branch of a combinator; run on its own issue list.");
}

/** Checks for a value: a call when the schema gets its own function, inline lines otherwise. */
function emitValueChecks(schema: Schema, v: string, path: readonly PathPart[], scope: Scope): string[] {
  if (!needsFunction(schema)) return emitChecks(schema, v, path, scope);
  const name = emitFunction(schema, scope.label, { ...scope, depth: 0 }, undefined);
  return [`${name}(${v}, ${renderPath(path)}, issues, typos);`];
}

/**
 * Every check reports through `issues`; with `issues === null` (a yes/no question, as `isRequest`
 * and combinator branches ask) it stops at the first problem instead, returning false. The
 * checks above are written as one-liners (`if (cond) issues.push(…);`, `checkX(…);`); this turns
 * each into its early-exit form, so the rule lives in one place.
 */
function stopEarly(lines: readonly string[]): string[] {
  return lines.flatMap((line) => {
    const guarded = /^(\s*)if \((.*)\) (issues\.push\(.*\);)$/.exec(line);
    if (guarded) {
      const [, ind, cond, push] = guarded;
      return [`${ind}if (${cond}) {`, `${ind}  if (issues === null) return false;`, `${ind}  ${push}`, `${ind}}`];
    }
    const bare = /^(\s*)(issues\.push\(.*\);)$/.exec(line);
    if (bare) return [`${bare[1]}if (issues === null) return false;`, `${bare[1]}${bare[2]}`];
    const call = /^(\s*)(check[A-Za-z0-9]*\(.*\));$/.exec(line);
    if (call) return [`${call[1]}if (!${call[2]}) return false;`];
    return [line];
  });
}

/** Adds `function checkX(value, path, issues, typos): boolean` to the module and returns its name. */
function emitFunction(schema: Schema, label: readonly string[], scope: Scope, note: string | undefined): string {
  const name = unique(scope.module, `check${pascal(label)}`);
  const body = [...stopEarly(emitChecks(schema, "value", [{ code: "path" }], { ...scope, label })), "return true;"];
  const doc = typeof schema["description"] === "string" ? lineComment(schema["description"]) : note;
  scope.module.functions.push(
    [
      ...(doc === undefined ? [] : [`/** ${doc} */`]),
      `function ${name}(value: unknown, path: string, issues: ValidationIssue[] | null, typos: boolean): boolean {`,
      ...indent(body),
      "}",
    ].join("\n"),
  );
  return name;
}

// ---------------------------------------------------------------------------------------------
// Responses as data

/** Keywords a lenient check reads that a `Shape` (runtime/src/validation.ts) cannot express. */
const NOT_A_SHAPE = ["allOf", "anyOf", "oneOf", "not"];

/**
 * The `Shape` literal of a response schema (`"string"` for a type and nothing more), or undefined
 * when its lenient reading needs code (a combinator, or an `additionalProperties` schema). Value
 * constraints are left out: lenient checking ignores them (see `kw`).
 */
function shapeOf(schema: Schema, depth = 0): string | undefined {
  if (NOT_A_SHAPE.some((k) => k in schema) || isSchema(schema["additionalProperties"])) return undefined;
  const fields: string[] = [];
  if (typeof schema["type"] === "string") fields.push(`type: ${stringLiteral(schema["type"])}`);
  if (typeof schema["type"] === "string" && schema["nullable"] === true) fields.push("nullable: true");
  const inner = "  ".repeat(depth + 1);
  if (isSchema(schema["properties"]) && Object.keys(schema["properties"]).length > 0) {
    const pairs: string[] = [];
    for (const [key, sub] of Object.entries(schema["properties"] as Record<string, Schema>)) {
      const shape = shapeOf(sub, depth + 2);
      if (shape === undefined) return undefined;
      pairs.push(`${inner}  [${stringLiteral(key)}, ${shape}],`);
    }
    fields.push(`properties: [\n${pairs.join("\n")}\n${inner}]`);
  }
  if (Array.isArray(schema["required"]) && schema["required"].length > 0) {
    fields.push(`required: [${(schema["required"] as string[]).map(stringLiteral).join(", ")}]`);
  }
  if (isSchema(schema["items"])) {
    const items = shapeOf(schema["items"], depth + 1);
    if (items === undefined) return undefined;
    fields.push(`items: ${items}`);
  }
  if (fields.length === 0) return "{}";
  // A type and nothing more is written as the type's name.
  if (fields.length === 1 && fields[0]!.startsWith("type: ")) return stringLiteral(schema["type"] as string);
  const oneLine = `{ ${fields.join(", ")} }`;
  return oneLine.includes("\n") ? `{\n${fields.map((f) => `${inner}${f},`).join("\n")}\n${"  ".repeat(depth)}}` : oneLine;
}

// ---------------------------------------------------------------------------------------------
// The module

function refuse(what: string, schema: Schema, mode: Mode): void {
  const problems = [
    ...findUnsupportedKeywords(schema).map((p) => `${p.pointer || "/"}: unsupported keyword ${p.keyword}`),
    ...findUnenforceableConstraints(schema, { response: mode === "response" }).map((p) => `${p.pointer || "/"}: ${p.reason}`),
  ];
  if (problems.length > 0) throw new Error(`cannot emit the ${what} validator:\n  ${problems.join("\n  ")}`);
}

/** The source of a model's `validate.ts`. Throws when a schema holds something it cannot enforce. */
export function emitValidatorModule(input: ValidatorModuleInput): string {
  refuse("request", input.request.schema, "request");
  refuse("create response", input.createResponse.schema, "response");
  refuse("query response", input.queryResponse.schema, "response");
  const module: Module = { modelId: input.modelId, constants: [], functions: [], imports: new Set(), names: new Set(["MODEL_ID", "CREATE_RESPONSE", "QUERY_RESPONSE"]) };
  const root = (label: string, mode: Mode): Scope => ({ module, mode, label: [label], depth: 0, owner: mode === "request" ? input.modelId : "" });
  const checkRequest = emitFunction(input.request.schema, ["request"], root("request", "request"), undefined);
  const createShape = shapeOf(input.createResponse.schema);
  const queryShape = shapeOf(input.queryResponse.schema);
  const checkCreate = createShape ?? emitFunction(input.createResponse.schema, ["create", "response"], root("create response", "response"), undefined);
  const checkQuery = queryShape ?? emitFunction(input.queryResponse.schema, ["query", "response"], root("query response", "response"), undefined);
  if (createShape !== undefined || queryShape !== undefined) module.imports.add("validateShape");
  const shapes = [
    ...(createShape === undefined ? [] : [`/** The create response as lenient checking reads it: types, nesting, required keys. */\nconst CREATE_RESPONSE: Shape = ${createShape};`]),
    ...(queryShape === undefined ? [] : [`/** The query response as lenient checking reads it: types, nesting, required keys. */\nconst QUERY_RESPONSE: Shape = ${queryShape};`]),
  ];
  const responseBody = (shape: string | undefined, check: string, typeName: string, constant: string): string[] =>
    shape !== undefined
      ? [`  return validateShape<${typeName}>(body, ${constant});`]
      : [
          "  const issues: ValidationIssue[] = [];",
          `  ${check}(body, "", issues, false);`,
          `  return issues.length === 0 ? { ok: true, value: body as ${typeName} } : { ok: false, issues };`,
        ];
  const id = stringLiteral(input.modelId);
  const types = [input.request.typeName, input.createResponse.typeName, input.queryResponse.typeName];
  const usesModelId = module.functions.some((f) => f.includes("MODEL_ID"));
  const runtimeTypes = [
    ...(shapes.length > 0 ? ["Shape"] : []),
    "ValidateOptions",
    "ValidationIssue",
    "ValidationResult",
    ...(module.constants.some((c) => c.includes("SchemaCheck")) ? ["SchemaCheck"] : []),
  ];
  const helpers = [...module.imports].sort();
  const doc = (text: string, example?: string): string =>
    example === undefined
      ? `/**\n${commentLines(text)}\n */`
      : `/**\n${commentLines(text)}\n *\n * @example\n * \`\`\`ts\n${commentLines(example)}\n * \`\`\`\n */`;

  return [
    doc(
      `Validators for the ${input.modelId} request body and its create and query responses.\n` +
        "Generated by linkmodel-codegen from the model's OpenAPI spec; do not edit.\n\n" +
        "Requests follow the spec exactly (JSON Schema as OpenAPI 3.0 defines it, as ajv + ajv-formats read it).\n" +
        "Responses are checked leniently, for structure and types only: `format`, `enum`, bounds and\n" +
        "`additionalProperties: false` are not enforced on them, because LinkModel's task ids are not UUIDs\n" +
        "although the spec says `format: uuid`, and task statuses will grow beyond the documented ones.",
    ),
    `import type { ${runtimeTypes.join(", ")} } from ${stringLiteral(input.runtimeImport)};`,
    ...(helpers.length > 0 ? [`import {\n${helpers.map((h) => `  ${h},`).join("\n")}\n} from ${stringLiteral(input.runtimeImport)};`] : []),
    `import type { ${[...new Set(types)].join(", ")} } from ${stringLiteral(input.typesImport)};`,
    "",
    ...(usesModelId ? [`const MODEL_ID = ${id};`] : []),
    ...module.constants,
    ...shapes,
    "",
    doc(
      `Checks a ${input.modelId} request body against the spec. With \`{ typoProtection: true }\` it also\n` +
        "reports keys the spec does not declare and suggests the closest field or enum value.",
      "const checked = validateRequest(body, { typoProtection: true });\nif (!checked.ok) for (const issue of checked.issues) console.error(issue.path, issue.message);",
    ),
    `export function validateRequest(body: unknown, options?: ValidateOptions): ValidationResult<${input.request.typeName}> {`,
    "  const issues: ValidationIssue[] = [];",
    `  ${checkRequest}(body, "", issues, options?.typoProtection === true);`,
    `  return issues.length === 0 ? { ok: true, value: body as ${input.request.typeName} } : { ok: false, issues };`,
    "}",
    "",
    doc(
      `True when \`body\` is a valid ${input.modelId} request body (the spec alone, no typo protection).`,
      "if (isRequest(body)) await client.create(body);",
    ),
    `export function isRequest(body: unknown): body is ${input.request.typeName} {`,
    `  return ${checkRequest}(body, "", null, false);`,
    "}",
    "",
    doc(
      "Checks a create-task response (leniently: structure and types only).",
      "const checked = validateCreateResponse(await response.json());\nif (checked.ok) console.log(checked.value.data?.task_id);",
    ),
    `export function validateCreateResponse(body: unknown): ValidationResult<${input.createResponse.typeName}> {`,
    ...responseBody(createShape, checkCreate, input.createResponse.typeName, "CREATE_RESPONSE"),
    "}",
    "",
    doc(
      "Checks a query-task response (leniently: structure and types only).",
      "const checked = validateQueryResponse(await response.json());\nif (checked.ok) console.log(checked.value.data?.status);",
    ),
    `export function validateQueryResponse(body: unknown): ValidationResult<${input.queryResponse.typeName}> {`,
    ...responseBody(queryShape, checkQuery, input.queryResponse.typeName, "QUERY_RESPONSE"),
    "}",
    "",
    ...module.functions.flatMap((f) => [f, ""]),
  ].join("\n");
}
