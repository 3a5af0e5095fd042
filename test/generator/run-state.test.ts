/**
 * What one run leaves for the next: `--check` on broken specs, and the no-op path after a
 * filtered run, a failed `--keep-going` run or a hand edit of the output. Each case is a
 * sequence of command lines a user would type, asserting what the last one says and does.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { runCli } from "../../generator/cli.js";
import { makeWorkspace, type Workspace } from "../helpers/workspace.js";

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
