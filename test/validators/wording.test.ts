/**
 * Wording the generator spells out in generated sites must be the runtime's own: a site built
 * by generated code with the generator's words (`boundSite`, `enumSiteListed`) equals the one
 * the runtime builds alone (`limitSite`, `enumSite`).
 */
import { expect, test } from "vitest";
import { boundWording, enumListing, LIMIT_WORDING } from "../../runtime/src/wording.js";
import { boundSite, enumSite, enumSiteListed, limitIssue, limitSite } from "../../runtime/src/validators.js";

test.each(Object.keys(LIMIT_WORDING))("%s: the generator's words are the runtime's", (keyword) => {
  for (const limit of [0, 1, 7, 2000, 0.5, 1e21]) {
    expect(boundSite("/x", keyword, limit, boundWording(keyword, limit))).toEqual(limitSite("/x", keyword, limit));
  }
});

// Issue 19: "prompt must be at least 1 characters long".
test.each([
  { keyword: "minLength", limit: 1, got: 0, want: "prompt must be at least 1 character long; got 0" },
  { keyword: "maxLength", limit: 1, got: 2, want: "prompt must be at most 1 character long; got 2" },
  { keyword: "minLength", limit: 2, got: 1, want: "prompt must be at least 2 characters long; got 1" },
  { keyword: "minItems", limit: 1, got: 0, want: "prompt must be at least 1 item long; got 0" },
  { keyword: "maxItems", limit: 1, got: 3, want: "prompt must be at most 1 item long; got 3" },
  { keyword: "maxItems", limit: 0, got: 3, want: "prompt must be at most 0 items long; got 3" },
  { keyword: "minProperties", limit: 1, got: 0, want: "prompt must be an object with at least 1 property; got 0" },
  { keyword: "maxProperties", limit: 2, got: 3, want: "prompt must be an object with at most 2 properties; got 3" },
  { keyword: "minimum", limit: 1, got: 0, want: "prompt must be >= 1; got 0" },
  { keyword: "multipleOf", limit: 1, got: 0.5, want: "prompt must be a multiple of 1; got 0.5" },
])("regression: a bound of 1 reads in the singular: $keyword $limit", ({ keyword, limit, got, want }) => {
  expect(limitIssue("/prompt", keyword, limit, got).message).toBe(want);
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
