/**
 * Wording of issue messages that generated sites spell out, so that a bundle carries only the
 * words its checks use instead of the runtime's tables for every keyword.
 *
 * The words are the runtime's own (runtime/src/validation.ts: `limitSite`, `enumSite`);
 * test/validators/wording.test.ts holds the two to the same sites.
 */

/**
 * What a bound asks for in an issue message, as the text before and after the limit: "must be
 * at most 2000 characters long". Generated sites call `boundSite` with these words.
 */
export const LIMIT_WORDING: Readonly<Record<string, readonly [string, string]>> = {
  minLength: ["at least ", " characters long"],
  maxLength: ["at most ", " characters long"],
  minItems: ["at least ", " items long"],
  maxItems: ["at most ", " items long"],
  minProperties: ["an object with at least ", " properties"],
  maxProperties: ["an object with at most ", " properties"],
  minimum: [">= ", ""],
  maximum: ["<= ", ""],
  exclusiveMinimum: ["> ", ""],
  exclusiveMaximum: ["< ", ""],
  multipleOf: ["a multiple of ", ""],
};

/** A JSON value in a list of allowed values: strings quoted, other values as the runtime's `describeValue` writes them. */
function listed(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null || typeof value === "number" || typeof value === "boolean") return String(value);
  return Array.isArray(value) ? `an array of ${value.length}` : "an object";
}

/**
 * The allowed values of an `enum` as its message lists them, "5, 10, 15" or "\"1080P\", \"720P\"",
 * at most 30 of them. Generated sites call `enumSiteListed` with this text.
 */
export function enumListing(values: readonly unknown[]): string {
  return values.slice(0, 30).map(listed).join(", ") + (values.length > 30 ? `, … (${values.length} in all)` : "");
}
