/** The generator's programmatic API, for build tools. */
export { generate, type GenerateOptions, type GenerateResult, type ModelReport } from "./generate.js";
export { inspectCatalogue, lint } from "./pipeline.js";
export { DIAGNOSTIC_CODES, formatDiagnostic, type Diagnostic, type DiagnosticCode, type Location } from "./diagnostics.js";
export { nameModel, type ModelNames } from "./naming.js";
export type { CatalogueIR, FieldIR, ModelIR } from "./ir.js";
