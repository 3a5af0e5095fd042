/** Temporary: replaced by the validator emitter's keyword table. */
const SUPPORTED = new Set([
  "type", "enum", "const", "nullable", "minLength", "maxLength", "pattern", "format", "minimum", "maximum",
  "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "items", "minItems", "maxItems", "uniqueItems",
  "properties", "required", "additionalProperties", "allOf", "anyOf", "oneOf", "$ref",
  "description", "title", "example", "examples", "default", "deprecated", "readOnly", "writeOnly", "externalDocs", "xml",
]);
export const KNOWN_FORMATS: ReadonlySet<string> = new Set(["url", "uri", "uuid", "email", "date-time", "date"]);
export function findUnsupportedKeywords(schema: Record<string, unknown>): { pointer: string; keyword: string }[] {
  return Object.keys(schema).filter((k) => !SUPPORTED.has(k) && !k.startsWith("x-")).map((keyword) => ({ pointer: "", keyword }));
}
