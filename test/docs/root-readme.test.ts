/**
 * The repo's own README: its "Programmatic API" example, compiled as a consumer would (a
 * project outside the repo with `linkmodel-codegen` in its node_modules, strict, `module:
 * NodeNext`; the types come only through the package's `exports`, a missing `types` condition
 * is TS7016), and its "Tests, by layer" table, which names every folder that holds tests.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { STRICT_COMPILER_OPTIONS } from "../helpers/workspace.js";
import { ROOT, typescriptBlocks } from "./helpers.js";

const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const dir = mkdtempSync(join(tmpdir(), "linkmodel-consumer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("README's Programmatic API example type-checks in a strict NodeNext project that installed linkmodel-codegen", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const blocks = typescriptBlocks(readme).filter((b) => b.code.includes('from "linkmodel-codegen/generator"'));
  expect(blocks).toHaveLength(1);
  mkdirSync(join(dir, "node_modules"));
  // As npm links a local dependency; @types/node because a Node build tool's project has it.
  symlinkSync(ROOT, join(dir, "node_modules", "linkmodel-codegen"), "dir");
  symlinkSync(join(ROOT, "node_modules", "@types"), join(dir, "node_modules", "@types"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  writeFileSync(join(dir, "main.ts"), blocks[0]!.code);
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { ...STRICT_COMPILER_OPTIONS, noEmit: true, types: ["node"] }, files: ["main.ts"] }));
  let output = "";
  try {
    execFileSync(process.execPath, [TSC, "-p", "tsconfig.json"], { cwd: dir, encoding: "utf8" });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout);
  }
  expect(output).toBe("");
});

test("README's \"Tests, by layer\" table has a row for every test folder", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const table = readme.slice(readme.indexOf("## Tests, by layer"), readme.indexOf("\n## ", readme.indexOf("## Tests, by layer") + 1));
  const rows = [...table.matchAll(/^\| `test\/([^`/]+)\/` \|/gm)].map((m) => m[1]);
  const hasTests = (folder: string): boolean => readdirSync(join(ROOT, "test", folder), { recursive: true }).some((f) => /\.test(-d)?\.ts$/.test(String(f)));
  const folders = readdirSync(join(ROOT, "test"), { withFileTypes: true }).filter((e) => e.isDirectory() && hasTests(e.name)).map((e) => e.name);
  expect([...rows].sort()).toEqual(folders.sort());
});
