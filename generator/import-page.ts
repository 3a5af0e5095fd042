/**
 * Import: take a LinkModel reference page (Markdown with the spec in a fenced block) and
 * produce the spec file it names.
 *
 * The block opens with a line such as ```` ````yaml /openapi/video/wan2-6.yaml post /video-generation ````;
 * the path on it says where the spec belongs (`video/wan2-6.yaml`). Takes the page text;
 * returns the target path (relative to the specs folder) and the file's content, with the
 * two header lines every catalogue spec carries, or a diagnostic. Pure: the command line writes.
 */
import { diagnostic, type Diagnostic } from "./diagnostics.js";

/** What an import yields. */
export type ImportResult =
  | { readonly ok: true; readonly target: string; readonly content: string; readonly source: string }
  | { readonly ok: false; readonly diagnostics: Diagnostic[] };

/** The docs URL LinkModel uses for a model page: provider and id, lower-cased, dots dropped. */
export function referencePageUrl(provider: string, modelId: string): string {
  const part = (s: string): string => s.toLowerCase().replace(/\./g, "").replace(/[^a-z0-9-]+/g, "-");
  return `https://docs.linkmodel.ai/api-reference/${part(provider)}/${part(modelId)}.md`;
}

/** Extracts the spec of a reference page. `source` overrides the `# Source:` URL. */
export function importPage(page: string, pageFile: string, source?: string): ImportResult {
  const lines = page.replace(/\r\n?/g, "\n").split("\n");
  const fail = (code: "LM501" | "LM502" | "LM503", message: string, line: number | null): ImportResult => ({
    ok: false,
    diagnostics: [diagnostic(code, message, { file: pageFile, line, column: line === null ? null : 1, pointer: null })],
  });
  const start = lines.findIndex((line) => /^`{3,}ya?ml(\s|$)/.test(line));
  if (start < 0) return fail("LM501", "no ```yaml block with the spec was found on the page", null);
  const opening = /^(`{3,})ya?ml(?:\s+(\S+))?/.exec(lines[start]!)!;
  const fence = opening[1]!;
  const declared = opening[2];
  if (!declared) return fail("LM502", "the spec block names no path (expected e.g. ````yaml /openapi/video/wan2-6.yaml)", start + 1);
  const target = declared.replace(/^\/?openapi\//, "").replace(/^\/+/, "");
  const segments = target.split("/");
  if (
    !/\.ya?ml$/.test(target) ||
    segments.some((s) => s === "" || s === "." || s === ".." || !/^[A-Za-z0-9._-]+$/.test(s)) ||
    segments.length > 2
  ) {
    return fail("LM503", `the block's path ${JSON.stringify(declared)} is not <group>/<file>.yaml inside the specs folder`, start + 1);
  }
  const end = lines.findIndex((line, i) => i > start && line.trimEnd() === fence);
  const body = lines.slice(start + 1, end < 0 ? lines.length : end).join("\n").replace(/\s+$/, "");

  const title = /^#\s+(.+)$/m.exec(page)?.[1]?.trim() ?? "";
  const provider = /\|\s*\*\*Provider\*\*\s*\|\s*([^|]+?)\s*\|/.exec(page)?.[1] ?? "";
  const url = source ?? (title && provider ? referencePageUrl(provider, title) : `file:${pageFile}`);
  const content = `# Source: ${url}\n# Published spec, as found in the reference page.\n${body}\n`;
  return { ok: true, target, content, source: url };
}
