/**
 * Tool: the generator's own files, read from the folder it is installed in: where that is,
 * what it is made of (the inputs of its fingerprint: a change to any of them can change the
 * output), and the parts a run copies or renders with (templates, the runtime's sources, its
 * licence, its package.json). The one module that knows the generator's layout on disk.
 *
 * Loaded by the no-op path (for the fingerprint), so it imports nothing heavy.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readOrNull, sha256, walkFiles } from "./files.js";

/** The generator's folders, relative to its root: read by a run, and watched by `npm run generate`'s shortcut. */
export const TEMPLATES_DIR = "templates";
export const RUNTIME_SOURCES_DIR = "runtime/src";
/** The command line's hand-written sources, copied into the `@linkmodel-sdk/cli` package. */
export const CLI_SOURCES_DIR = "runtime/cli";
export const GENERATOR_SOURCES_DIR = "generator";
export const BUILD_DIR = "build";

/** The folder the generator is installed in (holds `templates/`, `runtime/src/`, `package.json`). */
export function toolRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, TEMPLATES_DIR)) || !existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find the generator's templates/ folder");
    dir = parent;
  }
  return dir;
}

/** One template source: `artifact/relative/output/path.hbs`, or a partial `artifact/_name.hbs`. */
export interface TemplateSource {
  readonly path: string;
  readonly source: string;
}

/** Every template below `templates/`, in code-point order of its path. */
export function readTemplateSources(root: string): TemplateSource[] {
  const dir = join(root, TEMPLATES_DIR);
  return walkFiles(dir, { list: (entry) => !entry.dirent.isDirectory() && entry.path.endsWith(".hbs") }).map((path) => ({ path, source: readFileSync(join(dir, path), "utf8") }));
}

/** Whether a runtime file is a source the runtime package ships (tests are not). */
const isRuntimeSource = (path: string): boolean => path.endsWith(".ts") && !path.endsWith(".test.ts");

/**
 * Hand-written sources copied as they are into a package, by path below their folder:
 * {@link RUNTIME_SOURCES_DIR} (the runtime) or {@link CLI_SOURCES_DIR} (the command line).
 */
export function readSources(root: string, folder: typeof RUNTIME_SOURCES_DIR | typeof CLI_SOURCES_DIR): Map<string, string> {
  const dir = join(root, folder);
  return new Map(walkFiles(dir, { list: (entry) => !entry.dirent.isDirectory() && isRuntimeSource(entry.path) }).map((path) => [path, readFileSync(join(dir, path), "utf8")]));
}

/** What every generated file may mention about its maker. */
export interface GeneratorInfo {
  readonly name: string;
  readonly version: string;
  /** `name version`, as provenance records it. */
  readonly label: string;
  /** npm version range of openapi-fetch that generated packages depend on. */
  readonly openapiFetchVersion: string;
}

/** The generator's name and version, from its package.json. */
export function readGeneratorInfo(root: string): GeneratorInfo {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string; dependencies?: Record<string, string> };
  return { name: "linkmodel-codegen", version: pkg.version, label: `linkmodel-codegen ${pkg.version}`, openapiFetchVersion: pkg.dependencies?.["openapi-fetch"] ?? "*" };
}

/** The generator's licence, which every package carries (npm packs LICENSE whatever `files` says). */
export function readLicense(root: string): string {
  return readFileSync(join(root, "LICENSE"), "utf8");
}

/** The packages whose versions are part of the fingerprint (their printers and runtime shape the output). */
const PINNED_TOOLS = ["openapi-typescript", "typescript", "openapi-fetch", "handlebars"];

/** The hash the generator's build recorded of the sources it compiled (generator/build.mjs). */
const BUILD_STAMP = `${BUILD_DIR}/.sources-hash`;

/**
 * The files the generator's fingerprint is made from (paths below `root`): its package.json,
 * its licence, the installed tools' package.json, the hash its build recorded of the sources it
 * compiled (what runs is what was built; its sources where there is no build), its templates
 * and the runtime it copies. A change to any of them can change the output.
 */
export function fingerprintInputs(root: string): string[] {
  const files = ["package.json", "LICENSE", ...PINNED_TOOLS.map((name) => `node_modules/${name}/package.json`)];
  const built = existsSync(join(root, BUILD_STAMP));
  files.push(...(built ? [BUILD_STAMP] : []));
  for (const dir of built ? [TEMPLATES_DIR, RUNTIME_SOURCES_DIR, CLI_SOURCES_DIR] : [GENERATOR_SOURCES_DIR, TEMPLATES_DIR, RUNTIME_SOURCES_DIR, CLI_SOURCES_DIR]) {
    for (const rel of walkFiles(join(root, dir), { list: (entry) => !entry.dirent.isDirectory() && !entry.path.endsWith(".test.ts") })) files.push(`${dir}/${rel}`);
  }
  return files;
}

/**
 * Fingerprint of the generator installed at `root`, from {@link fingerprintInputs}: any change
 * to its code, its templates, the runtime it copies, its licence, its own version or the
 * versions of the pinned tools regenerates everything.
 */
export function generatorFingerprint(root: string): string {
  const parts = fingerprintInputs(root).map((rel) => {
    const bytes = readOrNull(root, rel);
    if (rel.endsWith("package.json")) return `${rel} ${bytes ? (JSON.parse(bytes.toString("utf8")) as { version?: string }).version : "missing"}`;
    return rel === BUILD_STAMP ? `build ${bytes?.toString("utf8")}` : `${rel} ${bytes ? sha256(bytes) : "missing"}`;
  });
  return sha256(parts.join("\n"));
}
