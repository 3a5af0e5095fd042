/**
 * The pipeline on the real catalogue: generate, check, incremental no-op, determinism,
 * atomicity, removal, a new model from a spec alone.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { runCli } from "../../generator/cli.js";
import { generate } from "../../generator/generate.js";
import { MANIFEST_FILE } from "../../generator/manifest.js";
import { RECORD_FILE } from "../../generator/release.js";
import { release } from "../../generator/releasing.js";
import { contents, makeWorkspace, ROOT, snapshotTree, type Workspace } from "../helpers/workspace.js";

const workspaces: Workspace[] = [];
function workspace(specs?: string): Workspace {
  const ws = makeWorkspace(specs);
  workspaces.push(ws);
  return ws;
}
afterEach(() => {
  for (const ws of workspaces.splice(0)) ws.remove();
});

/** Runs the command line in-process, capturing what it prints. */
async function cli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runCli(args, { cwd, out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

describe("generate on the real catalogue", () => {
  test("every spec generates a package; --check is clean after; a second run writes nothing", async () => {
    const ws = workspace();
    const first = await generate({ specsDir: ws.specsDir, outDir: ws.outDir });
    expect(first.ok).toBe(true);
    const ids = first.models.map((m) => m.id).sort();
    expect(ids).toEqual([
      "MiniMax-Hailuo-02",
      "gemini-2.5-flash-image",
      "gemini-3-pro-image-preview",
      "happyhorse-1.0",
      "kling-v3",
      "seedance-2-0",
      "seedream-4.0",
      "sora-2",
      "wan2.6",
    ]);
    for (const model of first.models) {
      for (const file of ["package.json", "README.md", "src/index.ts", "src/types.ts", "src/validate.ts"]) {
        expect(existsSync(join(ws.outDir, model.folder, file)), `${model.folder}/${file}`).toBe(true);
      }
    }
    expect(existsSync(join(ws.outDir, "runtime/package.json"))).toBe(true);
    expect(existsSync(join(ws.outDir, "catalogue/src/index.ts"))).toBe(true);

    const check = await cli(["generate", "--check", "--specs", ws.specsDir, "--out", ws.outDir], ws.dir);
    expect(check).toMatchObject({ code: 0 });
    expect(check.out).toContain("up to date");

    const before = snapshotTree(ws.outDir);
    const second = await cli(["generate", "--specs", "specs", "--out", "generated"], ws.dir);
    expect(second.code).toBe(0);
    expect(second.out).toContain("nothing changed");
    expect(snapshotTree(ws.outDir)).toEqual(before); // same bytes and same mtimes
  });

  test("--check lists changed, missing and orphaned files and exits 1, writing nothing", async () => {
    const ws = workspace();
    await generate({ specsDir: ws.specsDir, outDir: ws.outDir });
    writeFileSync(join(ws.outDir, "models/wan2-6/README.md"), "edited by hand\n");
    rmSync(join(ws.outDir, "models/sora-2/src/types.ts"));
    writeFileSync(join(ws.outDir, "models/kling-v3/src/stray.ts"), "export {};\n");
    rmSync(join(ws.specsDir, "image/seedream-4-0.yaml"));
    const before = snapshotTree(ws.outDir);
    const check = await cli(["generate", "--check", "--specs", ws.specsDir, "--out", ws.outDir], ws.dir);
    expect(check.code).toBe(1);
    expect(check.out).toContain("changed   models/wan2-6/README.md");
    expect(check.out).toContain("missing   models/sora-2/src/types.ts");
    // Written by an earlier run (its manifest says so), owned by no package now: generate removes it.
    expect(check.out).toContain("orphaned  models/seedream-4-0/src/index.ts");
    // Written by no run: generate leaves it, so --check says to remove it by hand.
    expect(check.out).toContain("foreign   models/kling-v3/src/stray.ts");
    expect(check.out).toContain("remove the foreign files by hand");
    expect(snapshotTree(ws.outDir)).toEqual(before);
  });

  test("the committed generated/ is in sync with specs/ (drift check)", async () => {
    const result = await generate({ specsDir: join(ROOT, "specs"), outDir: join(ROOT, "generated"), check: true });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.drift).toEqual({ changed: [], missing: [], orphaned: [], foreign: [] });
  });

  test("deterministic: the same bytes twice, and from another working directory", async () => {
    const a = workspace();
    const b = workspace();
    await generate({ specsDir: a.specsDir, outDir: a.outDir });
    // Relative paths from a different cwd, through the command line.
    mkdirSync(join(b.dir, "elsewhere"));
    const run = await cli(["generate", "--force", "--specs", "../specs", "--out", "../generated"], join(b.dir, "elsewhere"));
    expect(run.code).toBe(0);
    expect(contents(snapshotTree(b.outDir))).toEqual(contents(snapshotTree(a.outDir)));
    await generate({ specsDir: a.specsDir, outDir: a.outDir, force: true });
    expect(contents(snapshotTree(a.outDir))).toEqual(contents(snapshotTree(b.outDir)));
    for (const [path, file] of snapshotTree(a.outDir)) {
      expect(file.content.includes(a.dir), `${path} mentions the temp folder`).toBe(false);
      expect(file.content.includes("\r"), `${path} has a CR`).toBe(false);
    }
  });

  test("a spec change regenerates only its package and the catalogue", async () => {
    const ws = workspace();
    await generate({ specsDir: ws.specsDir, outDir: ws.outDir });
    const before = snapshotTree(ws.outDir);
    const spec = join(ws.specsDir, "video/sora-2.yaml");
    writeFileSync(spec, readFileSync(spec, "utf8").replace("prompt is required", "prompt is required (edited)"));
    const result = await generate({ specsDir: ws.specsDir, outDir: ws.outDir });
    expect(result.models.filter((m) => m.status === "generated").map((m) => m.id)).toEqual(["sora-2"]);
    const after = snapshotTree(ws.outDir);
    const changed = [...after.keys()].filter((path) => after.get(path)!.content !== before.get(path)?.content).sort();
    // The testing package knows every model, as the catalogue does; the command line's flags come from the specs.
    expect(changed.every((p) => p.startsWith("models/sora-2/") || p === MANIFEST_FILE || p.startsWith("catalogue/") || p.startsWith("testing/") || p.startsWith("cli/") || p === "README.md")).toBe(true);
    expect(changed).toContain("models/sora-2/src/types.ts");
    // Untouched packages keep their mtimes.
    expect(after.get("models/wan2-6/src/index.ts")!.mtimeMs).toBe(before.get("models/wan2-6/src/index.ts")!.mtimeMs);
  });

  test("a removed spec removes its package; a generator change regenerates everything", async () => {
    const ws = workspace();
    await generate({ specsDir: ws.specsDir, outDir: ws.outDir });
    // What a build leaves in the package folder goes with it (built from the files removed).
    mkdirSync(join(ws.outDir, "models/seedream-4-0/dist"));
    writeFileSync(join(ws.outDir, "models/seedream-4-0/dist/index.js"), "export {};\n");
    writeFileSync(join(ws.outDir, "models/seedream-4-0/.linkmodel-build.tsbuildinfo"), "{}\n");
    rmSync(join(ws.specsDir, "image/seedream-4-0.yaml"));
    const removed = await generate({ specsDir: ws.specsDir, outDir: ws.outDir });
    expect(removed.removed.some((p) => p.startsWith("models/seedream-4-0/"))).toBe(true);
    expect(existsSync(join(ws.outDir, "models/seedream-4-0"))).toBe(false);
    expect(readFileSync(join(ws.outDir, "catalogue/src/index.ts"), "utf8")).not.toContain("seedream");
    expect(readFileSync(join(ws.outDir, "testing/src/index.ts"), "utf8")).not.toContain("seedream");

    // Pretend the output was made by another generator version.
    const manifestPath = join(ws.outDir, MANIFEST_FILE);
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { packages: Record<string, { generator: string }> };
    const current = manifest.packages["runtime"]!.generator;
    for (const entry of Object.values(manifest.packages)) entry.generator = "an older generator";
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const rendered: string[] = [];
    const all = await generate({ specsDir: ws.specsDir, outDir: ws.outDir, onStage: (stage, detail) => stage === "render" && rendered.push(detail) });
    expect(all.upToDate).toBe(false);
    // Every remaining model is rendered again (their bytes are the same, so none is rewritten).
    expect(rendered.filter((d) => d !== "templates and types").sort()).toEqual(
      ["MiniMax-Hailuo-02", "gemini-2.5-flash-image", "gemini-3-pro-image-preview", "happyhorse-1.0", "kling-v3", "seedance-2-0", "sora-2", "wan2.6"],
    );
    // Their bytes are the same, so are their versions (the version rule: a generator change that
    // leaves a package's files alone leaves its version alone); only the manifest records the new generator.
    expect(all.written).toEqual([MANIFEST_FILE]);
    expect(JSON.parse(readFileSync(join(ws.outDir, "models/wan2-6/package.json"), "utf8")).version).toBe("1.0.0");
    const after = JSON.parse(readFileSync(manifestPath, "utf8")) as typeof manifest;
    expect(new Set(Object.values(after.packages).map((entry) => entry.generator))).toEqual(new Set([current]));
  });
});

describe("without a manifest", () => {
  test("an output holding exactly what the generator would write is taken as its own; build products are kept", async () => {
    const ws = workspace();
    await generate({ specsDir: ws.specsDir, outDir: ws.outDir });
    rmSync(join(ws.outDir, MANIFEST_FILE));
    mkdirSync(join(ws.outDir, "models/wan2-6/dist"));
    writeFileSync(join(ws.outDir, "models/wan2-6/dist/index.js"), "export {};\n");
    const result = await generate({ specsDir: ws.specsDir, outDir: ws.outDir });
    expect(result.ok).toBe(true);
    expect(result.written).toEqual([MANIFEST_FILE]);
    expect(existsSync(join(ws.outDir, "models/wan2-6/dist/index.js"))).toBe(true);
  });

  test("without a manifest, a file that differs from what the generator would write there is not overwritten: nothing is", async () => {
    const ws = workspace();
    await generate({ specsDir: ws.specsDir, outDir: ws.outDir });
    rmSync(join(ws.outDir, MANIFEST_FILE));
    writeFileSync(join(ws.outDir, "README.md"), "# my notes\n");
    const before = snapshotTree(ws.outDir);
    const run = await cli(["generate", "--specs", ws.specsDir, "--out", ws.outDir], ws.dir);
    expect(run.code).toBe(2);
    expect(run.err).toContain("holds files the generator did not write (README.md)");
    expect(snapshotTree(ws.outDir)).toEqual(before);
  });

  test("generate --out <an existing folder> deletes every file there it did not render: now it refuses and changes nothing (issue 20, item 1)", async () => {
    const ws = workspace();
    // A repository's root: sources, a README the catalogue would overwrite, a .git.
    const repo = join(ws.dir, "repo");
    mkdirSync(join(repo, "src"), { recursive: true });
    mkdirSync(join(repo, ".git"));
    writeFileSync(join(repo, "src/index.ts"), "export const mine = 1;\n");
    writeFileSync(join(repo, "README.md"), "# my project\n");
    writeFileSync(join(repo, ".git/HEAD"), "ref: refs/heads/main\n");
    const before = snapshotTree(repo);
    const run = await cli(["generate", "--specs", ws.specsDir, "--out", repo], ws.dir);
    expect(run.code).toBe(2);
    expect(run.err).toContain(`${repo} holds files the generator did not write (.git/HEAD, README.md, src/index.ts) and no .linkmodel-manifest.json`);
    expect(run.err).toContain("pass an empty or new folder as --out");
    expect(snapshotTree(repo)).toEqual(before);
    expect(readdirSync(ws.dir).filter((name) => name.startsWith(".repo"))).toEqual([]);
  });

  test("a file the generator did not write is left in its output, and reported, never removed (issue 20, item 1)", async () => {
    const ws = workspace();
    await generate({ specsDir: ws.specsDir, outDir: ws.outDir });
    writeFileSync(join(ws.outDir, "models/wan2-6/src/mine.ts"), "export const mine = 1;\n");
    writeFileSync(join(ws.specsDir, "video/sora-2.yaml"), readFileSync(join(ws.specsDir, "video/sora-2.yaml"), "utf8").replace("summary:", "summary: (edited)"));
    const run = await cli(["generate", "--specs", ws.specsDir, "--out", ws.outDir], ws.dir);
    expect(run.code).toBe(0);
    expect(run.out).toContain("left alone: models/wan2-6/src/mine.ts");
    expect(readFileSync(join(ws.outDir, "models/wan2-6/src/mine.ts"), "utf8")).toBe("export const mine = 1;\n");
    // A spec removed: its package's files, which a run recorded as its own, go.
    rmSync(join(ws.specsDir, "video/sora-2.yaml"));
    const removed = await generate({ specsDir: ws.specsDir, outDir: ws.outDir });
    expect(removed.removed).toEqual(expect.arrayContaining(["models/sora-2/src/index.ts"]));
    expect(existsSync(join(ws.outDir, "models/wan2-6/src/mine.ts"))).toBe(true);
  });
});

describe("atomic output", () => {
  test("a failing spec leaves the output byte-identical (and nothing staged beside it)", async () => {
    const ws = workspace();
    await generate({ specsDir: ws.specsDir, outDir: ws.outDir });
    const before = snapshotTree(ws.outDir);
    writeFileSync(join(ws.specsDir, "video/kling-v3.yaml"), "openapi: 3.0.3\ninfo: [unclosed\n");
    const edited = join(ws.specsDir, "video/sora-2.yaml");
    writeFileSync(edited, readFileSync(edited, "utf8").replace("prompt is required", "prompt changed"));
    const run = await cli(["generate", "--specs", ws.specsDir, "--out", ws.outDir], ws.dir);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/video\/kling-v3\.yaml:\d+:\d+: error LM003/);
    expect(snapshotTree(ws.outDir)).toEqual(before);
    expect(existsSync(join(ws.dir, ".generated.staging"))).toBe(false);
  });

  test("a crash while staging leaves the output as it was", async () => {
    const ws = workspace();
    await generate({ specsDir: ws.specsDir, outDir: ws.outDir });
    const before = snapshotTree(ws.outDir);
    const edited = join(ws.specsDir, "video/sora-2.yaml");
    writeFileSync(edited, readFileSync(edited, "utf8").replace("prompt is required", "prompt changed"));
    await expect(
      generate({
        specsDir: ws.specsDir,
        outDir: ws.outDir,
        beforeSwap: () => {
          throw new Error("disk full");
        },
      }),
    ).rejects.toThrow("disk full");
    expect(snapshotTree(ws.outDir)).toEqual(before);
    expect(existsSync(join(ws.dir, ".generated.staging"))).toBe(false);
    // The next run completes the change.
    const next = await generate({ specsDir: ws.specsDir, outDir: ws.outDir });
    expect(next.written).toContain("models/sora-2/src/types.ts");
  });
});

describe("a new model is a new spec, not new code", () => {
  test("a copy of wan2.6 under another id becomes a working, type-checked package; --check is clean", async () => {
    const ws = workspace();
    await generate({ specsDir: ws.specsDir, outDir: ws.outDir });
    const source = readFileSync(join(ws.specsDir, "video/wan2-6.yaml"), "utf8");
    writeFileSync(join(ws.specsDir, "video/wan3-0-test.yaml"), source.replace(/- wan2\.6$/m, "- wan3.0-test").replace("title: wan2.6", "title: wan3.0-test"));
    const result = await generate({ specsDir: ws.specsDir, outDir: ws.outDir });
    expect(result.ok).toBe(true);
    expect(result.models.find((m) => m.id === "wan3.0-test")).toMatchObject({ packageName: "@linkmodel-sdk/wan3-0-test", status: "generated" });
    const index = readFileSync(join(ws.outDir, "models/wan3-0-test/src/index.ts"), "utf8");
    expect(index).toContain('id: "wan3.0-test"');
    expect(readFileSync(join(ws.outDir, "models/wan3-0-test/src/types.ts"), "utf8")).toContain("export type Wan30TestRequest");
    expect(readFileSync(join(ws.outDir, "catalogue/src/index.ts"), "utf8")).toContain('"wan3.0-test"');

    // Type-check the new package (and the catalogue that now imports it) as a user would.
    typeCheck(ws, [join(ws.outDir, "models/wan3-0-test/src/index.ts"), join(ws.outDir, "catalogue/src/index.ts")]);

    const check = await generate({ specsDir: ws.specsDir, outDir: ws.outDir, check: true });
    expect(check.drift).toEqual({ changed: [], missing: [], orphaned: [], foreign: [] });
  });

  test("model ids that are reserved words or names of the catalogue's own code still give a catalogue that compiles", async () => {
    const ws = workspace();
    const source = readFileSync(join(ws.specsDir, "video/wan2-6.yaml"), "utf8");
    for (const id of ["new", "bindings", "default", "main"]) {
      writeFileSync(join(ws.specsDir, `video/${id}.yaml`), source.replace(/- wan2\.6$/m, `- ${id}`).replace("title: wan2.6", `title: ${id}`));
    }
    const result = await generate({ specsDir: ws.specsDir, outDir: ws.outDir });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    typeCheck(ws, [join(ws.outDir, "catalogue/src/index.ts"), join(ws.outDir, "cli/src/bin.ts")], ["node"]);
  });
});

/** Type-checks generated files as a strict user project would, against the workspace's packages. */
function typeCheck(ws: Workspace, files: string[], types: string[] = []): void {
  const tsconfig = join(ws.dir, "tsconfig.json");
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(ws.outDir, "tsconfig.package.json"),
      compilerOptions: {
        noEmit: true,
        baseUrl: ws.dir,
        types,
        typeRoots: [join(ROOT, "node_modules/@types")],
        paths: {
          "@linkmodel-sdk/runtime": [join(ROOT, "runtime/src/index.ts")],
          "@linkmodel-sdk/runtime/node": [join(ROOT, "runtime/src/node.ts")],
          "@linkmodel-sdk/runtime/validators": [join(ROOT, "runtime/src/validators.ts")],
          "@linkmodel-sdk/catalogue": [join(ws.outDir, "catalogue/src/index.ts")],
          "@linkmodel-sdk/*": [join(ws.outDir, "models/*/src/index.ts")],
          "openapi-fetch": [join(ROOT, "node_modules/openapi-fetch")],
        },
      },
      files,
    }),
  );
  try {
    execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", tsconfig], { stdio: "pipe" });
  } catch (error) {
    throw new Error(`tsc failed:\n${String((error as { stdout?: unknown }).stdout)}`);
  }
}

describe("the version rule (issue 16): a function of the release record and the package's contents", () => {
  const versionOf = (ws: Workspace, folder: string): string => (JSON.parse(readFileSync(join(ws.outDir, folder, "package.json"), "utf8")) as { version: string }).version;
  const dependencyOf = (ws: Workspace, folder: string, name: string): string =>
    (JSON.parse(readFileSync(join(ws.outDir, folder, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies[name]!;
  const versions = (ws: Workspace): string[] => ["runtime", "catalogue", "models/wan2-6", "models/sora-2"].map((f) => versionOf(ws, f));
  const editSpec = (ws: Workspace, file: string, from: string | RegExp, to: string): void => {
    const path = join(ws.specsDir, file);
    const text = readFileSync(path, "utf8");
    expect(text).toMatch(from);
    writeFileSync(path, text.replace(from, to));
  };

  test("unreleased packages are 1.0.0; a release records them; edits are patch, minor or major by the contract; a revert gives the released version back", async () => {
    const ws = workspace();
    await generate({ specsDir: ws.specsDir, outDir: ws.outDir });
    expect(versions(ws)).toEqual(["1.0.0", "1.0.0", "1.0.0", "1.0.0"]);
    expect(readFileSync(join(ws.outDir, "models/wan2-6/CHANGELOG.md"), "utf8")).toContain("## Unreleased: 1.0.0");
    const released = await release({ specsDir: ws.specsDir, outDir: ws.outDir, date: "2026-12-01" });
    expect(released.released.map((p) => p.name)).toContain("@linkmodel-sdk/wan2-6");
    expect(versions(ws)).toEqual(["1.0.0", "1.0.0", "1.0.0", "1.0.0"]);
    expect(readFileSync(join(ws.outDir, "models/wan2-6/CHANGELOG.md"), "utf8")).not.toContain("Unreleased");
    expect(readFileSync(join(ws.outDir, "models/wan2-6/CHANGELOG.md"), "utf8")).toContain("## 1.0.0 (2026-12-01)");

    // Words only: a patch of that model; the others keep their version.
    editSpec(ws, "video/wan2-6.yaml", "summary: wan2.6", "summary: wan2.6 (reworded)");
    await generate({ specsDir: ws.specsDir, outDir: ws.outDir });
    expect(versionOf(ws, "models/wan2-6")).toBe("1.0.1");
    expect(versionOf(ws, "models/sora-2")).toBe("1.0.0");
    expect(versionOf(ws, "runtime")).toBe("1.0.0");
    // …and reverted: the released version again, byte for byte what was released.
    editSpec(ws, "video/wan2-6.yaml", "summary: wan2.6 (reworded)", "summary: wan2.6");
    await generate({ specsDir: ws.specsDir, outDir: ws.outDir });
    expect(versions(ws)).toEqual(["1.0.0", "1.0.0", "1.0.0", "1.0.0"]);

    // A new optional property: minor, for the model and for the catalogue that re-exports it.
    editSpec(ws, "video/wan2-6.yaml", /( +)model:\n( +)type: string\n/, "$1style:\n$2type: string\n$1model:\n$2type: string\n");
    await generate({ specsDir: ws.specsDir, outDir: ws.outDir });
    expect(versionOf(ws, "models/wan2-6")).toBe("1.1.0");
    expect(versionOf(ws, "catalogue")).toBe("1.1.0");
    expect(dependencyOf(ws, "catalogue", "@linkmodel-sdk/wan2-6")).toBe("^1.1.0");
    expect(readFileSync(join(ws.outDir, "models/wan2-6/CHANGELOG.md"), "utf8")).toContain("- **minor**: `style` is new (optional)");

    // Made required as well: major.
    editSpec(ws, "video/wan2-6.yaml", "              required:\n                - prompt\n", "              required:\n                - prompt\n                - style\n");
    await generate({ specsDir: ws.specsDir, outDir: ws.outDir });
    expect(versionOf(ws, "models/wan2-6")).toBe("2.0.0");
    expect(versionOf(ws, "catalogue")).toBe("2.0.0");
    expect(readFileSync(join(ws.outDir, "models/wan2-6/CHANGELOG.md"), "utf8")).toContain("- **major**: `style` is new and required");

    // Forcing a full render, or checking, changes nothing: versions come from the record and the contents alone.
    const forced = await generate({ specsDir: ws.specsDir, outDir: ws.outDir, force: true });
    expect(forced.written).toEqual([]);
    expect((await generate({ specsDir: ws.specsDir, outDir: ws.outDir, check: true })).upToDate).toBe(true);
  });

  test("deleting generated/ and running npm run generate reproduces the committed bytes (issue 16)", async () => {
    const ws = workspace();
    // The committed inputs: the specs (copied by the workspace) and the release record beside the output.
    if (existsSync(join(ROOT, RECORD_FILE))) cpSync(join(ROOT, RECORD_FILE), join(ws.dir, RECORD_FILE));
    const run = await cli(["generate", "--specs", ws.specsDir, "--out", ws.outDir], ws.dir);
    expect(run.code).toBe(0);
    const committed = contents(snapshotTree(join(ROOT, "generated")));
    const fresh = contents(snapshotTree(ws.outDir));
    const built = (path: string): boolean => /(^|\/)(dist|node_modules)\//.test(path) || path.endsWith(".tsbuildinfo");
    expect(Object.keys(fresh).sort()).toEqual(Object.keys(committed).filter((path) => !built(path)).sort());
    for (const path of Object.keys(fresh)) expect(fresh[path], path).toBe(committed[path]);
  });
});
