/**
 * Validate: is each loaded spec an OpenAPI 3.0 document of the LinkModel family, and can the
 * generator honour every keyword in it?
 *
 * Takes loaded specs; returns diagnostics (errors and lint warnings), each with a stable code
 * and a location. Checks one file at a time, then across files (one model id per spec, one
 * name per model id, a query spec per group). Pure: no I/O, never throws on bad input.
 */
import { diagnostic, type Diagnostic, type DiagnosticCode, type Location } from "./diagnostics.js";
import type { LoadedSpec } from "./load.js";
import { isNamingProblem, nameModel } from "./naming.js";
import { pointerJoin } from "../runtime/src/json-pointer.js";
import { findRefProblems, inlineRefs, MAX_ENUM_VALUES, MAX_SCHEMA_DEPTH, MAX_SCHEMA_NODES, resolveRef, type RefProblem } from "./refs.js";
import {
  dig,
  findCreateOperation,
  findQueryOperation,
  isObject,
  modelIdClaim,
  okResponseSchema,
  own,
  requestSchema,
  TASK_GROUPS,
  type JsonObject,
  type Located,
} from "./spec-shape.js";
import { parseSchedule } from "./spec-text.js";
import { keywordProblems } from "./validators/index.js";

/** What validate found for one spec file. */
export interface SpecVerdict {
  readonly file: string;
  /** The model id it claims (create specs), or null. */
  readonly modelId: string | null;
  /** The group its create or query operation belongs to, or null when none was found. */
  readonly group: string | null;
  /** Where the model id is written (for cross-file diagnostics), or null. */
  readonly modelIdPointer?: string | null;
  readonly diagnostics: Diagnostic[];
}

/** Validates every spec and the catalogue as a whole. */
export function validateSpecs(specs: readonly LoadedSpec[]): { verdicts: SpecVerdict[]; diagnostics: Diagnostic[] } {
  const verdicts = specs.map(validateSpec);
  const cross = validateCatalogue(specs, verdicts);
  return { verdicts, diagnostics: [...verdicts.flatMap((v) => v.diagnostics), ...cross] };
}

/** Checks one spec on its own. */
export function validateSpec(spec: LoadedSpec): SpecVerdict {
  const out: Diagnostic[] = [];
  const report = (code: DiagnosticCode, message: string, pointer: string, severity?: "error" | "warning"): void => {
    const found = diagnostic(code, message, { file: spec.file, line: null, column: null, pointer }, severity ? { severity } : {});
    if (found.severity === "error") {
      out.push({ ...found, location: spec.locate(pointer) });
      return;
    }
    // A warning's line is found only when someone reads it (lint, --json): finding it parses
    // the file a second time, which a thousand-spec generate that only counts warnings skips.
    let location: Location | null = null;
    out.push(Object.defineProperty({ ...found }, "location", { enumerable: true, get: () => (location ??= spec.locate(pointer)) }));
  };
  const verdict = (modelId: string | null, group: string | null): SpecVerdict => ({ file: spec.file, modelId, group, diagnostics: out });
  const doc = spec.data;

  if (!isObject(doc)) {
    report("LM101", "the file is YAML but not an OpenAPI document (expected a mapping with `openapi`, `info` and `paths`)", "");
    return verdict(null, null);
  }
  const version = own(doc, "openapi");
  if (own(doc, "swagger") !== undefined) {
    report("LM102", `Swagger ${String(own(doc, "swagger"))} is not supported; convert the spec to OpenAPI 3.0`, "/swagger");
    return verdict(null, null);
  }
  // Swagger 1.x names its version `swaggerVersion` (older editions of API docs still ship it).
  if (own(doc, "swaggerVersion") !== undefined) {
    report("LM102", `Swagger ${String(own(doc, "swaggerVersion"))} is not supported; convert the spec to OpenAPI 3.0`, "/swaggerVersion");
    return verdict(null, null);
  }
  if (version === undefined) {
    report("LM101", "no `openapi` version field: this is not an OpenAPI document", "");
    return verdict(null, null);
  }
  if (typeof version !== "string" || !/^3\.0\.\d+$/.test(version)) {
    report("LM102", `OpenAPI ${String(version)} is not supported; the generator reads OpenAPI 3.0.x`, "/openapi");
    return verdict(null, null);
  }
  // Every $ref of the document, not only those of the schemas checked below: later stages
  // hand the whole document to openapi-typescript, which would read a path or fetch a URL.
  const refProblems = findRefProblems(doc);
  if (refProblems.length > 0) {
    for (const problem of refProblems) reportRef(problem, report);
    return verdict(null, null);
  }
  const paths = own(doc, "paths");
  if (!isObject(paths) || Object.keys(paths).length === 0) {
    report("LM103", "the spec has no paths", isObject(paths) ? "/paths" : "");
    return verdict(null, null);
  }
  const server = dig(doc, "servers");
  const serverUrl = Array.isArray(server) && isObject(server[0]) ? own(server[0], "url") : undefined;
  if (typeof serverUrl !== "string" || !/^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(serverUrl)) {
    report("LM110", "the spec needs `servers[0].url`, an https URL without query or fragment (the client's default base URL)", "/servers");
  } else if (/^https:\/\/[^/]*@/.test(serverUrl)) {
    // It is printed in every README's curl example and used as the client's base URL.
    report("LM110", "`servers[0].url` holds a user name or password (`user:pass@`); they would be printed in the README and sent with every request: remove them (the API key authenticates)", "/servers/0/url");
  }

  const unsupportedGroup = (group: string, pointer: string): boolean => {
    if (TASK_GROUPS.includes(group)) return false;
    report("LM111", `task group "${group}" is not supported: the runtime polls only ${TASK_GROUPS.join(" and ")} tasks; remove the spec, or add the group to the runtime first`, pointer);
    return true;
  };
  if (spec.isQuery) {
    const group = spec.folder;
    if (unsupportedGroup(group, pointerJoin("/paths", `/query/${group}-generation`))) return verdict(null, null);
    const op = findQueryOperation(doc, group);
    const params = op ? own(op.value, "parameters") : undefined;
    const hasTaskId =
      Array.isArray(params) && params.some((p) => isObject(p) && own(p, "name") === "task_id" && own(p, "in") === "query");
    const response = op ? okResponseSchema(op) : null;
    if (!op || !hasTaskId || !response) {
      report(
        "LM107",
        `a query spec must have GET /query/${group}-generation with a \`task_id\` query parameter and a 200 JSON response schema`,
        op ? op.pointer : "/paths",
      );
      return verdict(null, group);
    }
    checkSchema(doc, response, "response", report);
    const description = own(op.value, "description");
    if (parseSchedule(typeof description === "string" ? description : null) === null) {
      report("LM905", `no "Recommended polling schedule" table in the description; ${group} tasks will be polled on the documented default`, pointerJoin(op.pointer, "description"));
    }
    return verdict(null, group);
  }

  const create = findCreateOperation(doc);
  if (!create) {
    report("LM104", "no create operation: expected POST /<group>-generation (for example POST /video-generation)", "/paths");
    return verdict(null, null);
  }
  if (unsupportedGroup(create.group, pointerJoin("/paths", create.path))) return verdict(null, null);
  if (create.group !== spec.folder) {
    report(
      "LM109",
      `the spec creates ${create.group} tasks (POST ${create.path}) but lives in "${spec.folder || "."}/"; move it to ${create.group}/`,
      pointerJoin("/paths", create.path),
    );
  }
  const op = { value: create.operation, pointer: create.pointer };
  const body = requestSchema(op);
  if (!body || !isObject(body.value)) {
    report("LM105", `POST ${create.path} has no application/json request body schema`, body ? body.pointer : create.pointer);
    return verdict(null, create.group);
  }
  const response = okResponseSchema(op);
  if (!response) report("LM106", `POST ${create.path} has no 200 application/json response schema`, pointerJoin(create.pointer, "responses"));
  else checkSchema(doc, response, "response", report);
  checkSchema(doc, body, "request", report);

  const claim = modelIdClaim(doc, body);
  if (claim.source !== "model-enum") {
    report("LM903", "the request's `model` is not a single-value string enum; the model id is taken from info.title", pointerJoin(body.pointer, "properties", "model"));
  }
  if (claim.id === null) {
    report("LM301", "the spec names no model: give the request body a `model` property with a single-value enum", body.pointer);
    return verdict(null, create.group);
  }
  const names = nameModel(claim.id);
  if (isNamingProblem(names)) {
    report(names.kind === "reserved" ? "LM305" : "LM304", `model id ${JSON.stringify(claim.id)} cannot be used: ${names.reason}`, claim.pointer);
    return verdict(null, create.group);
  }
  return { ...verdict(claim.id, create.group), modelIdPointer: claim.pointer };
}

/** Checks that every schema keyword can be enforced and makes sense; `role` decides which rules apply. */
function checkSchema(
  doc: JsonObject,
  root: Located<unknown>,
  role: "request" | "response",
  report: (code: DiagnosticCode, message: string, pointer: string, severity?: "error" | "warning") => void,
): void {
  const inlined = inlineRefs(doc, root.value, root.pointer);
  for (const problem of inlined.problems) reportRef(problem, report);
  if (inlined.problems.length > 0) return;
  const seen = new Set<string>();
  const once = (code: DiagnosticCode, message: string, pointer: string, severity?: "error" | "warning"): void => {
    if (seen.has(pointer)) return; // one diagnostic per keyword: the first rule to catch it says why
    seen.add(pointer);
    report(code, message, pointer, severity);
  };
  visitSchemas(root.value, root.pointer, doc, (schema, at) => checkOneSchema(schema, at, role, once));
}

/** Reports one $ref that cannot be followed. */
function reportRef(problem: RefProblem, report: (code: DiagnosticCode, message: string, pointer: string) => void): void {
  if (problem.kind === "dangling") report("LM205", `$ref ${JSON.stringify(problem.ref)} points at nothing in this spec; add the target or fix the path`, problem.pointer);
  else if (problem.kind === "external") report("LM205", `$ref ${JSON.stringify(problem.ref)} points outside this spec; only local refs (#/...) are supported, so copy the schema into components`, problem.pointer);
  else if (problem.kind === "circular") report("LM206", `$ref ${JSON.stringify(problem.ref)} refers back to itself; recursive schemas are not supported`, problem.pointer);
  else if (problem.kind === "too-large") report("LM211", `the schema has more than ${MAX_SCHEMA_NODES} nodes once its $refs are inlined (the limit); share fewer large schemas`, problem.pointer);
  else if (problem.kind === "too-deep") report("LM212", `the schema nests more than ${MAX_SCHEMA_DEPTH} levels deep once its $refs are followed (each $ref followed counts as a level; the limit)`, problem.pointer);
  else report("LM213", `the enum lists more than ${MAX_ENUM_VALUES} values (the limit); use a string with a pattern or format instead`, problem.pointer);
}

/** Visits every schema below `schema` once, following local refs (already known to resolve). */
function visitSchemas(schema: unknown, at: string, doc: JsonObject, visit: (schema: unknown, at: string) => void): void {
  const seen = new Set<string>();
  const walk = (node: unknown, pointer: string): void => {
    if (isObject(node) && typeof own(node, "$ref") === "string") {
      visit(node, pointer); // for what stands beside the $ref
      const target = resolveRef(doc, own(node, "$ref") as string);
      if (!target.found || seen.has(target.pointer)) return;
      seen.add(target.pointer);
      walk(target.value, target.pointer);
      return;
    }
    visit(node, pointer);
    if (!isObject(node)) return;
    const properties = own(node, "properties");
    if (isObject(properties)) for (const key of Object.keys(properties)) walk(properties[key], pointerJoin(pointer, "properties", key));
    for (const key of ["items", "additionalProperties", "not"]) {
      const child = own(node, key);
      if (isObject(child)) walk(child, pointerJoin(pointer, key));
    }
    for (const key of ["allOf", "anyOf", "oneOf"]) {
      const list = own(node, key);
      if (Array.isArray(list)) list.forEach((child, i) => walk(child, pointerJoin(pointer, key, i)));
    }
  };
  walk(schema, at);
}

/** Keywords beside a `$ref` that only describe, so losing them changes no verdict. */
const REF_ANNOTATIONS = new Set(["description", "title", "summary", "example", "examples", "deprecated", "externalDocs", "xml", "readOnly", "writeOnly"]);

function checkOneSchema(
  schema: unknown,
  at: string,
  role: "request" | "response",
  report: (code: DiagnosticCode, message: string, pointer: string, severity?: "error" | "warning") => void,
): void {
  if (!isObject(schema)) {
    report("LM209", `a schema must be a mapping, got ${schema === null ? "null" : Array.isArray(schema) ? "a list" : typeof schema}`, at);
    return;
  }
  if (own(schema, "$ref") !== undefined) {
    // OpenAPI 3.0 replaces an object with a $ref by its target: a `maxLength` or `nullable`
    // beside it would look enforced and silently not be. Annotations are harmless.
    const ignored = Object.keys(schema).filter((k) => k !== "$ref" && !REF_ANNOTATIONS.has(k) && !k.startsWith("x-"));
    if (ignored.length > 0)
      report("LM210", `${ignored.map((k) => `\`${k}\``).join(", ")} beside $ref would be ignored (OpenAPI 3.0); write allOf: [{ $ref: … }, { ${ignored[0]}: … }] instead`, pointerJoin(at, ignored[0]!));
    return; // the rest is the target's, checked where it stands
  }
  // What the validator emitter cannot enforce is a generation error, never a silent skip: a
  // keyword outside its table, or one whose value it cannot enforce (an unknown format in a
  // request would go unchecked, so LM904, a lint warning elsewhere, is an error here).
  for (const problem of keywordProblems(schema, { response: role === "response" })) report(problem.code, problem.message, pointerJoin(at, problem.keyword), "error");
  const type = own(schema, "type");
  const num = (key: string): number | null => (typeof own(schema, key) === "number" ? (own(schema, key) as number) : null);
  for (const [low, high] of [
    ["minimum", "maximum"],
    ["minLength", "maxLength"],
    ["minItems", "maxItems"],
  ] as const) {
    const lo = num(low);
    const hi = num(high);
    if (lo !== null && hi !== null && lo > hi) report("LM202", `${low} (${lo}) is above ${high} (${hi}): no value can pass`, pointerJoin(at, low));
  }
  const enumValues = own(schema, "enum");
  if (type === "array" && own(schema, "items") === undefined) {
    report("LM902", "array without `items`: any item passes and the item type is unknown", at);
  }
  if (role === "request") {
    const fallback = own(schema, "default");
    if (fallback !== undefined && Array.isArray(enumValues) && enumValues.length > 0 && !enumValues.some((v) => JSON.stringify(v) === JSON.stringify(fallback))) {
      report("LM204", `default ${JSON.stringify(fallback)} is not one of the enum values ${JSON.stringify(enumValues)}`, pointerJoin(at, "default"));
    } else if (fallback !== undefined && typeof type === "string" && !valueHasType(fallback, type)) {
      report("LM204", `default ${JSON.stringify(fallback)} is not of type ${type}`, pointerJoin(at, "default"));
    }
    const properties = own(schema, "properties");
    if (isObject(properties)) {
      for (const key of Object.keys(properties)) {
        const dot = key.indexOf(".");
        if (dot > 0 && Object.prototype.hasOwnProperty.call(properties, key.slice(0, dot))) {
          report(
            "LM901",
            `property "${key}" is a flat key beside an object "${key.slice(0, dot)}"; the generator sends it flat, as the spec declares it`,
            pointerJoin(at, "properties", key),
          );
        }
      }
    }
  }
}

/** Whether a JSON value has a JSON Schema type. */
function valueHasType(value: unknown, type: string): boolean {
  switch (type) {
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "array":
      return Array.isArray(value);
    case "object":
      return isObject(value);
    default:
      return typeof value === type;
  }
}

/** Cross-file rules: one spec per model id, one model per name, a query spec per group. */
function validateCatalogue(specs: readonly LoadedSpec[], verdicts: readonly SpecVerdict[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const bySlug = new Map<string, { id: string; spec: LoadedSpec }>();
  const byId = new Map<string, LoadedSpec>();
  const byPascal = new Map<string, { id: string; spec: LoadedSpec }>();
  const queryGroups = new Set<string>();
  // One query spec per group: with two (video/_query.yaml and video/zz/_query.yaml), which
  // one the packages poll with would depend on file order.
  const queryOf = new Map<string, LoadedSpec>();
  for (const spec of specs.filter((s) => s.isQuery)) {
    const first = queryOf.get(spec.folder);
    queryGroups.add(spec.folder);
    if (!first) {
      queryOf.set(spec.folder, spec);
      continue;
    }
    out.push(
      diagnostic("LM112", `the group "${spec.folder}" already has a query spec, ${first.file}; a group has one: delete or merge ${spec.file}`, spec.locate(""), {
        related: [first.locate("")],
      }),
    );
  }
  const claimAt = new Map<LoadedSpec, string>();
  // A clash points at the model id itself in each file, not at the top of the file.
  const where = (spec: LoadedSpec): Location => spec.locate(claimAt.get(spec) ?? "");
  verdicts.forEach((verdict, i) => {
    const spec = specs[i]!;
    claimAt.set(spec, verdict.modelIdPointer ?? "");
    if (verdict.modelId === null) return;
    const names = nameModel(verdict.modelId);
    if (isNamingProblem(names)) return;
    const sameId = byId.get(verdict.modelId);
    if (sameId) {
      out.push(
        diagnostic("LM302", `model id ${JSON.stringify(verdict.modelId)} is claimed by both ${sameId.file} and ${spec.file}`, where(spec), {
          related: [where(sameId)],
        }),
      );
      return;
    }
    byId.set(verdict.modelId, spec);
    for (const [map, key] of [
      [bySlug, names.slug],
      [byPascal, names.pascal],
    ] as const) {
      const other = map.get(key);
      if (other) {
        out.push(
          diagnostic(
            "LM303",
            `model ids ${JSON.stringify(other.id)} (${other.spec.file}) and ${JSON.stringify(verdict.modelId)} (${spec.file}) both become the name "${key}"`,
            where(spec),
            { related: [where(other.spec)] },
          ),
        );
        return;
      }
      map.set(key, { id: verdict.modelId, spec });
    }
    if (verdict.group !== null && verdict.group === spec.folder && !queryGroups.has(verdict.group)) {
      out.push(diagnostic("LM108", `no ${verdict.group}/_query.yaml: every group needs the spec of its task-query endpoint`, spec.locate("")));
    }
  });
  return out;
}
