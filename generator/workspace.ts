/**
 * Workspace: keeps the npm project that holds the output in step with the packages generated
 * into it, so that adding, changing or removing a spec needs `npm run generate` alone.
 *
 * When the generated packages are workspaces of an npm project (this repo declares
 * `generated/runtime`, `generated/catalogue`, `generated/testing` and `generated/models/*`), npm records each of them
 * in the project's `package-lock.json` (name, version, dependencies, and a link) and links it
 * into `node_modules/`. A new model's package is missing from both until someone runs
 * `npm install`: the compiler cannot find it by name, and `npm ci` (CI's first step) refuses the
 * lockfile. A version bump or a removed model leaves the lockfile behind the same way.
 *
 * `findWorkspace` finds that project (none: nothing to keep in step); `workspaceProblems` says
 * what is out of step, reading only; `syncWorkspace` has npm rewrite the lockfile
 * (`npm install --package-lock-only --offline`: it downloads nothing and leaves `node_modules/`
 * alone, and needs nothing that is not in the lockfile already, since a generated package
 * depends only on other generated packages and on what the generator itself depends on), then
 * makes or removes the links npm would. Whatever it cannot mend stays in the problems, each
 * with the command that mends it.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, symlinkSync, unlinkSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { compareCodePoints, readJsonOrNull } from "./files.js";

/** An npm project whose workspaces include the generated packages. */
export interface Workspace {
  /** The project's folder (holds package.json and, usually, package-lock.json). */
  readonly root: string;
  /** The project's lockfile, when it has one. */
  readonly lockfile: string | null;
  /** The output folder's generated packages, as the project sees them. */
  readonly packages: readonly WorkspacePackage[];
}

/** One generated package, as npm would record it. */
export interface WorkspacePackage {
  /** Folder relative to the project, `/`-separated (the lockfile's key). */
  readonly path: string;
  readonly name: string;
  readonly version: string;
  readonly dependencies: Readonly<Record<string, string>>;
}

/** The subset of package.json this module reads. */
interface PackageJson {
  readonly name?: string;
  readonly version?: string;
  readonly dependencies?: Record<string, string>;
  readonly workspaces?: readonly string[] | { readonly packages?: readonly string[] };
}

/** A lockfile's `packages` entry. */
interface LockEntry {
  readonly name?: string;
  readonly version?: string;
  readonly dependencies?: Record<string, string>;
  readonly resolved?: string;
  readonly link?: boolean;
}

const toPosix = (path: string): string => path.split(sep).join("/");

/** A workspaces glob (`generated/models/*`) as a test of a relative folder. */
function globMatcher(pattern: string): (path: string) => boolean {
  const source = pattern
    .replace(/^\.\//, "")
    .replace(/\/+$/, "")
    .split("/")
    .map((segment) => (segment === "**" ? ".*" : segment.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]*")))
    .join("/");
  const regex = new RegExp(`^${source}$`);
  return (path) => regex.test(path);
}

/**
 * The npm project whose workspaces include the packages generated into `outDir` (`keys` are
 * their folders inside it, as the manifest lists them), or null: the nearest folder above
 * `outDir` with a package.json, if that package.json declares them as workspaces.
 */
export function findWorkspace(outDir: string, keys: readonly string[]): Workspace | null {
  let root = dirname(resolve(outDir));
  let pkg: PackageJson | null = null;
  for (;;) {
    if (existsSync(join(root, "package.json"))) {
      pkg = readJsonOrNull<PackageJson>(join(root, "package.json"));
      break;
    }
    if (dirname(root) === root) return null;
    root = dirname(root);
  }
  const patterns = Array.isArray(pkg?.workspaces) ? pkg.workspaces : ((pkg?.workspaces as { packages?: readonly string[] } | undefined)?.packages ?? []);
  const matchers = patterns.map(globMatcher);
  const packages: WorkspacePackage[] = [];
  for (const key of keys) {
    const path = toPosix(relative(root, join(outDir, key)));
    if (!matchers.some((matches) => matches(path))) continue;
    const manifest = readJsonOrNull<PackageJson>(join(outDir, key, "package.json"));
    if (!manifest?.name || !manifest.version) continue;
    packages.push({ path, name: manifest.name, version: manifest.version, dependencies: manifest.dependencies ?? {} });
  }
  if (packages.length === 0) return null;
  const lockfile = join(root, "package-lock.json");
  return { root, lockfile: existsSync(lockfile) ? lockfile : null, packages };
}

function sameRecord(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  const left = Object.entries(a ?? {}).sort(([x], [y]) => compareCodePoints(x, y));
  const right = Object.entries(b ?? {}).sort(([x], [y]) => compareCodePoints(x, y));
  return JSON.stringify(left) === JSON.stringify(right);
}

/** What the lockfile says that the generated packages no longer do, one sentence each. */
function lockProblems(workspace: Workspace, outPrefix: string): string[] {
  if (workspace.lockfile === null) return [];
  const lock = readJsonOrNull<{ packages?: Record<string, LockEntry> }>(workspace.lockfile);
  if (!lock?.packages) return ["package-lock.json cannot be read"];
  const problems: string[] = [];
  const current = new Set<string>();
  for (const pkg of workspace.packages) {
    current.add(pkg.path);
    const entry = lock.packages[pkg.path];
    const link = lock.packages[`node_modules/${pkg.name}`];
    if (!entry || !link) problems.push(`package-lock.json does not list ${pkg.name} (${pkg.path})`);
    else if (entry.version !== pkg.version) problems.push(`package-lock.json lists ${pkg.name} at ${entry.version ?? "no version"}, the package is at ${pkg.version}`);
    else if (!sameRecord(entry.dependencies, pkg.dependencies)) problems.push(`package-lock.json lists other dependencies for ${pkg.name}`);
    else if (link.resolved !== pkg.path || link.link !== true) problems.push(`package-lock.json does not link ${pkg.name} to ${pkg.path}`);
  }
  for (const [path, entry] of Object.entries(lock.packages)) {
    const folder = entry.link === true ? entry.resolved : path;
    if (folder?.startsWith(outPrefix) && !current.has(folder) && !folder.includes("/node_modules/")) {
      problems.push(`package-lock.json still lists ${folder}, which is no longer generated`);
    }
  }
  return [...new Set(problems)];
}

/** Where `node_modules/<name>` points, or null; "not a link" for a real folder or file. */
function linkTarget(path: string): string | null | "not a link" {
  const stat = lstatSync(path, { throwIfNoEntry: false });
  if (!stat) return null;
  if (!stat.isSymbolicLink()) return "not a link";
  return resolve(dirname(path), readlinkSync(path));
}

/** The package links a project's `node_modules/` lacks or has too many of (none before its first install). */
function linkProblems(workspace: Workspace, outDir: string): { missing: WorkspacePackage[]; dangling: string[]; blocked: string[] } {
  const modules = join(workspace.root, "node_modules");
  const missing: WorkspacePackage[] = [];
  const blocked: string[] = [];
  const dangling: string[] = [];
  if (!existsSync(modules)) return { missing, dangling, blocked };
  const names = new Set<string>();
  for (const pkg of workspace.packages) {
    names.add(pkg.name);
    const target = linkTarget(join(modules, pkg.name));
    if (target === "not a link") blocked.push(`node_modules/${pkg.name} is an installed folder, not a link to ${pkg.path}`);
    else if (target !== resolve(workspace.root, pkg.path)) missing.push(pkg);
  }
  // Links npm made to packages of this output that are gone (a removed spec): they point at nothing.
  const scopes = new Set(workspace.packages.map((pkg) => pkg.name.split("/")[0]!).filter((part) => part.startsWith("@")));
  for (const scope of scopes) {
    const dir = join(modules, scope);
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const name = `${scope}/${entry}`;
      const target = linkTarget(join(modules, name));
      if (names.has(name) || target === null || target === "not a link") continue;
      if (target.startsWith(resolve(outDir) + sep) && !existsSync(target)) dangling.push(name);
    }
  }
  return { missing, dangling, blocked };
}

const RUN_NPM_INSTALL = "run `npm install` (it needs the registry) and commit package-lock.json";

/** What is out of step in `node_modules/`, one sentence each. */
function linkOnlyProblems(workspace: Workspace, outDir: string): string[] {
  const links = linkProblems(workspace, outDir);
  return [
    ...links.missing.map((pkg) => `node_modules/${pkg.name} is not linked to ${pkg.path}`),
    ...links.dangling.map((name) => `node_modules/${name} links to a package that is no longer generated`),
    ...links.blocked,
  ];
}

/** Everything out of step between the project and the generated packages, one sentence each. */
export function workspaceProblems(workspace: Workspace, outDir: string): string[] {
  return [...lockProblems(workspace, `${toPosix(relative(workspace.root, outDir))}/`), ...linkOnlyProblems(workspace, outDir)];
}

/** How to run npm: the one running us (`npm run …`), else the one on the PATH. */
export function npmCommand(): { command: string; args: string[] } {
  const execpath = process.env["npm_execpath"];
  if (execpath && /\.[cm]?js$/.test(execpath)) return { command: process.execPath, args: [execpath] };
  return { command: process.platform === "win32" ? "npm.cmd" : "npm", args: [] };
}

/** The environment for the nested npm: ours, less what `npm run` set that would redirect it. */
export function npmEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_config_(workspaces?|include_workspace_root|global|location|prefix|dry_run|offline|package_lock_only|save)$/i.test(key)) continue;
    env[key] = value;
  }
  return env;
}

/** The result of {@link syncWorkspace}. */
export interface WorkspaceReport {
  /** The project kept in step. */
  readonly root: string;
  /** What was changed: the lockfile, links made or removed. */
  readonly changed: string[];
  /** What is still out of step, one sentence each; empty when all is well. */
  readonly problems: string[];
  /** The command that mends `problems`, when there are any. */
  readonly fix: string | null;
}

/**
 * Brings the project in step with the generated packages: the lockfile through npm, the links
 * directly. Nothing but the lockfile and links to the output's own packages is ever changed.
 */
export async function syncWorkspace(workspace: Workspace, outDir: string, options: { readonly lockfileVerified?: boolean } = {}): Promise<WorkspaceReport> {
  const changed: string[] = [];
  let npmError = "";
  const outPrefix = `${toPosix(relative(workspace.root, outDir))}/`;
  if (!options.lockfileVerified && lockProblems(workspace, outPrefix).length > 0) {
    // Loaded only here: child_process brings half of Node's networking with it, and the no-op path needs none of it.
    const { spawnSync } = await import("node:child_process");
    const npm = npmCommand();
    const result = spawnSync(npm.command, [...npm.args, "install", "--package-lock-only", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], {
      cwd: workspace.root,
      env: npmEnvironment(),
      encoding: "utf8",
      timeout: 300_000,
    });
    if (result.status === 0) changed.push("package-lock.json");
    else {
      const lines = `${result.stderr ?? ""}\n${result.error?.message ?? ""}`.split("\n").filter((line) => /error/i.test(line) && !/A complete log/.test(line));
      npmError = lines.slice(0, 3).join(" ").replace(/\s+/g, " ").trim() || `npm exited with ${String(result.status ?? result.signal)}`;
    }
  }
  const links = linkProblems(workspace, outDir);
  for (const pkg of links.missing) {
    const link = join(workspace.root, "node_modules", pkg.name);
    mkdirSync(dirname(link), { recursive: true });
    if (lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink()) unlinkSync(link);
    symlinkSync(relative(dirname(link), resolve(workspace.root, pkg.path)), link, "junction");
    changed.push(`node_modules/${pkg.name}`);
  }
  for (const name of links.dangling) {
    unlinkSync(join(workspace.root, "node_modules", name));
    changed.push(`node_modules/${name} (removed)`);
  }
  const problems = options.lockfileVerified && changed.length === 0 ? linkOnlyProblems(workspace, outDir) : workspaceProblems(workspace, outDir);
  const fix = problems.length === 0 ? null : npmError ? `${RUN_NPM_INSTALL}: npm could not update it offline (${npmError})` : RUN_NPM_INSTALL;
  return { root: workspace.root, changed, problems, fix };
}

/** The problems of a `--check` run, with their fix (nothing is changed). */
export function checkWorkspace(workspace: Workspace, outDir: string): WorkspaceReport {
  const problems = workspaceProblems(workspace, outDir);
  return { root: workspace.root, changed: [], problems, fix: problems.length === 0 ? null : "run `npm run generate`, which brings them in step" };
}
