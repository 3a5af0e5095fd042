/**
 * A model is added or removed by `npm run generate` alone (issue 15): in a copy of this repo,
 * put a spec in (or take one out), run only `npm run generate`, and the repo is consistent:
 * `npm run typecheck` and `npm run build` pass (the new package is linked by name), and a fresh
 * clone of the committed result passes `npm ci`'s lockfile check. Before, the new package was
 * missing from `node_modules/` (TS2307) and from `package-lock.json` ("Missing: … from lock
 * file"), until someone guessed to run `npm install` and commit the lockfile.
 *
 * The clone's `npm ci` runs with `--dry-run --offline` and an empty npm cache: it validates the
 * lockfile against every package.json (what failed) without downloading the 700 packages it
 * names, which a test may not (no network but loopback).
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ROOT } from "../helpers/workspace.js";
import { cleanEnv } from "./helpers.js";

let dir: string;
let repo: string;

/**
 * Runs a command in `cwd`; resolves to its output, or rejects with it. Asynchronous: a blocked
 * worker misses vitest's heartbeats over a half-minute build.
 */
function sh(cwd: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv = cleanEnv()): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${stdout}\n${stderr}`));
      else resolve(stdout);
    });
  });
}
const npm = (cwd: string, ...args: string[]): Promise<string> => sh(cwd, "npm", args);
const git = (cwd: string, ...args: string[]): Promise<string> =>
  sh(cwd, "git", ["-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false", ...args]);

/**
 * A copy of this repo as git sees it (tracked and untracked files that are not ignored), as its
 * own git repository, installed: third-party packages are this repo's own (linked, nothing is
 * downloaded), the generated packages are linked from the copy's own `generated/`, as npm links
 * workspaces.
 */
async function copyRepo(into: string): Promise<string> {
  const files = (await sh(ROOT, "git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"])).split("\0").filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(ROOT, file))) continue; // deleted in the working tree
    mkdirSync(dirname(join(into, file)), { recursive: true });
    cpSync(join(ROOT, file), join(into, file));
  }
  const modules = join(into, "node_modules");
  mkdirSync(modules);
  for (const entry of readdirSync(join(ROOT, "node_modules"))) {
    // The generated packages are linked below; the code cache and npm's record of the tree are the repo's own.
    if (entry === "@linkmodel-sdk" || entry === ".cache" || entry === ".package-lock.json") continue;
    symlinkSync(join(ROOT, "node_modules", entry), join(modules, entry));
  }
  const scope = join(modules, "@linkmodel-sdk");
  mkdirSync(scope);
  for (const name of readdirSync(join(ROOT, "node_modules/@linkmodel-sdk"))) {
    const folder = name === "runtime" || name === "catalogue" ? `generated/${name}` : `generated/models/${name}`;
    symlinkSync(relative(scope, join(into, folder)), join(scope, name));
  }
  await git(into, "init", "-q");
  await git(into, "add", "-A");
  await git(into, "commit", "-q", "-m", "copy");
  return into;
}

/** `npm ci`'s lockfile check in a fresh clone of `source`, with an npm cache that starts empty. */
async function freshCloneInstallCheck(source: string, name: string): Promise<string> {
  const clone = join(dir, name);
  await git(dir, "clone", "-q", source, clone);
  return sh(clone, "npm", ["ci", "--dry-run", "--offline", "--ignore-scripts"], { ...cleanEnv(), npm_config_cache: join(dir, `${name}-empty-cache`) });
}

/** Package names in the copy's lockfile. */
function lockedNames(): string[] {
  const lock = JSON.parse(readFileSync(join(repo, "package-lock.json"), "utf8")) as { packages: Record<string, { name?: string }> };
  return Object.entries(lock.packages)
    .filter(([path]) => path.startsWith("generated/"))
    .map(([, entry]) => entry.name ?? "");
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "lm-add-model-"));
  repo = await copyRepo(join(dir, "repo"));
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("a model is one command", () => {
  test("adding a spec: npm run generate alone, then typecheck, build and a fresh clone's npm ci pass", async () => {
    const source = readFileSync(join(repo, "specs/video/wan2-6.yaml"), "utf8");
    writeFileSync(join(repo, "specs/video/wan-added.yaml"), source.replace(/- wan2\.6$/m, "- wan-added").replace("title: wan2.6", "title: wan-added"));

    const generated = await npm(repo, "run", "generate");
    expect(readFileSync(join(repo, "generated/models/wan-added/src/index.ts"), "utf8")).toContain('id: "wan-added"');
    expect(generated).toContain("kept the npm workspace in step");
    expect(existsSync(join(repo, "node_modules/@linkmodel-sdk/wan-added/package.json"))).toBe(true);
    expect(lockedNames()).toContain("@linkmodel-sdk/wan-added");

    await npm(repo, "run", "typecheck");
    expect(await npm(repo, "run", "build")).not.toContain("failed");
    expect(existsSync(join(repo, "generated/models/wan-added/dist/index.js"))).toBe(true);
    // The drift check of `npm test` agrees.
    expect(await sh(repo, process.execPath, ["build/generator/bin.js", "generate", "--check"])).toContain("up to date");

    await git(repo, "add", "-A");
    await git(repo, "commit", "-q", "-m", "add wan-added");
    await freshCloneInstallCheck(repo, "clone-added");
  }, 600_000);

  test("removing a spec: npm run generate alone, then typecheck, build and a fresh clone's npm ci pass", async () => {
    rmSync(join(repo, "specs/video/wan-added.yaml"));
    const generated = await npm(repo, "run", "generate");
    expect(generated).toContain("kept the npm workspace in step");
    expect(existsSync(join(repo, "generated/models/wan-added"))).toBe(false);
    expect(existsSync(join(repo, "node_modules/@linkmodel-sdk/wan-added"))).toBe(false);
    expect(lockedNames()).not.toContain("@linkmodel-sdk/wan-added");

    await npm(repo, "run", "typecheck");
    expect(await npm(repo, "run", "build")).not.toContain("failed");
    expect(await sh(repo, process.execPath, ["build/generator/bin.js", "generate", "--check"])).toContain("up to date");

    await git(repo, "add", "-A");
    await git(repo, "commit", "-q", "-m", "remove wan-added");
    await freshCloneInstallCheck(repo, "clone-removed");
  }, 600_000);

  test("npm run generate's shortcut (no Node started while nothing listed is newer than its stamp) never hides a change", async () => {
    await npm(repo, "run", "generate");
    expect(await npm(repo, "run", "generate")).toContain("nothing changed");
    expect(readFileSync(join(repo, "node_modules/.cache/linkmodel-codegen-state/npm-generate.stamp"), "utf8")).toContain("T specs");
    // A spec edited: regenerated.
    const spec = join(repo, "specs/video/sora-2.yaml");
    const original = readFileSync(spec, "utf8");
    writeFileSync(spec, original.replace("summary: sora-2", "summary: sora-2 (edited)"));
    expect(await npm(repo, "run", "generate")).toMatch(/wrote \d+ file\(s\), removed 0; regenerated sora-2/);
    expect(readFileSync(join(repo, "generated/models/sora-2/src/index.ts"), "utf8")).toContain("sora-2 (edited)");
    // A template edited: regenerated.
    const template = join(repo, "templates/model/README.md.hbs");
    writeFileSync(template, `${readFileSync(template, "utf8")}\nA line added to the template.\n`);
    expect(await npm(repo, "run", "generate")).toContain("regenerated");
    expect(readFileSync(join(repo, "generated/models/wan2-6/README.md"), "utf8")).toContain("A line added to the template.");
    // A module added to the command line's sources (runtime/cli, copied into the CLI package): regenerated.
    await npm(repo, "run", "generate");
    expect(await npm(repo, "run", "generate")).toContain("nothing changed");
    writeFileSync(join(repo, "runtime/cli/added.ts"), "export const added = 1;\n");
    expect(await npm(repo, "run", "generate")).not.toContain("nothing changed");
    expect(readFileSync(join(repo, "generated/cli/src/added.ts"), "utf8")).toBe("export const added = 1;\n");
    // A file of the output deleted: restored.
    rmSync(join(repo, "generated/models/kling-v3/README.md"));
    expect(await npm(repo, "run", "generate")).not.toContain("nothing changed");
    expect(existsSync(join(repo, "generated/models/kling-v3/README.md"))).toBe(true);
    // Arguments always reach the generator (the shortcut would print its one line instead).
    expect(await npm(repo, "run", "generate", "--", "--json")).toContain('"upToDate": true');
  }, 600_000);

  test("a lockfile left behind fails npm test's drift check with the command that mends it, not a compiler error", async () => {
    const lockPath = join(repo, "package-lock.json");
    const lock = readFileSync(lockPath, "utf8");
    try {
      // The lockfile as it was before sora-2 was added (as when someone forgot to commit it).
      const edited = JSON.parse(lock) as { packages: Record<string, unknown> };
      delete edited.packages["generated/models/sora-2"];
      delete edited.packages["node_modules/@linkmodel-sdk/sora-2"];
      writeFileSync(lockPath, `${JSON.stringify(edited, null, 2)}\n`);
      // `npm test` runs the drift check before the compiler, so this is what it stops with.
      const script = (JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts["test"]!;
      expect(script.indexOf("generate --check")).toBeGreaterThan(-1);
      expect(script.indexOf("generate --check")).toBeLessThan(script.indexOf("typecheck"));
      let failure = "";
      try {
        await npm(repo, "run", "check");
      } catch (error) {
        failure = (error as Error).message;
      }
      expect(failure).toContain("workspace: package-lock.json does not list @linkmodel-sdk/sora-2 (generated/models/sora-2)");
      expect(failure).toContain("run `npm run generate`, which brings them in step");
      expect(failure).not.toContain("error TS");
      // …and the command it names mends it.
      expect(await npm(repo, "run", "generate")).toContain("kept the npm workspace in step: package-lock.json");
      expect(await sh(repo, process.execPath, ["build/generator/bin.js", "generate", "--check"])).toContain("up to date");
    } finally {
      writeFileSync(lockPath, lock);
    }
  }, 600_000);
});
