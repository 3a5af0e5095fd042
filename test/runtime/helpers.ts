/**
 * Test helpers for the runtime: a hand-made binding (what the generator will emit), tiny
 * schedules, a loopback HTTP server on 127.0.0.1:0, and a check for leftover timers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ModelBinding, ModelInfo, PollSchedule, ValidationIssue, ValidationResult } from "../../runtime/src/index.js";

/** A request like a generated one. */
export interface DemoRequest {
  model?: "demo-video";
  prompt: string;
  duration?: 5 | 10;
}

/** Milliseconds-scale schedule so that tests run fast. */
export const TINY: PollSchedule = {
  phases: [
    { fromMs: 0, intervalMs: null },
    { fromMs: 5, intervalMs: 5 },
  ],
  deadlineMs: 2000,
};

/** Model info in the shape a generated package exports. */
export function info(group: "video" | "image" = "video", id = group === "video" ? "demo-video" : "demo-image", baseUrl = "http://127.0.0.1:9/api/v1"): ModelInfo {
  return {
    id,
    group,
    title: id,
    provider: "Test",
    tasks: ["text-to-" + group],
    price: { amount: 0.1, currency: "USD", unit: "call" },
    baseUrl,
    createPath: `/${group}-generation`,
    queryPath: `/query/${group}-generation`,
    schedule: TINY,
  };
}

/** A stub request validator: `prompt` must be a string; with typo protection, only model/prompt/duration are allowed. */
export function validateDemo(body: unknown, o?: { typoProtection?: boolean }): ValidationResult<DemoRequest> {
  const issues: ValidationIssue[] = [];
  if (typeof body !== "object" || body === null) return { ok: false, issues: [{ path: "", keyword: "type", params: {}, message: "must be an object" }] };
  const b = body as Record<string, unknown>;
  if (typeof b["prompt"] !== "string") issues.push({ path: "/prompt", keyword: "required", params: {}, message: "prompt is required" });
  if (o?.typoProtection)
    for (const k of Object.keys(b))
      if (!["model", "prompt", "duration"].includes(k))
        issues.push({ path: "/" + k, keyword: "additionalProperties", params: {}, message: `unknown key ${k}`, ...(k === "durration" ? { suggestion: "duration" } : {}) });
  return issues.length ? { ok: false, issues } : { ok: true, value: b as unknown as DemoRequest };
}

const anyOk = (v: unknown): ValidationResult<unknown> => ({ ok: true, value: v });

/** A binding with stub validators (create responses must carry `data.task_id`). */
export function binding(i: ModelInfo = info()): ModelBinding<DemoRequest, unknown, unknown, ModelInfo> {
  return {
    info: i,
    validateRequest: validateDemo,
    validateCreateResponse: (v) => {
      const d = (v as { data?: { task_id?: unknown } }).data;
      return typeof d?.task_id === "string"
        ? { ok: true, value: v }
        : { ok: false, issues: [{ path: "/data/task_id", keyword: "required", params: {}, message: "task_id is required" }] };
    },
    validateQueryResponse: anyOk,
  };
}

/** A JSON Response. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(typeof body === "string" ? body : JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

/**
 * A loopback URL that refuses connections: a port the system just gave out and took back (no
 * fixed port is assumed closed on the machine running the tests).
 */
export async function refusingUrl(): Promise<string> {
  const { url, close } = await serve(() => {});
  await close();
  return url;
}

/** A loopback server; `url` is `http://127.0.0.1:<port>`. */
export async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => handler(req, res, body));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/**
 * Tracks the timers the runtime starts (callers in runtime/src): `outstanding()` counts those
 * neither fired nor cleared. Patches the global setTimeout/clearTimeout until `restore()`.
 */
export function trackTimers(): { started(): number; outstanding(): number; restore(): void } {
  const live = new Set<unknown>();
  let started = 0;
  const set = globalThis.setTimeout;
  const clear = globalThis.clearTimeout;
  globalThis.setTimeout = ((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const mine = new Error().stack?.includes("/runtime/src/") ?? false;
    const t = set((...a: unknown[]) => {
      live.delete(t);
      fn(...a);
    }, ms, ...args);
    if (mine) live.add(t), started++;
    return t;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((t: Parameters<typeof clearTimeout>[0]) => {
    live.delete(t);
    clear(t);
  }) as typeof clearTimeout;
  return {
    started: () => started,
    outstanding: () => live.size,
    restore: () => {
      globalThis.setTimeout = set;
      globalThis.clearTimeout = clear;
    },
  };
}

/**
 * A key whose encodings differ from it: a space (`%20` / `+`), URL-reserved characters, and
 * runs that base64 spells with `+` and `/` (`>>>`, `???`).
 */
export const ECHO_KEY = "sk-Echo 7q/+9?=&x>>>???~Zz0-do-not-leak";

/**
 * The key as a server may echo it, computed here with Buffer (independently of the runtime):
 * name → text. Each base64 form is of a longer string holding the key at byte offset 0, 1 or
 * 2 (`Bearer <key>` is at 7), as a server encodes a header or a document.
 */
export function keyEchoes(key: string): Record<string, string> {
  const bytes = (s: string): Buffer => Buffer.from(s, "latin1");
  const out: Record<string, string> = {
    literal: key,
    upper: key.toUpperCase(),
    lower: key.toLowerCase(),
    "JSON \\u escapes": [...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join(""),
    "URL-encoded (%20)": encodeURIComponent(`Bearer ${key}`),
    "URL-encoded (+)": new URLSearchParams({ a: `Bearer ${key}` }).toString().slice(2),
    "URL-encoded, upper-case": encodeURIComponent(key).toUpperCase(),
    hex: bytes(key).toString("hex"),
    "hex, upper-case": bytes(key).toString("hex").toUpperCase(),
    "hex of Bearer": bytes(`Bearer ${key}`).toString("hex"),
  };
  for (const [name, s] of [["key", key], ["Bearer key", `Bearer ${key}`], ["key at offset 1", `{${key}}`], ["key at offset 2", `{"${key}"}`]] as const) {
    out[`base64 of ${name}`] = bytes(s).toString("base64");
    out[`base64url of ${name}`] = bytes(s).toString("base64url");
    out[`base64 of ${name}, upper-case`] = bytes(s).toString("base64").toUpperCase();
    out[`base64 of ${name}, lower-case`] = bytes(s).toString("base64").toLowerCase();
    out[`base64 of ${name}, URL-encoded`] = encodeURIComponent(bytes(s).toString("base64"));
  }
  return out;
}

/**
 * The forms of `keyEchoes` that `text` still holds, compared without letter case and by their
 * middle (8 characters short at each end), so that a form blanked only partly still counts.
 */
export function leakedEchoes(text: string, key: string): string[] {
  const lower = text.toLowerCase();
  // A JSON escape is undone wherever the runtime reads it: its middle would be a leak only as JSON.
  return Object.entries(keyEchoes(key))
    .filter(([name, form]) => !name.startsWith("JSON") && lower.includes(form.slice(8, -8).toLowerCase()))
    .map(([name]) => name);
}

/**
 * A LinkModel API on loopback that echoes `key` in every form of `keyEchoes` wherever a server
 * can: error messages, `request_id`, `task_id`, task status and message, a result URL, property
 * names, the HTTP status text and a header (JSON escapes as real escapes in the JSON text). The
 * prompt picks the script: `refused` (401), `billing` (HTTP 200, code 500), `ok` (Processing,
 * a 429, then Success), `fail` (Failed), `down` (every poll a 500).
 */
export async function echoingApi(key: string): Promise<{ url: string; requests: number; close(): Promise<void> }> {
  const echo = Object.values(keyEchoes(key)).join(" | ");
  const forms = Object.values(keyEchoes(key));
  // Property names: one per form.
  const names = Object.fromEntries(forms.map((_form, i) => [`@NAME${i}@`, i]));
  // A JSON text with the echoes in place of the @ECHO@ / @NAMEi@ markers, written raw so that JSON escapes stay escapes.
  const text = (body: unknown): string =>
    JSON.stringify(body)
      .replace(/@ECHO@/g, echo)
      .replace(/@NAME(\d+)@/g, (_m, i: string) => forms[Number(i)]!);
  const polls = new Map<string, number>();
  const api = { url: "", requests: 0, close: async () => {} };
  const srv = await serve((req, res, body) => {
    api.requests++;
    const send = (status: number, value: unknown, headers: Record<string, string> = {}): void =>
      void res.writeHead(status, `Status ${echo}`, { "content-type": "application/json", "x-echo": echo, ...headers }).end(text(value));
    if (req.method === "POST") {
      const prompt = String((JSON.parse(body) as { prompt?: unknown }).prompt);
      if (prompt === "refused") return send(401, { code: 401, data: {}, msg: "invalid api key @ECHO@", request_id: "r-@ECHO@" });
      if (prompt === "billing") return send(200, { code: 500, data: {}, msg: "create task failed for @ECHO@", request_id: "r-@ECHO@" });
      return send(200, { code: 0, data: { task_id: `${prompt}-@ECHO@`, order_id: "o-@ECHO@", status: "processing", price: 0.3 }, msg: "success @ECHO@", request_id: "r-@ECHO@" });
    }
    const id = new URL(req.url!, "http://x").searchParams.get("task_id") ?? "";
    const mode = id.split("-")[0]!;
    const n = (polls.get(id) ?? 0) + 1;
    polls.set(id, n);
    if (mode === "down") return send(500, { code: 500, message: "down @ECHO@", request_id: "r-@ECHO@" });
    if (mode === "fail") return send(200, { code: 0, data: { task_id: id, status: "Failed", msg: "refused @ECHO@", ...names }, message: "ok @ECHO@", request_id: "r-@ECHO@" });
    if (n === 1) return send(200, { code: 0, data: { task_id: id, status: "Processing", msg: "at work @ECHO@", ...names }, message: "ok @ECHO@", request_id: "r-@ECHO@" });
    if (n === 2) return send(429, { code: 429, msg: "slow down @ECHO@", request_id: "r-@ECHO@" }, { "retry-after": "0" });
    return send(200, {
      code: 0,
      data: { task_id: id, status: "Success", file_url: "https://cdn.example.com/@ECHO@.mp4", output_images: ["https://cdn.example.com/@ECHO@.png"], ...names },
      message: "success @ECHO@",
      request_id: "r-@ECHO@",
    });
  });
  api.url = srv.url;
  api.close = srv.close;
  return api;
}
