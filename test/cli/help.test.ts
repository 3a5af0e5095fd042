/**
 * `linkmodel-sdk <model> --help` of every model of the catalogue, read against the IR of its
 * spec: one flag per body field (but `model`), each with its type, allowed values, default,
 * required mark and description; the exit codes; nothing else in the body group.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { inspectCatalogue } from "../../generator/pipeline.js";
import { bodyFlagNames } from "../../runtime/cli/index.js";
import { ROOT } from "../helpers/workspace.js";
import { bundleCli, runBin } from "./helpers.js";

const { models } = inspectCatalogue(join(ROOT, "specs"));
let cli: Awaited<ReturnType<typeof bundleCli>>;

beforeAll(async () => void (cli = await bundleCli()));
afterAll(() => cli.remove());

const squash = (text: string): string => text.replace(/\s+/g, " ").trim();

/** The help entries of one option group: flag → its text with the wrapping undone. */
function entries(help: string, group: string): Map<string, string> {
  const start = help.indexOf(`${group}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const block = help.slice(start + group.length + 1).split("\n\n")[0]!;
  const out = new Map<string, string>();
  let current = "";
  for (const line of block.split("\n")) {
    const m = /^ {2}--(\S+)(.*)$/.exec(line);
    if (m) out.set((current = m[1]!), squash(m[2]!));
    else out.set(current, squash(`${out.get(current)} ${line}`));
  }
  return out;
}

test("the catalogue has models to check", () => {
  expect(models.length).toBeGreaterThanOrEqual(9);
});

describe("--help of every model", () => {
  test.each(models.map((m) => [m.id, m] as const))("%s", async (id, model) => {
    const r = await runBin(cli.bin, [id, "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`linkmodel-sdk ${id} [flags]`);
    expect(r.stdout).toContain(`specs/${model.specFile}`);
    const body = entries(r.stdout, "Request body (one flag per field of the spec):");
    const fields = model.request.fields.filter((f) => f.name !== "model");
    const flags = bodyFlagNames(fields.map((f) => f.name));
    expect([...body.keys()]).toEqual(flags);
    for (const [i, f] of fields.entries()) {
      const text = body.get(flags[i]!)!;
      const items = f.schemaType === "array" ? ((f.schema as { items?: { type?: string; enum?: unknown[]; format?: string } }).items ?? {}) : null;
      const type = items ? items.type : f.schemaType;
      expect(text, f.name).toContain(type === "string" || type === "boolean" ? `[${type}]` : `[${type === "integer" || type === "number" ? type : "json"}]`);
      if (items) expect(text, f.name).toContain("[repeatable]");
      const values = items ? items.enum : f.enum;
      if (values) expect(text, f.name).toContain(`[one of: ${values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ")}]`);
      if (f.hasDefault) expect(text, f.name).toContain(`[default: ${JSON.stringify(f.default)}]`);
      else expect(text, f.name).not.toContain("[default:");
      expect(text.includes("[required]"), f.name).toBe(f.required);
      if (f.description) expect(text, f.name).toContain(squash(f.description));
      if (f.format) expect(text, f.name).toContain(`format ${f.format}`);
      if (items?.format) expect(text, f.name).toContain(`items: format ${items.format}`);
    }
    // The common options and the exit codes are there too.
    for (const o of ["api-key", "base-url", "timeout", "json", "wait", "download", "dry-run", "deadline"]) expect(entries(r.stdout, "Options:").has(o)).toBe(true);
    expect(r.stdout).toMatch(/Exit codes:\n {2}0 +ok\n {2}1 +unexpected error\n {2}2 +invalid input/);
    expect(r.stdout).toMatch(/ {2}129 +stopped by SIGHUP.*\n {2}130 +interrupted by Ctrl-C.*\n {2}143 +stopped by SIGTERM/);
  });
});

test("the top-level help lists every model; no arguments is a usage error", async () => {
  const help = await runBin(cli.bin, ["--help"]);
  expect(help.code).toBe(0);
  for (const m of models) expect(help.stdout).toMatch(new RegExp(`^ {2}${m.id.replace(/\./g, "\\.")} +${m.group}`, "m"));
  // Exit 2 also follows a request the server refused (HTTP 400): the help must not promise that nothing was sent.
  expect(help.stdout).toMatch(/^ {2}2 +invalid input or usage, found before sending \(nothing was sent\) or by the server \(HTTP 400\)$/m);
  const none = await runBin(cli.bin, []);
  expect(none.code).toBe(2);
  expect(none.stderr).toContain("linkmodel-sdk <model> --help");
});

test("the commands in the CLI package's README are valid requests (checked with --dry-run)", async () => {
  const readme = readFileSync(join(ROOT, "generated/cli/README.md"), "utf8");
  const block = readme.slice(0, readme.indexOf("## Exit codes"));
  const commands = block.split("\n").filter((l) => /^linkmodel-sdk [^-\s]\S* --/.test(l));
  expect(commands.length).toBeGreaterThanOrEqual(2);
  for (const line of commands) {
    // The README's shell quoting, read by a shell.
    const script = `"$NODE" "$BIN" ${line.slice("linkmodel-sdk ".length).replace(/ --download$/, "")} --dry-run`;
    const r = spawnSync("sh", ["-c", script], { env: { PATH: process.env["PATH"], NODE: process.execPath, BIN: cli.bin }, encoding: "utf8" });
    expect(r.status, `${line}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toContain('-H "Authorization: Bearer $LINKMODEL_API_KEY"');
  }
});
