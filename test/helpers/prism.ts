/**
 * Prism mocks of specs on loopback: one `prism mock` process per spec, each on a port of
 * 127.0.0.1 the kernel picks, started in parallel. `stop()` ends every process and waits for it to exit.
 * Prism answers from the spec's examples and validates each request against the spec.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./workspace.js";

/** Running Prism mocks, in the order of the specs given. */
export interface PrismMocks {
  /** `http://127.0.0.1:<port>` of each spec's mock. */
  readonly urls: string[];
  /** Ends every mock; resolves once all have exited. */
  stop(): Promise<void>;
}

/**
 * Waits for Prism's "listening on http://127.0.0.1:<port>" line. Prism is started on port 0,
 * so the kernel picks the port as it binds: no port is chosen first and released, which a
 * parallel worker could take in between.
 */
function listeningUrl(child: ChildProcess, spec: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`prism for ${spec} did not start within 60 s:\n${seen}`)), 60_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        child.stdout!.resume(); // keep draining, so that Prism never blocks on a full pipe
        resolve(m[1]!);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`prism for ${spec} exited with ${code}:\n${seen}`));
    });
  });
}

/** Starts one Prism mock per spec (paths relative to the repo root, e.g. `specs/video/wan2-6.yaml`). */
export async function startPrism(specs: readonly string[]): Promise<PrismMocks> {
  const bin = join(ROOT, "node_modules", ".bin", "prism");
  const children: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(
      children.map((child) =>
        child.exitCode !== null || child.signalCode !== null
          ? undefined
          : new Promise<void>((resolve) => {
              child.once("exit", () => resolve());
              child.kill("SIGTERM");
            }),
      ),
    );
  };
  try {
    for (const spec of specs) children.push(spawn(bin, ["mock", "-h", "127.0.0.1", "-p", "0", join(ROOT, spec)], { stdio: ["ignore", "pipe", "ignore"] }));
    const urls = await Promise.all(children.map((child, i) => listeningUrl(child, specs[i]!)));
    return { urls, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
