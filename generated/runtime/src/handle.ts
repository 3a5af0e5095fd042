/**
 * Task handles: the plain-JSON record of a created task, enough to resume waiting later,
 * in another process or on another machine.
 *
 * Takes a handle object or its JSON string; returns a checked, fresh handle or throws an
 * `InvalidRequestError` saying which field is wrong. Holds no secret: never the API key.
 */
import { parseTime } from "./client-environment.js";
import { InvalidRequestError } from "./errors.js";
import type { TaskHandle } from "./model.js";

export type { TaskHandle };

/** Checks a handle (object or JSON string) and returns a fresh copy with only handle fields. */
export function parseHandle(input: TaskHandle | string): TaskHandle {
  return readHandle(input).handle;
}

/** `parseHandle`, with the creation time as epoch ms (parsed once, for `wait`). */
export function readHandle(input: TaskHandle | string): { handle: TaskHandle; createdMs: number } {
  let o: Record<string, unknown> = {};
  try {
    const v: unknown = typeof input === "string" ? JSON.parse(input) : input;
    if (typeof v === "object" && v) o = v as Record<string, unknown>;
  } catch {
    // not JSON: every field is missing below
  }
  const h: Record<string, unknown> = {};
  let createdMs = NaN;
  // The first four are required, the rest optional. Not `for (… of keys.entries())`: its
  // iterator cost 2 µs of a loopback run (bench/README.md).
  ["taskId", "model", "group", "createdAt", "orderId", "price", "requestId"].forEach((k, i) => {
    const v = o[k];
    const ok =
      k === "group" ? v === "video" || v === "image" : k === "createdAt" ? typeof v === "string" && (createdMs = parseTime(v)) >= 0 : k === "price" ? typeof v === "number" : typeof v === "string" && v;
    if (ok) h[k] = v;
    else if (v !== undefined || i < 4)
      throw new InvalidRequestError(`not a task handle: bad ${k}; pass what create() returned or its JSON`, {
        issues: [{ path: "/" + k, keyword: "handle", params: {}, message: `bad ${k}` }],
      });
  });
  return { handle: h as unknown as TaskHandle, createdMs };
}
