/**
 * Wording of issue messages, in one place for the runtime and the generator: the runtime's
 * sites (`limitSite`, `enumSite`) build messages from it, and the generator spells the same
 * words into generated sites (`boundSite`, `enumSiteListed`), so that a bundle carries only the
 * words its checks use. Plain data and one pure function: the generator's build compiles this
 * file beside its own (generator/build.mjs).
 */

/**
 * What a bound asks for in an issue message: the text before the limit, and after it when the
 * limit is 1 and when it is any other number ("must be at least 1 character long", "must be at
 * most 2000 characters long").
 */
export const LIMIT_WORDING: Readonly<Record<string, readonly [before: string, one: string, other: string]>> = {
  minLength: ["at least ", " character long", " characters long"],
  maxLength: ["at most ", " character long", " characters long"],
  minItems: ["at least ", " item long", " items long"],
  maxItems: ["at most ", " item long", " items long"],
  minProperties: ["an object with at least ", " property", " properties"],
  maxProperties: ["an object with at most ", " property", " properties"],
  minimum: [">= ", "", ""],
  maximum: ["<= ", "", ""],
  exclusiveMinimum: ["> ", "", ""],
  exclusiveMaximum: ["< ", "", ""],
  multipleOf: ["a multiple of ", "", ""],
};

/** The words of a bound with its limit, "at least 1 character long"; `keyword limit` for a keyword without words. */
export function boundWording(keyword: string, limit: number): string {
  const [before, one, other] = LIMIT_WORDING[keyword] ?? [keyword + " ", "", ""];
  return before + limit + (limit === 1 ? one : other);
}

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
