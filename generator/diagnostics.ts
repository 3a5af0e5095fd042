/**
 * Diagnostics: every problem the generator reports, with a stable code and a location.
 *
 * Takes nothing; exports the catalogue of codes, the `Diagnostic` shape and helpers to make
 * and print them. Codes are part of the public contract (tests and `--json` consumers match
 * on them): never renumber, only add.
 */

/** Every diagnostic code the generator can emit, with its one-line meaning. */
export const DIAGNOSTIC_CODES = {
  // Load: the file itself.
  LM001: "spec file cannot be read",
  LM002: "spec file is empty",
  LM003: "spec file is not valid YAML",
  LM004: "spec file is too large",
  LM005: "spec file is binary, not text",
  LM006: "YAML aliases expand too far (alias bomb)",
  LM007: "spec file name is not safe to print in generated code",
  LM008: "spec entry is not a regular file (a folder, FIFO, socket, device, or a symlink that leaves the specs folder)",
  LM009: "YAML nests too deep",
  // Structure: is it an OpenAPI 3.0 document of this family?
  LM101: "not an OpenAPI document",
  LM102: "unsupported OpenAPI version",
  LM103: "no paths",
  LM104: "no create operation",
  LM105: "no JSON request body schema",
  LM106: "create operation has no 200 JSON response schema",
  LM107: "query spec has no GET operation with a task_id parameter and a 200 JSON response",
  LM108: "no query spec for this group",
  LM109: "spec file is not in the folder of its group",
  LM110: "no usable server URL",
  LM111: "task group the runtime does not support",
  LM112: "two query specs for one group",
  // Schemas.
  LM201: "unknown type",
  LM202: "contradictory keywords",
  LM203: "empty enum",
  LM204: "default outside its enum or type",
  LM205: "dangling $ref",
  LM206: "circular $ref",
  LM207: "keyword the generator cannot enforce",
  LM208: "invalid regular expression in pattern",
  LM209: "schema is not an object",
  LM210: "keywords beside a $ref, which OpenAPI 3.0 ignores",
  LM211: "schema too large once its $refs are inlined",
  LM212: "schema nests too deep once its $refs are inlined",
  LM213: "enum has too many values",
  // Names.
  LM301: "no model id",
  LM302: "two specs claim one model id",
  LM303: "two model ids map to one name",
  LM304: "model id cannot become a safe name",
  LM305: "model id clashes with a reserved name",
  // Command line.
  LM401: "an argument names no spec file or model",
  // Lint warnings (never stop generation).
  LM901: "dotted property name beside an object of the same stem",
  LM902: "array without items",
  LM903: "create spec's model is not a single-value enum",
  LM904: "format the generator does not know (an error in a request schema, where it would go unchecked)",
  LM905: "polling schedule not found in the query spec; using the documented default",
  // Import.
  LM501: "page has no embedded OpenAPI block",
  LM502: "page's OpenAPI block names no target path",
  LM503: "page's target path escapes the specs folder",
} as const;

/** A stable diagnostic code. */
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** Where a diagnostic points: a file, and inside it a line/column (1-based) and a JSON pointer when known. */
export interface Location {
  readonly file: string;
  readonly line: number | null;
  readonly column: number | null;
  readonly pointer: string | null;
}

/** One problem, an error (stops generation of that spec) or a warning. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly location: Location;
  /** Other places involved (e.g. the second file claiming one model id). */
  readonly related: readonly Location[];
}

/** Makes a diagnostic; the message should say what is wrong and, where useful, what to do. */
export function diagnostic(
  code: DiagnosticCode,
  message: string,
  location: Location,
  options: { severity?: "error" | "warning"; related?: readonly Location[] } = {},
): Diagnostic {
  const severity = options.severity ?? (code.startsWith("LM9") ? "warning" : "error");
  return { code, severity, message, location, related: options.related ?? [] };
}

/** A location with no position inside the file. */
export function fileLocation(file: string): Location {
  return { file, line: null, column: null, pointer: null };
}

/** `file:line:column` (as far as known), the form editors turn into links. */
export function formatLocation(location: Location): string {
  let text = location.file;
  if (location.line !== null) text += `:${location.line}`;
  if (location.line !== null && location.column !== null) text += `:${location.column}`;
  if (location.pointer !== null && location.pointer !== "") text += ` (${location.pointer})`;
  return text;
}

/** One line per diagnostic, plus its related places. */
export function formatDiagnostic(d: Diagnostic): string {
  const head = `${formatLocation(d.location)}: ${d.severity} ${d.code}: ${d.message}`;
  return [head, ...d.related.map((r) => `  also: ${formatLocation(r)}`)].join("\n");
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}
