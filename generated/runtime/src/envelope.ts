/**
 * The LinkModel envelope (LINKMODEL.md): every answer is `{ code, data, msg | message,
 * request_id }`, `code: 0` the only success, whatever the HTTP status says.
 *
 * Takes parsed JSON, whatever the server sent (not trusted: any field may be missing or of
 * another type), and the HTTP status; returns the envelope's fields as plain values, and for an
 * answer that is not a success, which failure it is (`classifyFailure`). Never throws: the
 * transport throws what `classifyFailure` decides.
 */
import { isJsonObject, nonEmptyString } from "./checks.js";
import {
  AuthenticationError,
  BadRequestError,
  InsufficientBalanceError,
  RateLimitedError,
  ServerError,
  UnexpectedResponseError,
  type ErrorInfo,
  type LinkModelError,
} from "./errors.js";

/** A `code: 0` envelope, as parsed from JSON. */
export type Envelope = Record<string, unknown> & { readonly data?: unknown };

/** The envelope's `data` object; none (an empty one) when it is not an object. */
export const envelopeData = (envelope: Envelope): Record<string, unknown> => (isJsonObject(envelope.data) ? envelope.data : {});

/** The envelope's `code`, when it is a number. */
export const envelopeCode = (envelope: Envelope | undefined): number | undefined =>
  typeof envelope?.["code"] === "number" ? envelope["code"] : undefined;

/**
 * An answer that is not a success, classified: the error class to throw; the message after the
 * request it answers (the server's message or what was wrong with the envelope, the code it is
 * judged by, and what to do: `insufficient balance (500); top up your balance`); and whether
 * the server refused the request (a 4xx, or the billing refusal: a refused create created no
 * task; after a 5xx or an unreadable answer it may have).
 */
export type Failure = readonly [Kind: new (message: string, info?: ErrorInfo) => LinkModelError, text: string, refused: boolean];

/**
 * Classifies an answer that is not a success (`code: 0` on a 2xx): by the envelope's code on a
 * 2xx (LinkModel answers errors as HTTP 200 with a non-zero code, too), else by the HTTP status;
 * a billing refusal by its message, whatever the code. `envelope`: the answer's JSON object, if it was one.
 */
export function classifyFailure(status: number, envelope: Envelope | undefined): Failure {
  const code = envelopeCode(envelope);
  // LINKMODEL.md: a create says `msg`, a query `message`.
  const message = nonEmptyString(envelope?.["msg"]) ?? nonEmptyString(envelope?.["message"]);
  // The envelope's code on a 2xx, else the HTTP status (also when a 2xx has no code).
  const judgedBy = status >= 200 && status < 300 ? code ?? status : status;
  const isClientError = judgedBy >= 400 && judgedBy < 500;
  const detail = `${message ?? (envelope ? (code === undefined ? "no code" : `code ${code}`) : "not JSON")} (${judgedBy}); `;
  if (/insufficient balance|100601/i.test(message ?? "")) return [InsufficientBalanceError, detail + "top up your balance", true];
  if (judgedBy === 401 || judgedBy === 403) return [AuthenticationError, detail + "check apiKey / LINKMODEL_API_KEY", true];
  if (judgedBy === 429) return [RateLimitedError, detail + "rate limited, retry later", true];
  if (isClientError) return [BadRequestError, detail + "fix the request", true];
  if (judgedBy >= 500) return [ServerError, detail + "server error, retry later", false];
  return [UnexpectedResponseError, detail + "unexpected response", false];
}
