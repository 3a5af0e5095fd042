/**
 * What a client takes from where it runs, in every build but a browser's: its key and base URL
 * from the process environment (`env.ts`), which low-level fetch errors prove that a request
 * never left (the codes of Node's fetch, undici), and the handle's timestamp formatted once per
 * second (`isoTime`, for a server's throughput) and the last one read back without parsing (`parseTime`).
 *
 * A browser build gets `client-environment.browser.ts` instead: the runtime's package.json maps
 * one to the other in its `browser` field, which bundlers building for a browser follow (esbuild,
 * webpack, Rollup, Vite). A page has no process environment, its fetch errors carry none of
 * these codes, and it creates tasks at a person's pace, so a page's bundle carries neither the
 * reading, nor the codes, nor the timestamp's caches.
 */
import { apiKeyFromEnv, fromEnv } from "./env.js";

let isoSecond = NaN;
let isoPrefix = "";
let lastIso = "";
let lastMs = NaN;

/**
 * `new Date(ms).toISOString()`, formatting the date and time of day once per second: a
 * create stamps its handle, and after a network round trip (cold caches) toISOString costs
 * about 3 µs, a tenth of the client's whole overhead on loopback (bench/client.bench.mjs).
 */
export function isoTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== isoSecond) {
    isoSecond = second;
    isoPrefix = new Date(second * 1000).toISOString().slice(0, 20); // "2026-11-24T17:55:44."
  }
  lastMs = ms;
  return (lastIso = isoPrefix + String(ms - second * 1000).padStart(3, "0") + "Z");
}

/**
 * `Date.parse(text)` (a handle's `createdAt`, a Retry-After date), without parsing the text
 * `isoTime` returned last: `run` waits for the handle it has just stamped, and right after a
 * round trip Date.parse costs about 5 µs of a loopback run (bench/README.md).
 */
export const parseTime = (text: string): number => (text === lastIso ? lastMs : Date.parse(text));

/** The key of a client given none: `LINKMODEL_API_KEY`. */
export const keyFromEnvironment = (): string | undefined => apiKeyFromEnv();

/** The base URL of a client given none: `LINKMODEL_BASE_URL` (a client reads it neither in keyless mode nor in a page). */
export const baseUrlFromEnvironment = (): string | undefined => fromEnv("LINKMODEL_BASE_URL");

/**
 * Whether the code of a failed fetch's low-level error proves that the request never reached
 * the server: refused, unresolved, never connected, or a URL fetch cannot read (a path base URL
 * outside a browser). (UND_ERR_INVALID_ARG: a header undici refused to send.)
 */
export const neverSent = (code: unknown): boolean =>
  typeof code === "string" && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|UND_ERR_CONNECT_TIMEOUT|UND_ERR_INVALID_ARG|ERR_INVALID_URL)$/.test(code);
