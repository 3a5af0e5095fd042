/**
 * The output swap against folders it may not touch, and against another run writing them. Tests run as root here, where every
 * folder is writable, so `accessSync` and `rmSync` are made to refuse the way they do for a
 * user whose `generated/` is read-only.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { afterEach, describe, expect, test, vi } from "vitest";

const refuse = vi.hoisted(() => ({ write: new Set<string>(), remove: new Set<string>() }));
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const denied = (path: unknown): Error => Object.assign(new Error(`EACCES: permission denied, '${String(path)}'`), { code: "EACCES" });
  return {
    ...fs,
    accessSync: (path: string, mode?: number) => {
      if (refuse.write.has(path)) throw denied(path);
      fs.accessSync(path, mode);
    },
    rmSync: (path: string, options?: Parameters<typeof fs.rmSync>[1]) => {
      if (refuse.remove.has(path)) throw denied(path);
      fs.rmSync(path, options);
    },
  };
});

const { applyChanges, OutputUnavailable } = await import("../../generator/write.js");

afterEach(() => {
  refuse.write.clear();
  refuse.remove.clear();
});

function output(): string {
  const outDir = join(mkdtempSync(join(tmpdir(), "lm-write-")), "generated");
  applyChanges(outDir, new Map([["a.txt", "one\n"]]), []);
  return outDir;
}

test("a read-only output folder is refused before anything is staged, and left as it was", () => {
  const outDir = output();
  refuse.write.add(outDir);
  expect(() => applyChanges(outDir, new Map([["a.txt", "two\n"]]), [])).toThrow(OutputUnavailable);
  expect(() => applyChanges(outDir, new Map([["a.txt", "two\n"]]), [])).toThrow(`cannot write ${outDir}: ${outDir} is read-only`);
  expect(readFileSync(join(outDir, "a.txt"), "utf8")).toBe("one\n");
  expect(readdirSync(dirname(outDir))).toEqual(["generated"]);
});

test("a backup that cannot be deleted does not fail the run that made it; the next run names it and changes nothing", () => {
  const outDir = output();
  const backup = join(dirname(outDir), `.${basename(outDir)}.previous`);
  refuse.remove.add(backup);
  applyChanges(outDir, new Map([["a.txt", "two\n"]]), []);
  expect(readFileSync(join(outDir, "a.txt"), "utf8")).toBe("two\n");
  expect(existsSync(backup)).toBe(true);
  expect(() => applyChanges(outDir, new Map([["a.txt", "three\n"]]), [])).toThrow(`cannot remove ${backup}, left by an earlier run: delete it`);
  expect(readFileSync(join(outDir, "a.txt"), "utf8")).toBe("two\n");
  refuse.remove.clear();
  applyChanges(outDir, new Map([["a.txt", "four\n"]]), []);
  expect(readFileSync(join(outDir, "a.txt"), "utf8")).toBe("four\n");
  expect(readdirSync(dirname(outDir))).toEqual(["generated"]);
});

test("a read-only folder inside the output is refused too", () => {
  const outDir = output();
  applyChanges(outDir, new Map([["models/x/a.txt", "x\n"]]), []);
  refuse.write.add(join(outDir, "models", "x"));
  expect(() => applyChanges(outDir, new Map([["a.txt", "two\n"]]), [])).toThrow(`${join(outDir, "models", "x")} is read-only`);
  expect(readFileSync(join(outDir, "a.txt"), "utf8")).toBe("one\n");
});

describe("one writer at a time", () => {
  const lock = (outDir: string): string => join(dirname(outDir), `.${basename(outDir)}.lock`);

  test("a run waits for another that is writing, then writes", () => {
    const outDir = output();
    // Another run holds the lock (this process's parent stands for it: it is running) and, done
    // after a moment, removes it, as a run does; a helper process does that part.
    writeFileSync(lock(outDir), String(process.ppid));
    spawn(process.execPath, ["-e", `setTimeout(() => require("node:fs").rmSync(${JSON.stringify(lock(outDir))}), 300)`]);
    applyChanges(outDir, new Map([["a.txt", "two\n"]]), [], undefined, 30_000);
    expect(readFileSync(join(outDir, "a.txt"), "utf8")).toBe("two\n");
    expect(existsSync(lock(outDir))).toBe(false);
  });

  test("while another run holds the lock past the wait, nothing is changed and the message names it", () => {
    const outDir = output();
    // The parent of this test's process stands for the other run: it is running.
    writeFileSync(lock(outDir), String(process.ppid));
    expect(() => applyChanges(outDir, new Map([["a.txt", "two\n"]]), [], undefined, 0)).toThrow(`another run (pid ${process.ppid}) is writing ${outDir}; nothing was changed`);
    expect(readFileSync(join(outDir, "a.txt"), "utf8")).toBe("one\n");
    expect(readFileSync(lock(outDir), "utf8")).toBe(String(process.ppid));
  });

  test("a lock of this process's own pid is a dead run's (in a container every run may be pid 1)", () => {
    const outDir = output();
    writeFileSync(lock(outDir), String(process.pid));
    applyChanges(outDir, new Map([["a.txt", "two\n"]]), [], undefined, 0);
    expect(readFileSync(join(outDir, "a.txt"), "utf8")).toBe("two\n");
  });

  test("an output folder whose parent does not exist yet is made, not called read-only", () => {
    const outDir = join(dirname(output()), "not", "yet", "generated");
    applyChanges(outDir, new Map([["a.txt", "one\n"]]), []);
    expect(readFileSync(join(outDir, "a.txt"), "utf8")).toBe("one\n");
  });

  test("a lock that cannot be read (a folder in its place) stops the run with its path, changing nothing", () => {
    const outDir = output();
    mkdirSync(lock(outDir));
    expect(() => applyChanges(outDir, new Map([["a.txt", "two\n"]]), [])).toThrow(OutputUnavailable);
    expect(() => applyChanges(outDir, new Map([["a.txt", "two\n"]]), [])).toThrow(`cannot read the lock ${lock(outDir)} (EISDIR); nothing was changed`);
    expect(readFileSync(join(outDir, "a.txt"), "utf8")).toBe("one\n");
    expect(readdirSync(dirname(outDir)).filter((n) => n.includes(".lock."))).toEqual([]);
  });

  test("a lock left by a run that died is taken over, and released after", () => {
    const outDir = output();
    const gone = spawnSync(process.execPath, ["-e", "process.exit(0)"]).pid!;
    writeFileSync(lock(outDir), String(gone));
    applyChanges(outDir, new Map([["a.txt", "two\n"]]), []);
    expect(readFileSync(join(outDir, "a.txt"), "utf8")).toBe("two\n");
    expect(existsSync(lock(outDir))).toBe(false);
  });
});
