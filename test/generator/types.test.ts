/**
 * The render stage calls openapi-typescript's transform layer directly (no Redocly pass, for
 * speed). This proves that is safe: for every real spec and every feature fixture, the types
 * are byte-for-byte what openapi-typescript's own `openapiTS()` entry produces.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import { describe, expect, test } from "vitest";
import { inspectCatalogue } from "../../generator/pipeline.js";
import { renderTypesOf } from "../../generator/render.js";
import { ROOT } from "../helpers/workspace.js";

const catalogues = [join(ROOT, "specs"), ...readdirSync(join(ROOT, "test/fixtures/specs")).map((f) => join(ROOT, "test/fixtures/specs", f))];
const models = catalogues.flatMap((dir) => inspectCatalogue(dir).models);

describe("types equal openapiTS()", () => {
  test.each(models.map((m) => [m.specFile, m] as const))("%s", async (_file, model) => {
    const expected = astToString(await openapiTS(structuredClone(model.typesDocument) as never, { silent: true }));
    expect(renderTypesOf(structuredClone(model.typesDocument))).toBe(expected);
  });
});
