/**
 * Escape: every spec-derived string goes through the helper for its destination.
 *
 * Takes text from a spec (which may hold `*​/`, backticks, `${`, quotes, newlines, Unicode line
 * separators, HTML, pipes); returns it safe for one destination: a TypeScript string literal,
 * a JSDoc comment, a Markdown table cell or paragraph, JSON. Pure.
 */

/** A TypeScript/JavaScript string literal (double-quoted) holding exactly `value`. */
export function stringLiteral(value: string): string {
  // JSON.stringify escapes quotes, backslashes and control characters; U+2028/U+2029 are
  // escaped too so the literal survives any tool that still treats them as line breaks.
  return JSON.stringify(value).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** Any JSON value as a TypeScript expression (objects with quoted keys, so `__proto__` stays data). */
export function jsonLiteral(value: unknown, indent = 2): string {
  const text = JSON.stringify(value, null, indent) ?? "undefined";
  return text.replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/**
 * Text for the inside of a JSDoc block, one ` * ` line per line. `*​/` cannot close the comment,
 * a line starting with `@` cannot start a tag, and line separators cannot split a line.
 */
export function commentLines(text: string, indent = ""): string {
  return text
    .replace(/\r\n?|\u2028|\u2029/g, "\n")
    .replace(/\*\//g, "*\\/")
    .split("\n")
    .map((line) => line.replace(/^(\s*)@/, "$1\\@").replace(/\s+$/, ""))
    .map((line) => (line === "" ? `${indent} *` : `${indent} * ${line}`))
    .join("\n");
}

/** One-line text for a Markdown table cell: pipes escaped, line breaks as `<br>`, HTML shown as text. */
export function markdownCell(text: string): string {
  return escapeHtml(text)
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/`/g, "\\`")
    .replace(/\r\n?|\n|\u2028|\u2029/g, "<br>");
}

/** `<`, `>`, `&` and quotes as entities: spec text shows as text, never as markup. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Inline code in Markdown that holds exactly `text`, whatever backticks it contains. */
export function markdownCode(text: string): string {
  const single = text.replace(/\r\n?|\n|\u2028|\u2029/g, " ");
  const longest = Math.max(0, ...(single.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = single.startsWith("`") || single.endsWith("`") || single.startsWith(" ") ? " " : "";
  return `${fence}${pad}${single}${pad}${fence}`;
}

/** True for a safe TypeScript identifier (the naming module makes them; this double-checks). */
export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}

/**
 * A JSON value as TypeScript source a person would write: identifier keys bare, other keys
 * quoted (`__proto__` computed, so it stays an own data property), short arrays and objects
 * on one line when they fit in `width` columns.
 */
export function tsLiteral(value: unknown, indent = "", width = 100): string {
  const inline = inlineLiteral(value);
  if (inline.length + indent.length <= width || (typeof value !== "object" || value === null)) return inline;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[\n${value.map((item) => `${inner}${tsLiteral(item, inner, width)},`).join("\n")}\n${indent}]`;
  }
  const entries = Object.keys(value as object).map((key) => `${inner}${propertyKey(key)}: ${tsLiteral((value as Record<string, unknown>)[key], inner, width)},`);
  return `{\n${entries.join("\n")}\n${indent}}`;
}

function propertyKey(key: string): string {
  if (key === "__proto__") return `[${stringLiteral(key)}]`;
  return isIdentifier(key) ? key : stringLiteral(key);
}

function inlineLiteral(value: unknown): string {
  if (value === null || typeof value !== "object") {
    return typeof value === "string" ? stringLiteral(value) : String(JSON.stringify(value) ?? "undefined");
  }
  if (Array.isArray(value)) return `[${value.map(inlineLiteral).join(", ")}]`;
  const keys = Object.keys(value);
  if (keys.length === 0) return "{}";
  return `{ ${keys.map((key) => `${propertyKey(key)}: ${inlineLiteral((value as Record<string, unknown>)[key])}`).join(", ")} }`;
}
