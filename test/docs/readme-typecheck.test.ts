/**
 * Every ```ts block of every generated README (the catalogue's and each model's) compiles
 * against the generated packages: one TypeScript program, each block a module of its own.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { readmesOf, ROOT, typecheckReadmes, typescriptBlocks } from "./helpers.js";

const OUT = join(ROOT, "generated");
const readmes = readmesOf(OUT);

describe("README TypeScript blocks", () => {
  test("the catalogue and every model have a README with TypeScript examples", () => {
    expect(readmes.length).toBeGreaterThan(1);
    for (const readme of readmes) expect(typescriptBlocks(readFileSync(readme, "utf8")).length, readme).toBeGreaterThan(0);
  });

  test("every block type-checks against the generated packages", () => {
    const { blocks, errors } = typecheckReadmes(OUT, readmes);
    expect(blocks).toBeGreaterThanOrEqual(readmes.length);
    const report = errors.map((e) => `${e.readme.slice(ROOT.length + 1)}, block at line ${e.line}:\n  ${e.messages.join("\n  ")}`);
    expect(report).toEqual([]);
  });

  test("a block that does not compile is reported (the check is not vacuous)", async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "linkmodel-readme-bad-"));
    try {
      const readme = join(dir, "README.md");
      writeFileSync(readme, '# x\n\n```ts\nimport { createLinkModel } from "@linkmodel-sdk/catalogue";\nconst n: number = createLinkModel;\n```\n');
      const { errors } = typecheckReadmes(OUT, [readme]);
      expect(errors).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
