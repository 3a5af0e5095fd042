/**
 * README snapshots of small feature fixtures (test/fixtures/docs/<name>/specs), generated into a
 * temporary folder: hostile Markdown in descriptions and names, dotted property names, an image
 * model. Each README must still render valid tables, carry no raw HTML from its spec, and
 * type-check its TypeScript blocks against the fixture's own generated packages.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generate } from "../../generator/generate.js";
import MarkdownIt from "markdown-it";
import { checkParameters, checkTableShapes, markdown, readmesOf, ROOT, tablesUnder, typecheckReadmes } from "./helpers.js";

const FIXTURES = join(ROOT, "test/fixtures/docs");
const names = readdirSync(FIXTURES).sort();
const outRoot = mkdtempSync(join(tmpdir(), "linkmodel-docs-fixtures-"));
const out = (name: string): string => join(outRoot, name);
/** The one model of a fixture: its README and spec path. */
const modelOf = (name: string): { readme: string; spec: string } => {
  const slug = readdirSync(join(out(name), "models"))[0]!;
  const pkg = JSON.parse(readFileSync(join(out(name), "models", slug, "package.json"), "utf8")) as { linkmodel: { spec: string } };
  return { readme: join(out(name), "models", slug, "README.md"), spec: join(FIXTURES, name, "specs", pkg.linkmodel.spec) };
};

beforeAll(async () => {
  for (const name of names) {
    const result = await generate({ specsDir: join(FIXTURES, name, "specs"), outDir: out(name) });
    expect(result.ok, JSON.stringify(result.diagnostics.filter((d) => d.severity === "error"))).toBe(true);
  }
});
afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

describe.each(names)("docs fixture %s", (name) => {
  test("README snapshot", async () => {
    const { readme } = modelOf(name);
    await expect(readFileSync(readme, "utf8")).toMatchFileSnapshot(join(ROOT, "test/snapshots/docs", name, "README.md"));
  });

  test("parameters table: one row per body field, required flags and defaults", () => {
    const { readme, spec } = modelOf(name);
    checkParameters(readme, spec);
  });

  test("every table keeps its shape", () => {
    for (const readme of readmesOf(out(name))) checkTableShapes(readFileSync(readme, "utf8"));
  });

  test("no raw HTML from the spec reaches the rendered page", () => {
    // Rendered with raw HTML allowed, as GitHub would; the first line is the generator's own comment.
    const text = readFileSync(modelOf(name).readme, "utf8").split("\n").slice(1).join("\n");
    const html = new MarkdownIt({ html: true }).render(text);
    expect(html).not.toMatch(/<(script|img|iframe|i|b)\b/i);
    expect(html).not.toMatch(/<!--/);
  });

  test("TypeScript blocks type-check against the fixture's packages", () => {
    const { blocks, errors } = typecheckReadmes(out(name), readmesOf(out(name)));
    expect(blocks).toBeGreaterThan(0);
    expect(errors.map((e) => `${e.line}: ${e.messages.join("; ")}`)).toEqual([]);
  });
});

describe("hostile Markdown", () => {
  test("descriptions end up whole in their cell, and the page after them survives", () => {
    const text = readFileSync(modelOf("hostile-markdown").readme, "utf8");
    const [table] = tablesUnder(text, "Parameters");
    const byName = new Map(table!.rows.map((r) => [r.cells[0]!.code, r.cells]));
    expect(byName.get("pipe|name")![5]!.text).toMatch(/ENDMARK$/);
    expect(byName.get("long")![5]!.text).toMatch(/long-line-word-399 ENDMARK$/);
    expect(byName.get("pipe|name")![3]!.code).toBe('"a|b"');
    // The unclosed fence of the description is closed: later sections are still headings.
    const headings = markdown.parse(text, {}).filter((t) => t.type === "heading_open" && t.tag === "h2");
    expect(headings.length).toBeGreaterThanOrEqual(7);
  });

  test("an HTML link in the description becomes a Markdown link", () => {
    const html = markdown.render(readFileSync(modelOf("hostile-markdown").readme, "utf8"));
    expect(html).toContain('<a href="https://example.com/docs">documentation link</a>');
  });
});
