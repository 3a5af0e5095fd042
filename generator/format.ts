/**
 * Format: one fixed layout for every generated file.
 *
 * Takes rendered files in memory; returns them formatted: `\n` line endings, no trailing
 * spaces, at most one blank line in a row, one final newline; JSON re-serialized with two-space
 * indentation (which also proves a template produced valid JSON); openapi-typescript's
 * four-space indentation brought to our two. Templates are written already formatted, so this
 * stage stays cheap enough for a thousand specs (a full formatter costs seconds there). Pure.
 */
import type { FileMap } from "./render.js";

/** Halves leading indentation made of four-space steps (the TypeScript printer's style). */
export function reindentFourToTwo(text: string): string {
  return text.replace(/^((?: {4})+)/gm, (lead: string) => " ".repeat(lead.length / 2));
}

/** Formats one file by its extension. */
export function formatFile(path: string, content: string): string {
  let text = content.replace(/\r\n?/g, "\n");
  if (path.endsWith(".json")) {
    try {
      return `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
    } catch (error) {
      throw new Error(`template produced invalid JSON for ${path}: ${(error as Error).message}`);
    }
  }
  if (path.endsWith("/types.ts")) text = reindentFourToTwo(text);
  text = text
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/^\n+/, "");
  return `${text.replace(/\n*$/, "")}\n`;
}

/** Formats every file of a map. */
export function formatFiles(files: FileMap): FileMap {
  const out: FileMap = new Map();
  for (const [path, content] of files) out.set(path, formatFile(path, content));
  return out;
}
