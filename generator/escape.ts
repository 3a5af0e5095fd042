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
  const literal = JSON.stringify(value);
  return /[\u2028\u2029]/.test(literal) ? literal.replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029") : literal;
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

/**
 * One-line text for a Markdown (GFM) table cell that reads back as exactly `text`: line breaks
 * as `<br>`, HTML shown as text, and every character that could start Markdown syntax
 * (emphasis, links, code, strikethrough, a cell boundary) escaped. Inline code spans of the
 * text stay code when CommonMark would show their content unchanged (no line break inside,
 * no padding spaces it would strip); their content is verbatim, only `|` escaped, which GFM
 * and markdown-it unescape inside table cells.
 */
export function markdownCell(text: string): string {
  return splitParagraphs(text)
    .map((paragraph) =>
      splitCodeSpans(paragraph)
        .map((part) => (part.code && codeSpanIsExact(part.text) ? part.text.replace(/\|/g, "\\|") : markdownText(part.text)))
        .join(""),
    )
    .join("<br><br>");
}

/**
 * Text shown literally in Markdown: HTML as entities, syntax characters backslash-escaped,
 * line breaks as `<br>`. An underscore inside a word (`first_frame_image`) cannot delimit
 * emphasis, so it is left as it is, for a readable source.
 */
function markdownText(text: string): string {
  return escapeHtml(text)
    .replace(/[\\`*_[\]~|]/g, (c, at: number, all: string) => (c === "_" && isWordChar(all[at - 1]) && isWordChar(all[at + 1]) ? c : `\\${c}`))
    .replace(/\n/g, "<br>");
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}]/u.test(c);
}

/** Whether a code span (backticks included) shows its content exactly as written. */
function codeSpanIsExact(span: string): boolean {
  const fence = /^`+/.exec(span)![0].length;
  const content = span.slice(fence, span.length - fence);
  return !content.includes("\n") && !(content.startsWith(" ") && content.endsWith(" ") && content.trim() !== "");
}

/** Inline code for a Markdown table cell: exactly `text`, in code font, pipes escaped. */
export function markdownCellCode(text: string): string {
  return markdownCode(text).replace(/\|/g, "\\|");
}

/**
 * Block Markdown from a spec (a model's description) for a README: its Markdown kept, its raw
 * HTML made safe. `<a href="http…">text</a>` becomes a Markdown link, an autolink
 * `<https://…>` stays, any other `<` becomes `&lt;` (outside code, where it is already text);
 * an unclosed code fence is closed so it cannot swallow the rest of the document.
 */
export function markdownBlock(text: string): string {
  // NUL is dropped: it could fake the link placeholders below and means nothing in Markdown.
  const lines = text.replace(/\u0000/g, "").replace(/\r\n?|\u2028|\u2029/g, "\n").replace(/\s+$/, "").split("\n");
  const out: string[] = [];
  let prose: string[] = [];
  let fence: { char: string; length: number } | null = null;
  const flush = (): void => {
    if (prose.length > 0) out.push(safeProse(prose.join("\n")));
    prose = [];
  };
  for (const line of lines) {
    const marker = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (fence) {
      out.push(line);
      if (marker && marker[1]![0] === fence.char && marker[1]!.length >= fence.length && marker[2]!.trim() === "") fence = null;
    } else if (marker && !(marker[1]![0] === "`" && marker[2]!.includes("`"))) {
      flush();
      out.push(line);
      fence = { char: marker[1]![0]!, length: marker[1]!.length };
    } else {
      prose.push(line);
    }
  }
  flush();
  if (fence) out.push(fence.char.repeat(fence.length));
  return out.join("\n");
}

/** Prose outside code fences: code spans kept, unsafe links made text, HTML links converted, other `<` escaped. */
function safeProse(text: string): string {
  return text
    .split(/\n[ \t]*\n/)
    .map((paragraph) =>
      splitCodeSpans(paragraph)
        .map((part) => (part.code ? part.text : htmlToMarkdown(inertLinks(part.text))))
        .join(""),
    )
    .join("\n\n");
}

/** Link targets spec text may keep: web pages and e-mail addresses. */
const SAFE_LINK_TARGET = /^(?:https?:\/\/|mailto:)/i;

/**
 * Markdown text whose links lead only to {@link SAFE_LINK_TARGET}s. A Markdown link needs `](`
 * (inline) or `]:` (a reference definition, which `[x][1]` and `[1]` links use) right before
 * its target; where the target (after spaces and line breaks) does not start with `http://`,
 * `https://` or `mailto:` as written, the `(` or `:` is backslash-escaped, which keeps the
 * text as it reads and makes it no link. Judging the target as written, before any decoding,
 * is what makes `JaVaScRiPt:`, `&#106;avascript:`, `java\tscript:` or `<data:…>` inert too.
 * An autolink (`<javascript:…>`) of another scheme has its `<` escaped. Code spans are the
 * caller's to keep apart (inside one, link syntax is text already).
 */
export function inertLinks(text: string): string {
  return text
    .replace(/\]([(:])([ \t\r\n]*)/g, (match: string, opener: string, space: string, at: number, all: string) => {
      const target = all.slice(at + match.length, at + match.length + 8);
      return SAFE_LINK_TARGET.test(target) ? match : `]\\${opener}${space}`;
    })
    .replace(/<(?=[A-Za-z][A-Za-z0-9+.-]{1,31}:)(?!https?:\/\/|mailto:)/gi, "\\<"); // an autolink, `<scheme:…>`
}

/**
 * Spec prose for a place that renders it as Markdown and keeps its links (a JSDoc comment,
 * which editors render): {@link inertLinks} outside its code spans, every other character kept.
 */
export function inertProse(text: string): string {
  return splitParagraphsKeepingBreaks(text)
    .map((paragraph) =>
      splitCodeSpans(paragraph)
        .map((part) => (part.code ? part.text : inertLinks(part.text)))
        .join(""),
    )
    .join("");
}

/** A text cut before each blank line, every character kept (joined, the parts are the text). */
function splitParagraphsKeepingBreaks(text: string): string[] {
  return text.split(/(?=\n[ \t]*\n)/);
}

function htmlToMarkdown(text: string): string {
  const links: string[] = [];
  const withLinks = text.replace(
    /<a\s[^>]*?href\s*=\s*["'](https?:\/\/[^\s"'<>()`\\]+)["'][^>]*>([^<]*)<\/a\s*>/gi,
    (_match, url: string, label: string) => {
      const shown = label.replace(/\s+/g, " ").trim().replace(/[\\[\]`*_]/g, (c) => `\\${c}`) || url;
      links.push(`[${shown}](${url})`);
      return `\u0000${links.length - 1}\u0000`;
    },
  );
  return withLinks
    .replace(/<(?!https?:\/\/[^\s<>]*>)/g, "&lt;")
    .replace(/\u0000(\d+)\u0000/g, (_m, i: string) => links[Number(i)]!);
}

/** Paragraphs of a text (split at blank lines), trimmed; line breaks normalised to `\n`. */
function splitParagraphs(text: string): string[] {
  return text
    .replace(/\r\n?|\u2028|\u2029/g, "\n")
    .trim()
    .split(/\n[ \t]*\n\s*/)
    .map((p) => p.trim());
}

/**
 * Inline code spans of a paragraph, as CommonMark finds them: a run of n backticks up to the
 * next run of exactly n. Backticks that open nothing are text.
 */
export function splitCodeSpans(text: string): { code: boolean; text: string }[] {
  const parts: { code: boolean; text: string }[] = [];
  let plain = "";
  let i = 0;
  while (i < text.length) {
    if (text[i] !== "`") {
      plain += text[i];
      i++;
      continue;
    }
    let n = 0;
    while (text[i + n] === "`") n++;
    let close = -1;
    for (let j = i + n; j < text.length; ) {
      if (text[j] !== "`") {
        j++;
        continue;
      }
      let m = 0;
      while (text[j + m] === "`") m++;
      if (m === n) {
        close = j;
        break;
      }
      j += m;
    }
    if (close === -1) {
      plain += "`".repeat(n);
      i += n;
      continue;
    }
    if (plain) parts.push({ code: false, text: plain });
    plain = "";
    parts.push({ code: true, text: text.slice(i, close + n) });
    i = close + n;
  }
  if (plain) parts.push({ code: false, text: plain });
  return parts;
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
  // CommonMark strips one space from each end of a code span unless it is all spaces; pad to compensate.
  const pad = single.trim() !== "" && (single.startsWith("`") || single.endsWith("`") || single.startsWith(" ")) ? " " : "";
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
