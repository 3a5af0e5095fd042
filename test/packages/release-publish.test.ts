/**
 * Releases consumers can trust (issue 16), end to end against a real registry (Verdaccio on
 * loopback, no uplinks): the catalogue is released and published at 1.0.0; a consumer installs
 * `@linkmodel-sdk/wan2-6@^1.0.0`; an additive spec change is released as 1.1.0 and published,
 * and the consumer's `npm update` takes it; a breaking change is released as 2.0.0, which
 * `npm update` does not take, while the changelog in its tarball says why. A plain `npm publish`
 * of a package whose dist/ is stale is refused by the package's own guard. Packages of two
 * compatible generations installed together share one runtime, and its error classes.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { listPackages } from "../../generator/compile.js";
import { generate } from "../../generator/generate.js";
import { publish, release } from "../../generator/releasing.js";
import { startRegistry, type Registry } from "../helpers/registry.js";
import { copyGenerator, ROOT } from "../helpers/workspace.js";
import { run } from "./helpers.js";

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
let registry: Registry;
let dir: string;
let consumer: string;
const specs = (): string => join(dir, "specs");
const out = (): string => join(dir, "generated");

beforeAll(async () => {
  registry = await startRegistry();
  await registry.publishInstalled(["openapi-fetch"]);
  // Inside the repo, so that the packages compile against its node_modules, as build.test.ts does.
  mkdirSync(join(ROOT, ".scratch"), { recursive: true });
  dir = mkdtempSync(join(ROOT, ".scratch", "release-"));
  cpSync(join(ROOT, "specs"), specs(), { recursive: true });
  expect((await generate({ specsDir: specs(), outDir: out() })).ok).toBe(true);
  const scope = join(dir, "node_modules", "@linkmodel-sdk");
  mkdirSync(scope, { recursive: true });
  for (const { folder, name } of listPackages(out())) symlinkSync(join(out(), folder), join(scope, name.split("/")[1]!), "dir");
  consumer = mkdtempSync(join(tmpdir(), "lm-consumer-"));
}, 120_000);

afterAll(async () => {
  await registry?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});

/** Publishes the output to the test registry with the npm environment that points there. */
async function publishAll(): Promise<Record<string, string>> {
  const saved = { ...process.env };
  Object.assign(process.env, registry.env());
  try {
    const result = await publish({ specsDir: specs(), outDir: out(), registry: registry.url });
    expect(result.problem).toBeNull();
    return Object.fromEntries(result.packages.map((p) => [`${p.name}@${p.version}`, p.status]));
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

function editWan(from: string | RegExp, to: string): void {
  const path = join(specs(), "video/wan2-6.yaml");
  const text = readFileSync(path, "utf8");
  expect(text).toMatch(from);
  writeFileSync(path, text.replace(from, to));
}

const installed = (): string => (JSON.parse(readFileSync(join(consumer, "node_modules/@linkmodel-sdk/wan2-6/package.json"), "utf8")) as { version: string }).version;

test("release and publish: ^1.0.0 takes an additive release, not a breaking one, and the changelog says why", async () => {
  // Nothing released yet: publishing is refused until the versions are recorded.
  const early = await publish({ specsDir: specs(), outDir: out(), registry: registry.url, dryRun: true });
  expect(early.ok).toBe(false);
  expect(early.problem).toContain("run `release` first");

  expect((await release({ specsDir: specs(), outDir: out(), date: "2026-12-01" })).ok).toBe(true);
  const first = await publishAll();
  expect(first["@linkmodel-sdk/catalogue@1.0.0"]).toBe("published");
  expect(first["@linkmodel-sdk/wan2-6@1.0.0"]).toBe("published");
  expect(first["@linkmodel-sdk/runtime@1.0.0"]).toBe("published");

  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, dependencies: { "@linkmodel-sdk/wan2-6": "^1.0.0" } }));
  await run(NPM, ["install", "--ignore-scripts"], { cwd: consumer, env: registry.env() });
  expect(installed()).toBe("1.0.0");

  // Additive: a new optional property. Released as 1.1.0; the rest are already on the registry.
  editWan(/( +)model:\n( +)type: string\n/, "$1style:\n$2type: string\n$1model:\n$2type: string\n");
  const additive = await release({ specsDir: specs(), outDir: out(), date: "2026-12-02" });
  expect(additive.released.find((p) => p.name === "@linkmodel-sdk/wan2-6")).toMatchObject({ version: "1.1.0", level: "minor" });
  const second = await publishAll();
  expect(second["@linkmodel-sdk/wan2-6@1.1.0"]).toBe("published");
  expect(second["@linkmodel-sdk/runtime@1.0.0"]).toBe("skipped");
  await run(NPM, ["update", "--ignore-scripts"], { cwd: consumer, env: registry.env() });
  expect(installed()).toBe("1.1.0");

  // Breaking: the new property made required. Released as 2.0.0, which ^1.0.0 does not take.
  editWan("              required:\n                - prompt\n", "              required:\n                - prompt\n                - style\n");
  const breaking = await release({ specsDir: specs(), outDir: out(), date: "2026-12-03" });
  expect(breaking.released.find((p) => p.name === "@linkmodel-sdk/wan2-6")).toMatchObject({ version: "2.0.0", level: "major" });
  expect((await publishAll())["@linkmodel-sdk/wan2-6@2.0.0"]).toBe("published");
  await run(NPM, ["update", "--ignore-scripts"], { cwd: consumer, env: registry.env() });
  expect(installed()).toBe("1.1.0");
  expect(await registry.versions("@linkmodel-sdk/wan2-6")).toEqual(["1.0.0", "1.1.0", "2.0.0"]);

  // The 2.0.0 tarball, as the registry serves it, says why it is a major.
  const packed = mkdtempSync(join(consumer, "packed-"));
  await run(NPM, ["pack", "@linkmodel-sdk/wan2-6@2.0.0", "--pack-destination", packed], { cwd: packed, env: registry.env() });
  await run("tar", ["-xzf", "linkmodel-sdk-wan2-6-2.0.0.tgz"], { cwd: packed });
  const changelog = readFileSync(join(packed, "package/CHANGELOG.md"), "utf8");
  expect(changelog).toContain("## 2.0.0 (2026-12-03)\n\n- **major**: `style` is now required");
  expect(changelog).toContain("## 1.1.0 (2026-12-02)\n\n- **minor**: `style` is new (optional)");
}, 600_000);

test("a plain npm publish of a package whose dist/ is stale is refused by its own guard, and nothing reaches the registry", async () => {
  const wan = join(out(), "models/wan2-6");
  // Generated again (a new version) but not built: the dist/ is of the sources before.
  const pkg = JSON.parse(readFileSync(join(wan, "package.json"), "utf8")) as { version: string };
  writeFileSync(join(wan, "package.json"), readFileSync(join(wan, "package.json"), "utf8").replace(`"version": "${pkg.version}"`, '"version": "9.9.9"'));
  writeFileSync(join(wan, "src/index.ts"), `${readFileSync(join(wan, "src/index.ts"), "utf8")}export const added = 1;\n`);
  await expect(run(NPM, ["publish", "--registry", registry.url], { cwd: wan, env: registry.env() })).rejects.toThrow(
    /@linkmodel-sdk\/wan2-6@9\.9\.9: dist\/ was built from another package\.json; nothing was packed: run `npm run build`/,
  );
  expect(await registry.versions("@linkmodel-sdk/wan2-6")).not.toContain("9.9.9");
}, 120_000);

test("two packages of compatible generations share one runtime, and instanceof holds for errors from both", async () => {
  // A later generation: the generator's runtime gains an export (a minor of the runtime), so
  // every package made by it depends on ^1.1.0 of it. Made with a copy of the generator.
  const tool = copyGenerator(dir);
  const index = join(tool.root, "runtime/src/index.ts");
  writeFileSync(index, `${readFileSync(index, "utf8")}\n/** A new export of a later generation. */\nexport const laterGeneration = true;\n`);
  const gen = (...args: string[]) => run(process.execPath, [tool.bin, ...args, "--specs", specs(), "--out", out()], { cwd: dir, env: registry.env() });
  await gen("release", "--date", "2026-12-04");
  expect(JSON.parse(readFileSync(join(out(), "runtime/package.json"), "utf8"))).toMatchObject({ version: "1.1.0" });
  expect(JSON.parse(readFileSync(join(out(), "models/sora-2/package.json"), "utf8"))).toMatchObject({ version: "1.0.1", dependencies: { "@linkmodel-sdk/runtime": "^1.1.0" } });
  await gen("publish", "--registry", registry.url);

  // kling-v3 of the first generation (runtime ^1.0.0) beside sora-2 of the second (^1.1.0).
  const project = mkdtempSync(join(tmpdir(), "lm-generations-"));
  try {
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({ name: "generations", private: true, type: "module", dependencies: { "@linkmodel-sdk/kling-v3": "1.0.0", "@linkmodel-sdk/sora-2": "1.0.1" } }),
    );
    await run(NPM, ["install", "--ignore-scripts"], { cwd: project, env: registry.env() });
    const tree = JSON.parse((await run(NPM, ["ls", "--all", "--json", "@linkmodel-sdk/runtime"], { cwd: project, env: registry.env() })).stdout) as {
      dependencies: Record<string, { dependencies?: Record<string, { version: string }> }>;
    };
    const runtimes = new Set(Object.values(tree.dependencies).flatMap((d) => Object.values(d.dependencies ?? {}).map((r) => r.version)));
    expect([...runtimes]).toEqual(["1.1.0"]);
    writeFileSync(
      join(project, "main.mjs"),
      `import * as kling from "@linkmodel-sdk/kling-v3";
import * as sora from "@linkmodel-sdk/sora-2";
const errors = [];
for (const client of [kling.createClient({ apiKey: "k" }), sora.createClient({ apiKey: "k" })]) {
  try { await client.create({ prompt: 1 }); } catch (error) { errors.push(error); }
}
console.log(JSON.stringify(errors.map((e) => [e instanceof kling.InvalidRequestError, e instanceof sora.InvalidRequestError, e instanceof sora.LinkModelError])));
`,
    );
    const { stdout } = await run(process.execPath, ["main.mjs"], { cwd: project, env: registry.env() });
    expect(JSON.parse(stdout)).toEqual([
      [true, true, true],
      [true, true, true],
    ]);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}, 600_000);
