/**
 * Manifest: what each package in the output was made from, so that a run can tell — from
 * hashes alone, without parsing a spec or loading TypeScript — whether anything needs doing.
 *
 * Takes hashes; returns the manifest (plain JSON, written as `.linkmodel-manifest.json` in the
 * output folder like any generated file) and the plan of what is stale. Reads the toolchain
 * files to fingerprint the generator; writes nothing.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compareCodePoints, readOrNull, sha256 } from "./files.js";

/** File name of the manifest inside the output folder. */
export const MANIFEST_FILE = ".linkmodel-manifest.json";

/** The manifest. */
export interface Manifest {
  /**
   * Hash of the spec set that every package was last generated from in full. Absent after a
   * filtered run or one with spec errors: those leave some packages stale, so the next run
   * must not take the no-op path.
   */
  readonly specSet?: string;
  /** Package folder (relative to the output) → what it was made from and which files it holds. */
  readonly packages: Record<string, ManifestEntry>;
}

/**
 * What one package was made from, its version, and the files it holds. The generator that made
 * it is recorded per package, not once for the output: a filtered, `--keep-going` or
 * interrupted run makes only some packages with a new generator, and the others must stay
 * stale until a run remakes them.
 */
export interface ManifestEntry {
  /** {@link generatorFingerprint} of the generator that made this package. */
  readonly generator: string;
  /** Hash of the specs this package was made from. */
  readonly inputs: string;
  /** The package's npm version (decided by generator/release.ts); absent in manifests of older generators. */
  readonly version?: string;
  readonly files: string[];
  /** {@link filesDigest} of `files` as written, so a hand edit or a deleted file is noticed without rendering. */
  readonly digest?: string;
}

/** Reads the manifest of an output folder, or null (missing or unreadable means "rebuild"). */
export function readManifest(outDir: string): Manifest | null {
  try {
    const data = JSON.parse(readFileSync(join(outDir, MANIFEST_FILE), "utf8")) as Manifest & { generator?: unknown };
    if (typeof data.packages !== "object" || data.packages === null) return null;
    // Older generators recorded one fingerprint for the whole output: it stands for each package.
    const shared = typeof data.generator === "string" ? data.generator : undefined;
    const packages: Record<string, ManifestEntry> = {};
    for (const [key, entry] of Object.entries(data.packages)) {
      const generator = typeof entry?.generator === "string" ? entry.generator : shared;
      if (generator === undefined) return null;
      packages[key] = { ...entry, generator };
    }
    return { ...(typeof data.specSet === "string" ? { specSet: data.specSet } : {}), packages };
  } catch {
    return null;
  }
}

/** The manifest as the bytes written to disk. */
export function serializeManifest(manifest: Manifest): string {
  const packages: Manifest["packages"] = {};
  for (const key of Object.keys(manifest.packages).sort(compareCodePoints)) {
    const entry = manifest.packages[key]!;
    packages[key] = {
      generator: entry.generator,
      inputs: entry.inputs,
      ...(entry.version ? { version: entry.version } : {}),
      files: [...entry.files].sort(compareCodePoints),
      ...(entry.digest ? { digest: entry.digest } : {}),
    };
  }
  return `${JSON.stringify({ ...(manifest.specSet ? { specSet: manifest.specSet } : {}), packages }, null, 2)}\n`;
}

/** Every file below `dir` (relative, sorted), for fingerprinting. */
function filesBelow(dir: string, keep: (rel: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (sub: string): void => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = sub === "" ? entry.name : `${sub}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (keep(rel)) out.push(rel);
    }
  };
  walk("");
  return out.sort(compareCodePoints);
}

/** The packages whose versions are part of the fingerprint (their printers and runtime shape the output). */
const PINNED_TOOLS = ["openapi-typescript", "typescript", "openapi-fetch", "handlebars"];

/**
 * The files the generator's fingerprint is made from (paths below `root`): its package.json,
 * its licence, the installed tools' package.json, the hash its build recorded of the sources it
 * compiled (what runs is what was built; its sources where there is no build), its templates
 * and the runtime it copies. A change to any of them can change the output.
 */
export function fingerprintInputs(root: string): string[] {
  const files = ["package.json", "LICENSE", ...PINNED_TOOLS.map((name) => `node_modules/${name}/package.json`)];
  const built = existsSync(join(root, "build", ".sources-hash"));
  files.push(...(built ? ["build/.sources-hash"] : []));
  for (const dir of built ? ["templates", "runtime/src", "runtime/cli"] : ["generator", "templates", "runtime/src", "runtime/cli"]) {
    for (const rel of filesBelow(join(root, dir), (r) => !/\.test\.ts$/.test(r))) files.push(`${dir}/${rel}`);
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
    return rel === "build/.sources-hash" ? `build ${bytes?.toString("utf8")}` : `${rel} ${bytes ? sha256(bytes) : "missing"}`;
  });
  return sha256(parts.join("\n"));
}
