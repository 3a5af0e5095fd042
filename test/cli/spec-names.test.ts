/**
 * Issue #20, names from a spec that the command line must survive: a model id that is one of
 * its commands (`wait`, `doctor`, `help`) is refused by the generator (LM305) instead of
 * shadowing the command; body fields called `toString`, `constructor`, `valueOf` and `__proto__`
 * are fields like any other; fields `json` and `body.json` get flags of their own. Fixture specs
 * are written into a temporary folder, generated, and the catalogue's real binary is bundled.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generate } from "../../generator/generate.js";
import { ROOT } from "../helpers/workspace.js";
import { bundleCli, runBin, type BinResult } from "./helpers.js";

const MINIMAL = join(ROOT, "test/fixtures/specs/minimal/video");

let tmp = "";
beforeAll(() => void (tmp = mkdtempSync(join(tmpdir(), "lm-cli-names-"))));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A specs folder holding the minimal fixture's query spec and one create spec per model id, with `properties` added to its body. */
function specsFolder(name: string, models: readonly string[], properties = ""): string {
  const specs = join(tmp, name, "specs");
  mkdirSync(join(specs, "video"), { recursive: true });
  writeFileSync(join(specs, "video/_query.yaml"), readFileSync(join(MINIMAL, "_query.yaml")));
  const create = readFileSync(join(MINIMAL, "minimal-1.yaml"), "utf8");
  for (const id of models) {
    const spec = create
      .replace(/minimal-1/g, id)
      .replace("                prompt:\n", `${properties}                prompt:\n`);
    writeFileSync(join(specs, `video/${id}.yaml`), spec);
  }
  return specs;
}

describe("a model id that is a command of linkmodel-sdk", () => {
  test.each(["wait", "doctor", "help"])("%s is refused by the generator (LM305), which says why; nothing is written", async (id) => {
    const outDir = join(tmp, `out-${id}`);
    const result = await generate({ specsDir: specsFolder(`id-${id}`, [id, "fine-1"]), outDir });
    expect(result.ok).toBe(false);
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "LM305", location: { file: `video/${id}.yaml` } });
    expect(errors[0]!.message).toContain(`model id "${id}" cannot be used: \`linkmodel-sdk ${id}\` is a command of the command line`);
    expect(result.written).toEqual([]);
  });
});

describe("fields named like Object.prototype members, or whose flags would be one", () => {
  const FIELDS = ["toString", "constructor", "valueOf", "__proto__", "json", "body.json"];
  let cli: Awaited<ReturnType<typeof bundleCli>>;

  beforeAll(async () => {
    const properties = FIELDS.map((name) => `                ${JSON.stringify(name)}:\n                  type: string\n`).join("");
    const outDir = join(tmp, "out-fields");
    const result = await generate({ specsDir: specsFolder("fields", ["names-1"], properties), outDir });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    cli = await bundleCli(outDir);
  }, 120_000);
  afterAll(() => cli?.remove());

  const lm = (args: readonly string[]): Promise<BinResult> => runBin(cli.bin, args, { LINKMODEL_BASE_URL: "http://127.0.0.1:9" });
  const dryRunBody = async (args: readonly string[]): Promise<unknown> => {
    const r = await lm(["names-1", "--prompt", "p", ...args, "--dry-run", "--json"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { body: unknown }).body;
  };

  test("a spec property named toString, constructor, valueOf or __proto__ no longer breaks every call of the model", async () => {
    // Not given: not sent (before, each was read as the inherited function and refused by the validator).
    expect(await dryRunBody([])).toEqual({ model: "names-1", prompt: "p" });
    // Given: each into its own key, __proto__ too (an own key of the body, not its prototype).
    const body = await dryRunBody(["--toString", "a", "--constructor", "b", "--valueOf", "c", "--__proto__", "d"]);
    // Compared as JSON text: an object literal cannot hold an own `__proto__` key.
    expect(JSON.stringify(body)).toBe('{"model":"names-1","toString":"a","constructor":"b","valueOf":"c","__proto__":"d","prompt":"p"}');
  });

  test("fields json and body.json no longer share one flag (and one value): --body.body.json and --body.json, as --help shows", async () => {
    expect(await dryRunBody(["--body.body.json", "A", "--body.json", "B"])).toEqual({ model: "names-1", prompt: "p", json: "A", "body.json": "B" });
    const help = await lm(["names-1", "--help", "--json"]);
    expect(help.code).toBe(0);
    const flags = (JSON.parse(help.stdout) as { body: { flag: string; name: string }[] }).body.map((f) => [f.name, f.flag]);
    expect(flags).toEqual([
      ["toString", "--toString"],
      ["constructor", "--constructor"],
      ["valueOf", "--valueOf"],
      ["__proto__", "--__proto__"],
      ["json", "--body.body.json"],
      ["body.json", "--body.json"],
      ["prompt", "--prompt"],
    ]);
    // --json stays the command line's own switch.
    expect(JSON.parse((await lm(["names-1", "--prompt", "p", "--json"])).stdout)).toMatchObject({ error: { kind: "AuthenticationError" } });
  });
});
