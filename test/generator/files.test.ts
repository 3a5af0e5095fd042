/**
 * The generator's one folder walker and its whole-file writer (generator/files.ts), given/want.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { walkFiles, walkTree, writeWhole } from "../../generator/files.js";

const dir = mkdtempSync(join(tmpdir(), "lm-files-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("walkTree", () => {
  const tree = join(dir, "tree");
  for (const folder of ["b/c", "a", ".hidden", "skip/inner"]) mkdirSync(join(tree, folder), { recursive: true });
  for (const file of ["z.txt", "b/c/d.txt", "b/x.txt", "a-b.txt", ".hidden/h.txt", "skip/inner/s.txt"]) writeFileSync(join(tree, file), file);
  symlinkSync(join(tree, "b"), join(tree, "link-to-b"));

  test("every file, in code-point order of its path; symlinks listed, never followed", () => {
    expect(walkFiles(tree)).toEqual([".hidden/h.txt", "a-b.txt", "b/c/d.txt", "b/x.txt", "link-to-b", "skip/inner/s.txt", "z.txt"]);
  });

  test("list and enter decide what is listed and which folders are entered", () => {
    const files = walkFiles(tree, { list: (e) => e.dirent.isFile() && e.path.endsWith(".txt"), enter: (e) => !e.dirent.name.startsWith(".") && e.dirent.name !== "skip" });
    expect(files).toEqual(["a-b.txt", "b/c/d.txt", "b/x.txt", "z.txt"]);
  });

  test("folders can be listed too, each before what it holds", () => {
    expect(walkFiles(tree, { list: () => true, enter: (e) => e.dirent.name !== "skip" && e.dirent.name !== ".hidden" }).filter((p) => p.startsWith("b"))).toEqual(["b", "b/c", "b/c/d.txt", "b/x.txt"]);
    expect(walkTree(tree, { list: (e) => e.path === "b/x.txt" })[0]!.full).toBe(join(tree, "b/x.txt"));
  });

  test("a missing folder throws, unless skipUnreadable", () => {
    expect(() => walkFiles(join(dir, "none"))).toThrow(/ENOENT/);
    expect(walkFiles(join(dir, "none"), { skipUnreadable: true })).toEqual([]);
  });
});

describe("writeWhole", () => {
  test("writes the file, makes its folder, leaves no temporary file, and sets the time asked", () => {
    const path = join(dir, "out/deep/file.json");
    writeWhole(path, "one");
    writeWhole(path, "two", { timeMs: 1_000_000_000_000 });
    expect(readFileSync(path, "utf8")).toBe("two");
    expect(statSync(path).mtimeMs).toBe(1_000_000_000_000);
    expect(readdirSync(join(dir, "out/deep"))).toEqual(["file.json"]);
  });

  test("a write that fails leaves the old file and no temporary file", () => {
    const folder = join(dir, "fail");
    mkdirSync(join(folder, "target"), { recursive: true });
    expect(() => writeWhole(join(folder, "target"), "x")).toThrow();
    expect(readdirSync(folder)).toEqual(["target"]);
  });
});
