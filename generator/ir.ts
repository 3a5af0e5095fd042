/**
 * The intermediate representation: everything the templates need, as plain JSON.
 *
 * No classes or functions; every key present (`null` or `[]` rather than missing); names
 * decided once (in `normalize`, by `naming`). Snapshot-tested: a change of meaning shows
 * apart from a change of layout.
 */
import type { PollSchedule, ModelPrice } from "../runtime/src/model.js";

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A JSON object as a schema is one: keyword → value. */
export type JsonObject = { readonly [key: string]: Json };

/** True for a JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One top-level field of a request body, for docs, the CLI and the catalogue. */
export interface FieldIR {
  /** The key exactly as the spec writes it (`extends.audio` stays dotted). */
  readonly name: string;
  /** A short type for people: `string`, `integer`, `string[]`, `"16x9" | "1x1"`. */
  readonly type: string;
  /** The JSON Schema type, or null when the schema has none. */
  readonly schemaType: string | null;
  readonly required: boolean;
  readonly default: Json | null;
  readonly hasDefault: boolean;
  readonly enum: Json[] | null;
  readonly format: string | null;
  /** Bounds as the spec states them; null when absent. */
  readonly minimum: number | null;
  readonly maximum: number | null;
  readonly minLength: number | null;
  readonly maxLength: number | null;
  readonly minItems: number | null;
  readonly maxItems: number | null;
  readonly description: string | null;
  /** The field's full schema (refs inlined). */
  readonly schema: Json;
}

/** One model, from one create spec and its group's query spec. */
export interface ModelIR {
  readonly id: string;
  readonly slug: string;
  readonly packageName: string;
  readonly pascal: string;
  readonly camel: string;
  readonly group: string;
  /** Spec file relative to the specs folder. */
  readonly specFile: string;
  readonly querySpecFile: string;
  readonly title: string;
  /** The operation summary, or the title. */
  readonly summary: string;
  /** What the model does: the spec's description without the provider/tasks/price table. */
  readonly description: string | null;
  readonly provider: string | null;
  readonly tasks: string[];
  readonly price: ModelPrice | null;
  /** Link to the model's pricing page, when the spec gives one. */
  readonly pricingUrl: string | null;
  readonly baseUrl: string;
  readonly createPath: string;
  readonly queryPath: string;
  readonly schedule: PollSchedule;
  /** Whether the schedule came from the query spec (`true`) or the documented default. */
  readonly scheduleFromSpec: boolean;
  readonly request: {
    readonly schema: Json;
    readonly fields: FieldIR[];
    readonly required: string[];
  };
  readonly createResponseSchema: Json;
  readonly queryResponseSchema: Json;
  /** The OpenAPI document handed to openapi-typescript: the create spec with the group's query path added. */
  readonly typesDocument: Json;
}

/** The whole catalogue. */
export interface CatalogueIR {
  /** Sorted by id (code points). */
  readonly models: ModelIR[];
  /** Groups that have at least one model, sorted. */
  readonly groups: { readonly name: string; readonly pascal: string; readonly queryPath: string; readonly modelIds: string[] }[];
}
