/**
 * The "Testing your code" examples of the READMEs (issue 18) run, as a user would run them:
 * each block is bundled against the generated packages and run with `node --test`, and every
 * test in it passes. (readme-typecheck.test.ts type-checks the same blocks.)
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { afterAll, expect, test } from "vitest";
import { markdown, ROOT } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "lm-testing-example-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The ```ts blocks under the `## Testing your code` heading of a README. */
function testingBlocks(readme: string): string[] {
  const tokens = markdown.parse(readFileSync(readme, "utf8"), {});
  const blocks: string[] = [];
  let inside = false;
  for (const [i, t] of tokens.entries()) {
    if (t.type === "heading_open" && t.tag === "h2") inside = tokens[i + 1]?.content === "Testing your code";
    if (inside && t.type === "fence" && /^ts\b/.test(t.info.trim())) blocks.push(t.content);
  }
  return blocks;
}

test.each([
  ["generated/README.md", 3],
  ["generated/testing/README.md", 3],
  ["generated/models/wan2-6/README.md", 1],
  ["generated/models/seedream-4-0/README.md", 1],
])("%s: its testing example runs and its %i test(s) pass", async (readme, tests) => {
  const [block, ...more] = testingBlocks(join(ROOT, readme));
  expect(block).toBeDefined();
  expect(more).toEqual([]);
  const file = join(dir, readme.replace(/\W+/g, "-") + ".mjs");
  await build({
    stdin: { contents: block!, loader: "ts", resolveDir: ROOT },
    bundle: true,
    platform: "node",
    format: "esm",
    conditions: ["linkmodel-source"],
    outfile: file,
    logLevel: "silent",
  });
  const { stdout } = await promisify(execFile)(process.execPath, ["--test", "--test-reporter=tap", file], { cwd: dir });
  expect(stdout).toContain(`# pass ${tests}\n`);
  expect(stdout).toContain("# fail 0\n");
});

test("a failing example is reported (the run is not vacuous)", async () => {
  const file = join(dir, "failing.mjs");
  writeFileSync(file, 'import { test } from "node:test";\ntest("x", () => { throw new Error("no"); });\n');
  await expect(promisify(execFile)(process.execPath, ["--test", "--test-reporter=tap", file], { cwd: dir })).rejects.toMatchObject({ code: 1 });
});
