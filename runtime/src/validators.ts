/**
 * `@linkmodel-sdk/runtime/validators`: what the generated validators (`validate.ts` in every
 * model package) import, behind a subpath so that the package's root export stays the promise
 * to users (clients, errors, handles, the model contract). Generated code only: a user validates
 * with a model package's own `validateRequest`; the command line reads an issue's path with
 * `pointerTokens`.
 *
 * Re-exports only; the helpers live by job: value checks (`checks.ts`), formats (`formats.ts`),
 * issues and their sites (`issues.ts`), lenient response shapes (`shapes.ts`), did-you-mean
 * (`did-you-mean.ts`). Semantics: JSON Schema as OpenAPI 3.0 uses it, equal to ajv 8 +
 * ajv-formats 3 (full mode) on every input (test/validators). Kept small on purpose: every
 * byte here is in every model package's browser bundle that uses it.
 */
export type { ValidateOptions, ValidationIssue, ValidationResult } from "./model.js";
export * from "./checks.js";
export * from "./formats.js";
export * from "./issues.js";
export * from "./shapes.js";
export * from "./did-you-mean.js";
export { pointerTokens } from "./json-pointer.js";
