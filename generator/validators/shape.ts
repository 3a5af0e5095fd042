/**
 * Responses as data: the `Shape` literal (runtime/src/shapes.ts) of a response schema, which
 * the runtime's `validateShape` reads, so that a lenient response check costs no generated code.
 */
import { stringLiteral } from "../escape.js";
import { isSchema, keywordsOf, type Schema } from "./keywords.js";

/** Keywords a lenient check reads that a `Shape` cannot express. */
const NOT_A_SHAPE: readonly string[] = keywordsOf("combinator");

/**
 * The `Shape` literal of a response schema (`"string"` for a type and nothing more), or undefined
 * when its lenient reading needs code (a combinator, or an `additionalProperties` schema). Value
 * constraints are left out: lenient checking ignores them.
 */
export function shapeOf(schema: Schema, depth = 0): string | undefined {
  if (NOT_A_SHAPE.some((k) => k in schema) || isSchema(schema["additionalProperties"])) return undefined;
  const fields: string[] = [];
  if (typeof schema["type"] === "string") fields.push(`type: ${stringLiteral(schema["type"])}`);
  if (typeof schema["type"] === "string" && schema["nullable"] === true) fields.push("nullable: true");
  const inner = "  ".repeat(depth + 1);
  if (isSchema(schema["properties"]) && Object.keys(schema["properties"]).length > 0) {
    const pairs: string[] = [];
    for (const [key, sub] of Object.entries(schema["properties"] as Record<string, Schema>)) {
      const shape = shapeOf(sub, depth + 2);
      if (shape === undefined) return undefined;
      pairs.push(`${inner}  [${stringLiteral(key)}, ${shape}],`);
    }
    fields.push(`properties: [\n${pairs.join("\n")}\n${inner}]`);
  }
  if (Array.isArray(schema["required"]) && schema["required"].length > 0) {
    fields.push(`required: [${(schema["required"] as string[]).map(stringLiteral).join(", ")}]`);
  }
  if (isSchema(schema["items"])) {
    const items = shapeOf(schema["items"], depth + 1);
    if (items === undefined) return undefined;
    fields.push(`items: ${items}`);
  }
  if (fields.length === 0) return "{}";
  // A type and nothing more is written as the type's name.
  if (fields.length === 1 && fields[0]!.startsWith("type: ")) return stringLiteral(schema["type"] as string);
  const oneLine = `{ ${fields.join(", ")} }`;
  return oneLine.includes("\n") ? `{\n${fields.map((f) => `${inner}${f},`).join("\n")}\n${"  ".repeat(depth)}}` : oneLine;
}
