/**
 * The command line in-process, with a hand-made model: a body field named like one of the
 * command's own options keeps a flag of its own (`--body.<name>`); values are read by their
 * spec type; result files get safe names from their URLs and never overwrite each other.
 */
import { describe, expect, test } from "vitest";
import { bodyFlagNames, destinations, EXIT_CODES, readBody, runCli, type ArgValue, type CliFlag, type CliIO, type CliModel } from "../../runtime/cli/index.js";
import { binding, info } from "../runtime/helpers.js";

const FLAGS: CliFlag[] = [
  { name: "prompt", type: "string", array: false, required: true },
  { name: "timeout", type: "integer", array: false, required: false, description: "seconds of silence at the end" },
  { name: "seeds", type: "number", array: true, required: false },
  { name: "loop", type: "boolean", array: false, required: false },
  { name: "style", type: "json", array: false, required: false },
  { name: "ratio", type: "string", array: false, required: true, enum: ["16:9", "1:1"], default: "16:9" },
];

/** A model whose validator accepts any object: these tests are about reading flags. */
const demo: CliModel = {
  binding: { ...binding(info("video", "demo-video", "http://127.0.0.1:9/api/v1")), validateRequest: (body: unknown) => ({ ok: true, value: body }) },
  spec: "video/demo.yaml",
  flags: FLAGS,
};

/** Parsed flags as the parser gives them: each flag's values, in order. */
function given(flags: Record<string, ArgValue | ArgValue[]>): Map<string, ArgValue[]> {
  return new Map(Object.entries(flags).map(([flag, v]) => [flag, Array.isArray(v) ? v : [v]]));
}

async function run(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    env,
    cwd: "/tmp",
    onSignal: () => () => {},
  };
  const code = await runCli({ "demo-video": demo }, argv, io, { version: "0.0.0" });
  return { code, out, err };
}

describe("flags", () => {
  test("a field named like an option (timeout) is --body.timeout; --timeout stays the request timeout", async () => {
    const help = await run(["demo-video", "--help"]);
    expect(help.out).toMatch(/--body\.timeout +seconds of silence at the end \[integer\]/);
    const r = await run(["demo-video", "--prompt", "p", "--body.timeout", "3", "--timeout", "20", "--dry-run", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).body).toEqual({ model: "demo-video", prompt: "p", timeout: 3, ratio: "16:9" });
  });

  test("values by spec type: numbers, repeated arrays, booleans, JSON, ratio strings kept as text", () => {
    const args = given({ prompt: "123", seeds: ["1.5", "-2", "1e3"], loop: false, style: '{"a":[1]}', ratio: "1:1" });
    expect(readBody(FLAGS, args)).toEqual({ prompt: "123", seeds: [1.5, -2, 1000], loop: false, style: { a: [1] }, ratio: "1:1" });
    // What cannot be read stays text, for the validator to name; a required default is filled in.
    expect(readBody(FLAGS, given({ "body.timeout": "ten", style: "not json" }))).toEqual({ timeout: "ten", style: "not json", ratio: "16:9" });
  });

  test("usage errors: a missing value, one value given twice, a stray argument", async () => {
    const missing = await run(["demo-video", "--prompt", "p", "--body.timeout"]);
    expect(missing).toMatchObject({ code: 2, err: expect.stringContaining("--body.timeout needs a value") });
    const twice = await run(["demo-video", "--prompt", "p", "--body.timeout", "1", "--body.timeout", "2", "--dry-run"]);
    expect(twice).toMatchObject({ code: 2, err: expect.stringContaining("--body.timeout was given 2 times") });
    const stray = await run(["demo-video", "--seeds", "1", "2"]);
    expect(stray.code).toBe(2);
    expect(stray.err).toContain(`unexpected argument "2": every value belongs to a flag (repeat the flag for each value of an array field)`);
  });

  test("an option of the command given twice is a usage error, not a silent pick", async () => {
    const twice = (flag: string, value: string): string[] => [flag, value, flag, value];
    for (const args of [twice("--base-url", "http://127.0.0.1:9"), twice("--api-key", "sk-x"), twice("--download", "a.mp4"), twice("--timeout", "5")]) {
      const r = await run(["demo-video", "--prompt", "p", ...args, "--dry-run"]);
      expect(r.code, args[0]).toBe(2);
      expect(r.err).toContain(`${args[0]} was given 2 times; it takes one value`);
      expect(r.out).toBe("");
    }
    const wait = await run(["wait", "t1", ...twice("--model", "demo-video")]);
    expect(wait.code).toBe(2);
    expect(wait.err).toContain("--model was given 2 times; it takes one value");
  });

  test("--json is read by the parser on failure paths too: --json=true is JSON, --json after -- is not", async () => {
    const on = await run(["demo-video", "--prompt", "p", "--durration", "5", "--json=true"]);
    expect(on.code).toBe(2);
    expect(JSON.parse(on.out)).toMatchObject({ error: { kind: "UsageError", exitCode: 2, message: expect.stringContaining("unknown flag --durration") } });
    expect(on.err).toBe("");
    const unknown = await run(["demo-vidoe", "--json=true"]);
    expect(JSON.parse(unknown.out)).toMatchObject({ error: { kind: "UsageError", message: expect.stringContaining("did you mean demo-video?") } });
    const off = await run(["demo-video", "--prompt", "p", "--", "--json"]);
    expect(off.code).toBe(2);
    expect(off.out).toBe("");
    expect(off.err).toContain('error: unexpected argument "--json"');
  });

  test("--json failures stay valid JSON whatever the key: it is blanked inside strings only", async () => {
    for (const key of ["2", "e"]) {
      // The key typed as a stray argument too: the message must not print it back.
      const r = await run(["demo-video", "--prompt", "p", "--api-key", key, key, "--json"]);
      expect(r.code).toBe(2);
      const { error } = JSON.parse(r.out) as { error: Record<string, unknown> };
      expect(Object.keys(error).sort()).toEqual(["exitCode", "kind", "message"]);
      expect(error["exitCode"]).toBe(2);
      expect(error["message"]).toContain('"***"');
    }
  });

  test("a long stray argument (maybe a key typed in the wrong place) is shown by its first 3 characters only", async () => {
    const r = await run(["demo-video", "--prompt", "p", "sk-live-POSITIONAL-999"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unexpected argument "sk-…"');
    expect(r.err).not.toContain("POSITIONAL");
  });

  test("a key that is part of another key is blanked after it, so no rest of the longer one shows", async () => {
    // A value starting with - is read as a flag: the hint then quotes the --api-key value.
    const r = await run(["demo-video", "--prompt", "p", "--api-key", "-sk-SECRET-7f3a9c1e"], { LINKMODEL_API_KEY: "-sk" });
    expect(r.code).toBe(2);
    expect(r.err).toContain("--api-key=***");
    expect(r.err).not.toContain("SECRET");
  });

  test("--timeout, --deadline and --poll-interval take only values a timer can keep, polling no faster than 0.1 s", async () => {
    const max = "2147483.647";
    const cases = [
      ["--timeout", "2200000", `0.001 to ${max}`],
      ["--timeout", "0.0004", `0.001 to ${max}`],
      ["--deadline", "1e400", `0.001 to ${max}`],
      ["--poll-interval", "0.0001", `0.1 to ${max}`],
    ];
    for (const [flag, value, range] of cases) {
      const r = await run(["demo-video", "--prompt", "p", flag!, value!, "--dry-run"]);
      expect(r.code, `${flag} ${value}`).toBe(2);
      expect(r.err).toContain(`${flag} takes a number of seconds from ${range}; got "${value}"`);
    }
    expect((await run(["demo-video", "--prompt", "p", "--timeout", max, "--deadline", "0.001", "--poll-interval", "0.1", "--dry-run"])).code).toBe(0);
  });

  test("a value that starts with - (read as flags of its own) gets a hint to use the = form, which works", async () => {
    const r = await run(["demo-video", "--prompt", "-a cat", "--dry-run"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`unknown flag -a cat; if "-a cat" is the value of --prompt, write --prompt='-a cat'`);
    // What the shell passes for --prompt='-a cat'.
    const written = await run(["demo-video", "--prompt=-a cat", "--dry-run", "--json"]);
    expect(JSON.parse(written.out).body.prompt).toBe("-a cat");
  });
});

describe("bodyFlagNames: every field a flag of its own", () => {
  test.each([
    { fields: ["prompt", "extends.audio"], flags: ["prompt", "extends.audio"] },
    // Named like an option, or its --no- form: prefixed.
    { fields: ["prompt", "timeout", "no-wait", "help"], flags: ["prompt", "body.timeout", "body.no-wait", "body.help"] },
    // json and body.json shared --body.json: the field keeping its own name wins, the other is prefixed again.
    { fields: ["json", "body.json"], flags: ["body.body.json", "body.json"] },
    { fields: ["json", "body.json", "body.body.json"], flags: ["body.body.body.json", "body.json", "body.body.json"] },
    // Names of Object.prototype members are names like any other; an empty name cannot follow `--`.
    { fields: ["toString", "__proto__", "constructor", ""], flags: ["toString", "__proto__", "constructor", "body."] },
  ])("$fields → $flags", ({ fields, flags }) => {
    expect(bodyFlagNames(fields)).toEqual(flags);
    expect(new Set(flags).size).toBe(flags.length);
  });
});

describe("names of Object.prototype members", () => {
  test("flags and commands named after Object.prototype members (--constructor, --toString, constructor, __proto__) are usage errors with JSON under --json, not a crash (exit 1, plain text)", async () => {
    const cases = [
      { argv: ["demo-video", "--prompt", "p", "--constructor", "x"], message: "unknown flag --constructor" },
      { argv: ["demo-video", "--prompt", "p", "--toString"], message: "unknown flag --toString" },
      { argv: ["demo-video", "--prompt", "p", "--__proto__", "x"], message: "unknown flag --__proto__" },
      { argv: ["constructor", "--prompt", "p"], message: 'unknown command or model "constructor"' },
      { argv: ["__proto__"], message: 'unknown command or model "__proto__"' },
      { argv: ["wait", "t1", "--model", "toString"], message: 'unknown model "toString"' },
    ];
    for (const { argv, message } of cases) {
      const r = await run([...argv, "--json"]);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(JSON.parse(r.out), argv.join(" ")).toMatchObject({ error: { kind: "UsageError", exitCode: 2, message: expect.stringContaining(message) } });
      expect(r.err).toBe("");
    }
  });
});

describe("--json for --version and --help", () => {
  test("--version --json printed plain text: now {\"version\": …}", async () => {
    const r = await run(["--version", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ version: "0.0.0" });
    expect((await run(["--version"])).out).toBe("0.0.0\n");
  });

  test("<model> --help --json printed plain text: now one document describing every flag (and wait --help, --help)", async () => {
    const r = await run(["demo-video", "--help", "--json"]);
    expect(r.code).toBe(0);
    const help = JSON.parse(r.out) as { usage: string; model: unknown; body: Record<string, unknown>[]; options: { flag: string; type: string }[]; exitCodes: { code: number; meaning: string }[] };
    expect(help.usage).toBe("linkmodel-sdk demo-video [flags]");
    expect(help.model).toEqual({ id: "demo-video", group: "video", title: "demo-video", spec: "specs/video/demo.yaml" });
    expect(help.body.map((f) => f.flag)).toEqual(["--prompt", "--body.timeout", "--seeds", "--loop", "--style", "--ratio"]);
    expect(help.body[1]).toEqual({ flag: "--body.timeout", ...FLAGS[1] });
    expect(help.body[5]).toEqual({ flag: "--ratio", ...FLAGS[5] });
    expect(help.options).toContainEqual({ flag: "--timeout", type: "string", description: expect.stringContaining("seconds one HTTP request may take") });
    expect(help.options).toContainEqual({ flag: "--wait", type: "boolean", description: expect.any(String), default: true });
    // The one exit-code table (issue 19), codes and meanings; test/cli/lifecycle.test.ts checks each code where it happens.
    expect(help.exitCodes).toEqual(EXIT_CODES);
    const wait = JSON.parse((await run(["wait", "--help", "--json"])).out) as { usage: string; options: { flag: string }[] };
    expect(wait.usage).toMatch(/^linkmodel-sdk wait /);
    expect(wait.options.map((o) => o.flag)).toContain("--model");
    const top = JSON.parse((await run(["--help", "--json"])).out) as { models: { id: string }[] };
    expect(top.models.map((m) => m.id)).toEqual(["demo-video"]);
  });
});

describe("destinations", () => {
  const urls = ["https://cdn.example/a/out.png?sig=1", "https://cdn.example/b/out.png", "https://cdn.example/%2E%2E%2Fetc%2Fpasswd", "https://cdn.example/"];

  test("a folder gets the URLs' own names, made safe and unique", () => {
    expect(destinations(urls, "", "/w", "t1")).toEqual(["/w/out.png", "/w/out-2.png", "/w/_etc_passwd", "/w/t1-4"]);
    expect(destinations(urls.slice(0, 1), "dl/", "/w", "t1")).toEqual(["/w/dl/out.png"]);
  });

  test("a file path names the only result, or is numbered for several", () => {
    expect(destinations(urls.slice(0, 1), "v.mp4", "/w", "t1")).toEqual(["/w/v.mp4"]);
    expect(destinations(urls.slice(0, 2), "/x/img.png", "/w", "t1")).toEqual(["/x/img-1.png", "/x/img-2.png"]);
  });
});
