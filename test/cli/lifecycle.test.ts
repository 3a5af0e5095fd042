/**
 * The real `linkmodel-sdk` binary against a scripted LinkModel server and a file server on
 * loopback: a full run with download, `--no-wait` then `wait`, `--json` parsed, every exit
 * code, typo suggestions, `--dry-run`, `doctor`, `models`, and Ctrl-C during a wait. No output
 * of any run holds the API key.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { KEY, bundleCli, fileServer, linkModelServer, runBin, startBin, type BinResult } from "./helpers.js";
import { refusingUrl, serve } from "../runtime/helpers.js";

let cli: Awaited<ReturnType<typeof bundleCli>>;
let files: Awaited<ReturnType<typeof fileServer>>;
let api: Awaited<ReturnType<typeof linkModelServer>>;
let work = "";
const outputs: string[] = [];

beforeAll(async () => {
  cli = await bundleCli();
  files = await fileServer();
  api = await linkModelServer(files);
});
afterAll(async () => {
  await api.close();
  await files.close();
  cli.remove();
  // Whatever happened, the key was never printed.
  for (const o of outputs) expect(o).not.toContain(KEY);
});
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "lm-cli-work-"));
  api.creates.length = 0;
  files.requests.length = 0;
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const FAST = ["--poll-interval", "0.1"];

/** Runs the binary with the key and the scripted server in the environment. */
async function lm(args: readonly string[], env: Record<string, string> = {}): Promise<BinResult> {
  const r = await runBin(cli.bin, args, { LINKMODEL_API_KEY: KEY, LINKMODEL_BASE_URL: api.url, ...env }, work);
  outputs.push(r.stdout, r.stderr);
  return r;
}

/** Resolves once `check()` holds (polled every 10 ms). */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
}

/** The one JSON document a `--json` run prints. */
function doc(r: BinResult): Record<string, unknown> {
  expect(r.stdout.trim().split("\n")).toHaveLength(1);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe("a full run", () => {
  test("video: create, wait, download; the URL on stdout, progress and the saved file on stderr", async () => {
    const r = await lm(["wan2.6", "--prompt", "ok", "--duration", "10", "--resolution", "1080P", ...FAST, "--download", "out.mp4"]);
    expect(r.code).toBe(0);
    expect(api.creates).toEqual([{ model: "wan2.6", prompt: "ok", duration: 10, resolution: "1080P" }]);
    const url = r.stdout.trim();
    expect(url).toMatch(new RegExp(`^${files.url}/video-aurora_\\d+\\.mp4\\?sig=abc$`));
    // Not on a terminal: one plain line per status change, then the final line.
    expect(r.stderr).toMatch(/created task aurora_\d+ \(wan2\.6, price 0\.3\)\n/);
    expect(r.stderr).toMatch(/Pending after .*\nProcessing after .*\n✓ Success after /);
    expect(r.stderr).toContain(`saved ${join(work, "out.mp4")}`);
    const name = new URL(url).pathname.slice(1);
    // Compared as a boolean: a mismatch would otherwise print half a megabyte.
    expect(readFileSync(join(work, "out.mp4"), "utf8") === files.body(name)).toBe(true);
    // The file host never sees the key.
    expect(files.requests).toHaveLength(1);
    expect(files.requests[0]!.headers["authorization"]).toBeUndefined();
  });

  test("image with --json: one document with the handle, the URLs and the saved paths (named after the URLs)", async () => {
    const r = await lm(["seedream-4.0", "--prompt", "ok", "--max_images", "2", "--images", "https://example.com/a.png", "--images", "https://example.com/b.png", ...FAST, "--download", "--json"]);
    expect(r.code).toBe(0);
    expect(api.creates[0]).toEqual({ model: "seedream-4.0", prompt: "ok", max_images: 2, images: ["https://example.com/a.png", "https://example.com/b.png"] });
    const d = doc(r);
    const id = (d["handle"] as { taskId: string }).taskId;
    expect(d).toMatchObject({ status: "Success", handle: { model: "seedream-4.0", group: "image", price: 0.3 } });
    expect(d["urls"]).toEqual([`${files.url}/img-${id}-a.png`, `${files.url}/img-${id}-b.png`]);
    expect(d["saved"]).toEqual([join(work, `img-${id}-a.png`), join(work, `img-${id}-b.png`)]);
    expect(readdirSync(work).sort()).toEqual([`img-${id}-a.png`, `img-${id}-b.png`]);
    expect(d).not.toHaveProperty("raw");
    // A script reads stdout; under --json nothing else is printed.
    expect(r.stderr).toBe("");
  });

  test("dotted names as the spec writes them, a required field's default filled in, booleans as flags", async () => {
    const r = await lm(["kling-v3", "--prompt", "ok", "--extends.audio", "--extends.cfg_scale", "0.25", ...FAST]);
    expect(r.code).toBe(0);
    expect(api.creates).toEqual([{ model: "kling-v3", prompt: "ok", resolution: "720P", "extends.audio": true, "extends.cfg_scale": 0.25 }]);
  });
});

describe("--no-wait, then wait", () => {
  test("the handle on stdout resumes in a new process; a task id with --model too", async () => {
    const created = await lm(["wan2.6", "--prompt", "ok", "--no-wait"]);
    expect(created.code).toBe(0);
    const handle = JSON.parse(created.stdout) as { taskId: string; model: string };
    expect(handle).toMatchObject({ taskId: expect.stringMatching(/^aurora_/), model: "wan2.6", group: "video" });
    expect(created.stderr).toContain("resume with: linkmodel-sdk wait '{");
    expect(api.polls).not.toContain(handle.taskId);

    const waited = await lm(["wait", created.stdout.trim(), ...FAST, "--json"]);
    expect(waited.code).toBe(0);
    expect(doc(waited)).toMatchObject({ status: "Success", handle: { taskId: handle.taskId } });
    expect(api.creates).toHaveLength(1);

    const byId = await lm(["wait", handle.taskId, "--model", "wan2.6", ...FAST]);
    expect(byId.code).toBe(0);
    expect(byId.stdout.trim()).toMatch(/\/video-aurora_\d+\.mp4\?sig=abc$/);
    expect((await lm(["wait", handle.taskId, ...FAST])).code).toBe(2);
  });
});

describe("exit codes", () => {
  test("2: a value outside the spec, checked before anything is sent, with did-you-mean", async () => {
    const r = await lm(["wan2.6", "--prompt", "ok", "--resolution", "720p", "--duration", "7"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--resolution: resolution must be one of "1080P", "720P"; got "720p"; did you mean "720P"?`);
    expect(r.stderr).toContain("--duration: duration must be one of 5, 10, 15; got 7");
    expect(api.creates).toEqual([]);
  });

  test("2: an unknown flag suggests the closest one; an unknown model the closest id", async () => {
    const flag = await lm(["wan2.6", "--prompt", "ok", "--durration", "5"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("unknown flag --durration; did you mean --duration?");
    const model = await lm(["wan26", "--prompt", "ok"]);
    expect(model.code).toBe(2);
    expect(model.stderr).toContain('unknown command or model "wan26"; did you mean wan2.6?');
    expect(api.creates).toEqual([]);
  });

  test("2: a flag given twice, a value of the wrong type, the server refusing the body", async () => {
    const twice = await lm(["wan2.6", "--prompt", "a", "--prompt", "b"]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain("--prompt was given 2 times");
    const typed = await lm(["wan2.6", "--prompt", "ok", "--duration", "ten"]);
    expect(typed.code).toBe(2);
    expect(typed.stderr).toContain('duration must be an integer; got "ten"');
    // A key pasted where a value belongs is not printed back.
    const pasted = await lm(["wan2.6", "--prompt", "ok", KEY]);
    expect(pasted.code).toBe(2);
    expect(pasted.stderr).toContain('unexpected argument "sk-…"');
    const refused = await lm(["wan2.6", "--prompt", "refused", "--json"]);
    expect(refused.code).toBe(2);
    expect(doc(refused)["error"]).toMatchObject({ kind: "BadRequestError", exitCode: 2 });
  });

  test("3: no key, or a refused key", async () => {
    const none = await lm(["wan2.6", "--prompt", "ok", "--json"], { LINKMODEL_API_KEY: "" });
    expect(none.code).toBe(3);
    expect(doc(none)["error"]).toMatchObject({ kind: "AuthenticationError", exitCode: 3 });
    const bad = await lm(["wan2.6", "--prompt", "ok", "--api-key", "sk-wrong"]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/^error: .*invalid api key/m);
  });

  test("3: a key refused while polling a task that exists: the resume command is printed, without the key", async () => {
    const created = await lm(["wan2.6", "--prompt", "ok", "--no-wait"]);
    const r = await lm(["wait", created.stdout.trim(), "--api-key", "sk-wrong", ...FAST]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/resume with: linkmodel-sdk wait '\{"taskId":"aurora_\d+".*'\n/);
    expect(r.stderr).not.toContain("sk-wrong");
  });

  test("4: insufficient balance (HTTP 200 with code 500)", async () => {
    const r = await lm(["wan2.6", "--prompt", "balance", "--json"]);
    expect(r.code).toBe(4);
    expect(doc(r)).toEqual({ error: expect.objectContaining({ kind: "InsufficientBalanceError", exitCode: 4, message: expect.stringMatching(/top up/) }) });
  });

  test("5: the task failed, with its reason; or was cancelled", async () => {
    const failed = await lm(["wan2.6", "--prompt", "fail", ...FAST]);
    expect(failed.code).toBe(5);
    expect(failed.stderr).toMatch(/✗ Failed after .*\nerror: task aurora_\d+ failed: content policy/);
    const cancelled = await lm(["wan2.6", "--prompt", "cancel", ...FAST, "--json"]);
    expect(cancelled.code).toBe(5);
    expect(doc(cancelled)).toMatchObject({ handle: { model: "wan2.6" }, error: { kind: "TaskCancelledError", exitCode: 5 } });
  });

  test("6: the wait deadline passes; the resume command is printed", async () => {
    const r = await lm(["wan2.6", "--prompt", "forever", ...FAST, "--deadline", "0.3"]);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/unfinished at the deadline/);
    expect(r.stderr).toMatch(/resume with: linkmodel-sdk wait '\{"taskId":"aurora_\d+"/);
  });

  test("7: the server is unreachable, or fails", async () => {
    const down = await lm(["wan2.6", "--prompt", "ok", "--base-url", await refusingUrl(), "--json"]);
    expect(down.code).toBe(7);
    expect(doc(down)["error"]).toMatchObject({ kind: "ConnectionError", exitCode: 7 });
    const broken = await lm(["wan2.6", "--prompt", "broken"]);
    expect(broken.code).toBe(7);
    expect(broken.stderr).toMatch(/may have been created/);
  });

  test("2: --download into a folder that does not exist, found before the task is created (or waited for)", async () => {
    for (const target of ["no/such/dir/out.mp4", "no/such/dir/"]) {
      const r = await lm(["wan2.6", "--prompt", "ok", ...FAST, "--download", target]);
      expect(r.code, target).toBe(2);
      expect(r.stderr).toContain(`--download: ${join(work, "no/such/dir")} is not a folder that can be written to`);
    }
    expect(api.creates).toEqual([]);
    const waited = await lm(["wait", "aurora_never", "--model", "wan2.6", ...FAST, "--download", "no/such/dir/out.mp4"]);
    expect(waited.code).toBe(2);
    expect(api.polls).not.toContain("aurora_never");
  });
});

describe("the download is bounded by --timeout and --deadline, and named within a file system's limits", () => {
  // Before, the CLI's download had the runtime's defaults only (60 s of silence, 1 hour in all):
  // a stalled file host held the command far past --timeout 2 --deadline 5.
  test("a file host that stalls mid-body ends the command at --timeout: exit 6, nothing saved, no part file, the resume command printed", async () => {
    const r = await lm(["wan2.6", "--prompt", "stall", ...FAST, "--timeout", "2", "--download", "out.mp4"]);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/\n✗ not saved: .*out\.mp4\nerror: download 127\.0\.0\.1:\d+: no data for 2000 ms \(idleTimeoutMs\)\n/);
    expect(r.stderr).toMatch(/\nresume with: linkmodel-sdk wait '\{"taskId":"aurora_\d+".*\}' --download out\.mp4\n/);
    expect(r.stdout.trim()).toMatch(new RegExp(`^${files.url}/stall-aurora_\\d+\\.mp4\\?sig=abc$`));
    expect(readdirSync(work)).toEqual([]);
  }, 30_000);

  test("a file host that stalls mid-body ends the command at --deadline: exit 6, nothing saved, no part file", async () => {
    const r = await lm(["wan2.6", "--prompt", "stall", ...FAST, "--deadline", "3", "--download", "out.mp4"]);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/\nerror: download 127\.0\.0\.1:\d+: not complete after \d+ ms \(timeoutMs\)\n/);
    expect(readdirSync(work)).toEqual([]);
  }, 30_000);

  test("a result URL whose last segment is 300 bytes is saved under a bounded name (200 bytes, extension kept), not refused after the paid task", async () => {
    const r = await lm(["wan2.6", "--prompt", "long", ...FAST, "--download"]);
    expect(r.code).toBe(0);
    const segment = new URL(r.stdout.trim()).pathname.slice(1);
    expect(segment).toMatch(/^longx+-aurora_\d+\.mp4$/);
    expect(Buffer.byteLength(segment)).toBe(300);
    const name = `long${"x".repeat(192)}.mp4`;
    expect(readdirSync(work)).toEqual([name]);
    expect(r.stderr).toContain(`saved ${join(work, name)}`);
    expect(readFileSync(join(work, name), "utf8") === files.body(segment)).toBe(true);
  });
});

describe("a download that fails after the task succeeded: the paid result is not lost", () => {
  test("HTTP 404 from the file host (exit 7): the URL on stdout, the command that downloads again on stderr", async () => {
    const r = await lm(["wan2.6", "--prompt", "missing", ...FAST, "--download", "out.mp4"]);
    expect(r.code).toBe(7);
    expect(r.stdout.trim()).toMatch(new RegExp(`^${files.url}/missing-aurora_\\d+\\.mp4\\?sig=abc$`));
    expect(r.stderr).toMatch(/✗ not saved: .*out\.mp4\nerror: download .*HTTP 404\n/);
    expect(r.stderr).toMatch(/\nresume with: linkmodel-sdk wait '\{"taskId":"aurora_\d+".*\}' --download out\.mp4\n/);
    expect(readdirSync(work)).toEqual([]);
  });

  test("1: a file that cannot be written, with --json: one document with the URLs, what was saved, and the resume command", async () => {
    // The second image's path is a folder: the file cannot take its place.
    mkdirSync(join(work, "img-2.png"));
    const r = await lm(["seedream-4.0", "--prompt", "ok", ...FAST, "--download", "img.png", "--json"]);
    expect(r.code).toBe(1);
    const d = doc(r);
    const id = (d["handle"] as { taskId: string }).taskId;
    expect(d).toMatchObject({
      status: "Success",
      urls: [`${files.url}/img-${id}-a.png`, `${files.url}/img-${id}-b.png`],
      saved: [join(work, "img-1.png")],
      resume: expect.stringMatching(/^linkmodel-sdk wait '.*' --download img\.png$/),
      error: { exitCode: 1, message: expect.stringContaining("EISDIR") },
    });
  });
});

describe("--dry-run", () => {
  test("prints the body and an equivalent curl with the variable's name, sends nothing, needs no key", async () => {
    const r = await lm(["kling-v3", "--prompt", "it's ok", "--extends.negative_prompt", "blur", "--dry-run"], { LINKMODEL_API_KEY: "" });
    expect(r.code).toBe(0);
    const body = { model: "kling-v3", prompt: "it's ok", resolution: "720P", "extends.negative_prompt": "blur" };
    expect(JSON.parse(r.stdout.slice(0, r.stdout.indexOf("\n\n")))).toEqual(body);
    expect(r.stdout).toContain(`curl -sS -X POST ${api.url}/video-generation`);
    expect(r.stdout).toContain(`-H "Authorization: Bearer $LINKMODEL_API_KEY"`);
    expect(r.stdout).toContain(`-d '${JSON.stringify(body).replace(/'/g, `'\\''`)}'`);
    expect(api.creates).toEqual([]);
    const withKey = await lm(["kling-v3", "--prompt", "ok", "--dry-run", "--json"]);
    expect(doc(withKey)).toMatchObject({ dryRun: true, method: "POST", url: `${api.url}/video-generation`, body: { prompt: "ok" } });
  });
});

describe("models and doctor", () => {
  test("models lists the catalogue (and as JSON)", async () => {
    const r = await lm(["models"]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toMatch(/^MODEL +GROUP +PROVIDER +TASKS +PRICE$/);
    expect(r.stdout).toMatch(/^wan2\.6 +video +Alibaba +text-to-video, image-to-video +0\.3049 USD \/ call$/m);
    const j = doc(await lm(["models", "--json"]));
    expect((j["models"] as { id: string }[]).map((m) => m.id)).toContain("MiniMax-Hailuo-02");
  });

  test("doctor: key accepted (0), refused (3), not set (3), URL unreachable (7); never a create", async () => {
    const ok = await lm(["doctor"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("API key   set (from LINKMODEL_API_KEY)");
    expect(ok.stdout).toMatch(/ok +video: GET .*\/query\/video-generation — answers; key accepted/);
    expect((await lm(["doctor", "--api-key", "sk-wrong"])).code).toBe(3);
    const unset = await lm(["doctor", "--json"], { LINKMODEL_API_KEY: "" });
    expect(unset.code).toBe(3);
    expect(doc(unset)).toMatchObject({ ok: false, apiKey: "not set", exitCode: 3 });
    expect((await lm(["doctor", "--base-url", await refusingUrl()])).code).toBe(7);
    expect(api.creates).toEqual([]);
  });

  test("doctor: a server error (HTTP 503) or a rate limit (429) is a FAIL with exit 7, with or without a key", async () => {
    for (const status of [503, 429]) {
      const busy = await serve((_req, res) => void res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ code: status, data: {}, msg: "busy" })));
      try {
        const r = await lm(["doctor", "--base-url", busy.url]);
        expect(r.code, String(status)).toBe(7);
        expect(r.stdout).toMatch(/^FAIL +video: GET /m);
        expect(r.stdout).not.toContain("key accepted");
        expect((await lm(["doctor", "--base-url", busy.url], { LINKMODEL_API_KEY: "" })).code).toBe(7);
      } finally {
        await busy.close();
      }
    }
  });

  test("a reader that leaves early (models | head -1, --dry-run | true): a quiet exit with the command's code, no EPIPE trace", async () => {
    const runs = [
      { args: ["models"], code: 0, closed: "stdout" },
      { args: ["wan2.6", "--prompt", "ok", "--dry-run"], code: 0, closed: "stdout" },
      { args: ["wan26"], code: 2, closed: "stderr" },
    ] as const;
    for (const { args, code, closed } of runs) {
      const p = startBin(cli.bin, args, { LINKMODEL_API_KEY: KEY, LINKMODEL_BASE_URL: api.url }, work);
      // Closed before the binary has started, so that its first write finds no reader.
      p.child[closed]!.destroy();
      const r = await p.done;
      expect(r.code, args.join(" ")).toBe(code);
      expect(closed === "stdout" ? r.stderr : r.stdout).toBe("");
    }
  });
});

describe("Ctrl-C", () => {
  test("during a wait: exit 130, the resume command, no second create; the resumed wait finishes", async () => {
    const p = startBin(cli.bin, ["wan2.6", "--prompt", "forever", ...FAST], { LINKMODEL_API_KEY: KEY, LINKMODEL_BASE_URL: api.url }, work);
    await p.waitForStderr(/Processing after/);
    p.child.kill("SIGINT");
    const r = await p.done;
    outputs.push(r.stdout, r.stderr);
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/✗ Interrupted after .*\ninterrupted; the task keeps running on the server\n/);
    const resume = /resume with: (linkmodel-sdk wait '(\{.*\})')\n/.exec(r.stderr);
    expect(resume).not.toBeNull();
    expect(api.creates).toHaveLength(1);

    // The server finishes the task; the printed handle resumes it.
    const handle = JSON.parse(resume![2]!) as { taskId: string };
    api.setScript(handle.taskId, ["Success"]);
    const again = await lm(["wait", resume![2]!, ...FAST]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`video-${handle.taskId}.mp4`);
    expect(api.creates).toHaveLength(1);
  });

  test("during the download: exit 130, nothing saved and no part file; the resume command downloads", async () => {
    const p = startBin(cli.bin, ["wan2.6", "--prompt", "stall", ...FAST, "--download", "out.mp4"], { LINKMODEL_API_KEY: KEY, LINKMODEL_BASE_URL: api.url }, work);
    await until(() => files.requests.some((r) => r.url.startsWith("/stall-")));
    p.child.kill("SIGINT");
    const r = await p.done;
    outputs.push(r.stdout, r.stderr);
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/\n✗ not saved: .*out\.mp4\ninterrupted during the download; the task succeeded and its result stays on the server, nothing was saved\n/);
    expect(r.stderr).not.toContain("keeps running");
    expect(readdirSync(work)).toEqual([]);
    const resume = /resume with: linkmodel-sdk wait '(\{.*\})' --download out\.mp4\n/.exec(r.stderr);
    expect(resume).not.toBeNull();

    // The resumed wait finds the task done and downloads (the file host no longer stalls).
    const again = await lm(["wait", resume![1]!, ...FAST, "--download", "out.mp4"]);
    expect(again.code).toBe(0);
    const name = new URL(again.stdout.trim()).pathname.slice(1);
    expect(readFileSync(join(work, "out.mp4"), "utf8")).toBe(files.body(name));
    expect(api.creates).toHaveLength(1);
  });

  test("during the create: the answer is awaited, so that the (billed) task's handle is printed", async () => {
    const p = startBin(cli.bin, ["wan2.6", "--prompt", "slow", ...FAST, "--json"], { LINKMODEL_API_KEY: KEY, LINKMODEL_BASE_URL: api.url }, work);
    await until(() => api.creates.length === 1);
    p.child.kill("SIGINT");
    const r = await p.done;
    outputs.push(r.stdout, r.stderr);
    expect(r.code).toBe(130);
    expect(r.stderr).toContain("Ctrl-C: waiting for the create answer");
    const d = doc(r);
    expect(d).toMatchObject({ handle: { taskId: expect.stringMatching(/^aurora_/) }, resume: expect.stringMatching(/^linkmodel-sdk wait '/), error: { kind: "Interrupted", exitCode: 130 } });
    expect(api.polls).not.toContain((d["handle"] as { taskId: string }).taskId);
  });

  test("a second Ctrl-C during the create quits at once, saying the task may exist", async () => {
    const p = startBin(cli.bin, ["wan2.6", "--prompt", "hang"], { LINKMODEL_API_KEY: KEY, LINKMODEL_BASE_URL: api.url }, work);
    await until(() => api.creates.length === 1);
    p.child.kill("SIGINT");
    await p.waitForStderr(/waiting for the create answer/);
    p.child.kill("SIGINT");
    const r = await p.done;
    outputs.push(r.stdout, r.stderr);
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/interrupted while creating the task; it may have been created/);
  });

});

describe("SIGTERM and SIGHUP, handled like Ctrl-C (they killed it at once: nothing printed, the handle lost, a .part file left)", () => {
  const env = (): Record<string, string> => ({ LINKMODEL_API_KEY: KEY, LINKMODEL_BASE_URL: api.url });

  test("SIGTERM during a wait with --json: exit 143, one document with the handle and the resume command", async () => {
    const polled = api.polls.length;
    const p = startBin(cli.bin, ["wan2.6", "--prompt", "forever", ...FAST, "--json"], env(), work);
    // Under --json nothing goes to stderr: the server tells when the wait has begun.
    await until(() => api.polls.length > polled + 1);
    p.child.kill("SIGTERM");
    const r = await p.done;
    outputs.push(r.stdout, r.stderr);
    expect(r.code).toBe(143);
    const d = doc(r);
    expect(d).toMatchObject({
      handle: { taskId: expect.stringMatching(/^aurora_/), model: "wan2.6" },
      resume: expect.stringMatching(/^linkmodel-sdk wait '\{"taskId":"aurora_/),
      error: { kind: "Interrupted", signal: "SIGTERM", exitCode: 143, message: "stopped by SIGTERM" },
    });
    expect(r.stderr).toBe("");
    expect(api.creates).toHaveLength(1);
  });

  test("SIGHUP during the download: exit 129, nothing saved and no part file, the resume command printed", async () => {
    const p = startBin(cli.bin, ["wan2.6", "--prompt", "stall", ...FAST, "--download", "out.mp4"], env(), work);
    await until(() => files.requests.some((r) => r.url.startsWith("/stall-")));
    p.child.kill("SIGHUP");
    const r = await p.done;
    outputs.push(r.stdout, r.stderr);
    expect(r.code).toBe(129);
    expect(r.stderr).toMatch(/\n✗ not saved: .*out\.mp4\nstopped by SIGHUP \(the terminal closed\) during the download; the task succeeded and its result stays on the server, nothing was saved\n/);
    expect(r.stderr).toMatch(/resume with: linkmodel-sdk wait '\{.*\}' --download out\.mp4\n/);
    expect(readdirSync(work)).toEqual([]);
  });

  test("SIGTERM during the create: the answer is awaited, so that the (billed) task's handle is printed", async () => {
    const p = startBin(cli.bin, ["wan2.6", "--prompt", "slow", ...FAST], env(), work);
    await until(() => api.creates.length === 1);
    p.child.kill("SIGTERM");
    const r = await p.done;
    outputs.push(r.stdout, r.stderr);
    expect(r.code).toBe(143);
    expect(r.stderr).toContain("SIGTERM: waiting for the create answer, to print the task handle (SIGTERM again quits at once)");
    expect(r.stderr).toMatch(/created task aurora_\d+ .*\nstopped by SIGTERM; the task keeps running on the server\nresume with: linkmodel-sdk wait '\{"taskId":"aurora_/);
  });
});
