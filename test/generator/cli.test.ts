/**
 * The command line as a user and a build script meet it: the built binary, its exit codes,
 * `--json`, `list`, `lint`, `import`, `--watch`, and a no-op run that loads almost nothing.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { importPage } from "../../generator/import-page.js";
import { makeWorkspace, ROOT, snapshotTree, type Workspace } from "../helpers/workspace.js";

const BIN = join(ROOT, "build/generator/bin.js");
let ws: Workspace;

function run(args: string[], cwd = ws.dir, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, ...env } });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

beforeAll(() => {
  // Tests drive the compiled binary, exactly as `npm run generate` does.
  execFileSync(process.execPath, [join(ROOT, "generator/build.mjs")]);
  ws = makeWorkspace();
  expect(run(["generate"]).code).toBe(0);
});
afterAll(() => ws.remove());

describe("linkmodel-gen", () => {
  test("a no-op run loads neither TypeScript, openapi-typescript, YAML, Handlebars nor yargs", () => {
    const log = join(ws.dir, "loaded.txt");
    const hooks = ["--import", join(ROOT, "test/helpers/register-load-hook.mjs"), "--require", join(ROOT, "test/helpers/load-log-cjs.cjs")];
    const result = spawnSync(process.execPath, [...hooks, BIN, "generate"], {
      cwd: ws.dir,
      encoding: "utf8",
      env: { ...process.env, LOAD_LOG: log },
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("nothing changed");
    const loaded = existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean) : [];
    // Files of node_modules/<package>/, loaded as ESM or as CommonJS (createRequire included).
    // The log works both ways: it holds an ESM module of the generator and the CommonJS logger itself.
    expect(loaded.some((f) => f.startsWith("file://") && f.includes("/build/generator/"))).toBe(true);
    expect(loaded).toContain(join(ROOT, "test/helpers/load-log-cjs.cjs"));
    for (const heavy of ["typescript", "openapi-typescript", "yaml", "js-yaml", "handlebars", "yargs"]) {
      expect(loaded.filter((f) => f.includes(`/node_modules/${heavy}/`)), `loaded ${heavy}`).toEqual([]);
    }
  });

  test("--json reports what happened, for machines", () => {
    const result = run(["generate", "--json", "--force"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out);
    expect(report).toMatchObject({ ok: true, mode: "generate" });
    // kling-v3's dotted names are worth a warning, never an error.
    expect(report.diagnostics.map((d: { code: string; severity: string }) => `${d.severity} ${d.code}`)).toEqual(Array(3).fill("warning LM901"));
    expect(report.models).toHaveLength(9);
  });

  test("list prints the catalogue as a table, and as JSON", () => {
    const table = run(["list"]);
    expect(table.code).toBe(0);
    const lines = table.out.trim().split("\n");
    expect(lines[0]).toMatch(/^MODEL\s+GROUP\s+PROVIDER\s+TASKS\s+PRICE\s+PACKAGE$/);
    expect(lines).toHaveLength(10);
    expect(table.out).toMatch(/wan2\.6\s+video\s+Alibaba\s+text-to-video, image-to-video\s+0\.3049 USD\/call\s+@linkmodel-sdk\/wan2-6/);
    const json = JSON.parse(run(["list", "--json"]).out);
    expect(json.find((m: { id: string }) => m.id === "seedream-4.0")).toMatchObject({
      group: "image",
      provider: "Bytedance",
      price: { amount: 0.0232, currency: "USD", unit: "images" },
      package: "@linkmodel-sdk/seedream-4-0",
    });
  });

  test("lint shows warnings worth attention and exits 0; errors exit 1", () => {
    const clean = run(["lint"]);
    expect(clean.code).toBe(0);
    expect(clean.err).toMatch(/video\/kling-v3\.yaml:\d+:\d+ .*warning LM901: property "extends\.audio"/);
    const broken = makeWorkspace();
    try {
      writeFileSync(join(broken.specsDir, "video/sora-2.yaml"), "swagger: '2.0'\ninfo: {title: x}\n");
      const result = run(["lint", "--json"], broken.dir);
      expect(result.code).toBe(1);
      const report = JSON.parse(result.out);
      expect(report.diagnostics).toContainEqual(expect.objectContaining({ code: "LM102", location: expect.objectContaining({ file: "video/sora-2.yaml", line: 1 }) }));
      // generate says that the errors stopped it, not that it wrote nothing as if all were well.
      const generate = run(["generate"], broken.dir);
      expect(generate.code).toBe(1);
      expect(generate.out).toContain("errors: nothing was written; fix the spec errors above");
      expect(generate.out).not.toContain("wrote 0 file(s)");
    } finally {
      broken.remove();
    }
  });

  test("usage errors and bad folders exit 2", () => {
    expect(run(["generate", "--no-such-flag"]).code).toBe(2);
    expect(run(["generate", "--specs", "does-not-exist", "--check"]).code).toBe(2);
  });
});

describe("import", () => {
  test("the wan2.6 reference page reproduces specs/video/wan2-6.yaml byte for byte", () => {
    const page = readFileSync(join(ROOT, "test/fixtures/pages/wan2.6.md"), "utf8");
    const imported = importPage(page, "wan2.6.md");
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    expect(imported.target).toBe("video/wan2-6.yaml");
    expect(imported.content).toBe(readFileSync(join(ROOT, "specs/video/wan2-6.yaml"), "utf8"));
  });

  test("through the command line: writes to the path the page names, refuses to overwrite a different spec", () => {
    const empty = mkdtempSync(join(tmpdir(), "lm-import-"));
    try {
      const page = join(ROOT, "test/fixtures/pages/wan2.6.md");
      const first = run(["import", page, "--specs", join(empty, "specs")], empty);
      expect(first.code).toBe(0);
      expect(first.out).toContain("written   specs/video/wan2-6.yaml");
      expect(readFileSync(join(empty, "specs/video/wan2-6.yaml"), "utf8")).toBe(readFileSync(join(ROOT, "specs/video/wan2-6.yaml"), "utf8"));
      expect(run(["import", page, "--specs", join(empty, "specs")], empty).out).toContain("unchanged");
      writeFileSync(join(empty, "specs/video/wan2-6.yaml"), "# mine\n");
      const refused = run(["import", page, "--specs", join(empty, "specs")], empty);
      expect(refused.code).toBe(1);
      expect(readFileSync(join(empty, "specs/video/wan2-6.yaml"), "utf8")).toBe("# mine\n");
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  test("prints where the spec was written: relative under the current folder, absolute outside it", () => {
    const cwd = mkdtempSync(join(tmpdir(), "lm-import-cwd-"));
    const elsewhere = mkdtempSync(join(tmpdir(), "lm-import-elsewhere-"));
    try {
      const page = join(ROOT, "test/fixtures/pages/wan2.6.md");
      const inside = run(["import", page, "--specs", "api/specs"], cwd);
      expect(inside.out).toContain("written   api/specs/video/wan2-6.yaml");
      const outside = run(["import", page, "--specs", join(elsewhere, "x")], cwd);
      expect(outside.out).toContain(`written   ${join(elsewhere, "x", "video", "wan2-6.yaml")} (from`);
      expect(readFileSync(join(elsewhere, "x/video/wan2-6.yaml"), "utf8")).toBe(readFileSync(join(ROOT, "specs/video/wan2-6.yaml"), "utf8"));
      writeFileSync(join(elsewhere, "x/video/wan2-6.yaml"), "# mine\n");
      expect(run(["import", page, "--specs", join(elsewhere, "x")], cwd).err).toContain(`${join(elsewhere, "x", "video", "wan2-6.yaml")} exists and differs`);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  test("a page whose block aims outside the specs folder is refused", () => {
    const page = "# x\n\n````yaml /openapi/../../etc/passwd.yaml post /x\nopenapi: 3.0.3\n````\n";
    expect(importPage(page, "evil.md")).toMatchObject({ ok: false, diagnostics: [expect.objectContaining({ code: "LM503", location: expect.objectContaining({ line: 3 }) })] });
    expect(importPage("# nothing here\n", "empty.md")).toMatchObject({ ok: false, diagnostics: [expect.objectContaining({ code: "LM501" })] });
  });
});

describe("--watch", () => {
  test("edit → regenerated; broken edit → error, old output kept; fix → recovered", async () => {
    const w = makeWorkspace();
    const child = spawn(process.execPath, [BIN, "generate", "--watch"], { cwd: w.dir, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const waitFor = async (what: () => boolean, label: string): Promise<void> => {
      const start = Date.now();
      while (!what()) {
        if (Date.now() - start > 20_000) throw new Error(`timed out waiting for ${label}; output:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await waitFor(() => out.includes("watching"), "the watcher to start");
      const spec = join(w.specsDir, "video/sora-2.yaml");
      const original = readFileSync(spec, "utf8");
      const types = join(w.outDir, "models/sora-2/src/types.ts");

      writeFileSync(spec, original.replace("prompt is required", "prompt is required (watched)"));
      await waitFor(() => readFileSync(types, "utf8").includes("(watched)"), "the edit to be regenerated");

      const good = snapshotTree(w.outDir);
      const mark = out.length;
      writeFileSync(spec, original.replace("openapi: 3.0.3", "openapi: 3.0.3\n  broken: [indent"));
      await waitFor(() => out.slice(mark).includes("kept the last good output"), "the error to be reported");
      expect(out.slice(mark)).toMatch(/video\/sora-2\.yaml:\d+:\d+: error LM003/);
      expect(snapshotTree(w.outDir)).toEqual(good);

      writeFileSync(spec, original);
      await waitFor(() => !readFileSync(types, "utf8").includes("(watched)"), "the fix to be regenerated");
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      w.remove();
    }
  });
});
