// Compiles the generator's TypeScript to build/generator/ (one JS file per module, so the
// no-op path loads only what it imports). esbuild strips types in milliseconds; `npm run
// typecheck` is what checks them.
import { build } from "esbuild";
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const entries = [];
const walk = (dir) => {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) walk(rel);
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) entries.push(rel);
  }
};
walk("generator");
// The runtime modules the generator runs (shared message wording, the command line's names),
// compiled beside it so that build/generator/…/*.js find them at ../runtime/src/ as the sources do.
entries.push("runtime/src/wording.ts", "runtime/src/cli-names.ts");
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
// Only what changed is written, each file whole (a temporary file renamed over it): a rebuild
// while another process runs the generator (parallel tests do) never shows it a half-written
// module, and a rebuild with nothing changed writes nothing.
for (const file of result.outputFiles) {
  let same = false;
  try {
    same = readFileSync(file.path).equals(file.contents);
  } catch {
    // not there yet
  }
  if (same) continue;
  mkdirSync(dirname(file.path), { recursive: true });
  const tmp = `${file.path}.${process.pid}.tmp`;
  // A script with a shebang (bin.js) stays executable, as esbuild would make it.
  writeFileSync(tmp, file.contents, { mode: file.text.startsWith("#!") ? 0o755 : 0o644 });
  renameSync(tmp, file.path);
}

// Compile TypeScript and openapi-typescript once now and keep V8's code cache, so the first
// generation after an install is as fast as every later one (generator/code-cache.ts).
const { warmCodeCache } = await import("../build/generator/render.js");
warmCodeCache();
