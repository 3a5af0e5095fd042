/**
 * A real npm registry for tests: Verdaccio on loopback, with no uplinks, started by the test and
 * stopped after it. Third-party packages reach it from this repo's own `node_modules` (`npm pack`
 * of an installed folder needs no network), so installs from it touch neither the internet nor
 * the developer's npm cache: every npm command run through {@link Registry.env} uses a cache
 * folder of its own, empty when the registry starts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { run, cleanEnv } from "../packages/helpers.js";
import { ROOT } from "./workspace.js";

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

/** A running registry. */
export interface Registry {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  /** A scratch folder that lives as long as the registry (tarballs, projects). */
  readonly dir: string;
  /**
   * The environment for an npm command that must use this registry alone: its URL, a token
   * (Verdaccio takes any for publishing here), an empty npm cache of its own, and a user config
   * that names nothing else. Without the `npm_*` variables of the `npm test` running us.
   */
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
  /** Publishes tarballs (skipping a name@version the registry has already). */
  publish(tarballs: readonly string[]): Promise<void>;
  /**
   * Publishes the installed third-party packages that `names` need at run time (the names
   * themselves and their dependencies, recursively, at the versions installed here).
   */
  publishInstalled(names: readonly string[]): Promise<void>;
  /** The versions of a package the registry holds (none: an empty list). */
  versions(name: string): Promise<string[]>;
  close(): Promise<void>;
}

/** Where `name` is installed as seen from the package folder `from` (Node's lookup, up to the repo). */
function installedFolder(name: string, from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dir === ROOT || dirname(dir) === dir) throw new Error(`${name} is not installed (looked up from ${from})`);
  }
}

interface InstalledPackage {
  readonly name: string;
  readonly version: string;
  readonly folder: string;
}

/** `names` and everything they depend on at run time, as installed in this repo. */
export function installedClosure(names: readonly string[]): InstalledPackage[] {
  const found = new Map<string, InstalledPackage>();
  const visit = (name: string, from: string): void => {
    const folder = installedFolder(name, from);
    const pkg = JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as {
      version: string;
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
      peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    };
    const id = `${name}@${pkg.version}`;
    if (found.has(id)) return;
    found.set(id, { name, version: pkg.version, folder });
    // npm installs required peers too, so the registry must have them.
    const peers = Object.keys(pkg.peerDependencies ?? {}).filter((peer) => !pkg.peerDependenciesMeta?.[peer]?.optional);
    for (const dep of [...Object.keys(pkg.dependencies ?? {}), ...peers]) visit(dep, folder);
  };
  for (const name of names) visit(name, ROOT);
  return [...found.values()];
}

/** Runs `jobs` at most `limit` at a time. */
async function inBatches(jobs: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  const queue = [...jobs];
  await Promise.all(
    Array.from({ length: Math.min(limit, queue.length) }, async () => {
      for (let job = queue.shift(); job; job = queue.shift()) await job();
    }),
  );
}

/** Starts a registry; call `close()` after (an `afterAll`). */
export async function startRegistry(): Promise<Registry> {
  const dir = mkdtempSync(join(tmpdir(), "lm-registry-"));
  const storage = join(dir, "verdaccio");
  mkdirSync(storage);
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, "test/helpers/registry-server.mjs"), storage], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => {
      try {
        resolve((JSON.parse(line) as { port: number }).port);
      } catch {
        reject(new Error(`the registry did not start: ${line}\n${stderr}`));
      }
    });
    child.once("exit", (code) => reject(new Error(`the registry exited (${code}) before listening:\n${stderr}`)));
  });
  const url = `http://127.0.0.1:${port}/`;
  const npmrc = join(dir, "npmrc");
  writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=test-token\n`);
  const cache = join(dir, "npm-cache");
  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
    const base = cleanEnv();
    delete base["npm_config_cache"];
    return {
      ...base,
      npm_config_registry: url,
      npm_config_userconfig: npmrc,
      npm_config_cache: cache,
      npm_config_audit: "false",
      npm_config_fund: "false",
      npm_config_update_notifier: "false",
      ...extra,
    };
  };
  const versions = async (name: string): Promise<string[]> => {
    const response = await fetch(`${url}${name.replace("/", "%2f")}`);
    if (response.status === 404) return [];
    if (!response.ok) throw new Error(`registry: GET ${name} answered ${response.status}`);
    return Object.keys(((await response.json()) as { versions?: Record<string, unknown> }).versions ?? {});
  };
  const publish = async (tarballs: readonly string[]): Promise<void> => {
    await inBatches(
      tarballs.map((tarball) => async () => {
        await run(NPM, ["publish", tarball, "--ignore-scripts", "--tag", "latest", "--registry", url], { cwd: dir, env: env() });
      }),
      4,
    );
  };
  const publishInstalled = async (names: readonly string[]): Promise<void> => {
    const wanted: InstalledPackage[] = [];
    for (const pkg of installedClosure(names)) if (!(await versions(pkg.name)).includes(pkg.version)) wanted.push(pkg);
    if (wanted.length === 0) return;
    const out = mkdtempSync(join(dir, "third-party-"));
    const { stdout } = await run(NPM, ["pack", "--json", "--ignore-scripts", "--pack-destination", out, ...wanted.map((p) => p.folder)], { cwd: dir, env: env() });
    await publish((JSON.parse(stdout) as { filename: string }[]).map((p) => join(out, p.filename)));
  };
  return {
    url,
    dir,
    env,
    publish,
    publishInstalled,
    versions,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
