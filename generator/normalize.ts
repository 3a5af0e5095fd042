/**
 * Normalize: turn validated specs into the IR, deciding every name once.
 *
 * Takes a create spec and its group's query spec (both already passed `validate`); returns a
 * `ModelIR` of plain JSON with `$ref`s inlined and collections in a fixed order. Pure: no I/O.
 * Field order is the spec's own (authors put `prompt` first for a reason); models are sorted
 * by id in code-point order.
 */
import { compareCodePoints } from "./files.js";
import type { LoadedSpec } from "./load.js";
import type { CatalogueIR, FieldIR, Json, ModelIR } from "./ir.js";
import { isNamingProblem, nameModel, toPascal } from "./naming.js";
import { inlineRefs } from "./refs.js";
import {
  dig,
  findCreateOperation,
  findQueryOperation,
  isObject,
  modelIdClaim,
  okResponseSchema,
  own,
  requestSchema,
  type JsonObject,
} from "./spec-shape.js";
import { DEFAULT_SCHEDULES, parseModelFacts, parseSchedule } from "./spec-text.js";
import { pointerJoin } from "../runtime/src/json-pointer.js";

/** Thrown when normalize is handed a spec that validate should have refused (a generator bug). */
export class NormalizeError extends Error {}

function must<T>(value: T | null | undefined, what: string, file: string): T {
  if (value === null || value === undefined) throw new NormalizeError(`${file}: ${what} (validate should have reported this)`);
  return value;
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

/** Inlines refs of a schema that validate has checked. */
function inlined(doc: JsonObject, value: unknown, pointer: string, file: string): Json {
  const result = inlineRefs(doc, value, pointer);
  if (result.problems.length > 0) throw new NormalizeError(`${file}${pointer}: unresolvable $ref`);
  return result.value as Json;
}

/** The polling schedule of a group: from its query spec's description, else the documented default. */
export function scheduleOf(querySpec: LoadedSpec, group: string): { schedule: ModelIR["schedule"]; fromSpec: boolean } {
  const op = findQueryOperation(querySpec.data as JsonObject, group);
  const parsed = parseSchedule(text(op ? own(op.value, "description") : null));
  if (parsed) return { schedule: parsed, fromSpec: true };
  return { schedule: DEFAULT_SCHEDULES[group] ?? DEFAULT_SCHEDULES.video!, fromSpec: false };
}

/** Builds the IR of one model. */
export function normalizeModel(spec: LoadedSpec, querySpec: LoadedSpec): ModelIR {
  const doc = spec.data as JsonObject;
  const file = spec.file;
  const create = must(findCreateOperation(doc), "no create operation", file);
  const op = { value: create.operation, pointer: create.pointer };
  const body = must(requestSchema(op), "no request schema", file);
  const claim = modelIdClaim(doc, body);
  const names = nameModel(must(claim.id, "no model id", file));
  if (isNamingProblem(names)) throw new NormalizeError(`${file}: ${names.reason}`);

  const queryDoc = querySpec.data as JsonObject;
  const query = must(findQueryOperation(queryDoc, create.group), "no query operation", querySpec.file);
  const { schedule, fromSpec } = scheduleOf(querySpec, create.group);

  const requestJson = inlined(doc, body.value, body.pointer, file);
  const createResponse = must(okResponseSchema(op), "no 200 response", file);
  const queryResponse = must(okResponseSchema(query), "no 200 response", querySpec.file);

  const title = text(dig(doc, "info", "title")) ?? names.id;
  const description = text(own(create.operation, "description")) ?? text(dig(doc, "info", "description"));
  const facts = parseModelFacts(description);
  const tags = own(create.operation, "tags");
  const tagProvider = Array.isArray(tags) ? tags.find((t): t is string => typeof t === "string" && t !== create.group) ?? null : null;
  const servers = own(doc, "servers") as JsonObject[];
  const baseUrl = String(own(servers[0]!, "url")).replace(/\/+$/, "");

  // openapi-typescript sees the create spec plus the group's query path (refs inlined, since
  // they would point into another document), so one `paths` type covers both calls.
  const queryPathItem = inlined(queryDoc, dig(queryDoc, "paths", query.path), pointerJoin("/paths", query.path), querySpec.file);
  const typesDocument = { ...doc, paths: { ...(own(doc, "paths") as JsonObject), [query.path]: queryPathItem } } as Json;

  return {
    id: names.id,
    slug: names.slug,
    packageName: names.packageName,
    pascal: names.pascal,
    camel: names.camel,
    group: create.group,
    specFile: file,
    querySpecFile: querySpec.file,
    title,
    summary: text(own(create.operation, "summary")) ?? title,
    description: facts.prose,
    provider: facts.provider ?? tagProvider,
    tasks: facts.tasks,
    price: facts.price,
    pricingUrl: facts.pricingUrl,
    baseUrl,
    createPath: create.path,
    queryPath: query.path,
    schedule,
    scheduleFromSpec: fromSpec,
    request: {
      schema: requestJson,
      fields: fieldsOf(requestJson),
      required: requiredOf(requestJson),
    },
    createResponseSchema: inlined(doc, createResponse.value, createResponse.pointer, file),
    queryResponseSchema: inlined(queryDoc, queryResponse.value, queryResponse.pointer, querySpec.file),
    typesDocument,
  };
}

function requiredOf(schema: Json): string[] {
  const required = isObject(schema) ? own(schema, "required") : undefined;
  return Array.isArray(required) ? required.filter((r): r is string => typeof r === "string") : [];
}

function num(schema: JsonObject, key: string): number | null {
  const value = own(schema, key);
  return typeof value === "number" ? value : null;
}

/** A short type for people, from a schema. */
export function displayType(schema: unknown): string {
  if (!isObject(schema)) return "unknown";
  const type = own(schema, "type");
  const nullable = own(schema, "nullable") === true ? " | null" : "";
  if (type === "array") return `${displayType(own(schema, "items"))}[]${nullable}`;
  if (typeof type === "string") return type + nullable;
  for (const key of ["oneOf", "anyOf"]) {
    const list = own(schema, key);
    if (Array.isArray(list)) return list.map(displayType).join(" | ") + nullable;
  }
  const all = own(schema, "allOf");
  if (Array.isArray(all)) return all.map(displayType).join(" & ") + nullable;
  return "unknown";
}

/** The top-level fields of a request schema, in the spec's order. */
function fieldsOf(schema: Json): FieldIR[] {
  if (!isObject(schema)) return [];
  const properties = own(schema, "properties");
  if (!isObject(properties)) return [];
  const required = new Set(requiredOf(schema));
  return Object.keys(properties).map((name): FieldIR => {
    const field = properties[name];
    const s: JsonObject = isObject(field) ? field : {};
    const type = own(s, "type");
    const enumValues = own(s, "enum");
    const hasDefault = Object.prototype.hasOwnProperty.call(s, "default");
    return {
      name,
      type: displayType(s),
      schemaType: typeof type === "string" ? type : null,
      required: required.has(name),
      default: hasDefault ? (own(s, "default") as Json) : null,
      hasDefault,
      enum: Array.isArray(enumValues) ? (enumValues as Json[]) : null,
      format: text(own(s, "format")),
      minimum: num(s, "minimum"),
      maximum: num(s, "maximum"),
      minLength: num(s, "minLength"),
      maxLength: num(s, "maxLength"),
      minItems: num(s, "minItems"),
      maxItems: num(s, "maxItems"),
      description: text(own(s, "description")),
      schema: (field ?? null) as Json,
    };
  });
}

/** Builds the catalogue IR from model IRs. */
export function normalizeCatalogue(models: readonly ModelIR[]): CatalogueIR {
  const sorted = [...models].sort((a, b) => compareCodePoints(a.id, b.id));
  const groupNames = [...new Set(sorted.map((m) => m.group))].sort(compareCodePoints);
  return {
    models: sorted,
    groups: groupNames.map((name) => ({
      name,
      pascal: toPascal(name),
      queryPath: sorted.find((m) => m.group === name)!.queryPath,
      modelIds: sorted.filter((m) => m.group === name).map((m) => m.id),
    })),
  };
}
