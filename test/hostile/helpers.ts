/** Shared by the hostile-spec tests: a strict tsconfig over generated packages, tsc, and importing a generated module. */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { ROOT, STRICT_COMPILER_OPTIONS } from "../helpers/workspace.js";

/** A tsconfig over generated packages: strict, the runtime and every generated package mapped to their sources. */
export function writeStrictTsconfig(dir: string, out: string): string {
  const path = join(dir, "tsconfig.strict.json");
  writeFileSync(
    path,
    JSON.stringify({
      compilerOptions: {
        ...STRICT_COMPILER_OPTIONS,
        noEmit: true,
        skipLibCheck: true,
        // Node's types for the command-line package (cli/src, Node only).
        types: ["node"],
        typeRoots: [join(ROOT, "node_modules", "@types")],
        baseUrl: out,
        paths: {
          "@linkmodel-sdk/runtime": [join(ROOT, "runtime", "src", "index.ts")],
          "@linkmodel-sdk/runtime/node": [join(ROOT, "runtime", "src", "node.ts")],
          "@linkmodel-sdk/runtime/validators": [join(ROOT, "runtime", "src", "validators.ts")],
          "@linkmodel-sdk/catalogue": [join(out, "catalogue", "src", "index.ts")],
          "@linkmodel-sdk/*": [join(out, "models", "*", "src", "index.ts")],
        },
      },
      include: [join(out, "models", "*", "src", "*.ts"), join(out, "catalogue", "src", "*.ts"), join(out, "cli", "src", "*.ts")],
    }),
  );
  return path;
}

/** Runs tsc; returns its output ("" when clean). */
export function tsc(project: string): string {
  try {
    execFileSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", project], { encoding: "utf8", stdio: "pipe" });
    return "";
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return `${e.stdout ?? ""}${e.stderr ?? ""}` || String(error);
  }
}

/** Bundles a generated module (runtime from runtime/src) and imports it. */
export async function importGenerated(entry: string, dir: string): Promise<Record<string, any>> {
  const outfile = join(dir, `bundle-${Math.random().toString(36).slice(2)}.mjs`);
  await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "node",
    outfile,
    logLevel: "silent",
    nodePaths: [join(ROOT, "node_modules")],
    // Packages by name, as a workspace links them: the runtime from runtime/src, the others
    // from the output folder the entry lives in.
    plugins: [
      {
        name: "linkmodel-sdk",
        setup(build) {
          const out = entry.replace(/[\\/](?:catalogue|models[\\/][^\\/]+)[\\/]src[\\/].*$/, "");
          build.onResolve({ filter: /^@linkmodel-sdk\// }, (args) => {
            const name = args.path.slice("@linkmodel-sdk/".length);
            if (name === "runtime") return { path: join(ROOT, "runtime", "src", "index.ts") };
            if (name === "runtime/validators") return { path: join(ROOT, "runtime", "src", "validators.ts") };
            if (name === "catalogue") return { path: join(out, "catalogue", "src", "index.ts") };
            return { path: join(out, "models", name, "src", "index.ts") };
          });
        },
      },
    ],
  });
  return (await import(pathToFileURL(outfile).href)) as Record<string, any>;
}

