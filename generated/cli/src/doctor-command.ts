/**
 * `linkmodel-sdk doctor`: checks the API key and the base URL of each group with one unpaid
 * request (a poll of a made-up task id), and exits with the code the first failure has.
 */
import { createModelClient, LinkModelError, type AnyBinding } from "@linkmodel-sdk/runtime";
import { UsageError } from "./args.js";
import { EXIT, EXIT_BY_KIND } from "./exit-codes.js";
import { arg, clientOptions, text, type Run } from "./run.js";
import { redact, redactedJson } from "./shell.js";
import type { CliCatalogue, CliModel } from "./types.js";

/** What one check found. */
interface Probe {
  readonly ok: boolean;
  readonly detail: string;
  readonly exitCode: number;
}

export async function doctorCommand(models: CliCatalogue, run: Run): Promise<number> {
  const { io } = run;
  const groups = new Map<string, CliModel>();
  for (const m of Object.values(models)) if (!groups.has(m.binding.info.group)) groups.set(m.binding.info.group, m);
  const first = [...groups.values()][0];
  if (!first) throw new UsageError("no models");
  const { apiKey, baseUrl, timeoutMs } = clientOptions(run, first.binding.info);
  const source = text(arg(run, "api-key")) ? "from --api-key" : apiKey ? "from LINKMODEL_API_KEY" : "set LINKMODEL_API_KEY";
  const checks: ({ group: string; url: string } & Probe)[] = [];
  for (const [group, m] of groups) {
    const info = m.binding.info;
    const base = clientOptions(run, info).baseUrl;
    const url = `${base}${info.queryPath}`;
    checks.push({ group, url, ...(await probe(m.binding, apiKey, base, timeoutMs)) });
  }
  const keyCode = apiKey ? EXIT.ok : EXIT.authentication;
  const exitCode = checks.find((c) => c.exitCode !== EXIT.ok)?.exitCode ?? keyCode;
  // Details quote what servers and flags said: the key is blanked from them as from failures.
  if (run.json) {
    io.stdout.write(`${redactedJson({ ok: exitCode === EXIT.ok, apiKey: apiKey ? "set" : "not set", baseUrl, checks, exitCode }, run.secrets)}\n`);
  } else {
    io.stdout.write(`API key   ${apiKey ? "set" : "not set"} (${source})\n`);
    for (const c of checks) io.stdout.write(redact(`${c.ok ? "ok  " : "FAIL"}      ${c.group}: GET ${c.url} — ${c.detail}\n`, run.secrets));
  }
  return exitCode;
}

/**
 * One unpaid request: a poll of a made-up task id. A refused key comes back as 401; any
 * LinkModel envelope (even "task not found") proves that the URL and the key work.
 */
async function probe(binding: AnyBinding, apiKey: string | undefined, baseUrl: string, timeoutMs: number | undefined): Promise<Probe> {
  const id = "linkmodel-sdk-doctor";
  if (!apiKey) {
    // Without a key, only whether the URL answers (nothing to leak: no key is sent).
    const info = binding.info;
    try {
      const res = await fetch(`${baseUrl}${info.queryPath}?task_id=${id}`, { signal: AbortSignal.timeout(timeoutMs ?? 60_000) });
      const body = (await res.json().catch(() => null)) as { code?: unknown } | null;
      const envelope = typeof body?.code === "number";
      // A server error or a rate limit is an envelope too, but the server is not usable now.
      const failing = res.status >= 500 || res.status === 429;
      const ok = envelope && !failing;
      const detail = ok ? `answers (HTTP ${res.status}); no key to check` : failing ? `HTTP ${res.status}, the server is failing or busy` : `HTTP ${res.status}, not a LinkModel answer`;
      return { ok, detail, exitCode: ok ? EXIT.ok : EXIT.network };
    } catch {
      return { ok: false, detail: "unreachable", exitCode: EXIT.network };
    }
  }
  try {
    const state = await createModelClient(binding, { apiKey, baseUrl, timeoutMs, maxRetries: 0 }).get(id);
    return { ok: true, detail: `answers; key accepted (status ${JSON.stringify(state.status)})`, exitCode: EXIT.ok };
  } catch (e) {
    if (!(e instanceof LinkModelError)) throw e;
    if (e.kind === "AuthenticationError") return { ok: false, detail: "the key was refused", exitCode: EXIT.authentication };
    // Any other LinkModel answer proves the key (a 404 for the made-up id); a server error, a rate limit or a garbled answer does not.
    if (e.code !== undefined && EXIT_BY_KIND[e.kind] !== EXIT.network)
      return { ok: true, detail: `answers; key accepted (code ${e.code} for a made-up task id)`, exitCode: EXIT.ok };
    return { ok: false, detail: e.kind === "UnexpectedResponseError" ? "not a LinkModel answer" : e.message, exitCode: EXIT_BY_KIND[e.kind] };
  }
}
