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
import jsYaml from "js-yaml";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type YAMLError } from "yaml";
import { pointerTokens } from "../runtime/src/json-pointer.js";
import { diagnostic, fileLocation, type Diagnostic, type Location } from "./diagnostics.js";
import { MAX_SPEC_BYTES, readSpecFile, sha256 } from "./files.js";

/** Most nodes a spec may have once aliases are expanded (defends against alias bombs). */
export const MAX_EXPANDED_NODES = 200_000;
/**
 * Most characters of string values and keys a spec may hold once aliases are expanded: a 1 MB
 * string aliased a thousand times is a few nodes but a gigabyte of text for every later stage.
 * Five times the largest file, so no file without aliases can reach it.
 */
export const MAX_EXPANDED_CHARS = 5 * MAX_SPEC_BYTES;
/**
 * Deepest nesting of mappings and lists a spec may have, aliases expanded (an alias of a deep
 * node nests it again). Every later stage walks the data recursively; this bounds the walk.
 * The real specs nest about 15 levels.
 */
export const MAX_NESTING_DEPTH = 64;
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
  const read = readSpecFile(specsDir, file);
  if (!read.ok) return fail(read.code, read.message);
  return parseSpec(file, read.bytes);
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
    data = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA, filename: file, listener: yamlLimits() });
  } catch (error) {
    if (error instanceof YamlLimitError) return fail(error.code, error.message, { file, ...error.position, pointer: null });
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    return fail("LM003", `invalid YAML: ${firstLine(reason)}`, yamlErrorLocation(file, text) ?? (mark ? { file, line: mark.line + 1, column: mark.column + 1, pointer: null } : where));
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

/** A YAML resource limit crossed while parsing, where it was crossed. */
class YamlLimitError extends Error {
  constructor(
    readonly code: "LM006" | "LM009",
    message: string,
    readonly position: { line: number; column: number },
  ) {
    super(message);
  }
}

/** The parser state js-yaml 4 passes its listener; `depth` (nesting of the node) is not in its typings. */
type ParserState = jsYaml.State & { readonly depth: number };

/** Size of a node once aliases are expanded: its nodes, the characters of its strings and keys, its nesting. */
interface Expanded {
  readonly nodes: number;
  readonly chars: number;
  readonly depth: number;
}

/**
 * A js-yaml listener that enforces the nesting and alias-expansion limits while the parser
 * runs, so each is checked before the work it guards: nesting when a node opens (before the
 * parser recurses into it), expansion when a node closes (before the parser turns a key made
 * of aliases into one huge string, or the next stage walks a shared node a million times).
 *
 * js-yaml shares aliased nodes instead of copying them, and the listener sees an alias as a
 * node that closes with a value it has seen close before. The running totals count every
 * node the way a tree walk would meet it: an ordinary node once, an alias as the whole of its
 * target. A node's own size is computed once, from its children's, at its first close.
 */
function yamlLimits(): (event: jsYaml.EventType, parserState: jsYaml.State) => void {
  const sizes = new Map<object, Expanded>();
  let nodes = 0;
  let chars = 0;
  const sizeOf = (value: unknown): Expanded =>
    typeof value === "object" && value !== null ? sizes.get(value)! : { nodes: 1, chars: typeof value === "string" ? value.length : 0, depth: 0 };
  /** Where each open node starts (its first character after leading spaces and line breaks). */
  const starts: { line: number; column: number }[] = [];
  const startOf = (state: ParserState): { line: number; column: number } => {
    let { line, lineStart, position } = state;
    for (let c = state.input[position]; c === " " || c === "\t" || c === "\n" || c === "\r"; c = state.input[++position]) {
      if (c === "\n") (line += 1), (lineStart = position + 1);
    }
    return { line: line + 1, column: position - lineStart + 1 };
  };
  const tooDeep = (where: { line: number; column: number }): YamlLimitError =>
    new YamlLimitError("LM009", `mappings and lists nest more than ${MAX_NESTING_DEPTH} levels deep (counting aliases as what they stand for); the limit is ${MAX_NESTING_DEPTH}`, where);
  /** The node that closed last, while no other has opened since. */
  let justClosed: { depth: number; value: unknown } | null = null;
  return (event, parserState) => {
    const state = parserState as ParserState;
    if (event === "open") {
      justClosed = null;
      starts.push(startOf(state));
      // A scalar may open one level below the deepest mapping or list allowed; a node deeper
      // still shows that its parent, a mapping or list, is one level too deep: name the parent.
      if (state.depth > MAX_NESTING_DEPTH + 1) throw tooDeep(starts[starts.length - 2]!);
      return;
    }
    const value = state.result;
    // A node with an anchor or tag closes twice, the inner parse then the node around it: count it once.
    const wrapper = justClosed !== null && justClosed.depth === state.depth + 1 && justClosed.value === value;
    justClosed = { depth: state.depth, value };
    const start = starts.pop()!;
    if (wrapper) return;
    let size: Expanded;
    if (typeof value !== "object" || value === null) {
      size = sizeOf(value);
    } else if (sizes.has(value)) {
      size = sizes.get(value)!; // an alias: the whole target again
    } else {
      // First close of a mapping or list: its children have closed, so their sizes are known.
      let childNodes = 1;
      let childChars = 0;
      let childDepth = 0;
      for (const [key, child] of Object.entries(value)) {
        const inner = sizeOf(child);
        childNodes += inner.nodes;
        childChars += inner.chars + (Array.isArray(value) ? 0 : key.length);
        childDepth = Math.max(childDepth, inner.depth);
      }
      sizes.set(value, { nodes: childNodes, chars: childChars, depth: childDepth + 1 });
      // The children were counted as they closed; the collection itself is one node more.
      size = { nodes: 1, chars: 0, depth: childDepth + 1 };
    }
    nodes += size.nodes;
    chars += size.chars;
    if (nodes > MAX_EXPANDED_NODES || chars > MAX_EXPANDED_CHARS) {
      throw new YamlLimitError(
        "LM006",
        `YAML aliases expand to more than ${MAX_EXPANDED_NODES} nodes or ${MAX_EXPANDED_CHARS} characters (the limits); refusing a possible alias bomb (use fewer aliases)`,
        start,
      );
    }
    if (state.depth - 1 + size.depth > MAX_NESTING_DEPTH) throw tooDeep(start);
  };
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
    const segments = pointerTokens(pointer);
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
