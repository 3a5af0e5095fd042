/** Helpers for the package tests: build the generated packages, run commands without blocking the loopback mock. */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { compilePackages } from "../../generator/compile.js";
import { ROOT } from "../helpers/workspace.js";

export const GENERATED = join(ROOT, "generated");

/** Compiles every generated package into its dist/ (a no-op when they are built already). */
export function buildPackages(): void {
  const result = compilePackages(GENERATED);
  if (!result.ok) throw new Error(`the generated packages do not compile:\n${result.errors.join("\n")}`);
}

/** npm settings a nested npm must keep: where the offline cache is, and the user's own config. */
const KEEP = new Set(["npm_config_cache", "npm_config_userconfig", "npm_config_globalconfig"]);

/**
 * The environment for a child process, without the `npm_*` variables that `npm test` sets
 * (an inherited `npm_config_workspace` or prefix would point a nested npm back at this repo),
 * but with the cache location, which an offline install needs.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.toLowerCase().startsWith("npm_") || KEEP.has(key.toLowerCase())) env[key] = value;
  }
  return { ...env, ...extra };
}

/**
 * Runs a command asynchronously (the loopback mock lives in this process, so a synchronous
 * child would deadlock it); rejects with its output when it exits non-zero.
 */
export function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: options.cwd, env: options.env ?? cleanEnv(), maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(" ")} failed (${error.code}):\n${stdout}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

/** The repo's own TypeScript compiler, as a command. */
export const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
