/**
 * One runtime, or two (issue 16): when two copies of the runtime are installed side by side
 * (packages of incompatible generations), each has its own error classes; `instanceof`, which
 * the READMEs teach, must still recognise an error thrown by the other copy, by kind.
 */
import { expect, test } from "vitest";
import * as first from "../../runtime/src/errors.js";

test("an error from a second copy of the runtime is instanceof the first copy's classes, by kind", async () => {
  // The same module loaded again under another id: a second copy, with classes of its own.
  const second = (await import("../../runtime/src/errors.js?second-copy")) as typeof first;
  expect(second.InvalidRequestError).not.toBe(first.InvalidRequestError);
  const error = new second.InvalidRequestError("prompt is required");
  expect(error instanceof first.InvalidRequestError).toBe(true);
  expect(error instanceof first.LinkModelError).toBe(true);
  expect(error instanceof first.TaskFailedError).toBe(false);
  expect(new first.TaskFailedError("x") instanceof second.TaskFailedError).toBe(true);
  expect(new first.TaskFailedError("x") instanceof second.InvalidRequestError).toBe(false);
});

test("what is not the runtime's error is not taken for one: a plain Error, a look-alike object", () => {
  expect(new Error("x") instanceof first.LinkModelError).toBe(false);
  expect({ kind: "InvalidRequestError", message: "x" } instanceof first.InvalidRequestError).toBe(false);
  expect(null instanceof first.LinkModelError).toBe(false);
  // Ordinary instances still are, and the mark stays out of JSON.
  const error = new first.RateLimitedError("slow down", { retryAfterMs: 1000 });
  expect(error instanceof first.RateLimitedError && error instanceof first.LinkModelError && error instanceof Error).toBe(true);
  expect(JSON.parse(JSON.stringify(error))).toEqual({ kind: "RateLimitedError", retryAfterMs: 1000 });
});
