/**
 * classifyFailure (runtime/src/envelope.ts) as a given/want table: every answer that is not a
 * success, by HTTP status and envelope, gets its error class, its message text (the server's
 * message or what was wrong, the code it is judged by, what to do) and whether the server
 * refused it (a refused create created no task).
 */
import { describe, expect, test } from "vitest";
import { classifyFailure, type Envelope } from "../../runtime/src/envelope.js";
import {
  AuthenticationError,
  BadRequestError,
  InsufficientBalanceError,
  RateLimitedError,
  ServerError,
  UnexpectedResponseError,
} from "../../runtime/src/errors.js";

const BILLING = "create task failed: billing: code=100601: insufficient balance";

const rows: { name: string; given: { status: number; envelope: Envelope | undefined }; want: { kind: string; text: string; refused: boolean } }[] = [
  {
    name: "the billing refusal on HTTP 200 with code 500 (as the API answers it) is insufficient balance, not a server error",
    given: { status: 200, envelope: { code: 500, msg: BILLING } },
    want: { kind: "InsufficientBalanceError", text: `${BILLING} (500); top up your balance`, refused: true },
  },
  {
    name: "the billing code alone, on a 5xx, is insufficient balance too",
    given: { status: 503, envelope: { code: 503, message: "100601" } },
    want: { kind: "InsufficientBalanceError", text: "100601 (503); top up your balance", refused: true },
  },
  {
    name: "a bad key as HTTP 200 with code 401 is an authentication error",
    given: { status: 200, envelope: { code: 401, msg: "invalid api key" } },
    want: { kind: "AuthenticationError", text: "invalid api key (401); check apiKey / LINKMODEL_API_KEY", refused: true },
  },
  {
    name: "HTTP 403 without a body is an authentication error",
    given: { status: 403, envelope: undefined },
    want: { kind: "AuthenticationError", text: "not JSON (403); check apiKey / LINKMODEL_API_KEY", refused: true },
  },
  {
    name: "HTTP 429 is rate limited, with the query envelope's `message`",
    given: { status: 429, envelope: { code: 429, message: "too many requests" } },
    want: { kind: "RateLimitedError", text: "too many requests (429); rate limited, retry later", refused: true },
  },
  {
    name: "HTTP 400 is a bad request the server refused",
    given: { status: 400, envelope: { code: 400, msg: "prompt is required" } },
    want: { kind: "BadRequestError", text: "prompt is required (400); fix the request", refused: true },
  },
  {
    name: "a 4xx that is not JSON is a bad request",
    given: { status: 404, envelope: undefined },
    want: { kind: "BadRequestError", text: "not JSON (404); fix the request", refused: true },
  },
  {
    name: "HTTP 500 is a server error, after which a create may have created the task",
    given: { status: 500, envelope: { code: 500, msg: "boom" } },
    want: { kind: "ServerError", text: "boom (500); server error, retry later", refused: false },
  },
  {
    name: "a non-2xx status wins over the envelope's code",
    given: { status: 502, envelope: { code: 400, msg: "bad gateway" } },
    want: { kind: "ServerError", text: "bad gateway (502); server error, retry later", refused: false },
  },
  {
    name: "a 5xx envelope code on HTTP 200 is a server error",
    given: { status: 200, envelope: { code: 503, message: "busy" } },
    want: { kind: "ServerError", text: "busy (503); server error, retry later", refused: false },
  },
  {
    name: "HTTP 200 without a code is no success: unexpected",
    given: { status: 200, envelope: { data: { task_id: "t" } } },
    want: { kind: "UnexpectedResponseError", text: "no code (200); unexpected response", refused: false },
  },
  {
    name: "an unknown envelope code on HTTP 200 is unexpected",
    given: { status: 200, envelope: { code: 7 } },
    want: { kind: "UnexpectedResponseError", text: "code 7 (7); unexpected response", refused: false },
  },
  {
    name: "a redirect (never followed) is unexpected, whatever its envelope says",
    given: { status: 302, envelope: { code: 0 } },
    want: { kind: "UnexpectedResponseError", text: "code 0 (302); unexpected response", refused: false },
  },
  {
    name: "an empty message is no message",
    given: { status: 200, envelope: { code: 401, msg: "", message: "" } },
    want: { kind: "AuthenticationError", text: "code 401 (401); check apiKey / LINKMODEL_API_KEY", refused: true },
  },
];

const CLASSES = [AuthenticationError, BadRequestError, InsufficientBalanceError, RateLimitedError, ServerError, UnexpectedResponseError];

describe("classifyFailure", () => {
  test.each(rows)("$name", ({ given, want }) => {
    const [Kind, text, refused] = classifyFailure(given.status, given.envelope);
    const error = new Kind(text);
    expect({ kind: error.kind, text, refused }).toEqual(want);
    // The class itself, not only its kind: `instanceof` is how users tell failures apart.
    expect(CLASSES.filter((Kind) => error instanceof Kind).map((Kind) => Kind.name)).toEqual([want.kind]);
  });
});
