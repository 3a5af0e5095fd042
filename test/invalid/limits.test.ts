/**
 * Issue 20, item 10: every resource limit of the loader is checked before the work it guards,
 * and crossing one is a diagnostic with its own code and position, never a crash. Each case is
 * built here from the good catalogue (nothing huge is committed): the generator must report
 * the code, leave the output untouched, and with `keepGoing` still generate the good specs.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Diagnostic } from "../../generator/diagnostics.js";
import { generate } from "../../generator/generate.js";
import { ROOT, snapshotTree } from "../helpers/workspace.js";

const GOOD = join(ROOT, "test", "fixtures", "invalid", "_good", "specs");
const GOOD_SPEC = readFileSync(join(GOOD, "video", "wan2-6.yaml"), "utf8");

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "lm-limits-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let counter = 0;
/** A copy of the good specs with `files` added (path below specs/ → content); returns the specs folder. */
function specsWith(files: Record<string, string>): string {
  const specs = join(tmp, `specs-${++counter}`);
  cpSync(GOOD, specs, { recursive: true });
  for (const [path, content] of Object.entries(files)) writeFileSync(join(specs, path), content);
  return specs;
}

/** The good create spec claiming another model id, with `prompt` replaced by `property` (YAML at the property's indentation). */
function specWithPrompt(id: string, property: string, tail = ""): string {
  const prompt = "                prompt:\n                  type: string\n                  minLength: 1\n                  maxLength: 2000\n";
  expect(GOOD_SPEC).toContain(prompt);
  return GOOD_SPEC.replace(/wan2\.6/g, id).replace(prompt, property) + tail;
}

/** Runs generate on `specs`: without keepGoing it fails and leaves the output folder as it was. */
async function failsUntouched(specs: string): Promise<Diagnostic[]> {
  const outDir = join(tmp, `out-${++counter}`);
  await generate({ specsDir: GOOD, outDir });
  const before = snapshotTree(outDir);
  const result = await generate({ specsDir: specs, outDir });
  expect(result.ok).toBe(false);
  expect(result.written).toEqual([]);
  expect(snapshotTree(outDir)).toEqual(before);
  return result.diagnostics.filter((d) => d.severity === "error");
}

/** The only error, as `code file:line:column pointer`. */
function only(errors: readonly Diagnostic[]): string {
  expect(errors, JSON.stringify(errors)).toHaveLength(1);
  const { code, location } = errors[0]!;
  return `${code} ${location.file}:${location.line}:${location.column} ${location.pointer ?? ""}`.trim();
}

describe("YAML limits, checked while parsing", () => {
  test("mapping keys made of aliases (a 1 MB spec) are LM006, not an out-of-memory crash", () => {
    // `? [*a, *a, …]`: js-yaml turns each key into one string of every alias, before any check after the parse.
    const key = `[${Array(100).fill("*a").join(", ")}`;
    let yaml = `openapi: 3.0.3\nx-a: &a ${"x".repeat(100_000)}\nx-keys:\n`;
    for (let i = 0; yaml.length < 1_000_000; i++) yaml += `  ? ${key}, ${i}]\n  : 1\n`;
    const specs = specsWith({ "video/keys.yaml": yaml });
    execFileSync(process.execPath, [join(ROOT, "generator", "build.mjs")]);
    // In a child with a small heap: before the fix it ran out of memory (exit 134).
    const run = spawnSync(process.execPath, ["--max-old-space-size=256", join(ROOT, "build", "generator", "bin.js"), "lint", "--specs", specs], { encoding: "utf8", timeout: 60_000 });
    expect(run.status, run.stderr).toBe(1);
    // The anchored string and the first key's hundred aliases are 10.1 million characters; the
    // second key's fourth alias (line 6, column 18) crosses the limit of 10,485,760.
    expect(`${run.stdout}${run.stderr}`).toMatch(/^video\/keys\.yaml:6:18: error LM006: YAML aliases expand to more than 200000 nodes or 10485760 characters/m);
  });

  test("aliases nesting 20,000 deep (each anchor a list of the previous) are LM009 at the alias that nests too deep (before: LM006, a size problem it is not)", async () => {
    let yaml = "openapi: 3.0.3\nx-0: &a0 [x]\n";
    for (let i = 1; i < 20_000; i++) yaml += `x-${i}: &a${i} [*a${i - 1}]\n`;
    const errors = await failsUntouched(specsWith({ "video/nested-aliases.yaml": yaml }));
    // Line 65, `x-63: &a63 [*a62]`: the alias stands for 63 lists, inside x-63's list inside the root mapping: 65 levels.
    expect(only(errors)).toBe("LM009 video/nested-aliases.yaml:65:13");
    expect(errors[0]!.message).toContain("more than 64 levels");
  });

  test("flow lists nesting 80 deep are LM009 at the list that crosses the limit", async () => {
    const errors = await failsUntouched(specsWith({ "video/deep.yaml": `openapi: 3.0.3\nx-deep: ${"[".repeat(80)}${"]".repeat(80)}\n` }));
    // The 64th `[` is the 65th level (the root mapping is the first).
    expect(only(errors)).toBe("LM009 video/deep.yaml:2:72");
  });
});

describe("schema limits, checked before inlining", () => {
  /** `nested` → s0 → s1 → … → s{depth}, each an object whose property `p` is a $ref to the next. */
  function refChain(depth: number): string {
    let components = "components:\n  schemas:\n";
    for (let i = 0; i < depth; i++) components += `    s${i}:\n      type: object\n      properties:\n        p:\n          $ref: "#/components/schemas/s${i + 1}"\n`;
    components += `    s${depth}:\n      type: string\n`;
    return specWithPrompt("deep-1", '                prompt:\n                  type: string\n                nested:\n                  $ref: "#/components/schemas/s0"\n', components);
  }

  test("a $ref chain 1,000 deep is LM212, not a stack overflow", async () => {
    const errors = await failsUntouched(specsWith({ "video/deep.yaml": refChain(1000) }));
    expect(only(errors)).toMatch(/^LM212 video\/deep\.yaml:\d+:\d+ \/components\/schemas\/s\d+\/properties\/p$/);
    expect(errors[0]!.message).toContain("more than 64 levels");
  });

  test("with --keep-going, a $ref chain 1,000 deep does not stop the good specs from being generated", async () => {
    const outDir = join(tmp, "keep-going-out");
    const result = await generate({ specsDir: specsWith({ "video/deep.yaml": refChain(1000) }), outDir, keepGoing: true });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual(["LM212"]);
    expect(result.models.map((m) => m.id)).toEqual(["wan2.6"]);
    expect(readdirSync(join(outDir, "models"))).toEqual(["wan2-6"]);
  });

  test("a $ref chain within the limit still generates", async () => {
    const result = await generate({ specsDir: specsWith({ "video/deep.yaml": refChain(10) }), outDir: join(tmp, "shallow-out") });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.models.map((m) => m.id).sort()).toEqual(["deep-1", "wan2.6"]);
  });

  test("an enum of 100,000 values is LM213 at the enum (before, it was called 50,000 nodes of $refs)", async () => {
    const values = Array.from({ length: 100_000 }, (_, i) => `v${i}`).join(", ");
    const errors = await failsUntouched(specsWith({ "video/big-enum.yaml": specWithPrompt("big-enum-1", `                prompt:\n                  type: string\n                  enum: [${values}]\n`) }));
    expect(only(errors)).toBe("LM213 video/big-enum.yaml:20:19 /paths/~1video-generation/post/requestBody/content/application~1json/schema/properties/prompt/enum");
    expect(errors[0]!.message).toContain("more than 1000 values");
  });

  test("a schema of 60,000 properties is LM211, named as what it is (not a $ref problem)", async () => {
    let properties = "";
    for (let i = 0; i < 60_000; i++) properties += `                p${i}: {}\n`;
    const errors = await failsUntouched(specsWith({ "video/wide.yaml": specWithPrompt("wide-1", `                prompt:\n                  type: string\n${properties}`) }));
    expect(only(errors)).toMatch(/^LM211 video\/wide\.yaml:\d+:\d+ \/paths\/~1video-generation\/post\/requestBody\/content\/application~1json\/schema\/properties\/p\d+$/);
    expect(errors[0]!.message).toContain("more than 50000 nodes once its $refs are inlined");
  });
});

describe("entries of specs/ that are not regular files are named, never skipped without a word", () => {
  test("a folder named *.yaml, a FIFO, a symlink out of specs/ or to nothing, a symlinked folder: LM008 each; a symlink inside specs/ is followed", async () => {
    const specs = specsWith({});
    mkdirSync(join(specs, "video", "folder.yaml"));
    execFileSync("mkfifo", [join(specs, "video", "pipe.yaml")]);
    const outside = join(tmp, "outside.yaml");
    writeFileSync(outside, GOOD_SPEC.replace(/wan2\.6/g, "outside-1"));
    symlinkSync(outside, join(specs, "video", "outside.yaml"));
    symlinkSync(join(specs, "video", "missing.yaml"), join(specs, "video", "dangling.yaml"));
    symlinkSync(join(specs, "video"), join(specs, "linked-folder"));
    // A draft kept in a hidden folder (never listed itself), published by a symlink.
    mkdirSync(join(specs, ".drafts"));
    writeFileSync(join(specs, ".drafts", "inside.yaml"), GOOD_SPEC.replace(/wan2\.6/g, "inside-1"));
    symlinkSync(join("..", ".drafts", "inside.yaml"), join(specs, "video", "inside.yaml"));

    const outDir = join(tmp, "entries-out");
    const result = await generate({ specsDir: specs, outDir, keepGoing: true });
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => `${d.code} ${d.location.file}`).sort()).toEqual([
      "LM008 linked-folder",
      "LM008 video/dangling.yaml",
      "LM008 video/folder.yaml",
      "LM008 video/outside.yaml",
      "LM008 video/pipe.yaml",
    ]);
    const message = (file: string): string => errors.find((d) => d.location.file === file)!.message;
    expect(message("video/folder.yaml")).toMatch(/folder is named like a spec/);
    expect(message("video/pipe.yaml")).toMatch(/FIFO, not a regular file/);
    expect(message("video/outside.yaml")).toMatch(/points outside the specs folder/);
    expect(message("video/dangling.yaml")).toMatch(/leads nowhere \(ENOENT\)/);
    expect(message("linked-folder")).toMatch(/symlink to a folder is not followed/);
    expect(result.models.map((m) => m.id).sort()).toEqual(["inside-1", "wan2.6"]);
    expect(readdirSync(join(outDir, "models")).sort()).toEqual(["inside-1", "wan2-6"]);
  });
});
