/**
 * Issue 19: the JSON Schema Test Suite's draft-4 groups for the keywords we support, each
 * group's schema run as a request property through the generator (load, validate, normalize,
 * emit, compile; ./through-generator.ts). A group the generator accepts must agree with the
 * suite on every test, through `validateRequest` and `isRequest` alike; a group it refuses must
 * be refused at the keyword that OpenAPI 3.0 lacks, with the diagnostic this table expects.
 *
 * The suite files are vendored (test/fixtures/json-schema-test-suite/, MIT, see its README);
 * nothing is fetched.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { ROOT } from "./harness.js";
import { throughGenerator, VALUE_POINTER } from "./through-generator.js";

interface SuiteGroup {
  readonly description: string;
  readonly schema: unknown;
  readonly tests: readonly { readonly description: string; readonly data: unknown; readonly valid: boolean }[];
}

const DIR = join(ROOT, "test", "fixtures", "json-schema-test-suite", "draft4");
const groups = readdirSync(DIR)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .flatMap((file) => (JSON.parse(readFileSync(join(DIR, file), "utf8")) as SuiteGroup[]).map((group) => ({ name: `${file}: ${group.description}`, ...group })));

/** Groups the generator refuses: where in the group's schema, the code, and words the message must hold. */
const REFUSED: Readonly<Record<string, { pointer: string; code: string; says: string }>> = {
  "additionalProperties.json: additionalProperties being false does not allow other properties": { pointer: "/patternProperties", code: "LM207", says: "OpenAPI 3.0 has no patternProperties" },
  "allOf.json: allOf with base schema": { pointer: "/allOf/1/properties/baz/type", code: "LM201", says: 'type "null" is not in OpenAPI 3.0: write nullable: true' },
  "default.json: invalid type for default": { pointer: "/properties/foo/default", code: "LM204", says: "default [] is not of type integer" },
  "items.json: an array of schemas for items": { pointer: "/items", code: "LM207", says: "OpenAPI 3.0 has no tuple form" },
  "not.json: not multiple types": { pointer: "/not/type", code: "LM201", says: "OpenAPI 3.0 has no type lists" },
  "properties.json: properties, patternProperties, additionalProperties interaction": { pointer: "/patternProperties", code: "LM207", says: "OpenAPI 3.0 has no patternProperties" },
  "type.json: null type matches only the null object": { pointer: "/type", code: "LM201", says: 'type "null" is not in OpenAPI 3.0: write nullable: true' },
  "type.json: multiple types can be specified in an array": { pointer: "/type", code: "LM201", says: "OpenAPI 3.0 has no type lists" },
};

test("every refusal in the table names a group of the suite", () => {
  expect(Object.keys(REFUSED).filter((name) => !groups.some((g) => g.name === name))).toEqual([]);
});

describe.each(groups.filter((g) => !(g.name in REFUSED)))("accepted: $name", (group) => {
  const { errors, validator } = throughGenerator(group.schema);
  test("the generator accepts the schema", () => expect(errors).toEqual([]));
  test.each(group.tests)("$description: valid is $valid", ({ data, valid }) => {
    const body = { prompt: "p", value: data };
    expect(validator!.validateRequest(body).ok).toBe(valid);
    expect(validator!.isRequest(body)).toBe(valid);
  });
});

describe.each(groups.filter((g) => g.name in REFUSED))("refused: $name", (group) => {
  test("one error at the keyword OpenAPI 3.0 lacks, saying so", () => {
    const want = REFUSED[group.name]!;
    const { errors, validator } = throughGenerator(group.schema);
    expect(validator).toBeNull();
    expect(errors.map((e) => ({ code: e.code, pointer: e.location.pointer }))).toEqual([{ code: want.code, pointer: VALUE_POINTER + want.pointer }]);
    expect(errors[0]!.message).toContain(want.says);
    // A location a reader can open: the line of the keyword in the spec.
    expect(errors[0]!.location.line).toBeGreaterThan(0);
  });
});
