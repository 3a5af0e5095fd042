/**
 * The validator emitter: `emitValidatorModule` writes a model's `validate.ts`; the keyword table
 * (`KEYWORDS`) says what it enforces, and `keywordProblems` what the generator's validate stage
 * must report as a generation error before emitting.
 */
export { emitValidatorModule, type ValidatedSchema, type ValidatorModuleInput } from "./emit.js";
export {
  ANNOTATION_KEYWORDS,
  ENFORCED_KEYWORDS,
  findUnenforceableConstraints,
  findUnsupportedKeywords,
  KEYWORDS,
  keywordProblems,
  keywordSummary,
  type EnforceOptions,
  type KeywordProblem,
  type Schema,
  type SchemaProblem,
} from "./keywords.js";
export { RUNTIME_VALIDATORS_MODULE } from "./scope.js";
