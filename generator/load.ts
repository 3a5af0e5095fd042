/**
 * Load: read spec files and parse their YAML; positions (line and column) on demand.
 *
 * Takes the specs folder; returns one `LoadedSpec` per `*.yaml`/`*.yml` file (or the
 * diagnostics of a file that cannot be read). Touches the disk only to read. Data comes from
 * js-yaml (about ten times faster than `yaml`, which matters at a thousand specs); positions
 * come from `yaml`'s source-preserving parser, run only when a diagnostic needs a line. Both
 * read the YAML 1.2 core schema, so `16:9` stays a string (YAML 1.1 reads it as 969) and a
 * date stays a string.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import jsYaml from "js-yaml";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type YAMLError } from "yaml";
import { diagnostic, fileLocation, type Diagnostic, type Location } from "./diagnostics.js";
import { readSpecBytes, sha256 } from "./files.js";

export { compareCodePoints, listSpecFiles, readSpecBytes, sha256 } from "./files.js";

/** Largest spec we read: the real ones are under 10 kB; a 2 MB spec is a mistake or an attack. */
export const MAX_SPEC_BYTES = 2 * 1024 * 1024;
/** Most nodes a spec may have once aliases are expanded (defends against alias bombs). */
export const MAX_EXPANDED_NODES = 200_000;
/**
 * Most characters of string values and keys a spec may hold once aliases are expanded: a 1 MB
 * string aliased a thousand times is a few nodes but a gigabyte of text for every later stage.
 * Five times the largest file, so no file without aliases can reach it.
 */
export const MAX_EXPANDED_CHARS = 5 * MAX_SPEC_BYTES;
/** Folder and file names a spec path may use (it is printed into generated headers and comments). */
const SAFE_SPEC_PATH = /^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;

/** A parsed spec file. */
export interface LoadedSpec {
  /** Path relative to the specs folder, `/`-separated: `video/wan2-6.yaml`. */
  readonly file: string;
  /** Group folder (first path segment), `""` for a file at the top. */
  readonly folder: string;
  /** True for a group's task-query spec (`_query.yaml`). */
  readonly isQuery: boolean;
  /** SHA-256 of the file's bytes. */
  readonly hash: string;
  /** The document as plain data. */
  readonly data: unknown;
  /** Where a JSON pointer lands in the file (nearest existing ancestor). */
  locate(pointer: string): Location;
}

/** The result of loading one file: a spec, or why not. */
export type LoadResult = { readonly ok: true; readonly spec: LoadedSpec } | { readonly ok: false; readonly diagnostics: Diagnostic[] };

/** Loads one spec file. */
export function loadSpec(specsDir: string, file: string): LoadResult {
  const where = fileLocation(file);
  const fail = (code: Parameters<typeof diagnostic>[0], message: string, location: Location = where): LoadResult => ({
    ok: false,
    diagnostics: [diagnostic(code, message, location)],
  });
  let bytes: Buffer;
  try {
    const size = statSync(join(specsDir, file)).size;
    if (size > MAX_SPEC_BYTES) return fail("LM004", `spec is ${size} bytes; the limit is ${MAX_SPEC_BYTES}`);
    bytes = readSpecBytes(specsDir, file);
  } catch (error) {
    return fail("LM001", `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseSpec(file, bytes);
}

/** Parses spec bytes already read (`file` is only used for messages and grouping). */
export function parseSpec(file: string, bytes: Uint8Array): LoadResult {
  const where = fileLocation(file);
  const fail = (code: Parameters<typeof diagnostic>[0], message: string, location: Location = where): LoadResult => ({
    ok: false,
    diagnostics: [diagnostic(code, message, location)],
  });
  // The spec's path is printed in headers and comments of the generated files: a name with a
  // line break, `*/` or a quote could otherwise write code (issue 7).
  if (!SAFE_SPEC_PATH.test(file)) {
    return fail("LM007", `the file name ${JSON.stringify(file)} may hold only letters, digits, \`.\`, \`-\` and \`_\` in each folder and file name; rename it`, { ...where, file: file.replace(/[^\x20-\x7e]/g, "?") });
  }
  if (bytes.length > MAX_SPEC_BYTES) return fail("LM004", `spec is ${bytes.length} bytes; the limit is ${MAX_SPEC_BYTES}`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fail("LM005", "the file is not UTF-8 text");
  }
  if (text.includes("\u0000")) return fail("LM005", "the file contains NUL bytes; it is not a text spec");
  if (text.trim() === "" || /^(\s*#.*\n?)*\s*$/.test(text)) return fail("LM002", "the file is empty");

  let data: unknown;
  try {
    data = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA, filename: file });
  } catch (error) {
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    return fail("LM003", `invalid YAML: ${firstLine(reason)}`, yamlErrorLocation(file, text) ?? (mark ? { file, line: mark.line + 1, column: mark.column + 1, pointer: null } : where));
  }
  // js-yaml shares aliased nodes instead of copying them; everything after load walks the
  // data as a tree, so an alias bomb would explode there. Measure the tree size first.
  const expanded = expandedSize(data);
  if (expanded.nodes > MAX_EXPANDED_NODES || expanded.chars > MAX_EXPANDED_CHARS) {
    return fail("LM006", `YAML aliases expand to more than ${MAX_EXPANDED_NODES} nodes or ${MAX_EXPANDED_CHARS} characters; refusing a possible alias bomb (use fewer aliases)`);
  }
  let located: ((pointer: string) => Location) | null = null;
  const locate = (pointer: string): Location => (located ??= positionFinder(file, text))(pointer);
  const folder = file.includes("/") ? file.slice(0, file.indexOf("/")) : "";
  const base = file.slice(file.lastIndexOf("/") + 1);
  return {
    ok: true,
    spec: {
      file,
      folder,
      isQuery: /^_query\.ya?ml$/.test(base),
      hash: sha256(bytes),
      data,
      locate: (pointer) => ({ ...locate(pointer), pointer }),
    },
  };
}

/** The position `yaml` gives a syntax error (often closer to the cause than js-yaml's), or null. */
function yamlErrorLocation(file: string, text: string): Location | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, version: "1.2", schema: "core" });
  const error = doc.errors[0];
  if (!error) return null;
  const pos = lineCounter.linePos(errorOffset(doc, error));
  return { file, line: pos.line, column: pos.col, pointer: null };
}

/**
 * Where a YAML error should point. An unclosed quote is reported by the parser at the end of
 * the file (the scalar runs on to there); the person needs the line where the quote opens.
 */
function errorOffset(doc: Document, error: YAMLError): number {
  let offset = error.pos[0];
  if (error.code === "MISSING_CHAR" && /quote/i.test(error.message)) {
    visit(doc, {
      Scalar(_key, node) {
        const range = node.range;
        if (range && (node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE") && range[0] < error.pos[0] && range[1] >= error.pos[0]) {
          offset = range[0];
          return visit.BREAK;
        }
        return undefined;
      },
    });
  }
  return offset;
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.trim();
}

/**
 * Size of a value once shared (aliased) nodes are counted every time they appear: its nodes,
 * and the characters of its strings and keys. Stops counting once either passes its limit.
 */
function expandedSize(value: unknown): { nodes: number; chars: number } {
  const memo = new Map<object, { nodes: number; chars: number }>();
  const tooLarge = { nodes: MAX_EXPANDED_NODES + 1, chars: MAX_EXPANDED_CHARS + 1 };
  const size = (node: unknown): { nodes: number; chars: number } => {
    if (typeof node === "string") return { nodes: 1, chars: node.length };
    if (typeof node !== "object" || node === null) return { nodes: 1, chars: 0 };
    const known = memo.get(node);
    if (known !== undefined) return known;
    memo.set(node, tooLarge); // a cycle (possible with aliases) counts as too large
    const total = { nodes: 1, chars: 0 };
    for (const [key, child] of Object.entries(node)) {
      const inner = size(child);
      total.nodes += inner.nodes;
      total.chars += inner.chars + key.length;
      if (total.nodes > MAX_EXPANDED_NODES || total.chars > MAX_EXPANDED_CHARS) break;
    }
    memo.set(node, total);
    return total;
  };
  return size(value);
}

/**
 * A function from JSON pointer to position, built from `yaml`'s source-preserving parse the
 * first time a diagnostic needs one. Points at the named node or its nearest existing ancestor.
 */
function positionFinder(file: string, text: string): (pointer: string) => Location {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, version: "1.2", schema: "core", uniqueKeys: false });
  const at = (offset: number): Location => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col, pointer: null };
  };
  return (pointer) => {
    const segments = pointer === "" ? [] : pointer.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    let node: unknown = doc.contents;
    let best = node;
    for (const segment of segments) {
      if (isMap(node)) {
        const pair = node.items.find((p) => String((p.key as { value?: unknown } | null)?.value ?? p.key) === segment);
        if (!pair) break;
        // A scalar value is pointed at itself (it is on its key's line); a mapping or list
        // value starts on a later line, so its key (`post:`, `paths:`) names it better.
        best = pair.key ?? best;
        node = pair.value;
        if (node && (isScalar(node) || !pair.key)) best = node;
      } else if (isSeq(node)) {
        const item = node.items[Number(segment)];
        if (item === undefined) break;
        node = item;
        best = item;
      } else break;
    }
    const range = (best as { range?: [number, number, number] } | null)?.range;
    return range ? at(range[0]) : { file, line: null, column: null, pointer: null };
  };
}
