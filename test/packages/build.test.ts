/**
 * `linkmodel-gen build` (issue 6): generate, then compile every package into dist/. A second
 * build with nothing changed compiles nothing, writes nothing and says so; a changed package
 * recompiles with its dependents only; a package that does not compile keeps its previous
 * dist/ and blocks the packages built on it.
 *
 * The edits happen in a scratch copy of the output inside the repo (`.scratch/`, ignored by
 * git), whose own node_modules links the packages by name, as npm workspaces would.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, appendFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compilePackages, listPackages } from "../../generator/compile.js";
import { generate } from "../../generator/generate.js";
import { runCli } from "../../generator/cli.js";
import { ROOT } from "../helpers/workspace.js";
import { GENERATED, run } from "./helpers.js";

/** dist/ file → mtime, for every package of an output folder. */
function distTimes(outDir: string): Map<string, number> {
  const times = new Map<string, number>();
  for (const { folder } of listPackages(outDir)) {
    const dist = join(outDir, folder, "dist");
    for (const name of readdirSync(dist)) times.set(`${folder}/dist/${name}`, statSync(join(dist, name)).mtimeMs);
  }
  return times;
}

describe("the repo's own packages", () => {
  test("a second build compiles nothing, touches no file, and says so", async () => {
    const before = distTimes(GENERATED);
    const lines: string[] = [];
    const code = await runCli(["build"], { out: (t) => lines.push(t), err: (t) => lines.push(t), cwd: ROOT });
    expect(code).toBe(0);
    expect(lines).toEqual(["nothing changed", `${listPackages(GENERATED).length} package(s) up to date: nothing to compile`]);
    expect(distTimes(GENERATED)).toEqual(before);
  });

  test("packages compile in dependency order: the runtime first, then the models, the catalogue and the testing package (which depend on every model), the command line (which depends on the catalogue) last", () => {
    const order = listPackages(GENERATED).map((p) => p.folder);
    expect(order[0]).toBe("runtime");
    expect(order.slice(-3)).toEqual(["catalogue", "testing", "cli"]);
    expect(order.filter((f) => f.startsWith("models/"))).toHaveLength(readdirSync(join(GENERATED, "models")).length);
  });
});

describe("a scratch copy", () => {
  let dir: string;
  let out: string;

  beforeAll(async () => {
    mkdirSync(join(ROOT, ".scratch"), { recursive: true });
    dir = mkdtempSync(join(ROOT, ".scratch", "build-"));
    out = join(dir, "generated");
    const result = await generate({ specsDir: join(ROOT, "specs"), outDir: out });
    expect(result.ok).toBe(true);
    const scope = join(dir, "node_modules", "@linkmodel-sdk");
    mkdirSync(scope, { recursive: true });
    for (const { folder, name } of listPackages(out)) symlinkSync(join(out, folder), join(scope, name.split("/")[1]!), "dir");
    const first = compilePackages(out);
    expect(first.errors).toEqual([]);
    expect(first.compiled).toHaveLength(listPackages(out).length);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // The tarball test cannot see this: npm chmods a bin when it installs a tarball, but the
  // workspace link (`npx linkmodel-sdk` in the repo) runs dist/bin.js as the build wrote it.
  test.skipIf(process.platform === "win32")("the command-line package's bin runs as a command straight after the build, and a build that left it 0644 is redone", async () => {
    const cli = join(out, "cli/dist/bin.js");
    const { stdout } = await run(cli, ["models", "--json"], { cwd: dir });
    expect((JSON.parse(stdout) as { models: { id: string }[] }).models.map((m) => m.id)).toContain("wan2.6");
    chmodSync(cli, 0o644);
    expect(compilePackages(out).compiled).toEqual(["cli"]);
    expect(statSync(cli).mode & 0o777).toBe(0o755);
  });

  test("a changed model recompiles that model, the catalogue, the testing package and the command line, nothing else", () => {
    appendFileSync(join(out, "models/wan2-6/src/index.ts"), "\n// edited\n");
    const result = compilePackages(out);
    expect(result).toMatchObject({ ok: true, compiled: ["models/wan2-6", "catalogue", "testing", "cli"], failed: [] });
    expect(result.upToDate).toContain("runtime");
  });

  // One test, not two: the repair needs the broken state, and a test run on its own (-t) must not find it missing.
  test("a package that does not compile keeps its previous dist/, blocks its dependents, and names the error; generating again repairs it", async () => {
    const wanJs = readFileSync(join(out, "models/wan2-6/dist/index.js"), "utf8");
    const catalogueJs = readFileSync(join(out, "catalogue/dist/index.js"), "utf8");
    appendFileSync(join(out, "models/wan2-6/src/index.ts"), `\nexport const broken: number = "not a number";\n`);
    const result = compilePackages(out);
    expect(result.ok).toBe(false);
    expect(result.failed).toEqual(["models/wan2-6", "catalogue", "testing", "cli"]);
    expect(result.errors[0]).toMatch(/^models\/wan2-6\/src\/index\.ts\(\d+,\d+\): error TS2322: /);
    expect(result.errors).toContain("catalogue: not compiled, because @linkmodel-sdk/wan2-6 failed");
    expect(readFileSync(join(out, "models/wan2-6/dist/index.js"), "utf8")).toBe(wanJs);
    expect(readFileSync(join(out, "catalogue/dist/index.js"), "utf8")).toBe(catalogueJs);
    expect(readdirSync(join(out, "models/wan2-6")).filter((n) => n.startsWith("dist."))).toEqual([]);

    const regenerated = await generate({ specsDir: join(ROOT, "specs"), outDir: out, force: true });
    expect(regenerated.written).toContain("models/wan2-6/src/index.ts");
    expect(compilePackages(out)).toMatchObject({ ok: true, compiled: ["models/wan2-6", "catalogue", "testing", "cli"] });
    expect(readFileSync(join(out, "models/wan2-6/dist/index.js"), "utf8")).not.toContain("broken");
  });
});
