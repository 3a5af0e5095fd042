/**
 * Units of the docs view (generator/docs.ts) and of the Markdown escapes it relies on
 * (generator/escape.ts), as `given → want` tables.
 */
import MarkdownIt from "markdown-it";
import { describe, expect, test } from "vitest";
import { allowedText, fenceFor, formatDuration, safeUrl, scheduleRows, shellQuote } from "../../generator/docs.js";
import { exampleValue } from "../../generator/examples.js";
import { markdownBlock, markdownCell, markdownCellCode, splitCodeSpans } from "../../generator/escape.js";
import type { FieldIR, Json } from "../../generator/ir.js";

const md = new MarkdownIt();
const field = (over: Partial<FieldIR>): FieldIR => ({
  name: "f",
  type: "string",
  schemaType: "string",
  required: false,
  default: null,
  hasDefault: false,
  enum: null,
  format: null,
  minimum: null,
  maximum: null,
  minLength: null,
  maxLength: null,
  minItems: null,
  maxItems: null,
  description: null,
  schema: {},
  ...over,
});

describe("exampleValue", () => {
  test.each<{ name: string; given: Json; field?: string; group?: string; want: Json }>([
    { name: "default first", given: { type: "string", enum: ["1080P", "720P"], default: "720P" }, want: "720P" },
    { name: "first enum value", given: { type: "integer", enum: [5, 10] }, want: 5 },
    { name: "format url, image", given: { type: "string", format: "url" }, field: "first_frame_image", want: "https://example.com/input.png" },
    { name: "format url, video", given: { type: "string", format: "url" }, field: "videos", want: "https://example.com/input.mp4" },
    { name: "video prompt", given: { type: "string", minLength: 1 }, field: "prompt", want: "A red fox running through fresh snow at sunrise" },
    { name: "image prompt", given: { type: "string" }, field: "prompt", group: "image", want: "A watercolor lighthouse on a cliff at dusk" },
    { name: "prompt cut at a word within maxLength", given: { type: "string", maxLength: 12 }, field: "prompt", want: "A red fox" },
    { name: "padded to minLength", given: { type: "string", minLength: 10 }, field: "x", want: "example..." },
    { name: "integer lower bound", given: { type: "integer", minimum: 3, maximum: 15 }, want: 3 },
    { name: "exclusive lower bound", given: { type: "integer", minimum: 3, exclusiveMinimum: true }, want: 4 },
    { name: "number upper bound only", given: { type: "number", maximum: 1 }, want: 1 },
    { name: "boolean", given: { type: "boolean" }, want: true },
    { name: "array of minItems", given: { type: "array", minItems: 2, items: { type: "string", format: "url" } }, field: "images", want: ["https://example.com/input.png", "https://example.com/input.png"] },
    { name: "object with required keys", given: { type: "object", required: ["a"], properties: { a: { type: "integer" }, b: { type: "string" } } }, want: { a: 1 } },
  ])("$name", ({ given, field: name, group, want }) => {
    expect(exampleValue(given, name ?? "x", group ?? "video")).toEqual(want);
  });
});

describe("allowedText", () => {
  test.each<{ name: string; given: Partial<FieldIR>; want: string }>([
    { name: "enum", given: { enum: ["16:9", "1:1"] }, want: '`"16:9"`, `"1:1"`' },
    { name: "enum with a pipe", given: { enum: ["a|b"] }, want: '`"a\\|b"`' },
    { name: "range", given: { minimum: 0, maximum: 1 }, want: "≥ 0 and ≤ 1" },
    { name: "exclusive range", given: { minimum: 0, schema: { exclusiveMinimum: true } }, want: "> 0" },
    { name: "length", given: { minLength: 1, maxLength: 2000 }, want: "length 1–2000" },
    { name: "items", given: { maxItems: 9 }, want: "≤ 9 items" },
    { name: "format", given: { format: "url" }, want: "format `url`" },
    { name: "nothing", given: {}, want: "" },
  ])("$name", ({ given, want }) => {
    expect(allowedText(field(given))).toBe(want);
  });
});

describe("schedule", () => {
  test.each([
    [0, "0 s"],
    [30_000, "30 s"],
    [120_000, "2 min"],
    [90_000, "1 min 30 s"],
    [1_500, "1.5 s"],
    [250, "250 ms"],
  ])("formatDuration(%d) = %s", (ms, want) => {
    expect(formatDuration(ms)).toBe(want);
  });

  test("rows run from each phase to the next, the last to the deadline", () => {
    const rows = scheduleRows({ phases: [{ fromMs: 0, intervalMs: null }, { fromMs: 10_000, intervalMs: 3_000 }], deadlineMs: 900_000 });
    expect(rows).toEqual([
      { from: "0 s", to: "10 s", interval: "no requests" },
      { from: "10 s", to: "15 min", interval: "every 3 s" },
    ]);
  });
});

describe("snippets", () => {
  test.each([
    ["plain", "'plain'"],
    ["it's", "'it'\\''s'"],
    ['{"a":"$HOME `x`"}', `'{"a":"$HOME \`x\`"}'`],
  ])("shellQuote(%s)", (given, want) => {
    expect(shellQuote(given)).toBe(want);
  });

  test.each([
    [["no ticks"], "```"],
    [["a ```` b"], "`````"],
  ])("fenceFor(%j)", (given, want) => {
    expect(fenceFor(given)).toBe(want);
  });

  test.each([
    ["https://linkmodel.ai/en/models/wan2.6", "https://linkmodel.ai/en/models/wan2.6"],
    ["javascript:alert(1)", null],
    ["https://x.test/a)b", null],
    [null, null],
  ])("safeUrl(%s)", (given, want) => {
    expect(safeUrl(given)).toBe(want);
  });
});

/** The text of the one cell of a one-column table holding `cell`, as markdown-it renders it. */
const renderCell = (cell: string): string => {
  const html = md.render(`| h |\n| --- |\n| ${cell} |\n`);
  return /<td>([\s\S]*)<\/td>/.exec(html)![1]!;
};

describe("markdownCell", () => {
  test.each([
    { name: "pipe", given: "a | b", want: "a | b" },
    { name: "escaped pipe stays text", given: "a \\| b", want: "a \\| b" },
    { name: "HTML shown as text", given: "<b>x</b>", want: "&lt;b&gt;x&lt;/b&gt;" },
    { name: "code span kept, pipe inside", given: "use `a|b` here", want: "use <code>a|b</code> here" },
    { name: "stray backtick", given: "a ` b", want: "a ` b" },
    { name: "newlines", given: "one\ntwo\n\nthree", want: "one<br>two<br><br>three" },
  ])("$name", ({ given, want }) => {
    expect(renderCell(markdownCell(given))).toBe(want.replace("<br>", "&lt;br&gt;").replace("<br>", "&lt;br&gt;").replace("<br>", "&lt;br&gt;"));
  });

  test("markdownCellCode keeps pipes and backticks inside code", () => {
    expect(renderCell(markdownCellCode("a|`b`"))).toBe("<code>a|`b`</code>");
  });
});

describe("markdownBlock", () => {
  test.each([
    { name: "Markdown kept", given: "**bold** and `code`", want: "**bold** and `code`" },
    { name: "raw HTML escaped", given: "<script>x</script>", want: "&lt;script>x&lt;/script>" },
    { name: "HTML in code untouched", given: "`<b>`", want: "`<b>`" },
    {
      name: "HTML link converted",
      given: 'see <a href="https://x.test/p" target="_blank">the [docs]</a>',
      want: "see [the \\[docs\\]](https://x.test/p)",
    },
    { name: "javascript link escaped", given: '<a href="javascript:x">y</a>', want: '&lt;a href="javascript:x">y&lt;/a>' },
    { name: "autolink kept", given: "<https://x.test>", want: "<https://x.test>" },
    { name: "fenced code untouched", given: "```\n<b>\n```", want: "```\n<b>\n```" },
    { name: "unclosed fence closed", given: "text\n\n~~~~\ncode", want: "text\n\n~~~~\ncode\n~~~~" },
  ])("$name", ({ given, want }) => {
    expect(markdownBlock(given)).toBe(want);
  });
});

describe("splitCodeSpans", () => {
  test.each([
    { given: "a `b` c", want: [{ code: false, text: "a " }, { code: true, text: "`b`" }, { code: false, text: " c" }] },
    { given: "``a ` b``", want: [{ code: true, text: "``a ` b``" }] },
    { given: "a ` b", want: [{ code: false, text: "a ` b" }] },
  ])("$given", ({ given, want }) => {
    expect(splitCodeSpans(given)).toEqual(want);
  });
});
