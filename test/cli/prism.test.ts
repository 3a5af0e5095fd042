/**
 * The real binary against Prism (an independent mock of each spec) for create: a flag for
 * every body field of every model, filled with a valid example value, makes a request Prism
 * accepts (it answers 400 to a body outside the spec), and the printed handle carries the task
 * id of the spec's example answer.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { exampleValue } from "../../generator/docs.js";
import type { ModelIR } from "../../generator/ir.js";
import { inspectCatalogue } from "../../generator/pipeline.js";
import { flagName } from "../../runtime/src/cli.js";
import { ROOT } from "../helpers/workspace.js";
import { KEY, bundleCli, runBin } from "./helpers.js";

const { models } = inspectCatalogue(join(ROOT, "specs"));
const mocks = new Map<string, { child: ChildProcess; url: string }>();
let cli: Awaited<ReturnType<typeof bundleCli>>;

/** A port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prism at ${url} exited with ${child.exitCode}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`prism at ${url} did not start`);
}

beforeAll(async () => {
  cli = await bundleCli();
  const bin = join(ROOT, "node_modules", ".bin", "prism");
  for (const m of models) {
    const port = await freePort();
    const child = spawn(bin, ["mock", "-h", "127.0.0.1", "-p", String(port), join(ROOT, "specs", m.specFile)], { stdio: "ignore" });
    mocks.set(m.id, { child, url: `http://127.0.0.1:${port}` });
  }
  await Promise.all([...mocks.values()].map((s) => waitUntilUp(s.url, s.child)));
}, 60_000);

afterAll(() => {
  for (const { child } of mocks.values()) child.kill("SIGTERM");
  cli.remove();
});

/** Command-line flags for every body field of a model, each with a valid example value. */
function everyFlag(model: ModelIR): string[] {
  const args: string[] = [];
  for (const f of model.request.fields) {
    if (f.name === "model") continue;
    const value = exampleValue(f.schema, f.name, model.group);
    const flag = `--${flagName(f.name)}`;
    if (Array.isArray(value)) for (const item of value) args.push(flag, String(item));
    else if (typeof value === "boolean") args.push(`${flag}=${value}`);
    else args.push(flag, typeof value === "object" ? JSON.stringify(value) : String(value));
  }
  return args;
}

/** The `task_id` of the spec's example create answer. */
function exampleTaskId(model: ModelIR): string {
  const schema = model.createResponseSchema as { properties: { data: { properties: { task_id: { example: string } } } } };
  return schema.properties.data.properties.task_id.example;
}

test.each(models.map((m) => [m.id, m] as const))("%s: every flag, accepted by Prism", async (id, model) => {
  const r = await runBin(cli.bin, [id, ...everyFlag(model), "--no-wait", "--json", "--base-url", mocks.get(id)!.url], { LINKMODEL_API_KEY: KEY });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ status: "created", handle: { taskId: exampleTaskId(model), model: id, group: model.group } });
});
