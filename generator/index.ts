/** The generator's programmatic API, for build tools. */
export { generate } from "./generate.js";
export type { GenerateOptions, GenerateResult, ModelReport } from "./result.js";
export { inspectCatalogue, lint } from "./pipeline.js";
export { DIAGNOSTIC_CODES, formatDiagnostic, type Diagnostic, type DiagnosticCode, type Location } from "./diagnostics.js";
export { nameModel, type ModelNames } from "./naming.js";
export type { CatalogueIR, FieldIR, ModelIR } from "./ir.js";
