/**
 * Each model README, rendered by markdown-it, has a parameters table with one row per body
 * field of its spec (read here with `yaml`, not through the generator), the right required
 * flags and defaults; and every table of every README has as many cells per row as its header.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, test } from "vitest";
import { checkParameters, checkTableShapes, markdown, readmesOf, ROOT } from "./helpers.js";

const OUT = join(ROOT, "generated");
const modelReadmes = readmesOf(OUT).filter((p) => p.includes("/models/"));

describe("parameters tables of the catalogue", () => {
  test.each(modelReadmes.map((p) => [p.slice(OUT.length + 1), p]))("%s", (_name, readme) => {
    const pkg = JSON.parse(readFileSync(join(dirname(readme), "package.json"), "utf8")) as { linkmodel: { spec: string } };
    checkParameters(readme, join(ROOT, "specs", pkg.linkmodel.spec));
  });

  test.each(readmesOf(OUT).map((p) => [p.slice(OUT.length + 1), p]))("every table of %s is well formed", (_name, readme) => {
    checkTableShapes(readFileSync(readme, "utf8"));
  });

  // A package's README is read on npm and in node_modules, where no sibling folder exists.
  test("the READMEs the packages ship link nowhere outside the package; the catalogue's links each model to its npm page", () => {
    const shipped = [join(OUT, "catalogue/README.md"), join(OUT, "runtime/README.md"), ...modelReadmes];
    for (const readme of shipped) {
      const links = markdown
        .parse(readFileSync(readme, "utf8"), {})
        .flatMap((t) => t.children ?? [])
        .filter((t) => t.type === "link_open")
        .map((t) => t.attrGet("href") ?? "");
      expect(links.length, readme).toBeGreaterThanOrEqual(readme.endsWith("catalogue/README.md") ? modelReadmes.length : 0);
      expect(links.filter((href) => !/^(https?:|#)/.test(href)), readme).toEqual([]);
    }
    const catalogue = readFileSync(join(OUT, "catalogue/README.md"), "utf8");
    for (const readme of modelReadmes) {
      const pkg = JSON.parse(readFileSync(join(dirname(readme), "package.json"), "utf8")) as { name: string };
      expect(catalogue).toContain(`](https://www.npmjs.com/package/${pkg.name})`);
    }
  });

  test("the runtime README's entry-point table lists every entry point of its exports", () => {
    const pkg = JSON.parse(readFileSync(join(OUT, "runtime/package.json"), "utf8")) as { name: string; exports: Record<string, unknown> };
    const entryPoints = Object.keys(pkg.exports)
      .filter((key) => key !== "./package.json")
      .map((key) => (key === "." ? pkg.name : `${pkg.name}/${key.slice(2)}`));
    const listed = [...readFileSync(join(OUT, "runtime/README.md"), "utf8").matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
    expect(listed).toEqual(entryPoints);
  });

  test("the catalogue README lists every model once, linked to its page", () => {
    const text = readFileSync(join(OUT, "README.md"), "utf8");
    const table = markdown.parse(text, {}).filter((t) => t.type === "inline" && /^\[.*\]\(models\//.test(t.content));
    expect(table.map((t) => /\(models\/([^/]+)\/README\.md\)/.exec(t.content)![1]).sort()).toEqual(
      modelReadmes.map((p) => p.split("/").at(-2)!).sort(),
    );
  });
});
