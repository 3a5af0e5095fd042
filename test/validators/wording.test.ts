/**
 * Wording the generator spells out in generated sites must be the runtime's own: a site built
 * by generated code with the generator's words (`boundSite`, `enumSiteListed`) equals the one
 * the runtime builds alone (`limitSite`, `enumSite`).
 */
import { expect, test } from "vitest";
import { enumListing, LIMIT_WORDING } from "../../runtime/src/wording.js";
import { boundSite, enumSite, enumSiteListed, limitSite } from "../../runtime/src/validators.js";

test.each(Object.entries(LIMIT_WORDING))("%s: the generator's words are the runtime's", (keyword, [before, after]) => {
  for (const limit of [0, 1, 7, 2000, 0.5, 1e21]) {
    expect(boundSite("/x", keyword, limit, before + limit + after)).toEqual(limitSite("/x", keyword, limit));
  }
});

test("every bound keyword the emitter enforces has words", () => {
  const bounds = ["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];
  expect(Object.keys(LIMIT_WORDING).sort()).toEqual(bounds.sort());
});

test.each([
  [[5, 10, 15]],
  [["1080P", "720P"]],
  [["wan2.6"]],
  [[null, true, false, 0, -0, 1.5, 1e21, -7]],
  [['quote " and \\ backslash', "\u0000\u001f", "\ud800 lone", "\u2028", "…", ""]],
  [[{ a: 1 }, [1, 2], [], {}]],
  [Array.from({ length: 30 }, (_, i) => `v${i}`)],
  [Array.from({ length: 31 }, (_, i) => i)],
  [Array.from({ length: 100 }, (_, i) => `value ${i}`)],
])("enum %j: the generator lists the values as the runtime does", (values) => {
  expect(enumSiteListed("/x", values, enumListing(values))).toEqual(enumSite("/x", values));
});
