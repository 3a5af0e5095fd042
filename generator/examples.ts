/**
 * Examples: a valid value for a schema and a request body of a model's required fields, which
 * the READMEs, the command-line examples and the tests against Prism use. Pure: no I/O.
 */
import { isJsonObject, type Json, type ModelIR } from "./ir.js";

/** The required fields of a model's request (but `model`, which the client fills in), with example values. */
export function exampleRequestBody(model: ModelIR): { [key: string]: Json } {
  const body: { [key: string]: Json } = {};
  for (const field of model.request.fields) {
    if (!field.required || field.name === "model") continue;
    body[field.name] = exampleValue(field.schema, field.name, model.group);
  }
  return body;
}

/**
 * A valid example value for a schema: its default, else its first enum value, else a value
 * built from its type and bounds (a URL for `format: url`/`uri`, a prompt-like sentence for
 * strings, the lower bound for numbers, `minItems` items for arrays, required properties for
 * objects).
 */
export function exampleValue(schema: Json, name: string, group: string): Json {
  if (!isJsonObject(schema)) return null;
  if (Object.prototype.hasOwnProperty.call(schema, "default")) return schema["default"] ?? null;
  if (Array.isArray(schema["enum"]) && schema["enum"].length > 0) return schema["enum"][0]!;
  if (Object.prototype.hasOwnProperty.call(schema, "example")) return schema["example"] ?? null;
  const variants = schema["oneOf"] ?? schema["anyOf"] ?? schema["allOf"];
  if (Array.isArray(variants) && variants.length > 0 && schema["type"] === undefined) return exampleValue(variants[0]!, name, group);
  const num = (key: string): number | null => (typeof schema[key] === "number" ? (schema[key] as number) : null);
  switch (schema["type"]) {
    case "string": {
      const format = schema["format"];
      if (format === "url" || format === "uri") return exampleUrl(name);
      if (format === "uuid") return "00000000-0000-4000-8000-000000000000";
      if (format === "date-time") return "2025-01-01T00:00:00Z";
      if (format === "date") return "2025-01-01";
      if (format === "email") return "user@example.com";
      let text = /prompt/i.test(name)
        ? group === "image"
          ? "A watercolor lighthouse on a cliff at dusk"
          : "A red fox running through fresh snow at sunrise"
        : "example";
      const min = num("minLength") ?? 0;
      const max = num("maxLength");
      if (text.length < min) text = text.padEnd(min, ".");
      if (max !== null && text.length > max) {
        // Whole words that fit, else as many letters as allowed.
        const cut = text.slice(0, max + 1).replace(/\s+\S*$/, "");
        text = cut.length >= min && cut.length <= max && cut !== "" ? cut : "x".repeat(Math.max(min, Math.min(max, 1)));
      }
      return text;
    }
    case "integer":
    case "number": {
      const min = num("minimum");
      const max = num("maximum");
      const step = schema["type"] === "integer" ? 1 : 0.5;
      if (min !== null) return schema["exclusiveMinimum"] === true ? min + step : min;
      if (max !== null) return schema["exclusiveMaximum"] === true ? max - step : max;
      return 1;
    }
    case "boolean":
      return true;
    case "array": {
      const count = Math.max(1, num("minItems") ?? 1);
      return Array.from({ length: count }, () => exampleValue(schema["items"] ?? null, name, group));
    }
    case "object": {
      const properties = isJsonObject(schema["properties"]) ? schema["properties"] : {};
      const required = Array.isArray(schema["required"]) ? schema["required"].filter((r): r is string => typeof r === "string") : [];
      const out: { [key: string]: Json } = {};
      for (const key of required) out[key] = exampleValue(properties[key] ?? null, key, group);
      return out;
    }
    default:
      return "example";
  }
}

function exampleUrl(name: string): string {
  if (/video/i.test(name)) return "https://example.com/input.mp4";
  if (/audio/i.test(name)) return "https://example.com/input.mp3";
  if (/image|frame/i.test(name)) return "https://example.com/input.png";
  return "https://example.com/input";
}
