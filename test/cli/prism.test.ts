/**
 * The real binary against Prism (an independent mock of each spec) for create: a flag for
 * every body field of every model, filled with a valid example value, makes a request Prism
 * accepts (it answers 400 to a body outside the spec), and the printed handle carries the task
 * id of the spec's example answer.
 */
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { exampleValue } from "../../generator/examples.js";
import type { ModelIR } from "../../generator/ir.js";
import { inspectCatalogue } from "../../generator/pipeline.js";
import { bodyFlagNames } from "../../runtime/cli/index.js";
import { startPrism, type PrismMocks } from "../helpers/prism.js";
import { ROOT } from "../helpers/workspace.js";
import { KEY, bundleCli, runBin } from "./helpers.js";

const { models } = inspectCatalogue(join(ROOT, "specs"));
/** Model id → the URL of its Prism mock. */
const mocks = new Map<string, string>();
let prism: PrismMocks | undefined;
let cli: Awaited<ReturnType<typeof bundleCli>> | undefined;

beforeAll(async () => {
  cli = await bundleCli();
  prism = await startPrism(models.map((m) => join("specs", m.specFile)));
  models.forEach((m, i) => mocks.set(m.id, prism!.urls[i]!));
}, 90_000);

afterAll(async () => {
  await prism?.stop();
  cli?.remove();
});

/** Command-line flags for every body field of a model, each with a valid example value. */
function everyFlag(model: ModelIR): string[] {
  const args: string[] = [];
  const fields = model.request.fields.filter((f) => f.name !== "model");
  const flags = bodyFlagNames(fields.map((f) => f.name));
  for (const [i, f] of fields.entries()) {
    const value = exampleValue(f.schema, f.name, model.group);
    const flag = `--${flags[i]}`;
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
  const r = await runBin(cli!.bin, [id, ...everyFlag(model), "--no-wait", "--json", "--base-url", mocks.get(id)!], { LINKMODEL_API_KEY: KEY });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ status: "created", handle: { taskId: exampleTaskId(model), model: id, group: model.group } });
});
