/**
 * What the command line is given: each model's binding and flag table (generated from its spec
 * into the CLI package's `src/bin.ts`), where it reads and writes, and its version.
 */
import type { AnyBinding } from "@linkmodel-sdk/runtime";
import type { CliStream } from "./progress.js";
import type { CliSignal } from "./signals.js";

/** How a flag's text becomes a body value. */
export type CliValueType = "string" | "integer" | "number" | "boolean" | "json";

/** One body field as a flag: generated from the spec (the generator's `cliFlags`). */
export interface CliFlag {
  /** The key exactly as the spec writes it; the flag is `--<name>` unless that is taken (`bodyFlagNames`). */
  readonly name: string;
  /** The spec type, or the items' type for an array; `json` reads the value as JSON. */
  readonly type: CliValueType;
  /** An array field: one value per repeated flag. */
  readonly array: boolean;
  readonly required: boolean;
  /** Allowed values, from the spec's `enum`. */
  readonly enum?: readonly unknown[];
  /** The spec's default (the server applies it; the CLI sends it only for a required field). */
  readonly default?: unknown;
  /** Bounds and format in words (`≥ 3 and ≤ 15`, `format url`). */
  readonly bounds?: string;
  readonly description?: string;
}

/** One model of the command line: its generated binding and flag table. */
export interface CliModel {
  readonly binding: AnyBinding;
  /** The spec it came from (`video/wan2-6.yaml`), shown in `--help`. */
  readonly spec?: string;
  readonly flags: readonly CliFlag[];
}

/** Every model the command line knows, by id (own properties only are models). */
export type CliCatalogue = Readonly<Record<string, CliModel>>;

/** Where the command line reads and writes; `processIO()` is the real one. */
export interface CliIO {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Registers one handler for every signal that ends the command line (`CliSignal`); returns its remover. */
  readonly onSignal: (handler: (signal: CliSignal) => void) => () => void;
}

/** What the generated entry tells the command line about itself. */
export interface CliInfo {
  readonly version: string;
}

/** The model of an id: an own property of the catalogue, never an inherited one (`constructor`). */
export function modelById(models: CliCatalogue, id: string): CliModel | undefined {
  return Object.hasOwn(models, id) ? models[id] : undefined;
}
