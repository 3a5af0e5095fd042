/**
 * Issue 7: hostile but valid text cannot change what generated code does.
 *
 * `test/fixtures/hostile/specs/` is one create spec whose every text field tries to leave its
 * destination (`*​/ process.exit(1) /*`, `${require('fs').writeFileSync(…)}`, `</script>`,
 * backticks, `{{ }}`, pipes, U+2028/U+2029, `__proto__`, `constructor`, reserved words, names
 * starting with a digit, quotes and backslashes). The generated packages must compile under
 * `tsc --strict` and, imported and used, do only what the spec says: no exit, no file, no throw,
 * validators accepting and rejecting exactly what the schema says.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import MarkdownIt from "markdown-it";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { generate, type GenerateResult } from "../../generator/generate.js";
import { ROOT } from "../helpers/workspace.js";
import { importGenerated, tsc, writeStrictTsconfig } from "./helpers.js";

const SPECS = join(ROOT, "test", "fixtures", "hostile", "specs");
const PWNED = "/tmp/pwned-lm7";

let tmp: string;
let outDir: string;
let result: GenerateResult;

beforeAll(async () => {
  rmSync(PWNED, { force: true });
  tmp = mkdtempSync(join(tmpdir(), "lm-hostile-"));
  outDir = join(tmp, "out");
  result = await generate({ specsDir: SPECS, outDir });
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("hostile corpus", () => {
  test("generates without errors, and only inside the output folder", () => {
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.ok).toBe(true);
    expect(readdirSync(tmp)).toEqual(["out"]);
    expect(readdirSync(join(outDir, "models"))).toEqual(["hostile-1-0"]);
    expect(result.written.every((f) => !f.startsWith("/") && !f.split("/").includes(".."))).toBe(true);
  });

  test("passes tsc --strict (generated packages, runtime from runtime/src)", () => {
    expect(tsc(writeStrictTsconfig(tmp, outDir))).toBe("");
  });

  test("imported and used, does only what the spec says", async () => {
    const exit = vi.spyOn(process, "exit").mockImplementation(((code?: number) => {
      throw new Error(`process.exit(${code}) was called`);
    }) as never);
    const exitCodeBefore = process.exitCode;
    try {
      const mod = await importGenerated(join(outDir, "models", "hostile-1-0", "src", "index.ts"), tmp);
      const spec = parse(readFileSync(join(SPECS, "video", "hostile.yaml"), "utf8")) as any;
      const schema = spec.paths["/video-generation"].post.requestBody.content["application/json"].schema;

      // Metadata is data: the title reads back exactly.
      expect(mod.model.id).toBe("hostile-1.0");
      expect(mod.model.title).toBe(spec.info.title);
      expect(mod.model.provider).toContain("Evil */ Corp");

      // Validators accept what the spec allows …
      const good = JSON.parse('{"prompt":"a","a\\"b":"a\\"b","__proto__":"constructor","constructor":2,"class":true,"1st":"x"}');
      expect(Object.prototype.hasOwnProperty.call(good, "__proto__")).toBe(true);
      expect(mod.validateRequest(good)).toMatchObject({ ok: true });
      for (const value of schema.properties['a"b'].enum) {
        expect(mod.validateRequest({ prompt: "p", 'a"b': value }), JSON.stringify(value)).toMatchObject({ ok: true });
      }
      // … and reject what it does not.
      const bad: unknown[] = [
        { 'a"b': 'a"b' }, // prompt missing
        { prompt: "p" }, // a"b missing
        { prompt: "", 'a"b': 'a"b' }, // minLength 1
        { prompt: "p", 'a"b': "a\\\\b" }, // not one of the enum values (two backslashes)
        { prompt: "p", 'a"b': "${x}x" },
        JSON.parse('{"prompt":"p","a\\"b":"a\\"b","__proto__":"nope"}'),
        { prompt: "p", 'a"b': 'a"b', constructor: 4 }, // maximum 3
        { prompt: "p", 'a"b': 'a"b', class: "yes" },
        { prompt: "p", 'a"b': 'a"b', "1st": 1 },
        { prompt: "p", 'a"b': 'a"b', "a\\b": "not a number" },
        { prompt: "p", 'a"b': 'a"b', model: "*/" },
      ];
      for (const body of bad) expect(mod.validateRequest(body), JSON.stringify(body)).toMatchObject({ ok: false });
      // Validating a body with an own `__proto__` pollutes nothing.
      expect(({} as Record<string, unknown>)["constructor"]).toBe(Object);
      expect(Object.keys(Object.prototype)).toEqual([]);

      // Hostile keys in a response are structure, not code.
      expect(mod.validateCreateResponse({ code: 0, data: { task_id: "t", "*/": "x" }, msg: "*/ process.exit(17)" })).toMatchObject({ ok: true });
      expect(mod.validateCreateResponse({ code: 0, data: { "*/": 1 } })).toMatchObject({ ok: false });

      // The catalogue module too.
      const catalogue = await importGenerated(join(outDir, "catalogue", "src", "index.ts"), tmp);
      expect(Object.keys(catalogue.models)).toEqual(["hostile-1.0"]);
      expect(catalogue.models["hostile-1.0"].title).toBe(spec.info.title);
    } finally {
      exit.mockRestore();
    }
    expect(exit).not.toHaveBeenCalled();
    expect(process.exitCode).toBe(exitCodeBefore);
    expect(existsSync(PWNED)).toBe(false);
  });

  test("docs: hostile text shows as text (no live HTML, no broken table, no unclosed comment)", () => {
    // Rendered as GitHub would (raw HTML allowed): `</script>` may appear only as text or code.
    const md = new MarkdownIt({ html: true });
    for (const file of [join(outDir, "models", "hostile-1-0", "README.md"), join(outDir, "README.md")]) {
      const html = md.render(readFileSync(file, "utf8"));
      expect(html, file).not.toMatch(/<\/?script/i);
      expect(html, file).not.toMatch(/<b>x<\/b>/);
    }
    const readme = readFileSync(join(outDir, "models", "hostile-1-0", "README.md"), "utf8");
    // The only generated `<!--` is the header, and it is closed on its own line.
    expect(readme.split("\n")[0]).toMatch(/^<!--.*-->$/);
    expect(readme.split("\n").slice(1).join("\n")).not.toMatch(/<!--/);
    // The catalogue table (the first table of the README) keeps six cells in every row.
    const tokens = md.parse(readFileSync(join(outDir, "README.md"), "utf8"), {});
    const table = tokens.slice(tokens.findIndex((t) => t.type === "table_open"), tokens.findIndex((t) => t.type === "table_close"));
    const rows = table.filter((t) => t.type === "tr_open").length;
    const cells = table.filter((t) => t.type === "td_open" || t.type === "th_open").length;
    expect(rows).toBe(2);
    expect(cells).toBe(rows * 6);
  });
});

describe("property names that are Object.prototype members", () => {
  // Regression guard: openapi-typescript 7.13 called on its own (through @redocly/openapi-core's
  // resolver, which reads `type.properties[key]` through the prototype) throws "Cannot convert
  // undefined or null to object" on a schema map with a key such as `hasOwnProperty` or `valueOf`.
  test("hasOwnProperty, valueOf, isPrototypeOf, toLocaleString generate and validate", async () => {
    const specs = join(tmp, "proto-specs");
    const yaml = readFileSync(join(ROOT, "test", "fixtures", "invalid", "_good", "specs", "video", "wan2-6.yaml"), "utf8")
      .replace(/wan2\.6/g, "proto-1")
      .replace("                prompt:\n", "                hasOwnProperty:\n                  type: string\n                valueOf:\n                  type: integer\n                isPrototypeOf:\n                  type: boolean\n                toLocaleString:\n                  type: string\n                prompt:\n");
    const { cpSync, mkdirSync } = await import("node:fs");
    mkdirSync(join(specs, "video"), { recursive: true });
    cpSync(join(ROOT, "test", "fixtures", "invalid", "_good", "specs", "video", "_query.yaml"), join(specs, "video", "_query.yaml"));
    writeFileSync(join(specs, "video", "proto-1.yaml"), yaml);
    const out = join(tmp, "proto-out");
    const run = await generate({ specsDir: specs, outDir: out });
    expect(run.ok).toBe(true);
    const mod = await importGenerated(join(out, "models", "proto-1", "src", "index.ts"), tmp);
    expect(mod.validateRequest({ prompt: "p", hasOwnProperty: "x", valueOf: 1 })).toMatchObject({ ok: true });
    expect(mod.validateRequest({ prompt: "p", valueOf: "x" })).toMatchObject({ ok: false });
  });
});
