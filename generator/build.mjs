// Compiles the generator's TypeScript to build/generator/ (one JS file per module, so the
// no-op path loads only what it imports). esbuild strips types in milliseconds; `npm run
// typecheck` is what checks them.
//
// `ensureBuilt()` is what every npm script pays before running the generator, so deciding that
// the build is current must cost less than the generator's own no-op: it hashes the sources
// (a few hundred kilobytes, about a millisecond) and compares with the stamp the last build
// wrote, loading neither esbuild nor anything else. Run directly (`node generator/build.mjs`,
// the `prepare` script at install), it builds whatever the stamp says, then warms the code cache.
import { createRequire } from "node:module";
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const STAMP = join(root, "build", ".sources-hash");

/** Every TypeScript source the build compiles, relative to the repo, in a fixed order. */
function sourceFiles() {
  const entries = [];
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) entries.push(rel);
    }
  };
  walk("generator");
  // The runtime modules the generator runs (shared message wording, the command line's names),
  // compiled beside it so that build/generator/…/*.js find them at ../runtime/src/*.js as the
  // sources do.
  entries.push("runtime/src/wording.ts", "runtime/src/cli-names.ts");
  entries.push("runtime/src/results.ts", "runtime/src/checks.ts");
  return entries;
}

/**
 * Hash of what the build is made from: the sources, this script and the one that runs it, and
 * esbuild's version. The generator's fingerprint (generator/manifest.ts) reads it as the hash of
 * its own code.
 */
function sourcesHash(entries) {
  // node:crypto loads only here: when the sources' stats say nothing changed, nothing is hashed.
  const hash = createRequire(import.meta.url)("node:crypto").createHash("sha256");
  for (const rel of [...entries, "generator/build.mjs", "generator/run.mjs"]) hash.update(`${rel}\0`).update(readFileSync(join(root, rel))).update("\0");
  hash.update(JSON.parse(readFileSync(join(root, "node_modules", "esbuild", "package.json"), "utf8")).version);
  return hash.digest("hex");
}

function readStamp() {
  try {
    return readFileSync(STAMP, "utf8");
  } catch {
    return null;
  }
}

/** Writes `contents` to `path` whole (a temporary file renamed over it), unless it holds them already. */
function writeIfChanged(path, contents, mode = 0o644) {
  try {
    if (readFileSync(path).equals(contents)) return;
  } catch {
    // not there yet
  }
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, contents, { mode });
  renameSync(tmp, path);
}

/** Compiles the generator, writing only what changed, then the stamp. */
async function compile(entries, hash) {
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: entries.map((e) => join(root, e)),
    outdir: join(root, "build"),
    outbase: root,
    format: "esm",
    platform: "node",
    target: "node20",
    bundle: false,
    logLevel: "warning",
    write: false,
  });
  // Only what changed is written, each file whole: a rebuild while another process runs the
  // generator (parallel tests do) never shows it a half-written module, and a rebuild with
  // nothing changed writes nothing. A script with a shebang (bin.js) stays executable.
  for (const file of result.outputFiles) writeIfChanged(file.path, file.contents, file.text.startsWith("#!") ? 0o755 : 0o644);
  // Last: a build stopped half-way leaves the old stamp, so the next run builds again.
  writeIfChanged(STAMP, Buffer.from(hash));
}

/**
 * Size, mtime and inode of every source, as when their hash last matched the stamp (this
 * machine's own record, beside it): when none changed, the sources need not be read again.
 */
const STATS = join(root, "build", ".sources-stat.json");

function statKeys(entries) {
  return entries.map((rel) => {
    const stat = statSync(join(root, rel), { throwIfNoEntry: false });
    return `${rel} ${stat ? `${stat.size}:${stat.mtimeMs}:${stat.ino}` : "missing"}`;
  });
}

/** Builds the generator if its sources changed since the last build; true when it built. */
export async function ensureBuilt() {
  const entries = sourceFiles();
  const keys = statKeys([...entries, "generator/build.mjs", "generator/run.mjs"]).join("\n");
  const stamp = readStamp();
  try {
    if (stamp !== null && readFileSync(STATS, "utf8") === `${stamp}\n${keys}`) return false;
  } catch {
    // no record of the stats: hash the sources
  }
  const hash = sourcesHash(entries);
  if (stamp !== hash) await compile(entries, hash);
  writeIfChanged(STATS, Buffer.from(`${hash}\n${keys}`));
  return stamp !== hash;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await ensureBuilt();
  // Compile TypeScript and openapi-typescript once now and keep V8's code cache, so the first
  // generation after an install is as fast as every later one (generator/code-cache.ts).
  const { warmCodeCache } = await import("../build/generator/render.js");
  warmCodeCache();
}
