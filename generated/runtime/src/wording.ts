/**
 * Wording of issue messages, in one place for the runtime and the generator: the runtime's
 * sites (`limitSite`, `enumSite`) build messages from it, and the generator spells the same
 * words into generated sites (`boundSite`, `enumSiteListed`), so that a bundle carries only the
 * words its checks use. Plain data and one pure function: the generator's build compiles this
 * file beside its own (generator/build.mjs).
 */

/**
 * What a bound asks for in an issue message, as the text before and after the limit: "must be
 * at most 2000 characters long".
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

/** A JSON value in a list of allowed values, as JSON writes it; a long object or array cut short. */
function listed(value: unknown): string {
  const json = JSON.stringify(value);
  return typeof value === "object" && value !== null && json.length > 40 ? json.slice(0, 39) + "…" : json;
}

/**
 * The allowed values of an `enum` (or a `const`) as its message lists them, "5, 10, 15" or
 * "\"1080P\", \"720P\"", at most 30 of them.
 */
export function enumListing(values: readonly unknown[]): string {
  return values.slice(0, 30).map(listed).join(", ") + (values.length > 30 ? `, … (${values.length} in all)` : "");
}
