/**
 * Helpers for driving the real `linkmodel-sdk` binary: the generated `cli/src/bin.ts`
 * bundled with esbuild into a temp folder, spawned with `node`; a scripted LinkModel server
 * (task lifecycles chosen by the prompt) and a file server, both on loopback, built on the
 * runtime tests' `serve`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, type Plugin } from "esbuild";
import { ROOT } from "../helpers/workspace.js";
import { serve } from "../runtime/helpers.js";

/** A key that never appears in any output: tests look for it. */
export const KEY = "sk-cli-test-0123456789abcdef";

/**
 * Bundles the generated CLI entry (sources of the workspace packages, like vitest) into a temp
 * folder; of the packages generated into `outDir` (from fixture specs) when given, with the
 * runtime from `runtime/src`.
 */
export async function bundleCli(outDir?: string): Promise<{ bin: string; dir: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), "lm-cli-"));
  const bin = join(dir, "linkmodel-sdk.mjs");
  const fromOutDir: Plugin = {
    name: "linkmodel-sdk-packages",
    setup(b) {
      b.onResolve({ filter: /^@linkmodel-sdk\// }, (args) => {
        const name = args.path.slice("@linkmodel-sdk/".length);
        if (name === "runtime") return { path: join(ROOT, "runtime/src/index.ts") };
        if (name === "runtime/node") return { path: join(ROOT, "runtime/src/node.ts") };
        if (name === "catalogue") return { path: join(outDir!, "catalogue/src/index.ts") };
        if (name === "runtime/validators") return { path: join(ROOT, "runtime/src/validators.ts") };
        return { path: join(outDir!, "models", name, "src/index.ts") };
      });
    },
  };
  await build({
    entryPoints: [join(outDir ?? join(ROOT, "generated"), "cli/src/bin.ts")],
    outfile: bin,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["linkmodel-source"],
    nodePaths: [join(ROOT, "node_modules")],
    plugins: outDir === undefined ? [] : [fromOutDir],
    logLevel: "silent",
  });
  return { bin, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** What a finished run printed. */
export interface BinResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A spawned binary, its output so far, and its end. */
export interface BinProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once `stderr` matches `pattern`. */
  waitForStderr(pattern: RegExp): Promise<void>;
  readonly done: Promise<BinResult>;
}

/** An environment with no LinkModel variables of the machine running the tests, plus `env`. */
function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("LINKMODEL_")) out[k] = v;
  return { ...out, ...env };
}

/** Starts `node <bin> args…`. */
export function startBin(bin: string, args: readonly string[], env: Record<string, string> = {}, cwd?: string): BinProcess {
  const child = spawn(process.execPath, [bin, ...args], { env: cleanEnv(env), cwd: cwd ?? tmpdir(), stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  const watchers: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => {
    err += c.toString();
    for (const w of [...watchers]) if (w.pattern.test(err)) watchers.splice(watchers.indexOf(w), 1), w.resolve();
  });
  const done = new Promise<BinResult>((resolve) => child.on("close", (code) => resolve({ code, stdout: out, stderr: err })));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitForStderr: (pattern) =>
      pattern.test(err) ? Promise.resolve() : new Promise<void>((resolve, reject) => {
        watchers.push({ pattern, resolve });
        void done.then((r) => reject(new Error(`exited (${r.code}) before stderr matched ${pattern}:\n${r.stderr}`)));
      }),
    done,
  };
}

/** Runs `node <bin> args…` to its end. */
export function runBin(bin: string, args: readonly string[], env: Record<string, string> = {}, cwd?: string): Promise<BinResult> {
  return startBin(bin, args, env, cwd).done;
}

/** The file host: serves `/<name>` with a fixed body per name (`stall…` stalls once, `missing…` is a 404), and records each request's headers. */
export async function fileServer(): Promise<{ url: string; requests: { url: string; headers: Record<string, unknown> }[]; body(name: string): string; close(): Promise<void> }> {
  const requests: { url: string; headers: Record<string, unknown> }[] = [];
  const body = (name: string): string => `file ${name} `.repeat(20_000);
  const stalled = new Set<string>();
  const srv = await serve((req, res) => {
    requests.push({ url: req.url!, headers: { ...req.headers } });
    const name = new URL(req.url!, "http://x").pathname.slice(1);
    if (name.startsWith("missing")) return void res.writeHead(404).end();
    const text = body(name);
    // `stall…`: the first request gets half the file, then nothing; later ones get it all.
    if (name.startsWith("stall") && !stalled.has(name)) {
      stalled.add(name);
      return void res.writeHead(200, { "content-length": String(Buffer.byteLength(text)) }).write(text.slice(0, text.length >> 1));
    }
    res.writeHead(200, { "content-length": String(Buffer.byteLength(text)) }).end(text);
  });
  return { url: srv.url, requests, body, close: srv.close };
}

/**
 * Task scripts, chosen by the prompt: each poll moves one step, the last step repeats.
 * `balance`, `refused` and `broken` fail the create itself; `slow` answers it after 600 ms,
 * `hang` never does; `stall` succeeds with a video file whose first download stalls, `missing`
 * with one the file host answers 404 for, `long` with one whose URL's last segment is 300 bytes.
 */
export const SCRIPTS: Record<string, string[]> = {
  ok: ["Pending", "Processing", "Processing", "Success"],
  fail: ["Processing", "Failed"],
  cancel: ["Processing", "Cancelled"],
  forever: ["Processing"],
};

/** The last URL segment of a video task's result: `<file>-<id>.mp4`; for `long`, padded with `x` to 300 bytes. */
export function resultSegment(file: string, id: string): string {
  const tail = `-${id}.mp4`;
  return (file === "long" ? file.padEnd(300 - tail.length, "x") : file) + tail;
}

/** A scripted LinkModel server for both groups, on loopback. */
export async function linkModelServer(files: { url: string }): Promise<{
  url: string;
  creates: Record<string, unknown>[];
  polls: string[];
  /** Replaces the script of a task (e.g. to let a `forever` task finish). */
  setScript(taskId: string, script: string[]): void;
  close(): Promise<void>;
}> {
  const creates: Record<string, unknown>[] = [];
  const polls: string[] = [];
  const tasks = new Map<string, { script: string[]; step: number; group: string; file: string }>();
  let n = 0;
  const srv = await serve((req, res, raw) => {
    const url = new URL(req.url!, "http://x");
    const send = (status: number, body: unknown): void => void res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.headers.authorization !== `Bearer ${KEY}`) return send(401, { code: 401, data: {}, msg: "invalid api key" });
    const create = /^\/(video|image)-generation$/.exec(url.pathname);
    if (req.method === "POST" && create) {
      const body = JSON.parse(raw) as Record<string, unknown>;
      creates.push(body);
      const prompt = String(body["prompt"]);
      // The balance error as the official CLI saw it: HTTP 200 with a non-zero code.
      if (prompt === "balance") return send(200, { code: 500, data: {}, msg: "create task failed: billing: code=100601: insufficient balance" });
      if (prompt === "refused") return send(400, { code: 400, data: {}, msg: "prompt is not allowed" });
      if (prompt === "broken") return send(500, { code: 500, data: {}, msg: "internal error" });
      if (prompt === "hang") return;
      const id = `aurora_${++n}`;
      tasks.set(id, { script: SCRIPTS[prompt] ?? SCRIPTS["ok"]!, step: 0, group: create[1]!, file: prompt === "stall" || prompt === "missing" || prompt === "long" ? prompt : "video" });
      const answer = (): void => send(200, { code: 0, data: { task_id: id, order_id: `o${n}`, status: "processing", price: 0.3 }, msg: "success", request_id: `r${n}` });
      if (prompt === "slow") return void setTimeout(answer, 600);
      return answer();
    }
    const query = /^\/query\/(video|image)-generation$/.exec(url.pathname);
    if (req.method === "GET" && query) {
      const id = url.searchParams.get("task_id")!;
      polls.push(id);
      const t = tasks.get(id);
      if (!t) return send(200, { code: 404, data: {}, message: "task not found" });
      const status = t.script[Math.min(t.step++, t.script.length - 1)]!;
      const result =
        status !== "Success" ? {}
        : t.group === "video" ? { file_url: `${files.url}/${resultSegment(t.file, id)}?sig=abc` }
        : { output_images: [`${files.url}/img-${id}-a.png`, `${files.url}/img-${id}-b.png`], images: [] };
      return send(200, { code: 0, data: { task_id: id, status, ...result, ...(status === "Failed" ? { msg: "content policy" } : {}) }, message: "success", request_id: "q" });
    }
    send(404, { code: 404, data: {}, msg: "no such path" });
  });
  return {
    url: srv.url,
    creates,
    polls,
    setScript: (id, script) => void tasks.set(id, { ...tasks.get(id)!, script, step: 0 }),
    close: srv.close,
  };
}
