/**
 * The V8 code cache of the render stage's dependencies can only make a run faster: a missing,
 * corrupt or stale cache gives the same output.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { codeCacheDir } from "../../generator/code-cache.js";
import { contents, ROOT, snapshotTree } from "../helpers/workspace.js";

describe("code cache", () => {
  test("garbage in every cache file: the same output, and the cache is rewritten", () => {
    const dir = codeCacheDir();
    const outA = mkdtempSync(join(tmpdir(), "lm-cc-a-"));
    const outB = mkdtempSync(join(tmpdir(), "lm-cc-b-"));
    try {
      const bin = join(ROOT, "build/generator/bin.js");
      // Start from an empty cache, so that every entry in it is one this run loads (entries of
      // other versions of a dependency would never be rewritten).
      rmSync(dir, { recursive: true, force: true });
      execFileSync(process.execPath, [join(ROOT, "generator/build.mjs")]);
      execFileSync(process.execPath, [bin, "generate", "--specs", join(ROOT, "specs"), "--out", outA]);
      const files = readdirSync(dir);
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) writeFileSync(join(dir, file), "not a V8 code cache");
      execFileSync(process.execPath, [bin, "generate", "--specs", join(ROOT, "specs"), "--out", outB]);
      expect(contents(snapshotTree(outB))).toEqual(contents(snapshotTree(outA)));
      expect(readdirSync(dir).every((file) => snapshotTree(dir).get(file)!.content !== "not a V8 code cache")).toBe(true);
    } finally {
      rmSync(outA, { recursive: true, force: true });
      rmSync(outB, { recursive: true, force: true });
    }
  });
});
