/**
 * Run-time helpers for the generated validators (`validate.ts` in every model package).
 *
 * Takes plain values from generated code; returns booleans, numbers and `ValidationIssue`s.
 * Semantics follow JSON Schema as OpenAPI 3.0 uses it, equal to ajv 8 + ajv-formats 3 (full
 * mode) on every input; the differential test in test/validators holds us to that. Nothing
 * here throws on hostile input, recurses on input nesting, or writes into an input object.
 * Kept small on purpose: a whole model package must stay within 6 kB min+gzip.
 */
import type { ValidationIssue, ValidationResult } from "./model.js";
import { boundWording, enumListing } from "./wording.js";

/**
 * A generated check of one (sub)schema: pushes what it finds into `issues`, or, given `null`,
 * answers yes/no and returns false at the first problem.
 */
export type SchemaCheck = (value: unknown, path: string, issues: ValidationIssue[] | null, typos: boolean) => boolean;

// ---------------------------------------------------------------------------------------------
// Types and structure

/** A JSON object as ajv sees one: not null, not an array. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** JSON Schema `number`: a finite number (ajv's strictNumbers). */
export function isNumber(value: unknown): value is number {
  return Number.isFinite(value);
}

/** JSON Schema `integer`: a finite number without a fractional part (1.0 counts). */
export function isInteger(value: unknown): value is number {
  return Number.isInteger(value);
}

/** An own property, so that `__proto__`, `constructor` and friends are never read from the prototype. */
export function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** `multipleOf` as ajv computes it: the quotient must survive `parseInt` (so quotients ≥ 1e21 fail). */
export function isMultipleOf(value: number, divisor: number): boolean {
  const quotient = value / divisor;
  return quotient === parseInt(String(quotient), 10);
}

/** Length in Unicode code points (a surrogate pair counts once), as `minLength`/`maxLength` count. */
export function codePointLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++, count++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  return count;
}

/** `minLength`: true when `text` has fewer than `min` code points (counted only when it matters). */
export function isTooShort(text: string, min: number): boolean {
  return text.length < min || (text.length < 2 * min && codePointLength(text) < min);
}

/** `maxLength`: true when `text` has more than `max` code points (counted only when it matters). */
export function isTooLong(text: string, max: number): boolean {
  return text.length > max && (text.length > 2 * max || codePointLength(text) > max);
}

/**
 * Deep equality of JSON values, iterative so that deep nesting cannot overflow the stack. A
 * pair of objects met again (a cycle, which no JSON body has but an object in memory may) is
 * taken as equal so far, so that the walk ends.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  const stack: unknown[] = [a, b];
  let met: Map<object, Set<object>> | undefined;
  while (stack.length > 0) {
    const y = stack.pop();
    const x = stack.pop();
    if (x === y) continue;
    if (typeof x !== "object" || typeof y !== "object" || x === null || y === null) {
      if (x !== x && y !== y) continue; // NaN equals NaN, as in fast-deep-equal
      return false;
    }
    const partners = (met ??= new Map()).get(x) ?? new Set<object>();
    if (partners.has(y)) continue;
    met.set(x, partners.add(y));
    if (Array.isArray(x)) {
      if (!Array.isArray(y) || x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) stack.push(x[i], y[i]);
      continue;
    }
    if (Array.isArray(y)) return false;
    const keys = Object.keys(x);
    if (keys.length !== Object.keys(y).length) return false;
    for (const key of keys) {
      if (!hasOwn(y, key)) return false;
      stack.push((x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key]);
    }
  }
  return true;
}

/** `enum`: true when `value` equals one of `allowed` (deep equality for objects and arrays). */
export function isOneOf(value: unknown, allowed: readonly unknown[]): boolean {
  for (const candidate of allowed) {
    if (value === candidate || (typeof candidate === "object" && deepEqual(value, candidate))) return true;
  }
  return false;
}

/** `uniqueItems`: the indexes `[earlier, later]` of the first duplicate pair, or `null`. */
export function findDuplicate(items: readonly unknown[]): [number, number] | null {
  const seen = new Map<unknown, number>();
  const objects: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (typeof item === "object" && item !== null) {
      for (const j of objects) if (deepEqual(items[j], item)) return [j, i];
      objects.push(i);
    } else {
      // Map keys use SameValueZero: 0 and -0 collide, as they do for ajv.
      const earlier = seen.get(item);
      if (earlier !== undefined) return [earlier, i];
      seen.set(item, i);
    }
  }
  return null;
}

/** Counts the branches that `value` passes (yes/no checks), stopping at `stopAt`. */
export function countPassing(value: unknown, path: string, branches: readonly SchemaCheck[], stopAt: number): number {
  let passing = 0;
  for (const branch of branches) {
    if (branch(value, path, null, false) && ++passing >= stopAt) break;
  }
  return passing;
}

// ---------------------------------------------------------------------------------------------
// Lenient response checks, from data

/**
 * A response schema reduced to what lenient checking reads: types, nesting and required keys.
 * The generator emits one per response (when nothing else applies) instead of code, because a
 * response is checked once per call, and code for it would only cost bundle bytes. A value of
 * one type and nothing more, as most of a response is, is that type's name: `["task_id", "string"]`.
 */
export type Shape = string | ShapeNode;

/** A `Shape` that says more than a type name. */
export interface ShapeNode {
  /** The JSON Schema type; absent means any. */
  readonly type?: string;
  readonly nullable?: boolean;
  /** `properties` in spec order, as pairs: in an object literal a `__proto__` key would set the prototype. */
  readonly properties?: readonly (readonly [string, Shape])[];
  readonly required?: readonly string[];
  readonly items?: Shape;
}

const IS_TYPE: Record<string, (value: unknown) => boolean> = {
  string: (value) => typeof value === "string",
  boolean: (value) => typeof value === "boolean",
  number: isNumber,
  integer: isInteger,
  array: Array.isArray,
  object: isJsonObject,
};

/**
 * Checks `value` against `shape`, pushing issues in the order generated code would. Recurses
 * on the shape (as deep as the spec), never on the input beyond it.
 */
export function checkShape(value: unknown, shape: Shape, path: string, issues: ValidationIssue[]): void {
  const { type, nullable, properties = [], required = [], items }: ShapeNode = typeof shape === "string" ? { type: shape } : shape;
  if (type !== undefined && !IS_TYPE[type]!(value)) {
    if (value !== null || nullable !== true) issues.push(issueAt(path, typeSite("", type, nullable), value));
  } else if (Array.isArray(value)) {
    if (items !== undefined) for (let i = 0; i < value.length; i++) checkShape(value[i], items, path + "/" + i, issues);
  } else if (isJsonObject(value)) {
    for (const [key, sub] of properties) {
      const v = value[key];
      if (v !== undefined && hasOwn(value, key)) {
        // A leaf of its type (most of a response) is done without building its path.
        if (typeof sub === "string" && IS_TYPE[sub]!(v)) continue;
        checkShape(v, sub, path + "/" + escapePointer(key), issues);
      } else if (required.includes(key)) issues.push(missingAt(path + "/" + escapePointer(key), requiredSite("", key)));
    }
    for (const key of required) {
      if (!properties.some(([name]) => name === key) && !hasOwn(value, key)) issues.push(missingAt(path, requiredSite("/" + escapePointer(key))));
    }
  }
}

/** A response validator's answer from its shape. */
export function validateShape<T>(body: unknown, shape: Shape): ValidationResult<T> {
  const issues: ValidationIssue[] = [];
  checkShape(body, shape, "", issues);
  return issues.length === 0 ? { ok: true, value: body as T } : { ok: false, issues };
}

// ---------------------------------------------------------------------------------------------
// Formats: ajv-formats "full" mode, same verdict on every string. The larger expressions are
// built in functions marked pure, so that a bundle drops those its validators do not use.

/**
 * `format: url`: http, https or ftp; a public IPv4 address (no 10/8, 127/8, 169.254/16,
 * 192.168/16, 172.16/12; last octet 1-254) or a dotted name ending in a 2+ letter label;
 * optional 2-5 digit port; a path only after `/` (no bare `?query` or `#fragment`).
 * One literal (a regular expression built from strings costs a bundle its doubled escapes and
 * the code that joins them), read in parts: scheme, user info, the three excluded IPv4 ranges,
 * a public IPv4 address, or labels (`[a-z0-9\u00a1-\uffff]+(?:-…)*`) and a top-level label,
 * then port and path.
 */
const URL_RE =
  /^(?:https?|ftp):\/\/(?:\S+@)?(?:(?!(?:10|127)(?:\.\d{1,3}){3})(?!(?:169\.254|192\.168)(?:\.\d{1,3}){2})(?!172\.(?:1[6-9]|2\d|3[01])(?:\.\d{1,3}){2})(?:22[0-3]|2[01]\d|1\d\d|[1-9]\d?)(?:\.(?:25[0-5]|2[0-4]\d|1?\d\d?)){2}\.(?:25[0-4]|2[0-4]\d|1\d\d|[1-9]\d?)|(?:[a-z0-9\u00a1-\uffff]+(?:-[a-z0-9\u00a1-\uffff]+)*\.)+[a-z\u00a1-\uffff]{2,})(?::\d{2,5})?(?:\/\S*)?$/iu;
/**
 * The everyday URL (ASCII name, no user info): every match is also a match of `URL_RE` (one
 * of its parses), found in half the time because nothing here backtracks over `\S+@` or
 * Unicode classes. Anything else goes to `URL_RE`, which decides.
 */
const PLAIN_URL_RE = /^(?:https?|ftp):\/\/(?:[a-z0-9]+(?:-[a-z0-9]+)*\.)+[a-z]{2,}(?::\d{2,5})?(?:\/[!-~]*)?$/i;

/**
 * `format: uri` (RFC 3986 absolute URI). An IP literal is matched loosely here and its IPv6
 * address checked by `isIpv6Literal`: brackets can appear nowhere else, so the split is exact.
 */
const URI_RE = /* @__PURE__ */ (() => {
  const SUB = "a-z0-9\\-._~!$&'()*+,;=";
  const PCT = "|%[0-9a-f]{2}";
  const PCHAR = `(?:[${SUB}:@]${PCT})`;
  return new RegExp(
    `^[a-z][a-z0-9+\\-.]*:(?:/?/(?:(?:[${SUB}:]${PCT})*@)?(?:\\[(?:v[0-9a-f]+\\.[${SUB}:]+|([0-9a-f:.]+))\\]|(?:[${SUB}]${PCT})*)(?::\\d*)?(?:/${PCHAR}*)*` +
      `|/(?:${PCHAR}+(?:/${PCHAR}*)*)?|${PCHAR}+(?:/${PCHAR}*)*)(?:\\?(?:[${SUB}:@/?]${PCT})*)?(?:#(?:[${SUB}:@/?]${PCT})*)?$`,
    "i",
  );
})();
const H16 = /^[0-9a-f]{1,4}$/i;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|[01]?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d?\d)$/;

/** RFC 3986 IPv6address: 8 groups, or fewer around one `::`; an IPv4 tail counts as two. */
function isIpv6Literal(text: string): boolean {
  const halves = text.split("::");
  if (halves.length > 2) return false;
  let groups = 0;
  for (let h = 0; h < halves.length; h++) {
    if (halves[h] === "") continue;
    const parts = (halves[h] as string).split(":");
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      if (h === halves.length - 1 && i === parts.length - 1 && IPV4.test(part)) groups += 2;
      else if (H16.test(part)) groups++;
      else return false;
    }
  }
  return halves.length === 2 ? groups <= 7 : groups === 8;
}

const UUID_RE = /^(?:urn:uuid:)?[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i;
const EMAIL_RE = /* @__PURE__ */ (() => {
  const ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
  const LABEL = "[a-z0-9]+(?:-+[a-z0-9]+)*";
  return new RegExp(`^${ATOM}(?:\\.${ATOM})*@(?:${LABEL}\\.)+${LABEL}$`, "i");
})();
const DATE_RE = /^(\d{4})-(\d\d)-(\d\d)$/;
const TIME_RE = /^(\d\d):(\d\d):(\d\d(?:\.\d+)?)(?:z|([+-])(\d\d)(?::?(\d\d))?)$/i;

/** `format: url` (ajv-formats `url`). */
export function isUrl(text: string): boolean {
  return PLAIN_URL_RE.test(text) || URL_RE.test(text);
}

/** `format: uri` (ajv-formats full `uri`). */
export function isUri(text: string): boolean {
  const match = URI_RE.exec(text);
  return match !== null && (match[1] === undefined || isIpv6Literal(match[1]));
}

/** `format: uuid`, with an optional `urn:uuid:` prefix. */
export function isUuid(text: string): boolean {
  return UUID_RE.test(text);
}

/** `format: email`. */
export function isEmail(text: string): boolean {
  return EMAIL_RE.test(text);
}

/** `format: date` (RFC 3339 full-date, leap years included). */
export function isDate(text: string): boolean {
  const match = DATE_RE.exec(text);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return month >= 1 && month <= 12 && day >= 1 && day <= days;
}

/** `format: time` (RFC 3339 full-time: offset required; a leap second only at 23:59 UTC). */
export function isTime(text: string): boolean {
  const match = TIME_RE.exec(text);
  if (match === null) return false;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  const second = Number(match[3]);
  const sign = match[4] === "-" ? -1 : 1;
  const offsetHour = Number(match[5] ?? 0);
  const offsetMinute = Number(match[6] ?? 0);
  if (offsetHour > 23 || offsetMinute > 59) return false;
  if (hour <= 23 && minute <= 59 && second < 60) return true;
  const utcMinute = minute - offsetMinute * sign;
  const utcHour = hour - offsetHour * sign - (utcMinute < 0 ? 1 : 0);
  return (utcHour === 23 || utcHour === -1) && (utcMinute === 59 || utcMinute === -1) && second < 61;
}

/** `format: date-time`: a date and a time separated by `T`, `t` or one whitespace character. */
export function isDateTime(text: string): boolean {
  const parts = text.split(/t|\s/i);
  return parts.length === 2 && isDate(parts[0] as string) && isTime(parts[1] as string);
}

/** `format: int32` on numbers. */
export function isInt32(value: number): boolean {
  return Number.isInteger(value) && value >= -2147483648 && value <= 2147483647;
}

// ---------------------------------------------------------------------------------------------
// Issues: one constructor per keyword family, each with a sentence a person understands

/** Escapes one JSON-pointer reference token (`~` → `~0`, `/` → `~1`). */
export function escapePointer(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The field a path points at, for messages: `""` → `body`, `/images/2` → `images/2`. */
function fieldName(path: string): string {
  if (path === "") return "body";
  const name = path.indexOf("~") < 0 ? path.slice(1) : path.slice(1).replace(/~1/g, "/").replace(/~0/g, "~");
  // The empty key is a field too: quoted, so that the message still names one.
  return name === "" ? '""' : name;
}

/** Characters that make JSON.stringify escape a string (so that the plain quoting below would differ). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string in double quotes as JSON writes it; the common case without JSON.stringify, which costs more than the rest of a message. */
function quote(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : '"' + text + '"';
}

/** A value for a message: short, never the whole of a long string or a deep object. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return quote(value.length > 40 ? value.slice(0, 40) + "…" : value);
  if (value === null || typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === "object" ? "an object" : typeof value;
}

function issue(path: string, keyword: string, params: Record<string, unknown>, message: string, suggestion?: string): ValidationIssue {
  return suggestion === undefined ? { path, keyword, params, message } : { path, keyword, params, message, suggestion };
}

/**
 * What the place of a check in the schema decides about its issue, built once per place by the
 * generated module (`typeSite`, `limitSite`, ...) so that reporting costs one object and one
 * string concatenation: the pointer below the checked value, the keyword, the params (frozen,
 * shared by every issue from here), the text between the field name and the value, and the
 * whole message up to the value for an issue at the root (`path === ""`, by far the most usual).
 */
export interface IssueSite {
  readonly pointer: string;
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly text: string;
  /** `fieldName(pointer) + text`. */
  readonly lead: string;
}

function site(pointer: string, keyword: string, params: Record<string, unknown>, text: string): IssueSite {
  return Object.freeze({ pointer, keyword, params: Object.freeze(params), text, lead: fieldName(pointer) + text });
}

/** The issue at `path` + `site.pointer`, its message ending in `got` (every issue object has this one shape). */
function siteIssue(path: string, site: IssueSite, got: string): ValidationIssue {
  return { path: path + site.pointer, keyword: site.keyword, params: site.params, message: (path === "" ? site.lead : fieldName(path + site.pointer) + site.text) + got };
}

/** The issue at `path` + `site.pointer` about `value` (described as `describeValue` does). */
export function issueAt(path: string, site: IssueSite, value: unknown): ValidationIssue {
  return siteIssue(path, site, describeValue(value));
}

/** The `required` issue at `path` + `site.pointer` (a `requiredSite`). */
export function missingAt(path: string, site: IssueSite): ValidationIssue {
  return siteIssue(path, site, "");
}

/** The `enum` issue at `path` + `site.pointer` (an `enumSite`); under typo protection, with a did-you-mean. */
export function enumAt(path: string, site: IssueSite, value: unknown, typos: boolean): ValidationIssue {
  const found = issueAt(path, site, value);
  const close = typos && typeof value === "string" ? closestMatch(value, site.params["allowedValues"] as readonly unknown[]) : undefined;
  return close === undefined ? found : { ...found, message: found.message + "; did you mean " + JSON.stringify(close) + "?", suggestion: close };
}

/** `type` (with `nullable`): "duration must be an integer; got "7"". */
export function typeIssue(path: string, type: string, value: unknown, nullable = false): ValidationIssue {
  return issueAt(path, typeSite("", type, nullable), value);
}

/** The site of a `type` issue, for `issueAt`. */
export function typeSite(pointer: string, type: string, nullable = false): IssueSite {
  return site(pointer, "type", { type, nullable }, " must be " + (/^[aeiou]/.test(type) ? "an " : "a ") + type + (nullable ? " or null" : "") + "; got ");
}

/** `required`: the path points at the missing property. */
export function requiredIssue(path: string, property: string): ValidationIssue {
  return missingAt(path, requiredSite("", property));
}

/** The site of a `required` issue, for `missingAt`; `property` defaults to the one a one-token pointer names (`"/prompt"`). */
export function requiredSite(pointer: string, property = fieldName(pointer)): IssueSite {
  return site(pointer, "required", { missingProperty: property }, " is required");
}

/** `enum`: "duration must be one of 5, 10, 15; got 7", with a suggestion under typo protection. */
export function enumIssue(path: string, allowed: readonly unknown[], value: unknown, typos: boolean): ValidationIssue {
  return enumAt(path, site("", "enum", { allowedValues: allowed }, " must be one of " + enumListing(allowed) + "; got "), value, typos);
}

/** The site of an `enum` issue, for `enumAt`. Freezes `allowed`, which every issue from here shares. */
export function enumSite(pointer: string, allowed: readonly unknown[]): IssueSite {
  return enumSiteListed(pointer, allowed, enumListing(allowed));
}

/**
 * `enumSite` with the allowed values listed as its message shows them, as generated code spells
 * them out (the generator lists them the same way), so that a bundle need not carry the code
 * that lists them: `enumSiteListed("/duration", [5, 10, 15], "5, 10, 15")`.
 */
export function enumSiteListed(pointer: string, allowed: readonly unknown[], listing: string): IssueSite {
  return site(pointer, "enum", { allowedValues: Object.freeze(allowed) }, " must be one of " + listing + "; got ");
}

/** `const`. */
export function constIssue(path: string, allowed: unknown, value: unknown): ValidationIssue {
  return issueAt(path, constSite("", allowed), value);
}

/** The site of a `const` issue, for `issueAt`. */
export function constSite(pointer: string, allowed: unknown): IssueSite {
  return site(pointer, "const", { allowedValue: allowed }, " must be " + enumListing([allowed]) + "; got ");
}

/** A bound (`minLength`, `maxItems`, `minimum`, `exclusiveMaximum`, `multipleOf`, ...): `got` is the length, count or number. */
export function limitIssue(path: string, keyword: string, limit: number, got: number): ValidationIssue {
  return issueAt(path, limitSite("", keyword, limit), got);
}

/** The site of a bound's issue, for `issueAt` with the length, count or number. */
export function limitSite(pointer: string, keyword: string, limit: number): IssueSite {
  return boundSite(pointer, keyword, limit, boundWording(keyword, limit));
}

/**
 * `limitSite` with the bound's wording given, as generated code spells it out (from the same
 * table, runtime/src/wording.ts), so that a bundle carries only the wording its checks use:
 * `boundSite("/prompt", "maxLength", 2000, "at most 2000 characters long")`.
 */
export function boundSite(pointer: string, keyword: string, limit: number, wording: string): IssueSite {
  return site(pointer, keyword, { limit }, " must be " + wording + "; got ");
}

/** `format`. */
export function formatIssue(path: string, format: string, value: unknown): ValidationIssue {
  return issueAt(path, formatSite("", format), value);
}

/** The site of a `format` issue, for `issueAt`. */
export function formatSite(pointer: string, format: string): IssueSite {
  return site(pointer, "format", { format }, " must be a valid " + format + "; got ");
}

/** `pattern`. */
export function patternIssue(path: string, pattern: string, value: unknown): ValidationIssue {
  return issueAt(path, patternSite("", pattern), value);
}

/** The site of a `pattern` issue, for `issueAt`. */
export function patternSite(pointer: string, pattern: string): IssueSite {
  return site(pointer, "pattern", { pattern }, " must match the pattern " + JSON.stringify(pattern) + "; got ");
}

/** `uniqueItems`. */
export function duplicateIssue(path: string, pair: readonly [number, number]): ValidationIssue {
  return issue(path, "uniqueItems", { i: pair[1], j: pair[0] }, `${fieldName(path)} must not contain duplicates; items ${pair[0]} and ${pair[1]} are equal`);
}

/** `anyOf`, `oneOf` (`passing` branches passed) and `not`. */
export function combinatorIssue(path: string, keyword: "anyOf" | "oneOf" | "not", passing: number): ValidationIssue {
  const text =
    keyword === "not" ? "must not match the schema it is forbidden to match"
    : keyword === "anyOf" ? "must match at least one of the allowed schemas; it matches none"
    : `must match exactly one of the allowed schemas; it matches ${passing}`;
  return issue(path, keyword, keyword === "oneOf" ? { passingSchemas: passing } : {}, `${fieldName(path)} ${text}`);
}

/**
 * A key the schema does not declare: `additionalProperties: false` when `allowed` is false,
 * otherwise reported by typo protection. "durration is not a field of wan2.6; did you mean duration?"
 */
export function unknownKeyIssue(path: string, key: string, declared: readonly string[], owner: string, allowed: boolean, typos: boolean): ValidationIssue {
  const close = typos ? closestMatch(key, declared) : undefined;
  const where = owner !== "" ? owner : path === "" ? "the body" : fieldName(path);
  const hint = close === undefined ? "" : `; did you mean ${close}?`;
  const extra = allowed ? " (the spec allows extra keys; typo protection reports it)" : "";
  const token = key.length > 40 ? key.slice(0, 40) + "…" : key;
  return issue(path + "/" + escapePointer(key), "additionalProperties", { additionalProperty: key }, `${token} is not a field of ${where}${extra}${hint}`, close);
}

// ---------------------------------------------------------------------------------------------
// Did you mean

/** Optimal-string-alignment distance, case-insensitive; gives up (returns `limit + 1`) past `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (Math.abs(x.length - y.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = [...Array(y.length + 1).keys()];
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
      // A swap of two neighbours is one edit (out-of-range reads are undefined, so never equal).
      if (x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      current.push(d);
    }
    if (Math.min(...current) > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[y.length]!;
}

/** The closest string among `candidates`, if it is close enough to be a typo (about one edit in three characters). */
export function closestMatch(word: string, candidates: readonly unknown[]): string | undefined {
  if (word.length > 100) return undefined;
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    if (typeof candidate !== "string" || candidate === word) continue;
    const distance = editDistance(word, candidate, bestDistance - 1);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
