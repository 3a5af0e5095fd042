/**
 * What one run leaves for the next: `--check` on broken specs, and the no-op path after a
 * filtered run, a failed `--keep-going` run or a hand edit of the output. Each case is a
 * sequence of command lines a user would type, asserting what the last one says and does.
 */
import { execFileSync } from "node:child_process";
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { runCli } from "../../generator/cli.js";
import { copyGenerator, makeWorkspace, type Workspace } from "../helpers/workspace.js";

const workspaces: Workspace[] = [];
function workspace(): Workspace {
  const ws = makeWorkspace();
  workspaces.push(ws);
  return ws;
}
afterEach(() => {
  for (const ws of workspaces.splice(0)) ws.remove();
});

/** Runs the command line in-process in the workspace, capturing what it prints. */
async function cli(ws: Workspace, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runCli(args, { cwd: ws.dir, out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

/** The output is in step with the specs: the drift check passes and a full run changes nothing. */
async function expectNothingStale(ws: Workspace): Promise<void> {
  const check = await cli(ws, "generate", "--check");
  expect(check.out).not.toContain("changed");
  expect(check.code).toBe(0);
  expect((await cli(ws, "generate")).out).toContain("nothing changed");
}

function edit(path: string, from: string, to: string): void {
  const text = readFileSync(path, "utf8");
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

describe("--check with spec errors", () => {
  test("prints the error and exits 1, not an internal error", async () => {
    const ws = workspace();
    expect((await cli(ws, "generate")).code).toBe(0);
    edit(join(ws.specsDir, "video/sora-2.yaml"), "openapi: 3.0.3", "openapi: 3.1.0");
    const result = await cli(ws, "generate", "--check");
    expect(result.err).toMatch(/video\/sora-2\.yaml:3:10 \(\/openapi\): error LM102/);
    expect(result.err).not.toContain("internal error");
    expect(result.out).toContain("not compared");
    expect(result.code).toBe(1);
  });
});

describe("the next run is not fooled", () => {
  test("after a filtered run, a full run regenerates the model the filter left stale", async () => {
    const ws = workspace();
    expect((await cli(ws, "generate")).code).toBe(0);
    edit(join(ws.specsDir, "video/wan2-6.yaml"), "summary:", "summary: (edited)");
    edit(join(ws.specsDir, "video/kling-v3.yaml"), "summary:", "summary: (edited)");
    expect((await cli(ws, "generate", "wan2.6")).code).toBe(0);
    const full = await cli(ws, "generate");
    expect(full.out).not.toContain("nothing changed");
    expect(full.out).toContain("kling-v3");
    expect((await cli(ws, "generate", "--check")).code).toBe(0);
  });

  test("a template change, then a filtered run, then a full run: the packages the filter left out are regenerated, not called up to date (issue 15)", () => {
    const ws = workspace();
    const tool = copyGenerator(ws.dir);
    const gen = (...args: string[]): string =>
      execFileSync(process.execPath, [tool.bin, ...args, "--specs", ws.specsDir, "--out", ws.outDir], { cwd: ws.dir, encoding: "utf8" });
    gen("generate");
    // A developer changes a template of every model package…
    appendFileSync(join(tool.root, "templates/model/README.md.hbs"), "\nA line added to the template.\n");
    // …regenerates one model to look at it…
    gen("generate", "wan2.6");
    expect(readFileSync(join(ws.outDir, "models/wan2-6/README.md"), "utf8")).toContain("A line added to the template.");
    // …and then everything: the other models still carry the old template.
    const full = gen("generate");
    expect(full).not.toContain("nothing changed");
    expect(readFileSync(join(ws.outDir, "models/kling-v3/README.md"), "utf8")).toContain("A line added to the template.");
    expect(gen("generate", "--check")).toContain("up to date");
    expect(gen("generate")).toContain("nothing changed");
  });

  test("a filtered run on up-to-date output leaves the drift check passing and the next full run a no-op", async () => {
    const ws = workspace();
    expect((await cli(ws, "generate")).code).toBe(0);
    const manifest = readFileSync(join(ws.outDir, ".linkmodel-manifest.json"), "utf8");
    expect((await cli(ws, "generate", "wan2.6")).code).toBe(0);
    expect(readFileSync(join(ws.outDir, ".linkmodel-manifest.json"), "utf8")).toBe(manifest);
    await expectNothingStale(ws);
  });

  test("a filtered run on the one edited spec leaves nothing stale: the drift check passes, the next full run is a no-op", async () => {
    const ws = workspace();
    expect((await cli(ws, "generate")).code).toBe(0);
    edit(join(ws.specsDir, "video/wan2-6.yaml"), "summary:", "summary: (edited)");
    expect((await cli(ws, "generate", "wan2.6")).code).toBe(0);
    await expectNothingStale(ws);
  });

  test("--check with a filter compares the packages it names, not the manifest or the other models", async () => {
    const ws = workspace();
    expect((await cli(ws, "generate")).code).toBe(0);
    expect((await cli(ws, "generate", "--check", "wan2.6")).code).toBe(0);
    const kling = join(ws.outDir, "models/kling-v3/src/index.ts");
    writeFileSync(kling, `${readFileSync(kling, "utf8")}// mine\n`);
    expect((await cli(ws, "generate", "--check", "wan2.6")).code).toBe(0);
    const wan = join(ws.outDir, "models/wan2-6/src/index.ts");
    writeFileSync(wan, `${readFileSync(wan, "utf8")}// mine\n`);
    const drifted = await cli(ws, "generate", "--check", "wan2.6");
    expect(drifted.code).toBe(1);
    expect(drifted.out).toContain("changed   models/wan2-6/src/index.ts");
    expect(drifted.out).not.toContain("kling-v3");
  });

  test("after a failed --keep-going run, a plain run still reports the error", async () => {
    const ws = workspace();
    expect((await cli(ws, "generate")).code).toBe(0);
    edit(join(ws.specsDir, "video/sora-2.yaml"), "openapi: 3.0.3", "openapi: 3.1.0");
    expect((await cli(ws, "generate", "--keep-going")).code).toBe(1);
    const again = await cli(ws, "generate");
    expect(again.err).toMatch(/video\/sora-2\.yaml:3:10 \(\/openapi\): error LM102/);
    expect(again.code).toBe(1);
  });

  test("generate repairs a hand-edited file, and leaves a stray package it did not write to the user, as --check says", async () => {
    const ws = workspace();
    expect((await cli(ws, "generate")).code).toBe(0);
    const index = join(ws.outDir, "models/wan2-6/src/index.ts");
    const original = readFileSync(index, "utf8");
    writeFileSync(index, `${original}export const mine = 1;\n`);
    mkdirSync(join(ws.outDir, "models/ghost"));
    writeFileSync(join(ws.outDir, "models/ghost/package.json"), "{}\n");
    const check = await cli(ws, "generate", "--check");
    expect(check.code).toBe(1);
    expect(check.out).toContain("changed   models/wan2-6/src/index.ts");
    expect(check.out).toContain("foreign   models/ghost/package.json");

    const repaired = await cli(ws, "generate");
    expect(repaired.code).toBe(0);
    expect(repaired.out).not.toContain("nothing changed");
    expect(repaired.out).toContain("left alone: models/ghost/package.json");
    expect(readFileSync(index, "utf8")).toBe(original);
    expect(readFileSync(join(ws.outDir, "models/ghost/package.json"), "utf8")).toBe("{}\n");
    const stillForeign = await cli(ws, "generate", "--check");
    expect(stillForeign.code).toBe(1);
    expect(stillForeign.out).toContain("remove the foreign files by hand");
    rmSync(join(ws.outDir, "models/ghost"), { recursive: true });
    await expectNothingStale(ws);
  });

  test("a hand edit that keeps a file's size is repaired by a plain run, not taken for current", async () => {
    const ws = workspace();
    expect((await cli(ws, "generate")).code).toBe(0);
    const index = join(ws.outDir, "models/wan2-6/src/index.ts");
    const original = readFileSync(index, "utf8");
    writeFileSync(index, original.replace("export", "EXPORT"));
    expect((await cli(ws, "generate", "--check")).code).toBe(1);
    const run = await cli(ws, "generate");
    expect(run.out).not.toContain("nothing changed");
    expect(readFileSync(index, "utf8")).toBe(original);
    await expectNothingStale(ws);
  });
});

describe("spec paths on the command line", () => {
  test("lint and generate take a spec path in any form; an argument that names nothing is an error", async () => {
    const ws = workspace();
    expect((await cli(ws, "generate")).code).toBe(0);
    const spec = join(ws.specsDir, "video/kling-v3.yaml");
    for (const form of ["specs/video/kling-v3.yaml", "./specs/video/kling-v3.yaml", spec]) {
      const linted = await cli(ws, "lint", form);
      expect(linted.err, form).toMatch(/video\/kling-v3\.yaml:\d+:\d+ .*warning LM901/);
    }
    // From inside specs/video, the bare file name.
    let inside = "";
    const code = await runCli(["lint", "--specs", "..", "kling-v3.yaml"], { cwd: join(ws.specsDir, "video"), out: () => undefined, err: (t) => (inside += t) });
    expect(code).toBe(0);
    expect(inside).toMatch(/video\/kling-v3\.yaml:\d+:\d+ .*warning LM901/);

    edit(spec, "summary:", "summary: (edited)");
    const generated = await cli(ws, "generate", "./specs/video/kling-v3.yaml");
    expect(generated.code).toBe(0);
    expect(generated.out).toContain("regenerated kling-v3");

    for (const command of ["lint", "generate"]) {
      const unknown = await cli(ws, command, "./specs/video/no-such-model.yaml");
      expect(unknown.code, command).toBe(1);
      expect(unknown.err).toContain('error LM401: "video/no-such-model.yaml" names no spec file or model');
    }
    expect((await cli(ws, "generate", "wan9")).err).toContain("LM401");
  });
});
