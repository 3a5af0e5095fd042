/**
 * Prism mocks of specs on loopback: one `prism mock` process per spec, each on a free port of
 * 127.0.0.1, started in parallel. `stop()` ends every process and waits for it to exit.
 * Prism answers from the spec's examples and validates each request against the spec.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { ROOT } from "./workspace.js";

/** Running Prism mocks, in the order of the specs given. */
export interface PrismMocks {
  /** `http://127.0.0.1:<port>` of each spec's mock. */
  readonly urls: string[];
  /** Ends every mock; resolves once all have exited. */
  stop(): Promise<void>;
}

/** A port that was free a moment ago (Prism takes a port, not a listening socket). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(url: string, child: ChildProcess, spec: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prism for ${spec} exited with ${child.exitCode}`);
    try {
      await (await fetch(url)).arrayBuffer();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`prism for ${spec} did not start`);
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
    const ports = await Promise.all(specs.map(() => freePort()));
    const urls = ports.map((port) => `http://127.0.0.1:${port}`);
    specs.forEach((spec, i) => children.push(spawn(bin, ["mock", "-h", "127.0.0.1", "-p", String(ports[i]), join(ROOT, spec)], { stdio: "ignore" })));
    await Promise.all(urls.map((url, i) => waitUntilUp(url, children[i]!, specs[i]!)));
    return { urls, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
