/**
 * Manifest: what each package in the output was made from, so that a run can tell — from
 * hashes alone, without parsing a spec or loading TypeScript — whether anything needs doing.
 *
 * Takes hashes; returns the manifest (plain JSON, written as `.linkmodel-manifest.json` in the
 * output folder like any generated file). Reads the manifest; writes nothing (the manifest is
 * written by the write stage, with the files it describes).
 */
import { join } from "node:path";
import { compareCodePoints, readJsonOrNull } from "./files.js";

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
  /** `generatorFingerprint` (generator/tool.ts) of the generator that made this package. */
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
  const data = readJsonOrNull<Manifest & { generator?: unknown }>(join(outDir, MANIFEST_FILE));
  if (typeof data?.packages !== "object" || data.packages === null) return null;
  // Older generators recorded one fingerprint for the whole output: it stands for each package.
  const shared = typeof data.generator === "string" ? data.generator : undefined;
  const packages: Record<string, ManifestEntry> = {};
  for (const [key, entry] of Object.entries(data.packages)) {
    const generator = typeof entry?.generator === "string" ? entry.generator : shared;
    if (generator === undefined) return null;
    packages[key] = { ...entry, generator };
  }
  return { ...(typeof data.specSet === "string" ? { specSet: data.specSet } : {}), packages };
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
