/**
 * Packages people install (issue 6): `npm pack` the generated packages, publish the tarballs to
 * a real registry (Verdaccio on loopback, no uplinks; the third-party packages they depend on are
 * packed from this repo's node_modules), install them from it by name into empty projects
 * outside this repo, with an npm cache that starts empty (issue 15: an offline install from the
 * developer's cache passed here and failed on every fresh machine), and use them there, from an
 * `.mjs` file and from TypeScript compiled with `module: NodeNext`, against a loopback mock of
 * the API.
 *
 * One project installs the catalogue, which depends on every model package; a second installs
 * the runtime and one model package, to show that a model package stands alone; a third
 * installs the command line, `@linkmodel-sdk/cli`, and runs it with `npx`.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startMockApi, type MockApi } from "../helpers/mock-api.js";
import { startRegistry, type Registry } from "../helpers/registry.js";
import { ROOT, STRICT_COMPILER_OPTIONS } from "../helpers/workspace.js";
import { typescriptBlocks } from "../docs/helpers.js";
import { serve } from "../runtime/helpers.js";
import { cleanEnv, GENERATED, run, TSC } from "./helpers.js";

const KEY = "pack-test-key-5b1d";
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const NPX = process.platform === "win32" ? "npx.cmd" : "npx";
let api: MockApi;
let registry: Registry;
let dir: string;
/** Package name → tarball path. */
const tarballs = new Map<string, string>();
/** Package name → version, as published. */
const versions = new Map<string, string>();

interface PackResult {
  name: string;
  version: string;
  filename: string;
  files: { path: string }[];
}
let packed: PackResult[] = [];

beforeAll(async () => {
  api = await startMockApi(KEY);
  registry = await startRegistry();
  dir = mkdtempSync(join(tmpdir(), "lm-pack-"));
  const folders = ["runtime", "catalogue", "testing", "cli", ...readdirSync(join(GENERATED, "models")).map((m) => `models/${m}`)];
  const { stdout } = await run(NPM, ["pack", "--json", "--pack-destination", dir, ...folders.map((f) => `./${f}`)], { cwd: GENERATED });
  packed = JSON.parse(stdout) as PackResult[];
  for (const p of packed) {
    tarballs.set(p.name, join(dir, p.filename));
    versions.set(p.name, p.version);
  }
  // All the generated packages need from elsewhere: none of them uses yargs (the CLI parses its own arguments).
  await registry.publishInstalled(["openapi-fetch"]);
  await registry.publish([...tarballs.values()]);
});

afterAll(async () => {
  await api?.close();
  await registry?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** An empty project outside the repo that installs the given packages by name from the registry (npm's flags added: `--install-strategy=linked`). */
async function project(name: string, packages: readonly string[], flags: readonly string[] = []): Promise<string> {
  const root = join(dir, name);
  mkdirSync(root);
  const dependencies = Object.fromEntries(packages.map((p) => [p, `^${versions.get(p)}`]));
  writeFileSync(join(root, "package.json"), JSON.stringify({ name, private: true, type: "module", dependencies }, null, 2));
  await run(NPM, ["install", "--ignore-scripts", ...flags], { cwd: root, env: registry.env() });
  return root;
}

const env = (): NodeJS.ProcessEnv => cleanEnv({ LINKMODEL_API_KEY: KEY, LINKMODEL_BASE_URL: api.baseUrl });
const FAST = "{ phases: [{ fromMs: 0, intervalMs: 5 }], deadlineMs: 10000 }";

describe("npm pack", () => {
  test("each tarball holds the compiled JavaScript, the declarations, README and LICENSE, and no sources", () => {
    expect(packed.map((p) => p.name)).toEqual(expect.arrayContaining(["@linkmodel-sdk/runtime", "@linkmodel-sdk/catalogue", "@linkmodel-sdk/testing", "@linkmodel-sdk/cli", "@linkmodel-sdk/wan2-6"]));
    for (const p of packed) {
      const files = p.files.map((f) => f.path);
      expect(files, p.name).toEqual(expect.arrayContaining(["package.json", "README.md", "LICENSE", "dist/index.js", "dist/index.d.ts"]));
      expect(files.filter((f) => f.startsWith("src/") || f.endsWith(".tsbuildinfo")), p.name).toEqual([]);
    }
  });
});

describe("installed from tarballs into an empty project", () => {
  test("a model package alone: an .mjs file validates a body and runs a task", async () => {
    const root = await project("model-only", ["@linkmodel-sdk/runtime", "@linkmodel-sdk/wan2-6"]);
    writeFileSync(
      join(root, "main.mjs"),
      `import { createClient, validateRequest, model, provenance } from "@linkmodel-sdk/wan2-6";
import { download } from "@linkmodel-sdk/runtime/node";
const rejected = validateRequest({ prompt: "x", durration: 5 }, { typoProtection: true });
const client = createClient({ baseUrl: process.env.LINKMODEL_BASE_URL });
const result = await client.run({ prompt: "a boat" }, { schedule: ${FAST} });
console.log(JSON.stringify({ provenance, id: model.id, ok: rejected.ok, suggestion: rejected.ok ? null : rejected.issues[0].message, taskId: result.handle.taskId, url: result.fileUrl, download: typeof download }));
`,
    );
    const { stdout } = await run(process.execPath, ["main.mjs"], { cwd: root, env: env() });
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ id: "wan2.6", ok: false, download: "function" });
    // What it was made from: its own version, its spec's hash, the generator.
    const specHash = createHash("sha256").update(readFileSync(join(ROOT, "specs/video/wan2-6.yaml"))).digest("hex");
    expect(out["provenance"]).toMatchObject({ package: "@linkmodel-sdk/wan2-6", version: versions.get("@linkmodel-sdk/wan2-6"), specSha256: specHash, generator: expect.stringMatching(/^linkmodel-codegen \d/) });
    expect(out["suggestion"]).toMatch(/did you mean duration/);
    expect(out["url"]).toBe(`https://files.example/${String(out["taskId"])}.mp4`);
    const creates = api.requests.filter((r) => r.method === "POST" && (r.body as { prompt?: string }).prompt === "a boat");
    expect(creates).toEqual([expect.objectContaining({ path: "/api/v1/video-generation", authorization: `Bearer ${KEY}`, body: { prompt: "a boat", model: "wan2.6" } })]);
  });

  test("the catalogue: an .mjs file and a NodeNext TypeScript file (strict) run tasks", async () => {
    const root = await project("catalogue", ["@linkmodel-sdk/catalogue", "@linkmodel-sdk/runtime"]);
    writeFileSync(
      join(root, "main.mjs"),
      `import { createLinkModel, models } from "@linkmodel-sdk/catalogue";
const linkmodel = createLinkModel({ baseUrl: process.env.LINKMODEL_BASE_URL });
const video = await linkmodel.video.run({ model: "kling-v3", prompt: "mjs video", resolution: "720P" }, { schedule: ${FAST} });
const image = await linkmodel.image.run({ model: "seedream-4.0", prompt: "mjs image" }, { schedule: ${FAST} });
console.log(JSON.stringify({ models: Object.keys(models).length, video: video.fileUrl, image: image.outputImages }));
`,
    );
    const mjs = JSON.parse((await run(process.execPath, ["main.mjs"], { cwd: root, env: env() })).stdout) as { models: number; video: string; image: string[] };
    expect(mjs.models).toBe(readdirSync(join(GENERATED, "models")).length);
    expect(mjs.video).toMatch(/^https:\/\/files\.example\/task-video-\d+\.mp4$/);
    expect(mjs.image).toEqual([expect.stringMatching(/^https:\/\/files\.example\/task-image-\d+\.png$/)]);

    writeFileSync(
      join(root, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          ...STRICT_COMPILER_OPTIONS,
          skipLibCheck: false,
          types: [],
          outDir: "out",
        },
        files: ["main.ts"],
      }),
    );
    writeFileSync(
      join(root, "main.ts"),
      `import { createLinkModel, type ImageRequest } from "@linkmodel-sdk/catalogue";
import { createClient, type Sora2Request } from "@linkmodel-sdk/sora-2";
import { TaskFailedError, type PollSchedule } from "@linkmodel-sdk/runtime";

declare const process: { env: Record<string, string | undefined> };
const baseUrl = process.env["LINKMODEL_BASE_URL"] ?? "";
const schedule: PollSchedule = ${FAST};
const image: ImageRequest = { model: "gemini-2.5-flash-image", prompt: "ts image" };
const body: Omit<Sora2Request, "model"> = { prompt: "ts video" };
const images = await createLinkModel({ baseUrl }).image.run(image, { schedule });
const video = await createClient({ baseUrl }).run(body, { schedule });
const urls: string[] = [...images.urls, ...video.urls];
console.log(JSON.stringify({ urls, failedIsError: new TaskFailedError("x", {}) instanceof Error }));
`,
    );
    await run(process.execPath, [TSC, "-p", "tsconfig.json"], { cwd: root });
    const ts = JSON.parse((await run(process.execPath, ["out/main.js"], { cwd: root, env: env() })).stdout) as { urls: string[]; failedIsError: boolean };
    expect(ts.urls).toEqual([expect.stringMatching(/task-image-\d+\.png$/), expect.stringMatching(/task-video-\d+\.mp4$/)]);
    expect(ts.failedIsError).toBe(true);

    // The same project refuses a body the spec does not allow: the types came with the tarballs.
    writeFileSync(join(root, "bad.ts"), `import type { ImageRequest } from "@linkmodel-sdk/catalogue";\nexport const bad: ImageRequest = { model: "gemini-2.5-flash-image", prompt: 1 };\n`);
    writeFileSync(join(root, "tsconfig.bad.json"), JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { noEmit: true }, files: ["bad.ts"] }));
    await expect(run(process.execPath, [TSC, "-p", "tsconfig.bad.json"], { cwd: root })).rejects.toThrow(/bad\.ts\(2,\d+\): error TS2322/);
  });
});

describe("the command line, a package of its own (issue 17)", () => {
  test("a fresh project that installs @linkmodel-sdk/cli runs `npx linkmodel-sdk` (--help, --version, a task); the catalogue it brings has no bin, the runtime no ./cli", async () => {
    const root = await project("cli", ["@linkmodel-sdk/cli"]);
    // `--no`: npx must find the installed bin, never fetch one; after `--`, every word is the bin's.
    const npx = async (args: readonly string[]): Promise<string> =>
      (await run(NPX, ["--no", "--", "linkmodel-sdk", ...args], { cwd: root, env: registry.env({ LINKMODEL_API_KEY: KEY, LINKMODEL_BASE_URL: api.baseUrl }) })).stdout;
    const help = await npx(["--help"]);
    expect(help).toContain("linkmodel-sdk <model> --help");
    expect(help).toMatch(/^ {2}wan2\.6 +video/m);
    expect(help).toContain("Exit codes:");
    // Its --version is its own package's version.
    expect(await npx(["--version"])).toBe(`${versions.get("@linkmodel-sdk/cli")}\n`);
    const listed = JSON.parse(await npx(["models", "--json"])) as { models: { id: string }[] };
    expect(listed.models.map((m) => m.id)).toContain("wan2.6");
    const ran = JSON.parse(await npx(["wan2.6", "--prompt", "bin video", "--poll-interval", "0.1", "--json"])) as Record<string, unknown>;
    expect(JSON.stringify(ran)).toMatch(/https:\/\/files\.example\/task-video-\d+\.mp4/);
    expect(api.requests.filter((r) => r.method === "POST" && (r.body as { prompt?: string }).prompt === "bin video")).toHaveLength(1);

    const installed = (name: string): { bin?: unknown; exports?: Record<string, unknown>; dependencies?: Record<string, string> } =>
      JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8"));
    // The command line depends on the catalogue and the runtime, nothing else (no yargs).
    expect(Object.keys(installed("@linkmodel-sdk/cli").dependencies ?? {}).sort()).toEqual(["@linkmodel-sdk/catalogue", "@linkmodel-sdk/runtime"]);
    expect(existsSync(join(root, "node_modules", "yargs"))).toBe(false);
    // The bin is the CLI package's: the catalogue has none, and the runtime no `./cli` entry.
    expect(installed("@linkmodel-sdk/catalogue").bin).toBeUndefined();
    expect(Object.keys(installed("@linkmodel-sdk/runtime").exports ?? {})).not.toContain("./cli");
    expect(realpathSync(join(root, "node_modules", ".bin", "linkmodel-sdk"))).toBe(realpathSync(join(root, "node_modules", "@linkmodel-sdk", "cli", "dist", "bin.js")));
    writeFileSync(join(root, "runtime-cli.mjs"), `import("@linkmodel-sdk/runtime/cli").then(() => console.log("found"), (e) => console.log(e.code));\n`);
    expect((await run(process.execPath, ["runtime-cli.mjs"], { cwd: root })).stdout).toBe("ERR_PACKAGE_PATH_NOT_EXPORTED\n");
  });
});

describe("imports that work under every package manager (issue #17)", () => {
  /** A strict NodeNext project compiling `main.ts` to `out/`. */
  const compileMain = async (root: string, code: string): Promise<void> => {
    writeFileSync(join(root, "tsconfig.json"), JSON.stringify({ compilerOptions: { ...STRICT_COMPILER_OPTIONS, skipLibCheck: false, types: [], outDir: "out" }, files: ["main.ts"] }));
    writeFileSync(join(root, "main.ts"), code);
    await run(process.execPath, [TSC, "-p", "tsconfig.json"], { cwd: root });
  };

  test("the model README's error example, installed with --install-strategy=linked (only the model package named), compiles and runs: a task, and a typed error by instanceof", async () => {
    const root = await project("linked", ["@linkmodel-sdk/seedream-4-0"], ["--install-strategy=linked"]);
    // Linked: only what the project names is at the top of node_modules; the runtime is not.
    expect(readdirSync(join(root, "node_modules", "@linkmodel-sdk"))).toEqual(["seedream-4-0"]);
    const readme = readFileSync(join(GENERATED, "models/seedream-4-0/README.md"), "utf8");
    const errorsSection = readme.slice(readme.indexOf("## Errors"));
    const example = typescriptBlocks(errorsSection)[0]!.code;
    expect(example).toMatch(/instanceof InsufficientBalanceError/);
    // Every import of the example is from the package the install line installs.
    expect([...example.matchAll(/from "([^"]+)"/g)].map((m) => m[1])).toEqual(["@linkmodel-sdk/seedream-4-0", "@linkmodel-sdk/seedream-4-0", "@linkmodel-sdk/seedream-4-0"]);
    await compileMain(root, example);
    // As written: the key and base URL from the environment; the task runs on the image schedule (first poll at 10 s).
    const ok = await run(process.execPath, ["out/main.js"], { cwd: root, env: env() });
    expect(ok.stdout).toMatch(/https:\/\/files\.example\/task-image-\d+\.png/);
    // A server that answers "insufficient balance": the example's instanceof branch recognises it.
    const poor = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: 100601, msg: "insufficient balance", data: null }));
    });
    try {
      const r = await run(process.execPath, ["out/main.js"], { cwd: root, env: cleanEnv({ LINKMODEL_API_KEY: KEY, LINKMODEL_BASE_URL: `${poor.url}/api/v1` }) });
      expect(r.stderr).toContain("Top up your LinkModel balance.");
    } finally {
      await poor.close();
    }
  }, 120_000);

  test("a fresh project that installs one model package holds at most four packages (npm ls --all)", async () => {
    const root = await project("one-model", ["@linkmodel-sdk/wan2-6"]);
    const { stdout } = await run(NPM, ["ls", "--all", "--parseable"], { cwd: root, env: registry.env() });
    const installed = stdout.trim().split("\n").slice(1).map((p) => p.slice(join(root, "node_modules").length + 1));
    expect(installed).toContain("@linkmodel-sdk/wan2-6");
    expect(installed).toContain("@linkmodel-sdk/runtime");
    expect(installed.length, installed.join(", ")).toBeLessThanOrEqual(4);
  });
});
