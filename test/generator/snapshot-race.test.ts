/**
 * Two runs over different snapshots of the specs (a `--watch` and a manual run after a branch
 * switch; issue 20, item 9): whatever the order, the output is one snapshot's or the other's,
 * never a mix, and a mixed output (left by a generator from before this was fixed) is repaired
 * by the next run rather than called up to date. Each run is a separate process, as real runs are.
 *
 * The snapshots differ by edits that keep every file's size, so that no check by size alone can
 * tell their outputs apart.
 *
 * Outputs are compared without their version numbers: under the current version rule a
 * package's patch number counts the runs that changed it (README, "Version rule"), so two
 * histories that end in the same specs differ there and nowhere else.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { contents, ROOT, snapshotTree } from "../helpers/workspace.js";

const BIN = join(ROOT, "build/generator/bin.js");
const dir = mkdtempSync(join(tmpdir(), "lm-snapshots-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the generator in its own process; resolves to its exit code and output. */
function gen(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8" }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

/**
 * A copy of the catalogue's specs with same-size edits: the first letter of wan2.6's and of
 * seedream-4.0's summary replaced by the letters given.
 */
function snapshot(name: string, wan: string, seedream: string): string {
  const specs = join(dir, name);
  cpSync(join(ROOT, "specs"), specs, { recursive: true });
  for (const [file, letter] of [["video/wan2-6.yaml", wan], ["image/seedream-4-0.yaml", seedream]] as const) {
    const path = join(specs, file);
    const text = readFileSync(path, "utf8");
    const at = text.indexOf("summary: ") + "summary: ".length;
    writeFileSync(path, text.slice(0, at) + letter + text.slice(at + 1));
  }
  return specs;
}

/**
 * A tree's contents with every version number of a generated package replaced by `x.y.z`, and
 * without the manifest (which holds digests of them; the drift checks below compare it).
 */
function withoutVersions(tree: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree)
      .filter(([path]) => path !== ".linkmodel-manifest.json")
      .map(([path, text]) => [path, text.replace(/("(?:version|@linkmodel-sdk\/[a-z0-9-]+)": ")\d+\.\d+\.\d+"/g, '$1x.y.z"')]),
  );
}
const outputOf = (out: string): Record<string, string> => withoutVersions(contents(snapshotTree(out)));

let specs: Record<"a" | "b" | "c", string>;
let expected: Record<"a" | "b", Record<string, string>>;

beforeAll(async () => {
  // From C, A changes one model and B another: runs that each computed their changes against
  // C and swapped them in one after the other would leave A's wan2.6 beside B's seedream-4.0.
  specs = { a: snapshot("specs-a", "A", "C"), b: snapshot("specs-b", "C", "B"), c: snapshot("specs-c", "C", "C") };
  expected = { a: {}, b: {} };
  for (const name of ["a", "b"] as const) {
    const out = join(dir, `expected-${name}`);
    expect((await gen("generate", "--specs", specs[name], "--out", out)).code).toBe(0);
    expected[name] = outputOf(out);
  }
  expect(expected.a).not.toEqual(expected.b);
}, 120_000);

test("two runs over different spec snapshots at once leave one snapshot's output, never a mix (issue 20, item 9)", async () => {
  for (let round = 0; round < 3; round++) {
    const out = join(dir, `race-${round}`);
    // Both start from a third snapshot's output, so that each has changes to make.
    expect((await gen("generate", "--specs", specs.c, "--out", out)).code).toBe(0);
    const runs = await Promise.all([gen("generate", "--specs", specs.a, "--out", out), gen("generate", "--specs", specs.b, "--out", out)]);
    expect(runs.map((r) => r.code), runs.map((r) => r.out).join("\n")).toEqual([0, 0]);
    // One snapshot's output: the drift check of one of the two passes (it compares every byte
    // with what that snapshot renders, versions as the output's own manifest counts them).
    const checks = await Promise.all([gen("generate", "--check", "--specs", specs.a, "--out", out), gen("generate", "--check", "--specs", specs.b, "--out", out)]);
    expect(checks.map((c) => c.code).sort(), checks.map((c) => c.out).join("\n")).toEqual([0, 1]);
    // And the next run of either snapshot makes exactly its output.
    expect((await gen("generate", "--specs", specs.a, "--out", out)).code).toBe(0);
    expect(outputOf(out)).toEqual(expected.a);
    expect((await gen("generate", "--check", "--specs", specs.a, "--out", out)).code).toBe(0);
  }
}, 300_000);

test("a mixed output, one snapshot's files under the other's manifest, is repaired by the next run, not called up to date", async () => {
  const out = join(dir, "mixed");
  cpSync(join(dir, "expected-b"), out, { recursive: true });
  // What the old generator could leave: snapshot A's module of wan2.6 (the same size) in B's output.
  cpSync(join(dir, "expected-a/models/wan2-6/src/index.ts"), join(out, "models/wan2-6/src/index.ts"));
  expect(outputOf(out)).not.toEqual(expected.b);
  const run = await gen("generate", "--specs", specs.b, "--out", out);
  expect(run.code).toBe(0);
  expect(run.out).not.toContain("nothing changed");
  expect(outputOf(out)).toEqual(expected.b);
  expect((await gen("generate", "--check", "--specs", specs.b, "--out", out)).out).toContain("up to date");
}, 120_000);
