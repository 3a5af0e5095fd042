/**
 * Wording of the generated code that is the templates' own (not spec prose): the catalogue's
 * and the testing package's sources, as a user reads them in an editor's hover.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { walkFiles } from "../../generator/files.js";
import { ROOT } from "../helpers/workspace.js";

test('"A image request": no article "a" before a word that starts with a vowel in the catalogue and testing sources (issue 19)', () => {
  const found: string[] = [];
  for (const folder of ["generated/catalogue/src", "generated/testing/src"]) {
    for (const file of walkFiles(join(ROOT, folder))) {
      const text = readFileSync(join(ROOT, folder, file), "utf8");
      for (const match of text.matchAll(/\b[Aa] [aeiouAEIOU]\w*/g)) found.push(`${folder}/${file}: ${match[0]}`);
    }
  }
  expect(found).toEqual([]);
});

test('a doubled "do not edit": every generated source says it once, in its header (issue 19)', () => {
  const doubled: string[] = [];
  let files = 0;
  for (const file of walkFiles(join(ROOT, "generated"))) {
    if (!/\.(ts|mjs)$/.test(file) || file.includes("/dist/") || file.includes("node_modules")) continue;
    const text = readFileSync(join(ROOT, "generated", file), "utf8");
    const count = text.match(/do not edit/gi)?.length ?? 0;
    if (count === 0) continue;
    files++;
    if (count > 1) doubled.push(`${file}: ${count}`);
  }
  expect(files).toBeGreaterThan(9);
  expect(doubled).toEqual([]);
});
