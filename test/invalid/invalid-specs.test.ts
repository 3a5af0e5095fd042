/**
 * Issue 7: every way a spec can be wrong has its own diagnostic code and location, every bad
 * spec is reported in one run, and a failed run leaves the output folder byte for byte (and
 * mtime for mtime) as it was. With `keepGoing` the good specs are generated and the run still
 * fails.
 *
 * Fixtures: `test/fixtures/invalid/<problem>/specs/` (a group with `_query.yaml` and the bad
 * file) and `expect.json` (`code`, `file`, `line`, `column`, `pointer`). The fixtures that would
 * bloat or break the repository (a huge file, a file name with a line break) are made here.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCli } from "../../generator/cli.js";
import type { Diagnostic } from "../../generator/diagnostics.js";
import { generate } from "../../generator/generate.js";
import { MAX_SPEC_BYTES } from "../../generator/files.js";
import { ROOT, snapshotTree } from "../helpers/workspace.js";

const FIXTURES = join(ROOT, "test", "fixtures", "invalid");
const GOOD = join(FIXTURES, "_good", "specs");

interface Expectation {
  readonly code: string;
  readonly file: string;
  readonly line: number | null;
  readonly column: number | null;
  readonly pointer?: string;
}

const committed = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !entry.name.startsWith("_"))
  .map((entry) => entry.name)
  .sort();

let tmp: string;
/** Output of the good catalogue, made once; each case works on a copy (mtimes kept). */
let goodOut: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "lm-invalid-"));
  goodOut = join(tmp, "good-out");
  const result = await generate({ specsDir: GOOD, outDir: goodOut });
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(result.ok).toBe(true);
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let counter = 0;
/** A fresh folder holding a copy of the good output (`out/`) and nothing else. */
function arena(): { dir: string; outDir: string } {
  const dir = join(tmp, `case-${++counter}`);
  mkdirSync(dir);
  const outDir = join(dir, "out");
  cpSync(goodOut, outDir, { recursive: true, preserveTimestamps: true });
  return { dir, outDir };
}

/** Runs `generate` and asserts the run failed and left `dir` (the output and its siblings) untouched. */
async function runUntouched(specsDir: string, options: { keepGoing?: boolean } = {}): Promise<Diagnostic[]> {
  const { dir, outDir } = arena();
  const before = snapshotTree(dir);
  const result = await generate({ specsDir, outDir, ...options });
  expect(result.ok).toBe(false);
  expect(result.written).toEqual([]);
  expect(result.removed).toEqual([]);
  const after = snapshotTree(dir);
  // Same files, same bytes, same mtimes; no staging or backup folder left beside the output.
  expect([...after.keys()]).toEqual([...before.keys()]);
  for (const [path, file] of before) expect(after.get(path), path).toEqual(file);
  expect(readdirSync(dir)).toEqual(["out"]);
  return result.diagnostics;
}

function expectDiagnostic(diagnostics: readonly Diagnostic[], want: Expectation): void {
  const errors = diagnostics.filter((d) => d.severity === "error");
  expect(errors.map((d) => d.code)).toContain(want.code);
  const found = errors.find((d) => d.code === want.code)!;
  expect(found.location).toMatchObject({ file: want.file, line: want.line, column: want.column });
  if (want.pointer !== undefined) expect(found.location.pointer).toBe(want.pointer);
  // Every error names its file, and a message a person can act on.
  for (const d of errors) {
    expect(d.location.file).not.toBe("");
    expect(d.message.length).toBeGreaterThan(10);
  }
}

describe("invalid specs: one code and location each, output untouched", () => {
  test("there is a fixture for every problem of issue 7", () => {
    const codes = new Set(committed.map((name) => (JSON.parse(readFileSync(join(FIXTURES, name, "expect.json"), "utf8")) as Expectation).code));
    // LM004 (huge file) and LM007 (unsafe file name) are made at run time, below.
    for (const code of ["LM002", "LM003", "LM005", "LM006", "LM101", "LM102", "LM103", "LM104", "LM105", "LM201", "LM202", "LM203", "LM204", "LM205", "LM206", "LM302", "LM303", "LM304", "LM305"]) {
      expect(codes, code).toContain(code);
    }
  });

  test.each(committed)("%s", async (name) => {
    const want = JSON.parse(readFileSync(join(FIXTURES, name, "expect.json"), "utf8")) as Expectation;
    const diagnostics = await runUntouched(join(FIXTURES, name, "specs"));
    expectDiagnostic(diagnostics, want);
  });

  test("duplicate model id: the other file is named as related", async () => {
    const diagnostics = await runUntouched(join(FIXTURES, "duplicate-model-id", "specs"));
    const clash = diagnostics.find((d) => d.code === "LM302")!;
    expect(clash.related).toEqual([expect.objectContaining({ file: "video/wan2-6-copy.yaml", line: 36, column: 23 })]);
  });

  test("huge file (made at run time): LM004, nothing read into YAML", async () => {
    const specs = join(tmp, "huge-specs");
    cpSync(join(FIXTURES, "_good", "specs"), specs, { recursive: true });
    const filler = `# ${"x".repeat(78)}\n`.repeat(Math.ceil((MAX_SPEC_BYTES + 1) / 81));
    writeFileSync(join(specs, "video", "huge.yaml"), `${filler}openapi: 3.0.3\n`);
    const diagnostics = await runUntouched(specs);
    expectDiagnostic(diagnostics, { code: "LM004", file: "video/huge.yaml", line: null, column: null });
  });

  test("a string alias bomb (made at run time): one 1 MB string used 3,000 times is LM006", async () => {
    const specs = join(tmp, "string-bomb-specs");
    cpSync(join(FIXTURES, "_good", "specs"), specs, { recursive: true });
    const uses = Array.from({ length: 3000 }, (_, i) => `  k${i}: *big`).join("\n");
    writeFileSync(join(specs, "video", "string-bomb.yaml"), `openapi: 3.0.3\nx-big: &big ${"a".repeat(1024 * 1024)}\nx-uses:\n${uses}\n`);
    const diagnostics = await runUntouched(specs);
    // At the use that crosses the limit: the string itself and nine uses are ten million characters, the keys the rest.
    expectDiagnostic(diagnostics, { code: "LM006", file: "video/string-bomb.yaml", line: 12, column: 7 });
  });

  test("a file name with a line break or a comment terminator (made at run time): LM007", async () => {
    const specs = join(tmp, "name-specs");
    cpSync(join(FIXTURES, "_good", "specs"), specs, { recursive: true });
    const base = readFileSync(join(GOOD, "video", "wan2-6.yaml"), "utf8").replace(/wan2\.6/g, "sneaky-1");
    writeFileSync(join(specs, "video", "x\nprocess.exit(1)\n*.yaml"), base);
    const diagnostics = await runUntouched(specs);
    expectDiagnostic(diagnostics, { code: "LM007", file: "video/x?process.exit(1)?*.yaml", line: null, column: null });
  });

  test("several bad specs in one run: every one is reported", async () => {
    const specs = join(tmp, "many-specs");
    cpSync(join(FIXTURES, "_good", "specs"), specs, { recursive: true });
    const picked = ["unreadable-yaml", "binary-garbage", "swagger-2", "no-request-schema", "minimum-above-maximum", "dangling-ref", "model-id-escapes-output", "alias-bomb"];
    for (const name of picked) {
      const want = JSON.parse(readFileSync(join(FIXTURES, name, "expect.json"), "utf8")) as Expectation;
      cpSync(join(FIXTURES, name, "specs", want.file), join(specs, want.file));
    }
    const diagnostics = await runUntouched(specs);
    for (const name of picked) expectDiagnostic(diagnostics, JSON.parse(readFileSync(join(FIXTURES, name, "expect.json"), "utf8")) as Expectation);
  });
});

describe("--keep-going: the good specs are generated, the run still fails", () => {
  function mixedSpecs(name: string): string {
    const specs = join(tmp, name);
    cpSync(GOOD, specs, { recursive: true });
    // The bad spec claims its own model id, so the only problem is its unknown type.
    const unknownType = readFileSync(join(FIXTURES, "unknown-type", "specs", "video", "unknown-type.yaml"), "utf8").replace(/wan2\.6/g, "other-1");
    writeFileSync(join(specs, "video", "unknown-type.yaml"), unknownType);
    cpSync(join(FIXTURES, "model-id-escapes-output", "specs", "video", "evil.yaml"), join(specs, "video", "evil.yaml"));
    return specs;
  }

  test("through generate({ keepGoing: true })", async () => {
    const specs = mixedSpecs("keep-going-api");
    const outDir = join(tmp, "keep-going-api-out");
    const result = await generate({ specsDir: specs, outDir, keepGoing: true });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.filter((d) => d.severity === "error").map((d) => d.code).sort()).toEqual(["LM201", "LM304"]);
    expect(result.models.map((m) => m.id)).toEqual(["wan2.6"]);
    expect(readdirSync(join(outDir, "models"))).toEqual(["wan2-6"]);
    // Nothing named after the bad specs, anywhere near the output.
    expect(readdirSync(tmp).filter((f) => /evil/.test(f))).toEqual([]);
  });

  test("through the command line: exit code 1, good package written", async () => {
    const specs = mixedSpecs("keep-going-cli");
    const outDir = join(tmp, "keep-going-cli-out");
    const err: string[] = [];
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t), cwd: tmp };
    expect(await runCli(["generate", "--specs", specs, "--out", outDir, "--keep-going"], io), err.join("\n")).toBe(1);
    expect(readdirSync(join(outDir, "models"))).toEqual(["wan2-6"]);
    expect(err.join("\n")).toMatch(/video\/unknown-type\.yaml:19:25 .*error LM201/);
    expect(err.join("\n")).toMatch(/video\/evil\.yaml:36:23 .*error LM304/);
    // Without --keep-going: exit 1 and nothing written.
    const fresh = join(tmp, "no-keep-going-cli-out");
    expect(await runCli(["generate", "--specs", specs, "--out", fresh], io)).toBe(1);
    expect(readdirSync(tmp)).not.toContain("no-keep-going-cli-out");
  });
});
