/**
 * One schema through the generator's stages, as a spec author would meet it: it becomes the
 * property `value` of a request body in a copy of a good spec, which is parsed (load), checked
 * (validate), normalized ($refs resolved) and emitted, and the emitted validator is compiled.
 * A schema the validate stage refuses gets its error diagnostics and no validator.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { Diagnostic } from "../../generator/diagnostics.js";
import { parseSpec, type LoadedSpec } from "../../generator/load.js";
import { normalizeModel } from "../../generator/normalize.js";
import { validateSpec } from "../../generator/validate.js";
import { emitValidatorModule, type Schema } from "../../generator/validators/index.js";
import { compileValidator, ROOT, type ValidatorModule } from "./harness.js";

const GOOD = join(ROOT, "test", "fixtures", "invalid", "_good", "specs", "video");
/** Where the property's schema stands in the spec. */
export const VALUE_POINTER = "/paths/~1video-generation/post/requestBody/content/application~1json/schema/properties/value";

function load(file: string, document: unknown): LoadedSpec {
  const loaded = parseSpec(file, new TextEncoder().encode(JSON.stringify(document)));
  if (!loaded.ok) throw new Error(`the test spec does not parse: ${JSON.stringify(loaded.diagnostics)}`);
  return loaded.spec;
}

const querySpec = load("video/_query.yaml", parse(readFileSync(join(GOOD, "_query.yaml"), "utf8")));
const createSpec = parse(readFileSync(join(GOOD, "wan2-6.yaml"), "utf8")) as {
  paths: { "/video-generation": { post: { requestBody: { content: { "application/json": { schema: Record<string, unknown> } } } } } };
};

/** The generator's verdict on a request property with this schema (and these `components/schemas`): its errors, or the compiled validator. */
export function throughGenerator(schema: unknown, components?: Record<string, unknown>): { errors: Diagnostic[]; validator: ValidatorModule | null } {
  const document: typeof createSpec & { components?: unknown } = structuredClone(createSpec);
  if (components !== undefined) document.components = { schemas: components };
  const body = document.paths["/video-generation"].post.requestBody.content["application/json"].schema;
  body["properties"] = { ...(body["properties"] as object), value: schema };
  body["required"] = ["prompt", "value"];
  const spec = load("video/wan2-6.yaml", document);
  const errors = validateSpec(spec).diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) return { errors, validator: null };
  const model = normalizeModel(spec, querySpec);
  const source = emitValidatorModule({
    modelId: model.id,
    typesImport: "./types.js",
    request: { schema: model.request.schema as Schema, typeName: "Req" },
    createResponse: { schema: model.createResponseSchema as Schema, typeName: "Create" },
    queryResponse: { schema: model.queryResponseSchema as Schema, typeName: "Query" },
  });
  return { errors, validator: compileValidator(source) };
}
