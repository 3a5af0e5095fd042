/**
 * Wording the generator spells out in generated sites must be the runtime's own: a bound's
 * site built by generated code (`boundSite` with the generator's words) equals the one the
 * runtime builds from the keyword alone (`limitSite`), for every bound keyword.
 */
import { expect, test } from "vitest";
import { LIMIT_WORDING } from "../../generator/validators/keywords.js";
import { boundSite, limitSite } from "../../runtime/src/validation.js";

test.each(Object.entries(LIMIT_WORDING))("%s: the generator's words are the runtime's", (keyword, [before, after]) => {
  for (const limit of [0, 1, 7, 2000, 0.5, 1e21]) {
    expect(boundSite("/x", keyword, limit, before + limit + after)).toEqual(limitSite("/x", keyword, limit));
  }
});

test("every bound keyword the emitter enforces has words", () => {
  const bounds = ["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];
  expect(Object.keys(LIMIT_WORDING).sort()).toEqual(bounds.sort());
});
