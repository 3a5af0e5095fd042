/**
 * Issue 7, property-based: random strings built from every dangerous piece (`*​/`, backticks,
 * `${`, quotes, backslashes, line breaks, U+2028/U+2029, `{{ }}`, `</script>`, pipes,
 * `__proto__`, `constructor`, `@`, `<!--`) in the title, a property name, its description and
 * its enum values. Each run generates; each string is then read back from the generated code
 * with the TypeScript parser (string literals, property names, literal types, JSDoc), and from
 * the README's parameters table with markdown-it (as GitHub would read it, raw HTML on), and
 * must equal the original. All runs' outputs are type-checked by one `tsc --strict` at the end.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import ts from "typescript";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generate } from "../../generator/generate.js";
import { ROOT } from "../helpers/workspace.js";
import { tsc, writeStrictTsconfig } from "./helpers.js";

const PIECES = ["*/", "/*", "`", "${", "}", "\\", '"', "'", "\n", "\r\n", "\u2028", "\u2029", "{{", "}}", "</script>", "|", "__proto__", "constructor", "@", "<!--", "-->", "a", "Z", "1", " ", "é", "😀"];
const text = (min = 0): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...PIECES), { minLength: min, maxLength: 8 }).map((parts) => parts.join(""));
/** Property names the request already uses, and Object.prototype members openapi-typescript cannot take (see hostile.test.ts). */
const TAKEN = new Set(["prompt", "model", ...Object.getOwnPropertyNames(Object.prototype).filter((n) => n !== "__proto__" && n !== "constructor")]);

interface Case {
  readonly title: string;
  readonly name: string;
  readonly description: string;
  readonly values: string[];
}

const arbitrary: fc.Arbitrary<Case> = fc.record({
  title: text(1).filter((t) => t.trim() !== ""),
  name: text(1).filter((n) => !TAKEN.has(n)),
  description: text(1).filter((d) => d.trim() !== ""),
  values: fc.uniqueArray(text(), { minLength: 1, maxLength: 3 }),
});

const QUERY = readFileSync(join(ROOT, "test", "fixtures", "invalid", "_good", "specs", "video", "_query.yaml"), "utf8");

function specOf(c: Case, id: string): string {
  return stringify({
    openapi: "3.0.3",
    info: { title: c.title, version: "1.0.0" },
    servers: [{ url: "https://api.linkmodel.ai/api/v1" }],
    paths: {
      "/video-generation": {
        post: {
          summary: c.title,
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    prompt: { type: "string" },
                    [c.name]: { type: "string", description: c.description, enum: c.values, default: c.values[0] },
                    model: { type: "string", enum: [id] },
                  },
                  required: ["prompt"],
                },
              },
            },
          },
          responses: { "200": { description: "OK", content: { "application/json": { schema: { type: "object", properties: { code: { type: "integer" } } } } } } },
        },
      },
    },
  });
}

function sourceOf(path: string): ts.SourceFile {
  return ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.ES2022, true);
}

function visit(node: ts.Node, fn: (node: ts.Node) => void): void {
  fn(node);
  node.forEachChild((child) => visit(child, fn));
}

/** `title` of the `model` object literal in index.ts, as the string literal's value. */
function readTitle(index: ts.SourceFile): string | null {
  let found: string | null = null;
  visit(index, (node) => {
    if (ts.isPropertyAssignment(node) && node.name.getText() === "title" && ts.isStringLiteral(node.initializer) && found === null) found = node.initializer.text;
  });
  return found;
}

function propertyNameText(name: ts.PropertyName): string {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) ? name.text : name.getText();
}

/** The request property signature named `name` in types.ts: its literal-union values and its JSDoc text. */
function readProperty(types: ts.SourceFile, name: string): { values: string[]; jsdoc: string } | null {
  let found: { values: string[]; jsdoc: string } | null = null;
  visit(types, (node) => {
    if (found || !ts.isPropertySignature(node) || propertyNameText(node.name) !== name || !node.type) return;
    const members = ts.isUnionTypeNode(node.type) ? node.type.types : [node.type];
    const values = members.flatMap((m) => (ts.isLiteralTypeNode(m) && ts.isStringLiteral(m.literal) ? [m.literal.text] : []));
    const ranges = ts.getLeadingCommentRanges(types.text, node.getFullStart()) ?? [];
    const jsdoc = ranges.map((r) => types.text.slice(r.pos, r.end)).join("\n");
    found = { values, jsdoc };
  });
  return found;
}

/** The `@description` of a JSDoc block as openapi-typescript writes it, `*\/` unescaped. */
function readDescription(jsdoc: string): string {
  const lines = jsdoc
    .replace(/^\/\*\*\s*/, "")
    .replace(/\s*\*\/$/, "")
    .split(/\r\n?|\n|\u2028|\u2029/)
    .map((line) => line.replace(/^\s*\* ?/, ""));
  const start = lines.findIndex((l) => l.startsWith("@description"));
  if (start === -1) return "";
  const end = lines.findIndex((l, i) => i > start && /^@[a-z]/.test(l));
  const body = lines.slice(start, end === -1 ? undefined : end);
  body[0] = body[0]!.replace(/^@description ?/, "");
  return body.join("\n").replace(/\*\\\//g, "*/");
}

/**
 * What a description can be in a comment: every visible character survives, in order and on
 * its line; line breaks of any kind (LF, CR LF, CR, U+2028, U+2029) are line breaks, and the
 * indentation, trailing spaces and blank lines of a comment are layout, not text.
 */
function asComment(text: string): string {
  return text
    .split(/\r\n?|\n|\u2028|\u2029/)
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .join("\n");
}

const markdown = new MarkdownIt({ html: true });

/** Rows of the README's parameters table (the one headed Name | Type | …), each as its cells' inline tokens. */
function parameterRows(readme: string): Token[][][] {
  const tokens = markdown.parse(readme, {});
  const rows: Token[][][] = [];
  let inTable = false;
  let header: string[] = [];
  let row: Token[][] | null = null;
  for (const token of tokens) {
    if (token.type === "table_open") {
      inTable = true;
      header = [];
    } else if (token.type === "table_close") inTable = false;
    else if (inTable && token.type === "tr_open") row = [];
    else if (inTable && token.type === "inline" && row) row.push(token.children ?? []);
    else if (inTable && token.type === "tr_close" && row) {
      if (header.length === 0) header = row.map((cell) => cellText(cell));
      else if (header[0] === "Name" && header[5] === "Description") rows.push(row);
      row = null;
    }
  }
  return rows;
}

/** What a reader sees in a cell, with code spans given back their backticks and `<br>` as a line break. */
function cellText(cell: Token[]): string {
  return cell
    .map((t) => {
      if (t.type === "text") return t.content;
      if (t.type === "code_inline") return `${t.markup}${t.content}${t.markup}`;
      if (t.type === "html_inline" && /^<br\s*\/?>$/i.test(t.content)) return "\n";
      throw new Error(`unexpected Markdown in a cell: ${t.type} ${JSON.stringify(t.content)}`);
    })
    .join("");
}

/** The code spans of a cell, each as its content. */
function codeSpans(cell: Token[]): string[] {
  return cell.filter((t) => t.type === "code_inline").map((t) => t.content);
}

/** A code span cannot hold a line break: CommonMark shows one as a space. */
const asCode = (text: string): string => text.replace(/\r\n?|\n|\u2028|\u2029/g, " ");

let tmp: string;
const outs: string[] = [];

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "lm-roundtrip-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("round trip: every spec string reads back from the generated code and the README", () => {
  test("random dangerous strings in title, property name, description, enum values", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(arbitrary, async (c) => {
        run++;
        const id = `rt-${run}`;
        const specs = join(tmp, `specs-${run}`);
        const outDir = join(tmp, `out-${run}`);
        mkdirSync(join(specs, "video"), { recursive: true });
        writeFileSync(join(specs, "video", "_query.yaml"), QUERY);
        writeFileSync(join(specs, "video", `${id}.yaml`), specOf(c, id));
        const result = await generate({ specsDir: specs, outDir });
        expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        outs.push(outDir);
        const src = join(outDir, "models", id, "src");
        expect(readTitle(sourceOf(join(src, "index.ts")))).toBe(c.title);
        const property = readProperty(sourceOf(join(src, "types.ts")), c.name);
        expect(property, "property signature in types.ts").not.toBeNull();
        expect(property!.values).toEqual(c.values);
        expect(asComment(readDescription(property!.jsdoc))).toBe(asComment(c.description));
        // The validator's field list holds the name exactly.
        const validate = sourceOf(join(src, "validate.ts"));
        const literals: string[] = [];
        visit(validate, (node) => {
          if (ts.isStringLiteral(node)) literals.push(node.text);
        });
        expect(literals).toContain(c.name);
        for (const value of c.values) expect(literals).toContain(value);
        // The README's parameters table: the row of the property, its six cells intact.
        const rows = parameterRows(readFileSync(join(outDir, "models", id, "README.md"), "utf8"));
        const row = rows.find((r) => codeSpans(r[0]!)[0] === asCode(c.name));
        expect(row, `parameters row of ${JSON.stringify(c.name)}`).toBeDefined();
        expect(row).toHaveLength(6);
        expect(codeSpans(row![3]!).map((v) => JSON.parse(v) as unknown)).toEqual([c.values[0]]);
        expect(codeSpans(row![4]!).map((v) => JSON.parse(v) as unknown)).toEqual(c.values);
        expect(asComment(cellText(row![5]!))).toBe(asComment(c.description));
      }),
      { numRuns: 20, seed: 7, endOnFailure: true },
    );
  });

  test("every run's output passes one tsc --strict", () => {
    expect(outs.length).toBeGreaterThan(0);
    const dir = join(tmp, "tsc");
    mkdirSync(dir);
    // One project over every run: the model packages only (each run has its own catalogue).
    const project = writeStrictTsconfig(dir, outs[0]!);
    const config = JSON.parse(readFileSync(project, "utf8")) as { include: string[]; compilerOptions: { paths: Record<string, string[]> } };
    config.include = outs.map((out) => join(out, "models", "*", "src", "*.ts"));
    config.compilerOptions.paths["@linkmodel-sdk/*"] = outs.map((out) => join(out, "models", "*", "src", "index.ts"));
    writeFileSync(project, JSON.stringify(config));
    expect(tsc(project)).toBe("");
  });
});
