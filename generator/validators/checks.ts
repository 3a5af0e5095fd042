/**
 * The checks of one schema, as statements (./code.ts): one function per keyword family, each
 * reading its keywords' values from the schema and the table (./keywords.ts) and naming the
 * runtime helper that decides. Objects and combinators get a check function of their own.
 *
 * Semantics are ajv 8 + ajv-formats (full) on the OpenAPI 3.0 reading of the schema; see
 * runtime/src/validators.ts. Responses are validated leniently (structure and types only).
 */
import { pointerJoin } from "../../runtime/src/json-pointer.js";
import { stringLiteral } from "../escape.js";
import { boundWording, enumListing } from "../../runtime/src/wording.js";
import { block, check, line, render, renderPath, report, splitPath, when, type PathPart, type Statement } from "./code.js";
import { isSchema, keywordRow, keywordsOf, NUMBER_FORMATS, STRING_FORMATS, type KeywordFamily, type Schema } from "./keywords.js";
import { localName, pascal, upperSnake, words } from "./names.js";
import { issueAt, unique, use, type Mode, type Scope } from "./scope.js";

/**
 * Source text of a JSON value. In an object literal a `__proto__` key sets the prototype
 * instead of making a key, so a value with one anywhere is parsed from its JSON text instead.
 */
export function jsonLiteral(value: unknown): string {
  const json = JSON.stringify(value);
  const protoKey = (v: unknown): boolean =>
    typeof v === "object" && v !== null && (Object.prototype.hasOwnProperty.call(v, "__proto__") || Object.values(v).some(protoKey));
  return protoKey(value) ? `JSON.parse(${stringLiteral(json)})` : json.replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** A one-line comment text: no line breaks, no comment terminator. */
export function lineComment(text: string): string {
  const flat = text.replace(/[\r\n\u2028\u2029]+/g, " ").replace(/\*\//g, "*\\/").trim();
  return flat.length > 100 ? flat.slice(0, 99) + "…" : flat;
}

/**
 * The check of a bound: `failed` is the condition under which `limit` is not met, `got` what the
 * message reports (a length, a count, the number). Its site spells the wording out,
 * `boundSite("/prompt", "maxLength", 2000, "at most 2000 characters long")`, so that a bundle
 * carries only the words its checks use.
 */
function boundCheck(scope: Scope, path: readonly PathPart[], keyword: string, limit: number, failed: string, got: string): Statement {
  const site = ["boundSite", stringLiteral(keyword), String(limit), stringLiteral(boundWording(keyword, limit))] as const;
  return report(failed, issueAt(scope, path, scope.label, keyword, site, "issueAt", got));
}

/** The issue of a missing required property; its site names the property only when the pointer does not. */
function missingIssue(scope: Scope, path: readonly PathPart[], label: readonly string[], key: string): string {
  const named = splitPath(path).pointer === pointerJoin("", key);
  return issueAt(scope, path, label, "required", ["requiredSite", ...(named ? [] : [stringLiteral(key)])], "missingAt");
}

// ---------------------------------------------------------------------------------------------
// Which keywords apply

/** The keyword's value, or undefined when it does not apply in this mode. */
function kw(schema: Schema, keyword: string, mode: Mode): unknown {
  if (mode === "response" && keywordRow(keyword)?.requestOnly === true) return undefined;
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

/** Keywords that give a schema its own function (objects and combinators read better that way). */
const OWN_FUNCTION: readonly string[] = [...keywordsOf("object"), ...keywordsOf("combinator")];

function needsFunction(schema: Schema): boolean {
  return OWN_FUNCTION.some((k) => k in schema);
}

// ---------------------------------------------------------------------------------------------
// Checks

const GUARDS: Readonly<Record<string, (v: string, scope: Scope) => string>> = {
  string: (v) => `typeof ${v} === "string"`,
  boolean: (v) => `typeof ${v} === "boolean"`,
  number: (v, s) => `${use(s, "isNumber")}(${v})`,
  integer: (v, s) => `${use(s, "isInteger")}(${v})`,
  array: (v) => `Array.isArray(${v})`,
  object: (v, s) => `${use(s, "isJsonObject")}(${v})`,
};

type FamilyChecks = (schema: Schema, v: string, path: readonly PathPart[], scope: Scope) => Statement[];

/** Statements checking `v` (a const holding the value) against `schema`; issues go to `issues`. */
function emitChecks(schema: Schema, v: string, path: readonly PathPart[], scope: Scope): Statement[] {
  const type = typeof schema["type"] === "string" ? (schema["type"] as string) : undefined;
  const nullable = type !== undefined && schema["nullable"] === true;
  // First, so that a value's sites are declared in the order its checks run.
  const typeIssue =
    type === undefined ? "" : issueAt(scope, path, scope.label, "type", ["typeSite", stringLiteral(type), ...(nullable ? ["true"] : [])], "issueAt", v);
  const byFamily: [KeywordFamily, FamilyChecks][] = [
    ["string", stringChecks],
    ["number", numberChecks],
    ["array", arrayChecks],
    ["object", objectChecks],
  ];
  const families = byFamily.map(([family, checks]): [KeywordFamily, Statement[]] => [family, checks(schema, v, path, scope)]);
  const generic = genericChecks(schema, v, path, scope);

  if (type === undefined) {
    // No `type`: each keyword applies to values of its own kind only.
    const guarded = families.filter(([, checks]) => checks.length > 0).map(([family, checks]) => when(GUARDS[family]!(v, scope), checks));
    return [...guarded, ...generic];
  }

  const family = type === "integer" ? "number" : type;
  const specific = families.find(([f]) => f === family)?.[1] ?? [];
  const guard = GUARDS[type]!(v, scope);
  const negated = guard.startsWith("typeof") ? guard.replace("===", "!==") : `!${guard}`;
  const failed = nullable ? `${v} !== null && ${negated}` : negated;
  const valid = nullable && specific.length > 0 ? [when(`${v} !== null`, specific), ...generic] : [...specific, ...generic];
  if (valid.length === 0) return [report(failed, typeIssue)];
  return [when(failed, [report(null, typeIssue)], valid)];
}

function stringChecks(schema: Schema, v: string, path: readonly PathPart[], scope: Scope): Statement[] {
  const out: Statement[] = [];
  const minLength = kw(schema, "minLength", scope.mode);
  const maxLength = kw(schema, "maxLength", scope.mode);
  if (typeof minLength === "number" && minLength > 0) {
    // A string shorter than one code point is the empty string: no helper, no counting.
    const tooShort = minLength === 1 ? `${v} === ""` : `${use(scope, "isTooShort")}(${v}, ${minLength})`;
    out.push(boundCheck(scope, path, "minLength", minLength, tooShort, `${use(scope, "codePointLength")}(${v})`));
  }
  if (typeof maxLength === "number") {
    out.push(boundCheck(scope, path, "maxLength", maxLength, `${use(scope, "isTooLong")}(${v}, ${maxLength})`, `${use(scope, "codePointLength")}(${v})`));
  }
  const pattern = kw(schema, "pattern", scope.mode);
  if (typeof pattern === "string") {
    const name = unique(scope.module, `${upperSnake(scope.label)}_PATTERN`);
    scope.module.constants.push(`const ${name} = new RegExp(${stringLiteral(pattern)}, "u");`);
    out.push(report(`!${name}.test(${v})`, issueAt(scope, path, scope.label, "pattern", ["patternSite", stringLiteral(pattern)], "issueAt", v)));
  }
  const format = kw(schema, "format", scope.mode);
  if (typeof format === "string" && Object.prototype.hasOwnProperty.call(STRING_FORMATS, format)) {
    const helper = use(scope, STRING_FORMATS[format as keyof typeof STRING_FORMATS]);
    out.push(report(`!${helper}(${v})`, issueAt(scope, path, scope.label, "format", ["formatSite", stringLiteral(format)], "issueAt", v)));
  }
  return out;
}

function numberChecks(schema: Schema, v: string, path: readonly PathPart[], scope: Scope): Statement[] {
  const out: Statement[] = [];
  const limit = (keyword: string, op: string, bound: number): void => {
    out.push(boundCheck(scope, path, keyword, bound, `${v} ${op} ${bound}`, v));
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
    out.push(boundCheck(scope, path, "multipleOf", multipleOf, `!${use(scope, "isMultipleOf")}(${v}, ${multipleOf})`, v));
  }
  const format = kw(schema, "format", scope.mode);
  const helper = typeof format === "string" && Object.prototype.hasOwnProperty.call(NUMBER_FORMATS, format) ? NUMBER_FORMATS[format as keyof typeof NUMBER_FORMATS] : null;
  if (helper !== null) {
    out.push(report(`!${use(scope, helper)}(${v})`, issueAt(scope, path, scope.label, "format", ["formatSite", stringLiteral(format as string)], "issueAt", v)));
  }
  return out;
}

function arrayChecks(schema: Schema, v: string, path: readonly PathPart[], scope: Scope): Statement[] {
  const out: Statement[] = [];
  const p = renderPath(path);
  const minItems = kw(schema, "minItems", scope.mode);
  const maxItems = kw(schema, "maxItems", scope.mode);
  if (typeof minItems === "number" && minItems > 0) out.push(boundCheck(scope, path, "minItems", minItems, `${v}.length < ${minItems}`, `${v}.length`));
  if (typeof maxItems === "number") out.push(boundCheck(scope, path, "maxItems", maxItems, `${v}.length > ${maxItems}`, `${v}.length`));
  const items = schema["items"];
  if (isSchema(items)) {
    const i = ["i", "j", "k"][scope.depth] ?? `i${scope.depth}`;
    const item = scope.depth === 0 ? "item" : `item${scope.depth + 1}`;
    const inner: Scope = { ...scope, label: [...scope.label, "item"], depth: scope.depth + 1, owner: "" };
    const checks = emitValueChecks(items, item, [...path, { text: "/" }, { code: i }], inner);
    if (checks.length > 0) out.push(block(`for (let ${i} = 0; ${i} < ${v}.length; ${i}++)`, [line(`const ${item} = ${v}[${i}];`), ...checks]));
  }
  if (kw(schema, "uniqueItems", scope.mode) === true) {
    // A block, so that a second array in the same function can reuse the name.
    out.push(block(null, [line(`const duplicate = ${use(scope, "findDuplicate")}(${v});`), report("duplicate !== null", `${use(scope, "duplicateIssue")}(${p}, duplicate)`)]));
  }
  return out;
}

function objectChecks(schema: Schema, v: string, path: readonly PathPart[], scope: Scope): Statement[] {
  const out: Statement[] = [];
  const properties = isSchema(schema["properties"]) ? (schema["properties"] as Record<string, Schema>) : {};
  const required = Array.isArray(schema["required"]) ? (schema["required"] as string[]) : [];
  // Keys such as `a"b`, `a\\b` and `a|b` all read as `aB`: number the later ones.
  const taken = new Set<string>([v]);
  for (const [key, sub] of Object.entries(properties)) {
    const base = localName(key, scope.module.avoid);
    let local = base;
    for (let n = 2; taken.has(local); n++) local = `${base}${n}`;
    taken.add(local);
    scope.module.locals.add(local);
    const at = [...path, { text: pointerJoin("", key) }];
    const inner: Scope = { ...scope, label: [...scope.label, key], owner: "" };
    const description = typeof sub["description"] === "string" ? `: ${lineComment(sub["description"])}` : "";
    const isRequired = required.includes(key);
    const missing = isRequired ? missingIssue(scope, at, inner.label, key) : "";
    const checks = emitValueChecks(sub, local, at, inner);
    out.push(line(`// ${lineComment(key)}${description}`));
    if (checks.length === 0 && !isRequired) {
      out.push(line("// (any value)"));
      continue;
    }
    const present = `${use(scope, "hasOwn")}(${v}, ${stringLiteral(key)})`;
    if (checks.length === 0) {
      // A key whose value is undefined is missing: JSON.stringify drops it, so the server never sees it.
      out.push(report(`${v}[${stringLiteral(key)}] === undefined || !${present}`, missing));
      continue;
    }
    // Read first, then confirm it is an own property: a missing key costs one property load,
    // and a key found on the prototype (`constructor`) is still never taken for the body's own.
    out.push(line(`const ${local} = ${v}[${stringLiteral(key)}];`), when(`${local} !== undefined && ${present}`, checks, isRequired ? [report(null, missing)] : undefined));
  }
  for (const key of required) {
    if (key in properties && Object.prototype.hasOwnProperty.call(properties, key)) continue;
    const present = `${v}[${stringLiteral(key)}] === undefined || !${use(scope, "hasOwn")}(${v}, ${stringLiteral(key)})`;
    out.push(report(present, missingIssue(scope, [...path, { text: pointerJoin("", key) }], [...scope.label, key], key)));
  }
  const minProperties = kw(schema, "minProperties", scope.mode);
  const maxProperties = kw(schema, "maxProperties", scope.mode);
  if (typeof minProperties === "number" && minProperties > 0) {
    out.push(boundCheck(scope, path, "minProperties", minProperties, `Object.keys(${v}).length < ${minProperties}`, `Object.keys(${v}).length`));
  }
  if (typeof maxProperties === "number") {
    out.push(boundCheck(scope, path, "maxProperties", maxProperties, `Object.keys(${v}).length > ${maxProperties}`, `Object.keys(${v}).length`));
  }
  out.push(...unknownKeyChecks(schema, v, path, scope, Object.keys(properties)));
  return out;
}

/** `additionalProperties` and typo protection: keys the schema does not declare. */
function unknownKeyChecks(schema: Schema, v: string, path: readonly PathPart[], scope: Scope, own: string[]): Statement[] {
  const additional = kw(schema, "additionalProperties", scope.mode);
  const declared = declaredKeys(schema);
  const typoCheck = scope.mode === "request" && declared.length > 0;
  if (additional !== false && !isSchema(additional) && !typoCheck) return [];
  const p = renderPath(path);
  const fields = unique(scope.module, `${upperSnake(scope.label)}_FIELDS`);
  scope.module.constants.push(`const ${fields}: readonly string[] = [${declared.map(stringLiteral).join(", ")}];`);
  if (scope.owner !== "") scope.module.usesModelId = true;
  const owner = scope.owner === "" ? '""' : "MODEL_ID";
  const unknownKey = (allowed: boolean): string => `${use(scope, "unknownKeyIssue")}(${p}, key, ${fields}, ${owner}, ${allowed}, typos)`;
  const eachKey = (body: Statement[]): Statement => block(`for (const key of Object.keys(${v}))`, body);
  if (additional === false) {
    // Own `properties` decide, as in JSON Schema (not those of allOf branches).
    const ownList = own.length === declared.length ? fields : unique(scope.module, `${upperSnake(scope.label)}_OWN_FIELDS`);
    if (ownList !== fields) scope.module.constants.push(`const ${ownList}: readonly string[] = [${own.map(stringLiteral).join(", ")}];`);
    return [line("// additionalProperties: false"), eachKey([report(`!${ownList}.includes(key)`, unknownKey(false))])];
  }
  if (isSchema(additional)) {
    const inner: Scope = { ...scope, label: [...scope.label, "additional"], owner: "" };
    const checks = emitValueChecks(additional, "extra", [...path, { text: "/" }, { code: `${use(scope, "escapePointer")}(key)` }], inner);
    const body: Statement[] = [];
    if (own.length > 0) {
      const ownList = unique(scope.module, `${upperSnake(scope.label)}_OWN_FIELDS`);
      scope.module.constants.push(`const ${ownList}: readonly string[] = [${own.map(stringLiteral).join(", ")}];`);
      body.push(line(`if (${ownList}.includes(key)) continue;`));
    }
    if (checks.length > 0) body.push(line(`const extra = ${v}[key];`), ...checks);
    if (typoCheck) body.push(report(`typos && !${fields}.includes(key)`, unknownKey(true)));
    return [line("// additionalProperties: keys outside `properties` must match this schema"), eachKey(body)];
  }
  return [
    line("// Typo protection (off unless asked for): the spec allows keys it does not declare."),
    when("typos", [eachKey([report(`!${fields}.includes(key)`, unknownKey(true))])]),
  ];
}

function genericChecks(schema: Schema, v: string, path: readonly PathPart[], scope: Scope): Statement[] {
  const out: Statement[] = [];
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
    out.push(report(test, issueAt(scope, path, scope.label, "enum", ["enumSiteListed", name, stringLiteral(enumListing(values))], "enumAt", v, "typos")));
  }
  if ("const" in schema && kw(schema, "const", scope.mode) !== undefined) {
    // One constant, so that an object or array is built once, not on every check.
    const name = unique(scope.module, `${upperSnake(scope.label)}_CONST`);
    scope.module.constants.push(`const ${name}: unknown = ${jsonLiteral(schema["const"])};`);
    out.push(report(`!${use(scope, "isOneOf")}(${v}, [${name}])`, issueAt(scope, path, scope.label, "const", ["constSite", name], "issueAt", v)));
  }
  const allOf = schema["allOf"];
  if (Array.isArray(allOf)) {
    allOf.forEach((branch: Schema, n) => {
      const name = branchFunction(branch, [...scope.label, "all", "of", String(n + 1)], scope);
      // Typo protection is done once, above, over the keys of every branch.
      out.push(check(`${name}(${v}, ${p}, issues, false)`));
    });
  }
  for (const keyword of ["anyOf", "oneOf", "not"] as const) {
    const raw = schema[keyword];
    if (raw === undefined) continue;
    const branches = keyword === "not" ? [raw as Schema] : (raw as Schema[]);
    const names = branches.map((b, n) => branchFunction(b, [...scope.label, ...words(keyword), ...(keyword === "not" ? [] : [String(n + 1)])], scope));
    const list = unique(scope.module, `${upperSnake(scope.label)}_${upperSnake([keyword])}`);
    scope.module.constants.push(`const ${list}: readonly SchemaCheck[] = [${names.join(", ")}];`);
    scope.module.usesSchemaCheck = true;
    const stopAt = keyword === "oneOf" ? 2 : 1;
    const wrong = keyword === "anyOf" ? "passing < 1" : keyword === "oneOf" ? "passing !== 1" : "passing === 1";
    out.push(
      block(null, [
        line(`const passing = ${use(scope, "countPassing")}(${v}, ${p}, ${list}, ${stopAt});`),
        report(wrong, `${use(scope, "combinatorIssue")}(${p}, ${stringLiteral(keyword)}, passing)`),
      ]),
    );
  }
  return out;
}

function branchFunction(schema: Schema, label: readonly string[], scope: Scope): string {
  return emitFunction(schema, label, { ...scope, label, depth: 0, owner: "" }, "A branch of a combinator; run on its own issue list.");
}

/** Checks for a value: a call when the schema gets its own function, inline statements otherwise. */
function emitValueChecks(schema: Schema, v: string, path: readonly PathPart[], scope: Scope): Statement[] {
  if (!needsFunction(schema)) return emitChecks(schema, v, path, scope);
  const name = emitFunction(schema, scope.label, { ...scope, depth: 0 }, undefined);
  return [check(`${name}(${v}, ${renderPath(path)}, issues, typos)`)];
}

/** Adds `function checkX(value, path, issues, typos): boolean` to the module and returns its name. */
export function emitFunction(schema: Schema, label: readonly string[], scope: Scope, note: string | undefined): string {
  const name = unique(scope.module, `check${pascal(label)}`);
  const body = [...render(emitChecks(schema, "value", [{ code: "path" }], { ...scope, label }), "  "), "  return true;"];
  const doc = typeof schema["description"] === "string" ? lineComment(schema["description"]) : note;
  scope.module.functions.push(
    [
      ...(doc === undefined ? [] : [`/** ${doc} */`]),
      `function ${name}(value: unknown, path: string, issues: ValidationIssue[] | null, typos: boolean): boolean {`,
      ...body,
      "}",
    ].join("\n"),
  );
  return name;
}
