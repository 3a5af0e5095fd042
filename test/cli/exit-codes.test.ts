/**
 * Issue 19: the command line's exit codes have one home, `runtime/cli/exit-codes.ts`. The CLI
 * package's README is generated from that table: it lists every code the code can return, each
 * with the code's own meaning, and no other; and every `EXIT` value has a row in the table.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { EXIT, EXIT_CODES } from "../../runtime/cli/exit-codes.js";
import { ROOT } from "../helpers/workspace.js";

/** The rows of the README's exit-code table: code → meaning, as Markdown. */
function readmeTable(path: string): Map<number, string> {
  const readme = readFileSync(path, "utf8");
  const start = readme.indexOf("| Exit code | Meaning |");
  expect(start, `${path} has an exit-code table`).toBeGreaterThanOrEqual(0);
  const rows = readme.slice(start).split("\n\n")[0]!.split("\n").slice(2);
  return new Map(rows.map((row) => {
    const [, code, meaning] = /^\| (\d+) \| (.*) \|$/.exec(row) ?? [];
    return [Number(code), meaning!.replace(/\\\|/g, "|")];
  }));
}

test("every exit code the command line returns is in its one table, and the table in nothing else", () => {
  expect(EXIT_CODES.map((e) => e.code).sort((a, b) => a - b)).toEqual(Object.values(EXIT).sort((a, b) => a - b));
});

test("the CLI package's README lists every exit code of the code's table, with its meaning, and no other", () => {
  const table = readmeTable(join(ROOT, "generated/cli/README.md"));
  expect([...table.keys()]).toEqual(EXIT_CODES.map((e) => e.code));
  for (const { code, meaning } of EXIT_CODES) expect(table.get(code)).toBe(meaning);
});

test("the catalogue's READMEs keep no exit-code table of their own: they point to the CLI package", () => {
  for (const path of ["generated/README.md", "generated/catalogue/README.md"]) {
    const readme = readFileSync(join(ROOT, path), "utf8");
    expect(readme).not.toContain("| Exit code |");
    expect(readme).toContain("@linkmodel-sdk/cli");
  }
});
