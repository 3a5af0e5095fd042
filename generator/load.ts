/**
 * Load: read spec files and parse their YAML, keeping line and column for every node.
 *
 * Takes the specs folder; returns one `LoadedSpec` per `*.yaml`/`*.yml` file (or the
 * diagnostics of a file that cannot be read). Touches the disk only to read. Parsing is YAML
 * 1.2 core schema whatever the file says, so `16:9` stays a string (YAML 1.1 reads it as 969).
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { isMap, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import { diagnostic, fileLocation, type Diagnostic, type Location } from "./diagnostics.js";
import { readSpecBytes, sha256 } from "./files.js";

export { compareCodePoints, listSpecFiles, readSpecBytes, sha256 } from "./files.js";

/** Largest spec we read: the real ones are under 10 kB; a 2 MB spec is a mistake or an attack. */
export const MAX_SPEC_BYTES = 2 * 1024 * 1024;
/** Most alias expansions YAML may do while building plain data (defends against alias bombs). */
const MAX_ALIAS_COUNT = 100;

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
  if (bytes.length > MAX_SPEC_BYTES) return fail("LM004", `spec is ${bytes.length} bytes; the limit is ${MAX_SPEC_BYTES}`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fail("LM005", "the file is not UTF-8 text");
  }
  if (text.includes("\u0000")) return fail("LM005", "the file contains NUL bytes; it is not a text spec");
  if (text.trim() === "" || /^(\s*#.*\n?)*\s*$/.test(text)) return fail("LM002", "the file is empty");

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, version: "1.2", schema: "core", uniqueKeys: true, prettyErrors: false });
  const at = (offset: number): Location => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col, pointer: null };
  };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      diagnostics: doc.errors.map((e) => diagnostic("LM003", `invalid YAML: ${firstLine(e.message)}`, at(e.pos[0]))),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/alias/i.test(message)) return fail("LM006", `YAML aliases expand too far (more than ${MAX_ALIAS_COUNT} times); refusing a possible alias bomb`);
    return fail("LM003", `invalid YAML: ${firstLine(message)}`);
  }
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
      locate: (pointer) => ({ ...locateInDocument(doc, pointer, at), pointer }),
    },
  };
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.trim();
}

/** Finds the node a JSON pointer names, or its nearest existing ancestor, and returns its position. */
function locateInDocument(doc: Document, pointer: string, at: (offset: number) => Location): Location {
  const segments = pointer === "" ? [] : pointer.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  let node: unknown = doc.contents;
  let best = node;
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String((p.key as { value?: unknown } | null)?.value ?? p.key) === segment);
      if (!pair) break;
      // Point at the key for a missing-or-bad value: that is where a person looks.
      best = pair.key ?? best;
      node = pair.value;
      if (node) best = node;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined) break;
      node = item;
      best = item;
    } else break;
  }
  const range = (best as { range?: [number, number, number] } | null)?.range;
  return range ? at(range[0]) : { ...at(0), line: null, column: null };
}
