/**
 * Issue 20, item 12: links in spec text lead only to web pages and e-mail addresses. A
 * `javascript:`, `vbscript:`, `data:` or `file:` target (inline or reference-style, obfuscated
 * with case, entities, whitespace or control characters) reached the generated README and the
 * JSDoc unchanged; it must arrive as text. http(s) and mailto links keep working.
 *
 * Rendered with markdown-it told to accept every link (its default refuses some schemes, which
 * would hide the defect; an editor's hover or another renderer may not).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import MarkdownIt from "markdown-it";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { inertLinks } from "../../generator/escape.js";
import { generate } from "../../generator/generate.js";
import { ROOT } from "../helpers/workspace.js";

const GOOD = join(ROOT, "test", "fixtures", "invalid", "_good", "specs");

/** Every link target a permissive renderer makes of some Markdown. */
function hrefs(markdown: string): string[] {
  const md = new MarkdownIt({ html: false, linkify: false });
  md.validateLink = () => true;
  return [...md.render(markdown).matchAll(/<(?:a href|img src)="([^"]*)"/g)].map((m) => m[1]!);
}

/** Attacks: each would be a link to a script, a data URL or a local file. */
const UNSAFE = [
  "[inline](javascript:alert(1))",
  "[case](JaVaScRiPt:alert(1))",
  "[entity](&#106;avascript:alert(1))",
  "[named entity](javascript&colon;alert(1))",
  "[space before](  javascript:alert(1))",
  "[line break before](\njavascript:alert(1))",
  "[angle](<javascript:alert(1)>)",
  "[control](<java\tscript:alert(1)>)",
  "<javascript:alert(1)>",
  "[vb](vbscript:msgbox(1))",
  "[data](data:text/html;base64,PHNjcmlwdD4=)",
  "[file](file:///etc/passwd)",
  "![image](javascript:alert(1))",
  "[reference][1] and [shortcut]\n\n[1]: javascript:alert(1)\n[shortcut]:  JAVASCRIPT:alert(1)",
  "[ref angle][2]\n\n[2]: <javascript:alert(1)>",
  "[ref next line][3]\n\n[3]:\n  javascript:alert(1)",
];

describe("inertLinks: given spec Markdown, want no link to an unsafe target", () => {
  test.each(UNSAFE)("%j", (given) => {
    expect(hrefs(given)).not.toEqual([]); // the attack works without the fix …
    expect(hrefs(inertLinks(given))).toEqual([]); // … and not with it
  });

  test.each([
    ["[site](https://linkmodel.ai/docs)", ["https://linkmodel.ai/docs"]],
    ["[plain](http://example.com)", ["http://example.com"]],
    ["[mail](mailto:help@linkmodel.ai)", ["mailto:help@linkmodel.ai"]],
    ["[ref][1]\n\n[1]: https://linkmodel.ai/pricing", ["https://linkmodel.ai/pricing"]],
    ["[upper](HTTPS://LINKMODEL.AI)", ["HTTPS://LINKMODEL.AI"]],
  ])("%j keeps its link", (given, want) => {
    expect(hrefs(inertLinks(given))).toEqual(want);
  });

  test("text around links reads as it did", () => {
    const md = new MarkdownIt();
    const given = "See [docs](javascript:x) or [1]: javascript:y, and [site](https://a.example).";
    const plain = (html: string): string => html.replace(/<[^>]+>/g, "");
    expect(plain(md.render(inertLinks(given)))).toBe(plain(new MarkdownIt().render(given.replace(/\]\(javascript:x\)/, "]\\(javascript:x)").replace("]: j", "]\\: j"))));
    expect(plain(md.render(inertLinks(given)))).toContain("[docs](javascript:x)");
  });
});

describe("generated docs: links of a spec description", () => {
  let tmp: string;
  let outDir: string;
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), "lm-links-"));
    const specs = join(tmp, "specs");
    cpSync(GOOD, specs, { recursive: true });
    const description = [...UNSAFE, "Pricing: [prices](https://linkmodel.ai/pricing), help: [mail](mailto:help@linkmodel.ai)."].join("\n\n");
    const spec = readFileSync(join(specs, "video", "wan2-6.yaml"), "utf8")
      .replace("      summary: wan2.6\n", `      summary: "[summary](javascript:alert(1))"\n      description: ${JSON.stringify(description)}\n`)
      .replace("                prompt:\n                  type: string\n", `                prompt:\n                  type: string\n                  description: ${JSON.stringify(description)}\n`);
    writeFileSync(join(specs, "video", "wan2-6.yaml"), spec);
    outDir = join(tmp, "out");
    const result = await generate({ specsDir: specs, outDir });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  /** The Markdown of every JSDoc block of a TypeScript file (` * ` prefixes removed). */
  function jsdocs(file: string): string[] {
    return [...readFileSync(file, "utf8").matchAll(/\/\*\*([\s\S]*?)\*\//g)].map((m) => m[1]!.replace(/^[ \t]*\* ?/gm, ""));
  }

  test("the model README links only to http(s) and mailto targets, and keeps those", () => {
    const found = hrefs(readFileSync(join(outDir, "models", "wan2-6", "README.md"), "utf8"));
    // `#…`: the README's own links to its sections.
    expect(found.filter((href) => !/^(?:https?:\/\/|mailto:|#)/i.test(href))).toEqual([]);
    expect(found).toEqual(expect.arrayContaining(["https://linkmodel.ai/pricing", "mailto:help@linkmodel.ai"]));
  });

  test("JSDoc (the package module and the types) links only to http(s) and mailto targets, and keeps those", () => {
    const src = join(outDir, "models", "wan2-6", "src");
    const docs = readdirSync(src)
      .filter((f) => f.endsWith(".ts"))
      .flatMap((f) => jsdocs(join(src, f)));
    const found = docs.flatMap(hrefs);
    expect(found.filter((href) => !/^(?:https?:\/\/|mailto:)/i.test(href)), docs.filter((doc) => /javascript/i.test(doc)).join("\n----\n")).toEqual([]);
    expect(found).toEqual(expect.arrayContaining(["https://linkmodel.ai/pricing", "mailto:help@linkmodel.ai"]));
    // Both places a description lands in code: the package module and the request type.
    expect(docs.filter((doc) => doc.includes("[inline]")).length).toBeGreaterThanOrEqual(2);
  });
});
