/**
 * Shared helpers of the docs tests: README discovery, ```ts block extraction, a type check of
 * those blocks against generated packages, Markdown tables as markdown-it sees them, and the
 * request schema of a spec read independently of the generator (with `yaml`).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import MarkdownIt from "markdown-it";
import ts from "typescript";
import { expect } from "vitest";
import { parse } from "yaml";

export const ROOT = resolve(import.meta.dirname, "../..");

/** A standard renderer: markdown-it defaults (GFM tables on, raw HTML off). */
export const markdown = new MarkdownIt();

/** Every README of an output folder: `README.md`, the runtime's, the catalogue's and the testing package's, and `models/<slug>/README.md`, sorted. */
export function readmesOf(outDir: string): string[] {
  const models = join(outDir, "models");
  const list = existsSync(models)
    ? readdirSync(models)
        .sort()
        .map((slug) => join(models, slug, "README.md"))
        .filter((p) => existsSync(p))
    : [];
  return [join(outDir, "README.md"), join(outDir, "runtime", "README.md"), join(outDir, "catalogue", "README.md"), join(outDir, "testing", "README.md"), ...list].filter((p) => existsSync(p));
}

/** The fenced blocks of a Markdown text whose info string is `ts` (or `typescript`). */
export function typescriptBlocks(text: string): { code: string; line: number }[] {
  return markdown
    .parse(text, {})
    .filter((t) => t.type === "fence" && /^(ts|typescript)\b/.test(t.info.trim()))
    .map((t) => ({ code: t.content, line: (t.map?.[0] ?? 0) + 1 }));
}

/** A README block that does not compile, with tsc's messages. */
export interface BlockError {
  readonly readme: string;
  readonly line: number;
  readonly messages: string[];
}

/**
 * Type-checks every ```ts block of `readmes` in one TypeScript program, each block a module of
 * its own, with `@linkmodel-sdk/*` resolved to the packages' sources under `outDir`. Returns the
 * blocks with errors (errors inside the generated packages themselves are other tests' concern).
 */
export function typecheckReadmes(outDir: string, readmes: readonly string[]): { blocks: number; errors: BlockError[] } {
  const dir = mkdtempSync(join(tmpdir(), "linkmodel-readme-"));
  try {
    const files = new Map<string, { readme: string; line: number }>();
    readmes.forEach((readme, r) => {
      typescriptBlocks(readFileSync(readme, "utf8")).forEach((block, b) => {
        const file = join(dir, `readme${r}-block${b}.mts`);
        writeFileSync(file, block.code);
        files.set(file, { readme, line: block.line });
      });
    });
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: true,
      noEmit: true,
      types: ["node"],
      typeRoots: [join(ROOT, "node_modules/@types")],
      paths: {
        "@linkmodel-sdk/runtime": [join(outDir, "runtime/src/index.ts")],
        "@linkmodel-sdk/runtime/validators": [join(outDir, "runtime/src/validators.ts")],
        "@linkmodel-sdk/runtime/testing": [join(outDir, "runtime/src/testing.ts")],
        "@linkmodel-sdk/runtime/proxy": [join(outDir, "runtime/src/proxy.ts")],
        "@linkmodel-sdk/catalogue": [join(outDir, "catalogue/src/index.ts")],
        "@linkmodel-sdk/testing": [join(outDir, "testing/src/index.ts")],
        "@linkmodel-sdk/*": [join(outDir, "models/*/src/index.ts")],
      },
      allowImportingTsExtensions: false,
    };
    mkdirSync(dir, { recursive: true });
    const program = ts.createProgram([...files.keys()], options);
    const byFile = new Map<string, string[]>();
    const global: string[] = [];
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
      if (!d.file) {
        global.push(text);
        continue;
      }
      const name = resolve(d.file.fileName);
      if (!files.has(name)) continue;
      const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
      byFile.set(name, [...(byFile.get(name) ?? []), `${line + 1}: ${text}`]);
    }
    const errors: BlockError[] = [...byFile].map(([file, messages]) => ({ ...files.get(file)!, messages }));
    if (global.length > 0) errors.push({ readme: "(program)", line: 0, messages: global });
    return { blocks: files.size, errors };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A table as markdown-it parsed it: header cells, body rows, and the source lines of each row. */
export interface ParsedTable {
  readonly header: string[];
  readonly rows: { cells: { text: string; code: string | null }[]; source: string }[];
  readonly headerSource: string;
}

/** The tables that follow the `## <heading>` of a Markdown text, until the next `##`. */
export function tablesUnder(text: string, heading: string): ParsedTable[] {
  const tokens = markdown.parse(text, {});
  const lines = text.split("\n");
  const tables: ParsedTable[] = [];
  let inside = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === "heading_open" && t.tag === "h2") inside = tokens[i + 1]!.content === heading;
    if (!inside || t.type !== "table_open") continue;
    let header: string[] = [];
    let headerSource = "";
    const rows: ParsedTable["rows"] = [];
    let cells: { text: string; code: string | null }[] = [];
    let rowSource = "";
    let inHead = false;
    for (i++; tokens[i]!.type !== "table_close"; i++) {
      const c = tokens[i]!;
      if (c.type === "thead_open") inHead = true;
      if (c.type === "thead_close") inHead = false;
      if (c.type === "tr_open") {
        cells = [];
        rowSource = lines[c.map?.[0] ?? 0] ?? "";
      }
      if (c.type === "inline") {
        const children = c.children ?? [];
        const codes = children.filter((k) => k.type === "code_inline");
        cells.push({
          text: children.map((k) => (k.type === "softbreak" || k.type === "hardbreak" ? "\n" : k.content)).join(""),
          code: codes.length === 1 && children.length === 1 ? codes[0]!.content : null,
        });
      }
      if (c.type === "tr_close") {
        if (inHead) {
          header = cells.map((cell) => cell.text);
          headerSource = rowSource;
        } else rows.push({ cells, source: rowSource });
      }
    }
    tables.push({ header, rows, headerSource });
  }
  return tables;
}

/**
 * The number of cells of a table row's source line, by GFM's rule as markdown-it applies it:
 * a `|` not preceded by a backslash separates cells; a leading and a trailing `|` are edges.
 */
export function sourceCellCount(line: string): number {
  const cells: string[] = [""];
  for (let i = 0; i < line.length; i++) {
    if (line[i] === "|" && line[i - 1] !== "\\") cells.push("");
    else cells[cells.length - 1] += line[i];
  }
  if (cells[0]!.trim() === "") cells.shift();
  if (cells.length > 0 && cells[cells.length - 1]!.trim() === "") cells.pop();
  return cells.length;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** The request-body schema of a create spec, read with `yaml` (local `$ref`s followed). */
export function requestSchemaOf(specPath: string): { properties: Obj; required: string[] } {
  const doc = parse(readFileSync(specPath, "utf8")) as Obj;
  const deref = (v: unknown): unknown => {
    let value = v;
    for (let n = 0; isObj(value) && typeof value["$ref"] === "string" && n < 20; n++) {
      value = (value["$ref"] as string)
        .replace(/^#\//, "")
        .split("/")
        .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
        .reduce<unknown>((at, key) => (isObj(at) ? at[key] : undefined), doc);
    }
    return value;
  };
  const paths = doc["paths"] as Obj;
  const path = Object.keys(paths).find((p) => /-generation$/.test(p) && isObj((paths[p] as Obj)["post"]))!;
  const body = deref(((paths[path] as Obj)["post"] as Obj)["requestBody"]) as Obj;
  const schema = deref(((body["content"] as Obj)["application/json"] as Obj)["schema"]) as Obj;
  const properties = Object.fromEntries(Object.entries((schema["properties"] ?? {}) as Obj).map(([k, v]) => [k, deref(v)]));
  return { properties, required: Array.isArray(schema["required"]) ? (schema["required"] as string[]) : [] };
}

/** Checks the parameters table of a model README against its spec file. */
export function checkParameters(readmePath: string, specPath: string): void {
  const text = readFileSync(readmePath, "utf8");
  const tables = tablesUnder(text, "Parameters");
  expect(tables).toHaveLength(1);
  const table = tables[0]!;
  expect(table.header).toEqual(["Name", "Type", "Required", "Default", "Allowed", "Description"]);
  const { properties, required } = requestSchemaOf(specPath);
  expect(table.rows.map((r) => r.cells[0]!.code)).toEqual(Object.keys(properties));
  for (const row of table.rows) {
    const name = row.cells[0]!.code!;
    const schema = properties[name] as Record<string, unknown>;
    expect(row.cells[2]!.text, `${name} required`).toBe(required.includes(name) ? "yes" : "no");
    const hasDefault = Object.prototype.hasOwnProperty.call(schema, "default");
    expect(row.cells[3]!.code, `${name} default`).toBe(hasDefault ? JSON.stringify(schema["default"]) : null);
    if (!hasDefault) expect(row.cells[3]!.text).toBe("");
    // An array's items keep their format (`images`: each a url), not only the count.
    const items = schema["type"] === "array" ? (schema["items"] as Record<string, unknown> | undefined) : undefined;
    if (typeof items?.["format"] === "string") expect(row.cells[4]!.text, `${name} allowed`).toContain(`items: format ${items["format"]}`);
  }
}

/** Every table of a Markdown text has, in its source, as many cells per row as its header. */
export function checkTableShapes(text: string): void {
  const lines = text.split("\n");
  for (const token of markdown.parse(text, {})) {
    if (token.type !== "table_open" || !token.map) continue;
    const [start, end] = token.map;
    const widths = lines.slice(start, end).map(sourceCellCount);
    expect(new Set(widths).size, lines.slice(start, end).join("\n")).toBe(1);
  }
}

