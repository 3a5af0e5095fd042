/**
 * Emits a model's `validate.ts`: straight-line TypeScript checks for its request body and its
 * create and query responses, importing only from the shared runtime package.
 *
 * Takes the three schemas (OpenAPI 3.0 schema objects, `$ref` already resolved) and the names
 * decided elsewhere; returns the source text. Pure: no disk, no clock. It refuses (throws) a
 * schema with anything it cannot enforce; call `findUnsupportedKeywords` and
 * `findUnenforceableConstraints` first to report those as diagnostics. The checks themselves
 * are ./checks.ts; this module assembles them into one module with its imports.
 */
import { commentLines, stringLiteral } from "../escape.js";
import { emitFunction } from "./checks.js";
import { findUnenforceableConstraints, findUnsupportedKeywords, type Schema } from "./keywords.js";
import { RUNTIME_VALIDATORS_MODULE, type Mode, type Module, type Scope } from "./scope.js";
import { shapeOf } from "./shape.js";

/** One schema to validate and the TypeScript type its valid values have. */
export interface ValidatedSchema {
  readonly schema: Schema;
  /** Name of the type exported by `typesImport`, e.g. `Wan26Request`. */
  readonly typeName: string;
}

/** What `emitValidatorModule` needs. */
export interface ValidatorModuleInput {
  /** The model id, e.g. `wan2.6`; used in messages ("… is not a field of wan2.6"). */
  readonly modelId: string;
  /** Module specifier of the runtime's validation helpers; `RUNTIME_VALIDATORS_MODULE` unless a test compiles elsewhere. */
  readonly runtimeImport?: string;
  /** Module specifier of the generated types, e.g. `./types.js`. */
  readonly typesImport: string;
  readonly request: ValidatedSchema;
  readonly createResponse: ValidatedSchema;
  readonly queryResponse: ValidatedSchema;
}

function refuse(what: string, schema: Schema, mode: Mode): void {
  const problems = [
    ...findUnsupportedKeywords(schema).map((p) => `${p.pointer || "/"}: unsupported keyword ${p.keyword}`),
    ...findUnenforceableConstraints(schema, { response: mode === "response" }).map((p) => `${p.pointer || "/"}: ${p.reason}`),
  ];
  if (problems.length > 0) throw new Error(`cannot emit the ${what} validator:\n  ${problems.join("\n  ")}`);
}

/** The module's checks, with locals kept clear of `avoid`. */
function buildChecks(input: ValidatorModuleInput, avoid: ReadonlySet<string>) {
  const module: Module = {
    modelId: input.modelId,
    constants: [],
    functions: [],
    imports: new Set(),
    names: new Set(["MODEL_ID", "CREATE_RESPONSE", "QUERY_RESPONSE"]),
    avoid,
    locals: new Set(),
    usesModelId: false,
    usesSchemaCheck: false,
  };
  const root = (label: string, mode: Mode): Scope => ({ module, mode, label: [label], depth: 0, owner: mode === "request" ? input.modelId : "" });
  const checkRequest = emitFunction(input.request.schema, ["request"], root("request", "request"), undefined);
  const createShape = shapeOf(input.createResponse.schema);
  const queryShape = shapeOf(input.queryResponse.schema);
  const checkCreate = createShape ?? emitFunction(input.createResponse.schema, ["create", "response"], root("create response", "response"), undefined);
  const checkQuery = queryShape ?? emitFunction(input.queryResponse.schema, ["query", "response"], root("query response", "response"), undefined);
  if (createShape !== undefined || queryShape !== undefined) module.imports.add("validateShape");
  return { module, checkRequest, createShape, queryShape, checkCreate, checkQuery };
}

/** The source of a model's `validate.ts`. Throws when a schema holds something it cannot enforce. */
export function emitValidatorModule(input: ValidatorModuleInput): string {
  refuse("request", input.request.schema, "request");
  refuse("create response", input.createResponse.schema, "response");
  refuse("query response", input.queryResponse.schema, "response");
  // Which helpers the module imports is known once its checks are written; a property whose
  // local would shadow one of them (a field called `hasOwn`) is written again, clear of them.
  // The second pass imports the same helpers, as only locals' names change.
  const first = buildChecks(input, new Set());
  const shadows = [...first.module.locals].some((local) => (first.module.imports as ReadonlySet<string>).has(local));
  const { module, checkRequest, createShape, queryShape, checkCreate, checkQuery } = shadows ? buildChecks(input, first.module.imports) : first;
  const runtimeImport = input.runtimeImport ?? RUNTIME_VALIDATORS_MODULE;
  const shapes = [
    ...(createShape === undefined ? [] : [`/** The create response as lenient checking reads it: types, nesting, required keys. */\nconst CREATE_RESPONSE: Shape = ${createShape};`]),
    ...(queryShape === undefined ? [] : [`/** The query response as lenient checking reads it: types, nesting, required keys. */\nconst QUERY_RESPONSE: Shape = ${queryShape};`]),
  ];
  const responseBody = (shape: string | undefined, check: string, typeName: string, constant: string): string[] =>
    shape !== undefined
      ? [`  return validateShape<${typeName}>(body, ${constant});`]
      : [
          "  const issues: ValidationIssue[] = [];",
          `  ${check}(body, "", issues, false);`,
          `  return issues.length === 0 ? { ok: true, value: body as ${typeName} } : { ok: false, issues };`,
        ];
  const id = stringLiteral(input.modelId);
  const types = [input.request.typeName, input.createResponse.typeName, input.queryResponse.typeName];
  const runtimeTypes = [
    ...(shapes.length > 0 ? ["Shape"] : []),
    "ValidateOptions",
    "ValidationIssue",
    "ValidationResult",
    ...(module.usesSchemaCheck ? ["SchemaCheck"] : []),
  ];
  const helpers = [...module.imports].sort();
  const doc = (text: string, example?: string): string =>
    example === undefined
      ? `/**\n${commentLines(text)}\n */`
      : `/**\n${commentLines(text)}\n *\n * @example\n * \`\`\`ts\n${commentLines(example)}\n * \`\`\`\n */`;

  return [
    doc(
      `Validators for the ${input.modelId} request body and its create and query responses.\n\n` +
        "Requests follow the spec exactly (JSON Schema as OpenAPI 3.0 defines it, as ajv + ajv-formats read it).\n" +
        "Responses are checked leniently, for structure and types only: `format`, `enum`, bounds and\n" +
        "`additionalProperties: false` are not enforced on them, because LinkModel's task ids are not UUIDs\n" +
        "although the spec says `format: uuid`, and task statuses will grow beyond the documented ones.",
    ),
    `import type { ${runtimeTypes.join(", ")} } from ${stringLiteral(runtimeImport)};`,
    ...(helpers.length > 0 ? [`import {\n${helpers.map((h) => `  ${h},`).join("\n")}\n} from ${stringLiteral(runtimeImport)};`] : []),
    `import type { ${[...new Set(types)].join(", ")} } from ${stringLiteral(input.typesImport)};`,
    "",
    ...(module.usesModelId ? [`const MODEL_ID = ${id};`] : []),
    ...module.constants,
    ...shapes,
    "",
    doc(
      `Checks a ${input.modelId} request body against the spec. With \`{ typoProtection: true }\` it also\n` +
        "reports keys the spec does not declare and suggests the closest field or enum value.",
      "const checked = validateRequest(body, { typoProtection: true });\nif (!checked.ok) for (const issue of checked.issues) console.error(issue.path, issue.message);",
    ),
    `export function validateRequest(body: unknown, options?: ValidateOptions): ValidationResult<${input.request.typeName}> {`,
    "  const issues: ValidationIssue[] = [];",
    `  ${checkRequest}(body, "", issues, options?.typoProtection === true);`,
    `  return issues.length === 0 ? { ok: true, value: body as ${input.request.typeName} } : { ok: false, issues };`,
    "}",
    "",
    doc(
      `True when \`body\` is a valid ${input.modelId} request body (the spec alone, no typo protection).`,
      "if (isRequest(body)) await client.create(body);",
    ),
    `export function isRequest(body: unknown): body is ${input.request.typeName} {`,
    `  return ${checkRequest}(body, "", null, false);`,
    "}",
    "",
    doc(
      "Checks a create-task response (leniently: structure and types only).",
      "const checked = validateCreateResponse(await response.json());\nif (checked.ok) console.log(checked.value.data?.task_id);",
    ),
    `export function validateCreateResponse(body: unknown): ValidationResult<${input.createResponse.typeName}> {`,
    ...responseBody(createShape, checkCreate, input.createResponse.typeName, "CREATE_RESPONSE"),
    "}",
    "",
    doc(
      "Checks a query-task response (leniently: structure and types only).",
      "const checked = validateQueryResponse(await response.json());\nif (checked.ok) console.log(checked.value.data?.status);",
    ),
    `export function validateQueryResponse(body: unknown): ValidationResult<${input.queryResponse.typeName}> {`,
    ...responseBody(queryShape, checkQuery, input.queryResponse.typeName, "QUERY_RESPONSE"),
    "}",
    "",
    ...module.functions.flatMap((f) => [f, ""]),
  ].join("\n");
}
