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
