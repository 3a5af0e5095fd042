/**
 * The validator emitter: `emitValidatorModule` writes a model's `validate.ts`;
 * `findUnsupportedKeywords` and `findUnenforceableConstraints` tell the generator's validate
 * stage what it must report as a generation error before emitting.
 */
export { emitValidatorModule, type ValidatedSchema, type ValidatorModuleInput } from "./emit.js";
export {
  ANNOTATION_KEYWORDS,
  ENFORCED_KEYWORDS,
  findUnenforceableConstraints,
  findUnsupportedKeywords,
  type EnforceOptions,
  type Schema,
  type SchemaProblem,
} from "./keywords.js";
