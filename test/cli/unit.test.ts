/**
 * The command line in-process, with a hand-made model: a body field named like one of the
 * command's own options keeps a flag of its own (`--body.<name>`); values are read by their
 * spec type; result files get safe names from their URLs and never overwrite each other.
 */
import { describe, expect, test } from "vitest";
import { destinations, readBody, runCli, type CliFlag, type CliIO, type CliModel } from "../../runtime/src/cli.js";
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

async function run(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    env,
    cwd: "/tmp",
    onInterrupt: () => () => {},
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
    const args = { prompt: "123", seeds: ["1.5", "-2", "1e3"], loop: false, style: '{"a":[1]}', ratio: "1:1" };
    expect(readBody(FLAGS, args)).toEqual({ prompt: "123", seeds: [1.5, -2, 1000], loop: false, style: { a: [1] }, ratio: "1:1" });
    // What cannot be read stays text, for the validator to name; a required default is filled in.
    expect(readBody(FLAGS, { "body.timeout": "ten", style: "not json" })).toEqual({ timeout: "ten", style: "not json", ratio: "16:9" });
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
    // yargs reads a value starting with - as flags: the hint then quotes the --api-key value.
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
    expect(r.err).toMatch(/unknown flag --a.*; if "-a cat" is the value of --prompt, write --prompt='-a cat'/);
    // What the shell passes for --prompt='-a cat'.
    const written = await run(["demo-video", "--prompt=-a cat", "--dry-run", "--json"]);
    expect(JSON.parse(written.out).body.prompt).toBe("-a cat");
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
