/**
 * Issues: one constructor per keyword family, each with a sentence a person understands ("duration
 * must be one of 5, 10, 15; got 7"), and the sites generated code builds once per place in the
 * schema so that reporting costs one object and one string concatenation.
 *
 * Takes a path, a site or keyword, and the offending value; returns a `ValidationIssue`. Never
 * quotes more than 40 characters of a value or a key.
 */
import { escapeToken as escapePointer, unescapeToken } from "./json-pointer.js";
import type { ValidationIssue } from "./model.js";
import { suggestionFor } from "./suggestions.js";
import { boundWording, enumListing } from "./wording.js";

/** Escapes one JSON-pointer reference token (`~` → `~0`, `/` → `~1`), as generated checks name it. */
export { escapePointer };

/** The field a path points at, for messages: `""` → `body`, `/images/2` → `images/2`. */
function fieldName(path: string): string {
  if (path === "") return "body";
  const name = unescapeToken(path.slice(1));
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

/** The `enum` issue at `path` + `site.pointer` (an `enumSite`); under typo protection, with a did-you-mean (outside a browser build). */
export function enumAt(path: string, site: IssueSite, value: unknown, typos: boolean): ValidationIssue {
  const found = issueAt(path, site, value);
  const close = typos && typeof value === "string" ? suggestionFor(value, site.params["allowedValues"] as readonly unknown[]) : undefined;
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
 * otherwise reported by typo protection. "durration is not a field of wan2.6; did you mean
 * duration?"; without a close match (or in a browser build, which makes no guess), the declared
 * fields: "size is not a field of wan2.6; its fields are prompt, first_frame_image, …".
 */
export function unknownKeyIssue(path: string, key: string, declared: readonly string[], owner: string, allowed: boolean, typos: boolean): ValidationIssue {
  const close = typos ? suggestionFor(key, declared) : undefined;
  const where = owner !== "" ? owner : path === "" ? "the body" : fieldName(path);
  const hint = close !== undefined ? `; did you mean ${close}?` : declared.length === 0 ? "" : `; its fields are ${declared.join(", ")}`;
  const extra = allowed ? " (the spec allows extra keys; typo protection reports it)" : "";
  const token = key.length > 40 ? key.slice(0, 40) + "…" : key;
  return issue(path + "/" + escapePointer(key), "additionalProperties", { additionalProperty: key }, `${token} is not a field of ${where}${extra}${hint}`, close);
}

/** Issues as one line of a message: `/prompt: prompt is required; /duration: duration must be …`. */
export function issueList(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => `${issue.path || "/"}: ${issue.message}`).join("; ");
}
