/**
 * Issue 19: an `enum`, `default` or `example` value is data, never a reference. `refs.ts`
 * replaced a `$ref` inside an enum value, so `enum: [{"$ref": "#/definitions/a_string"}]`
 * was refused as a dangling $ref, or (had it resolved) rejected the very object it lists.
 * A property named `enum` or `default` is still a schema, whose `$ref` is followed.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generate, type GenerateResult } from "../../generator/generate.js";
import { ROOT } from "../helpers/workspace.js";
import { importGenerated } from "./helpers.js";

const GOOD = join(ROOT, "test", "fixtures", "invalid", "_good", "specs");
const PROPERTIES = `
                pointer:
                  type: object
                  enum:
                    - $ref: "#/definitions/a_string"
                  default:
                    $ref: "#/definitions/a_string"
                  example:
                    $ref: "#/components/schemas/Word"
                enum:
                  $ref: "#/components/schemas/Word"
`;

let tmp: string;
let result: GenerateResult;
let validateRequest: (body: unknown) => { ok: boolean };

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "lm-enum-data-"));
  const specs = join(tmp, "specs");
  cpSync(GOOD, specs, { recursive: true });
  const spec = readFileSync(join(specs, "video", "wan2-6.yaml"), "utf8")
    .replace("              required:\n                - prompt\n", `${PROPERTIES.slice(1)}              required:\n                - prompt\n`)
    .concat("components:\n  schemas:\n    Word:\n      type: string\n      maxLength: 3\n");
  writeFileSync(join(specs, "video", "wan2-6.yaml"), spec);
  result = await generate({ specsDir: specs, outDir: join(tmp, "out") });
  if (result.ok) validateRequest = (await importGenerated(join(tmp, "out", "models", "wan2-6", "src", "index.ts"), tmp)).validateRequest;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("enum, default and example values are data", () => {
  test("the spec generates: a $ref-shaped enum value is not a dangling $ref", () => {
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.ok).toBe(true);
  });

  test.each([
    ["the object the enum lists", { prompt: "p", pointer: { $ref: "#/definitions/a_string" } }, true],
    ["another object", { prompt: "p", pointer: { $ref: "#/definitions/other" } }, false],
    ["a string", { prompt: "p", pointer: "a_string" }, false],
    ["a property named enum, a schema through its $ref: a short word", { prompt: "p", enum: "abc" }, true],
    ["a property named enum: a word too long for the referenced schema", { prompt: "p", enum: "abcd" }, false],
  ])("given %s, want ok: %s", (_name, body, ok) => {
    expect(validateRequest(body).ok).toBe(ok);
  });
});
