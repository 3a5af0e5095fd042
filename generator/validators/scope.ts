/**
 * What the checks of one generated module share: the module being built (its constants,
 * functions, imports and names) and where in the schema a check stands. `use` is the only way
 * a check names a runtime helper, so the module's imports are exactly the helpers its code
 * calls, and a helper the runtime does not export is a type error here.
 */
import { stringLiteral } from "../escape.js";
import type * as RuntimeValidation from "../../runtime/src/validators.js";
import { splitPath, type PathPart } from "./code.js";
import { uniqueName, upperSnake } from "./names.js";

/**
 * The module generated validators import their helpers and types from. The one place it is
 * written: the runtime's validation helpers (`RuntimeValidation` above, the entry point
 * runtime/src/validators.ts) live behind it.
 */
export const RUNTIME_VALIDATORS_MODULE = "@linkmodel-sdk/runtime/validators";

/** A value the runtime's validation module exports, by name: what a generated check may call. */
export type RuntimeHelper = keyof typeof RuntimeValidation;

export type Mode = "request" | "response";

export interface Module {
  readonly modelId: string;
  readonly constants: string[];
  readonly functions: string[];
  readonly imports: Set<RuntimeHelper>;
  readonly names: Set<string>;
  /** Names a property's local must not take: the helpers this module imports (found by a first pass). */
  readonly avoid: ReadonlySet<string>;
  /** The locals given to property values, to see whether a first pass shadowed an import. */
  readonly locals: Set<string>;
  /** Whether a check names the model (`MODEL_ID`, in unknown-key messages at the request's root). */
  usesModelId: boolean;
  /** Whether a combinator lists its branches (`SchemaCheck[]`). */
  usesSchemaCheck: boolean;
}

export interface Scope {
  readonly module: Module;
  readonly mode: Mode;
  /** Words naming where we are (`["request", "images"]`), for function and constant names. */
  readonly label: readonly string[];
  /** Nesting of array loops, for loop variable names. */
  readonly depth: number;
  /** Owner named in unknown-key messages at this level ("wan2.6" at the root of a request). */
  readonly owner: string;
}

/** The helper's name, imported into the module. */
export function use(scope: Scope, helper: RuntimeHelper): string {
  scope.module.imports.add(helper);
  return helper;
}

/** A module-level name, unique within the module. */
export function unique(module: Module, base: string): string {
  return uniqueName(module.names, base);
}

/**
 * The issue a check reports at `path`, as an expression. What the place decides (the pointer
 * below the function's `path`, the field name, params, the message up to the value) goes into a
 * module constant built once, an issue site: `const REQUEST_DURATION_ENUM = enumSiteListed("/duration",
 * REQUEST_DURATION_VALUES, "5, 10, 15");`. Reporting then costs one object and one concatenation.
 */
export function issueAt(
  scope: Scope,
  path: readonly PathPart[],
  label: readonly string[],
  keyword: string,
  site: readonly [RuntimeHelper, ...string[]],
  at: RuntimeHelper,
  ...args: string[]
): string {
  const { prefix, pointer } = splitPath(path);
  const name = unique(scope.module, upperSnake([...label, keyword]));
  const [helper, ...siteArgs] = site;
  scope.module.constants.push(`const ${name} = ${use(scope, helper)}(${[stringLiteral(pointer), ...siteArgs].join(", ")});`);
  return `${use(scope, at)}(${[prefix, name, ...args].join(", ")})`;
}
