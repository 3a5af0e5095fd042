/**
 * Issue 20, item 10: a spec that cannot be read, or is too large, is a diagnostic in `generate`
 * as in `lint`, and its size is checked by `stat` before a byte is read. Tests run as root,
 * where `chmod 000` does not stop a read, so the failing read is injected: `node:fs` is the
 * real one except that opening or reading `locked.yaml` fails with EACCES, and every read of a
 * file is recorded.
 */
import { closeSync, cpSync, mkdtempSync, openSync, rmSync, writeFileSync, ftruncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { generate } from "../../generator/generate.js";
import { lint } from "../../generator/pipeline.js";
import { ROOT } from "../helpers/workspace.js";

/** Paths read whole, and file descriptors read from (with the path they were opened at). */
const reads = vi.hoisted(() => ({ paths: [] as string[], fds: new Map<number, string>() }));

vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const denied = (path: unknown): boolean => String(path).endsWith("locked.yaml");
  const eacces = (path: unknown): Error => Object.assign(new Error(`EACCES: permission denied, open '${String(path)}'`), { code: "EACCES" });
  const mocked = {
    ...fs,
    readFileSync: ((path: unknown, ...rest: unknown[]) => {
      if (denied(path)) throw eacces(path);
      reads.paths.push(String(path));
      // Recorded, not done: a sparse gigabyte read whole would only make the failing case slow.
      if (String(path).endsWith("huge.yaml")) throw Object.assign(new Error("read whole"), { code: "ETEST" });
      return (fs.readFileSync as (...args: unknown[]) => unknown)(path, ...rest);
    }) as typeof fs.readFileSync,
    openSync: ((path: unknown, ...rest: unknown[]) => {
      if (denied(path)) throw eacces(path);
      const fd = (fs.openSync as (...args: unknown[]) => number)(path, ...rest);
      reads.fds.set(fd, String(path));
      return fd;
    }) as typeof fs.openSync,
    readSync: ((fd: number, ...rest: unknown[]) => {
      reads.paths.push(reads.fds.get(fd) ?? `fd ${fd}`);
      return (fs.readSync as (...args: unknown[]) => number)(fd, ...rest);
    }) as typeof fs.readSync,
  };
  return { ...mocked, default: mocked };
});

const GOOD = join(ROOT, "test", "fixtures", "invalid", "_good", "specs");
let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "lm-reads-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of the good specs plus a sparse file of `bytes` bytes at video/huge.yaml (no disk used). */
function specsWithSparse(name: string, bytes: number): string {
  const specs = join(tmp, name);
  cpSync(GOOD, specs, { recursive: true });
  const fd = openSync(join(specs, "video", "huge.yaml"), "w");
  ftruncateSync(fd, bytes);
  closeSync(fd);
  return specs;
}

describe("reading specs", () => {
  test("an unreadable spec is LM001 in generate (before: an internal error with a stack trace), and --keep-going generates the rest", async () => {
    const specs = join(tmp, "locked-specs");
    cpSync(GOOD, specs, { recursive: true });
    writeFileSync(join(specs, "video", "locked.yaml"), "openapi: 3.0.3\n");
    const outDir = join(tmp, "locked-out");
    const result = await generate({ specsDir: specs, outDir, keepGoing: true });
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => [d.code, d.location.file, d.message])).toEqual([["LM001", "video/locked.yaml", "cannot read the file: EACCES"]]);
    expect(result.models.map((m) => m.id)).toEqual(["wan2.6"]);
    // lint says the same.
    expect(lint(specs).diagnostics.map((d) => [d.code, d.location.file])).toEqual([["LM001", "video/locked.yaml"]]);
  });

  test("a spec over 2 GiB is LM004 in generate (before: an internal error), judged by its size, never read", async () => {
    const specs = specsWithSparse("over-2gib", 2 ** 31 + 1);
    reads.paths.length = 0;
    const result = await generate({ specsDir: specs, outDir: join(tmp, "over-2gib-out") });
    expect(result.diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, d.location.file, d.message])).toEqual([
      ["LM004", "video/huge.yaml", `spec is ${2 ** 31 + 1} bytes; the limit is ${2 * 1024 * 1024}`],
    ]);
    expect(reads.paths.filter((path) => path.endsWith("huge.yaml"))).toEqual([]);
  });

  test("a spec of 1.9 GB is LM004 without being read whole (before: read into memory to hash it)", async () => {
    const specs = specsWithSparse("1-9-gb", 1_900_000_000);
    reads.paths.length = 0;
    const result = await generate({ specsDir: specs, outDir: join(tmp, "1-9-gb-out") });
    expect(result.diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, d.location.file])).toEqual([["LM004", "video/huge.yaml"]]);
    expect(reads.paths.filter((path) => path.endsWith("huge.yaml"))).toEqual([]);
  });
});
