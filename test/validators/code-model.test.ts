/**
 * The emitter's code model (generator/validators/code.ts): statements rendered in one place,
 * each report and each call of a check in both of a check function's forms (every issue, or
 * false at the first); and the imports a module derives from the helpers its code names.
 */
import { describe, expect, test } from "vitest";
import { block, check, line, render, report, when, type Statement } from "../../generator/validators/code.js";
import { compileValidator, emitFor } from "./harness.js";
import { RUNTIME_VALIDATORS_MODULE } from "../../generator/validators/index.js";

describe("render: statements → lines", () => {
  test.each<{ name: string; given: Statement[]; want: string[] }>([
    { name: "a line as written", given: [line("const a = value[\"a\"];")], want: ['const a = value["a"];'] },
    {
      name: "a guarded report stops at the first problem when asked a yes/no question",
      given: [report("value < 1", "issueAt(path, SITE, value)")],
      want: ["if (value < 1) {", "  if (issues === null) return false;", "  issues.push(issueAt(path, SITE, value));", "}"],
    },
    { name: "an unguarded report", given: [report(null, "x")], want: ["if (issues === null) return false;", "issues.push(x);"] },
    { name: "a check function's call", given: [check("checkRequestA(a, path, issues, typos)")], want: ["if (!checkRequestA(a, path, issues, typos)) return false;"] },
    {
      name: "if / else, nested",
      given: [when("a", [line("b;")], [when("c", [report(null, "d")])])],
      want: ["if (a) {", "  b;", "} else {", "  if (c) {", "    if (issues === null) return false;", "    issues.push(d);", "  }", "}"],
    },
    { name: "a loop", given: [block("for (const key of Object.keys(value))", [line("continue;")])], want: ["for (const key of Object.keys(value)) {", "  continue;", "}"] },
    { name: "a bare block", given: [block(null, [line("const passing = 1;")])], want: ["{", "  const passing = 1;", "}"] },
  ])("$name", ({ given, want }) => {
    expect(render(given)).toEqual(want);
  });
});

describe("imports are the helpers the code names", () => {
  // Fields named after helpers the module imports: a local of the same name would shadow the
  // import inside the function, and calling it would throw.
  const schema = {
    type: "object",
    properties: {
      hasOwn: { type: "string", minLength: 2 },
      isUrl: { type: "string", format: "url" },
      isInteger: { type: "integer" },
      codePointLength: { type: "string", maxLength: 3 },
      isTooShort: { type: "string", minLength: 2 },
      issueAt: { type: "number", minimum: 0 },
      findDuplicate: { type: "string" },
    },
    required: ["hasOwn"],
  };
  const source = emitFor("helpers", { request: schema });
  const m = compileValidator(source);

  test("a field named after an imported helper gets a local of its own", () => {
    expect(source).toContain("const hasOwnValue = ");
    expect(source).toContain("const isTooShortValue = ");
    // A helper this module does not import shadows nothing: the field keeps its own name.
    expect(source).toContain("const findDuplicate = ");
    expect(m.validateRequest({ hasOwn: "ab", isUrl: "https://example.com", isInteger: 1, codePointLength: "abc", isTooShort: "ab", issueAt: 0 }).ok).toBe(true);
    const wrong = m.validateRequest({ hasOwn: "a", isUrl: "no", isInteger: 1.5, codePointLength: "abcd", isTooShort: "a", issueAt: -1 });
    expect(wrong.ok ? [] : wrong.issues.map((i) => i.path)).toEqual(["/hasOwn", "/isUrl", "/isInteger", "/codePointLength", "/isTooShort", "/issueAt"]);
  });

  test("every helper a module imports is one its code calls, in order", () => {
    const from = `\n} from ${JSON.stringify(RUNTIME_VALIDATORS_MODULE)};`;
    const imported = source.slice(source.indexOf("import {\n") + "import {\n".length, source.indexOf(from)).split(",").map((s) => s.trim()).filter(Boolean);
    const body = source.slice(source.indexOf(from) + from.length);
    expect(imported).toContain("hasOwn");
    for (const name of imported) expect(body, name).toMatch(new RegExp(`\\b${name}[(<]`));
    expect(imported).toEqual([...imported].sort());
  });
});
