/**
 * The generator's exit codes have one table (`EXIT` and `EXIT_MEANINGS` in generator/cli.ts):
 * `--help` prints it, and README's "Command line" lists every code with the same meaning.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { EXIT, EXIT_MEANINGS } from "../../generator/cli.js";
import { ROOT } from "../helpers/workspace.js";

const codes = Object.keys(EXIT) as (keyof typeof EXIT)[];

test("--help lists every exit code of the table, 3 (a breaking change pending) included", () => {
  // The built command line, as a user runs it (yargs prints help on the process's stdout).
  const help = execFileSync(process.execPath, [join(ROOT, "build/generator/bin.js"), "--help"], { encoding: "utf8" }).replace(/\s+/g, " ");
  for (const name of codes) expect(help).toContain(`${EXIT[name]} ${EXIT_MEANINGS[name]}`);
  expect(EXIT.breaking).toBe(3);
});

test("README's exit codes are the table's: every code with its meaning, and no other", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Command line"), readme.indexOf("### Limits of the generator"));
  const paragraph = section.slice(section.indexOf("Exit codes")).split("\n\n")[0]!.replace(/\s+/g, " ");
  for (const name of codes) expect(paragraph).toContain(`**${EXIT[name]}** ${EXIT_MEANINGS[name]}`);
  expect([...paragraph.matchAll(/\*\*(\d+)\*\*/g)].map((m) => Number(m[1]))).toEqual(codes.map((name) => EXIT[name]));
});
