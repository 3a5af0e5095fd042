/**
 * Format: one fixed layout for every generated file.
 *
 * Takes rendered files in memory; returns them formatted: `\n` line endings, no trailing
 * spaces, at most one blank line in a row, one final newline; JSON re-serialized with two-space
 * indentation (which also proves a template produced valid JSON); openapi-typescript's
 * four-space indentation is brought to our two by `reindentPrinted`, called by render. Templates are written already formatted, so this
 * stage stays cheap enough for a thousand specs (a full formatter costs seconds there). Pure.
 */
import type { FileMap } from "./files.js";

/**
 * Halves the leading indentation of code printed by the TypeScript printer (four-space steps)
 * to the two spaces of every other generated file. JSDoc alignment (`     * x`) is kept.
 */
export function reindentPrinted(code: string): string {
  return code
    .split("\n")
    .map((line) => {
      let lead = 0;
      while (line.charCodeAt(lead) === 32) lead++;
      const steps = Math.floor(lead / 4);
      return steps > 0 ? " ".repeat(steps * 2) + line.slice(steps * 4) : line;
    })
    .join("\n");
}

/** Formats one file by its extension. */
export function formatFile(path: string, content: string): string {
  const text = content.includes("\r") ? content.replace(/\r\n?/g, "\n") : content;
  if (path.endsWith(".json")) {
    try {
      return `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
    } catch (error) {
      throw new Error(`template produced invalid JSON for ${path}: ${(error as Error).message}`);
    }
  }
  // One pass over the lines (regular expressions over whole files were the slowest part of a
  // thousand-spec run): trailing spaces and tabs dropped — only those, since other white space
  // at a line's end may be spec text —, blank runs folded.
  const out: string[] = [];
  let blank = true; // true at the start, so leading blank lines are dropped
  for (const raw of text.split("\n")) {
    let end = raw.length;
    while (end > 0 && (raw.charCodeAt(end - 1) === 32 || raw.charCodeAt(end - 1) === 9)) end--;
    if (end === 0) {
      if (!blank) out.push("");
      blank = true;
      continue;
    }
    out.push(end === raw.length ? raw : raw.slice(0, end));
    blank = false;
  }
  while (out.length > 0 && out[out.length - 1] === "") out.pop();
  return `${out.join("\n")}\n`;
}

/** Formats every file of a map. */
export function formatFiles(files: FileMap): FileMap {
  const out: FileMap = new Map();
  for (const [path, content] of files) out.set(path, formatFile(path, content));
  return out;
}
