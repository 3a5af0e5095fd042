/**
 * Issue #20, item 5, as a user of the command line sees it: the real `linkmodel-sdk` binary
 * against a server that echoes the key in every encoding (`echoingApi`: URL-encoded, base64 of
 * the key and of `Bearer <key>` at any offset, hex, other letter cases, property names, status
 * text, headers). No output of any command, plain or `--json`, holds any of those forms.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { bundleCli, runBin } from "./helpers.js";
import { ECHO_KEY, echoingApi, leakedEchoes } from "../runtime/helpers.js";

let cli: Awaited<ReturnType<typeof bundleCli>>;
let api: Awaited<ReturnType<typeof echoingApi>>;
let work = "";

beforeAll(async () => {
  cli = await bundleCli();
  api = await echoingApi(ECHO_KEY);
  work = mkdtempSync(join(tmpdir(), "lm-cli-echo-"));
});
afterAll(async () => {
  await api.close();
  cli.remove();
  rmSync(work, { recursive: true, force: true });
});

test("a key the server echoes in any encoding appears in no CLI output: failures, results, handles, doctor", async () => {
  const runs: [string[], number][] = [
    [["wan2.6", "--prompt", "refused"], 3],
    [["wan2.6", "--prompt", "refused", "--json"], 3],
    [["wan2.6", "--prompt", "billing"], 7],
    [["wan2.6", "--prompt", "ok", "--poll-interval", "0.1"], 0],
    [["wan2.6", "--prompt", "ok", "--poll-interval", "0.1", "--json"], 0],
    [["wan2.6", "--prompt", "ok", "--no-wait", "--json"], 0],
    [["wan2.6", "--prompt", "fail", "--poll-interval", "0.1", "--json"], 5],
    [["wan2.6", "--prompt", "down", "--poll-interval", "0.1"], 7],
    // (Its exit code depends on what the echoing server answers a made-up task id: not asserted.)
    [["doctor"], -1],
    [["doctor", "--json"], -1],
  ];
  const outputs: string[] = [];
  for (const [args, code] of runs) {
    const r = await runBin(cli.bin, args, { LINKMODEL_API_KEY: ECHO_KEY, LINKMODEL_BASE_URL: api.url }, work);
    outputs.push(`${args.join(" ")} → ${r.code}\n${r.stdout}\n${r.stderr}`);
    if (code >= 0) expect([args.join(" "), r.code, r.code === code ? "" : r.stderr + r.stdout]).toEqual([args.join(" "), code, ""]);
  }
  const all = outputs.join("\n");
  // The server's echoes were printed, blanked.
  expect(all).toMatch(/invalid api key \*\*\*/);
  expect(all).toMatch(/"taskId":"ok-\*\*\*/);
  expect(leakedEchoes(all, ECHO_KEY)).toEqual([]);
});
