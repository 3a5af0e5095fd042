/**
 * Release: the record of what was last released, and the versions and changelogs it implies.
 *
 * The record (`linkmodel-releases.json` beside the output folder, committed) holds, per package,
 * the version last released, the digest of its files then, its contract (generator/contract.ts)
 * and its changelog. A package's version in the output is a function of the record and of what
 * the package is now, and of nothing else:
 *
 * - never released: 1.0.0, the first release to come;
 * - its files (all but its changelog, its own version left out) are what was released: the
 *   released version;
 * - otherwise: the released version raised by the largest level of the changes between the
 *   released contract and the current one, at least a patch (the files changed).
 *
 * So regenerating from scratch gives the same bytes, a spec edited and reverted gives the
 * released version back, and a generator change that leaves a package's files alone leaves its
 * version alone. `release` (the command) records the current state; nothing else writes the record.
 */
import { dirname, join } from "node:path";
import { type Change, type Level, bump, levelOf, maxLevel } from "./contract.js";
import { compareCodePoints, filesDigest, readOrNull, sha256 } from "./files.js";
import type { Json } from "./ir.js";

/** File name of the record, beside the output folder. */
export const RECORD_FILE = "linkmodel-releases.json";

/** Where the record of an output folder lives. */
export function recordPath(outDir: string): string {
  return join(dirname(outDir), RECORD_FILE);
}

/** Stands for a package's own version while its files are rendered and digested. */
export const OWN_VERSION = "0.0.0-linkmodel-own-version";

/** One released version in a changelog. */
export interface ReleasedVersion {
  readonly version: string;
  /** `YYYY-MM-DD`, as given to `release`. */
  readonly date: string;
  /** The level of the release, or null for the first. */
  readonly level: Level | null;
  readonly changes: readonly { readonly level: Level; readonly text: string }[];
}

/** What the record holds of one package. */
export interface ReleasedPackage {
  readonly name: string;
  readonly version: string;
  /** {@link contentDigest} of the package as released. */
  readonly digest: string;
  readonly contract: Json;
  /** Newest first. */
  readonly changelog: readonly ReleasedVersion[];
}

/** The record: package folder (as the manifest keys it) → what was released. */
export interface ReleaseRecord {
  readonly packages: Readonly<Record<string, ReleasedPackage>>;
}

/** The record's bytes, or null when there is none (nothing released yet). */
export function readRecordBytes(outDir: string): Buffer | null {
  return readOrNull(dirname(outDir), RECORD_FILE);
}

/** Hash of the record, an input of every package (a release re-renders them all). */
export function recordHash(outDir: string): string {
  const bytes = readRecordBytes(outDir);
  return bytes === null ? "no release record" : sha256(bytes);
}

/** Thrown for a record that cannot be read as one. */
export class RecordError extends Error {}

/** Parses the record (none: empty). */
export function readRecord(outDir: string): ReleaseRecord {
  const bytes = readRecordBytes(outDir);
  if (bytes === null) return { packages: {} };
  try {
    const data = JSON.parse(bytes.toString("utf8")) as ReleaseRecord;
    if (typeof data.packages !== "object" || data.packages === null) throw new Error("no packages");
    return data;
  } catch (error) {
    throw new RecordError(`${recordPath(outDir)} is not a release record (${(error as Error).message}); restore it from version control`);
  }
}

/** The record as written: keys sorted, two-space JSON, a final newline. */
export function serializeRecord(record: ReleaseRecord): string {
  const packages: Record<string, ReleasedPackage> = {};
  for (const key of Object.keys(record.packages).sort(compareCodePoints)) packages[key] = record.packages[key]!;
  return `${JSON.stringify({ packages }, null, 2)}\n`;
}

/**
 * Digest of a package's files as they bear on its version: all but its changelog, with its own
 * version as {@link OWN_VERSION} (the files are rendered so).
 */
export function contentDigest(files: ReadonlyMap<string, string>, key: string): string {
  const paths = [...files.keys()].filter((path) => path !== `${key}/CHANGELOG.md`);
  return filesDigest(paths, (path) => files.get(path) ?? null)!;
}

/** What the record and the current package make of its version. */
export interface VersionDecision {
  readonly version: string;
  /** Null when the package is as released; else the changes since (possibly none that touch its contract). */
  readonly pending: { readonly level: Level; readonly changes: readonly Change[]; readonly first: boolean } | null;
}

/** The version of a package, from its record entry, its digest and a comparison of contracts. */
export function decideVersion(released: ReleasedPackage | undefined, digest: string, compare: (released: Json) => Change[]): VersionDecision {
  if (!released) return { version: "1.0.0", pending: { level: "major", changes: [], first: true } };
  if (released.digest === digest) return { version: released.version, pending: null };
  const changes = compare(released.contract);
  const level = maxLevel(levelOf(changes), "patch")!;
  return { version: bump(released.version, level), pending: { level, changes, first: false } };
}

/** The package's files with {@link OWN_VERSION} (a quoted string in package.json and its provenance) replaced by its version. */
export function withVersion(files: Map<string, string>, version: string): void {
  const token = JSON.stringify(OWN_VERSION);
  for (const [path, text] of files) if (text.includes(token)) files.set(path, text.split(token).join(JSON.stringify(version)));
}

/** A dependency range on a generated package: its major.minor and up, within its major. */
export function dependencyRange(version: string): string {
  const [major = "0", minor = "0"] = version.split(".");
  return `^${major}.${minor}.0`;
}

function changeLines(changes: readonly { readonly level: Level; readonly text: string }[]): string[] {
  return changes.map((change) => `- **${change.level}**: ${change.text}`);
}

/** A package's CHANGELOG.md: what is pending, then every release, newest first. */
export function renderChangelog(name: string, released: ReleasedPackage | undefined, decision: VersionDecision): string {
  const lines = [`# Changelog: ${name}`, "", "Versions follow semver by the package's contract: its request schema as the validators enforce it, the response shapes the client exposes, its exports, and the commands (with their flags) it installs.", ""];
  if (decision.pending) {
    lines.push(`## Unreleased: ${decision.version}${decision.pending.first ? "" : ` (${decision.pending.level})`}`, "");
    if (decision.pending.first) lines.push("- The first release.");
    else if (decision.pending.changes.length === 0) lines.push("- **patch**: the package's files changed (documentation, code or a dependency's range); its contract did not.");
    else lines.push(...changeLines(decision.pending.changes));
    lines.push("");
  }
  for (const entry of released?.changelog ?? []) {
    lines.push(`## ${entry.version} (${entry.date})`, "");
    if (entry.level === null) lines.push("- The first release.");
    else if (entry.changes.length === 0) lines.push("- **patch**: the package's files changed (documentation, code or a dependency's range); its contract did not.");
    else lines.push(...changeLines(entry.changes));
    lines.push("");
  }
  return lines.join("\n");
}

/** What a run learned of one package, for `release` and `changes`. */
export interface PackageRelease {
  readonly key: string;
  readonly name: string;
  readonly version: string;
  readonly digest: string;
  readonly contract: Json;
  readonly pending: VersionDecision["pending"];
  /** The version last released, or null. */
  readonly released: string | null;
}

/** The record after releasing every pending package on `date`. */
export function recordRelease(record: ReleaseRecord, packages: readonly PackageRelease[], date: string): ReleaseRecord {
  const next: Record<string, ReleasedPackage> = { ...record.packages };
  for (const pkg of packages) {
    if (pkg.pending === null) continue;
    const before = record.packages[pkg.key];
    const entry: ReleasedVersion = {
      version: pkg.version,
      date,
      level: pkg.pending.first ? null : pkg.pending.level,
      changes: pkg.pending.changes.map(({ level, text }) => ({ level, text })),
    };
    next[pkg.key] = { name: pkg.name, version: pkg.version, digest: pkg.digest, contract: pkg.contract, changelog: [entry, ...(before?.changelog ?? [])] };
  }
  return { packages: next };
}
