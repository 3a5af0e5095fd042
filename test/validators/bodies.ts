/**
 * Seeded random bodies for a schema: mostly shaped like the schema (valid or nearly so), values
 * near every bound, format strings around their edge cases, and mutations (wrong types, missing
 * and unknown keys, `__proto__`, surrogate pairs). Same seed, same body.
 */
import type { Schema } from "../../generator/validators/index.js";

export type Rng = () => number;

/** mulberry32: a small, fast, seedable generator. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: Rng, list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
const int = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

/** Sets a key as an own data property, so that `__proto__` stays a key. */
function put(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

const ALPHABET = ["a", "b", "Z", "0", "9", "-", ".", "_", " ", "é", "😀", "\u2000", ":", "/", "@", "%", "\ud800", "\n"];
const MUTATION_CHARS = [":", "/", "@", ".", "-", "[", "]", "%", "?", "#", " ", "a", "Z", "0", "9", "ü", "😀", "\u2000", "\t", "_", "+", "t", "T", "z", "ſ"];

function randomString(r: Rng, length: number, alphabet: readonly string[] = ALPHABET): string {
  let s = "";
  for (let i = 0; i < length; i++) s += pick(r, alphabet);
  return s;
}

/** Inserts, deletes or replaces a few characters. */
export function mutateString(r: Rng, s: string): string {
  let out = s;
  for (let n = int(r, 1, 2); n > 0; n--) {
    const at = int(r, 0, out.length);
    const op = r();
    if (op < 0.35) out = out.slice(0, at) + pick(r, MUTATION_CHARS) + out.slice(at);
    else if (op < 0.7) out = out.slice(0, at) + out.slice(at + 1);
    else out = out.slice(0, at) + pick(r, MUTATION_CHARS) + out.slice(at + 1);
  }
  return out;
}

function octet(r: Rng): string {
  return String(pick(r, [0, 1, 9, 10, 99, 100, 127, 168, 169, 172, 192, 199, 200, 223, 224, 249, 254, 255, 256, 300, int(r, 0, 255)]));
}

function ipv4(r: Rng): string {
  const fixed = pick(r, ["10.", "127.", "169.254.", "192.168.", "172.16.", "172.31.", "172.32.", "172.15.", "01.", ""]);
  const parts = fixed.split(".").filter((p) => p !== "");
  while (parts.length < 4) parts.push(r() < 0.1 ? "0" + octet(r) : octet(r));
  return parts.slice(0, r() < 0.1 ? 3 : 4).join(".");
}

function h16(r: Rng): string {
  return pick(r, ["0", "1", "ab", "FFFF", "12345", "g1", "abcd", "fe80"]);
}

function ipv6(r: Rng): string {
  const groups = int(r, 0, 9);
  const parts = Array.from({ length: groups }, () => h16(r));
  if (r() < 0.3) parts.push(ipv4(r));
  if (r() < 0.7) parts.splice(int(r, 0, parts.length), 0, "");
  let s = parts.join(":");
  if (s.startsWith(":") && !s.startsWith("::")) s = ":" + s;
  if (s.endsWith(":") && !s.endsWith("::")) s += ":";
  return s === "" ? "::" : s;
}

function host(r: Rng): string {
  return pick(r, [
    () => ipv4(r),
    () => pick(r, ["example.com", "a.bc", "a.b", "cdn.example.co.uk", "xn--nxasmq6b.com", "ünicode.com", "a-b.com", "-a.com", "a-.com", "a--b.com", "localhost", "a.c1", "a.😀😀", "1.2.3.4.com", "EXAMPLE.COM", "a..com", "a.b\u2000c.de"]),
    () => `[${ipv6(r)}]`,
    () => `[v1.${pick(r, ["x", "a:b", ""])}]`,
  ])();
}

function urlLike(r: Rng): string {
  const scheme = pick(r, ["http", "https", "ftp", "HTTP", "HtTpS", "ftps", "file", "mailto", "a+b", "1a", "httpſ"]);
  const sep = pick(r, ["://", "://", "://", ":/", ":", "//"]);
  const user = r() < 0.15 ? pick(r, ["user@", "user:pass@", "u@v@", "a b@", ":@", "%41@"]) : "";
  const port = r() < 0.2 ? pick(r, [":80", ":8080", ":1", ":123456", ":", ":0x"]) : "";
  const path = r() < 0.5 ? pick(r, ["/", "/x", "/a/b?c=d#e", "/a b", "/%zz", "/%41", "?q=1", "#f", "/😀", "/a:b@c"]) : "";
  const query = r() < 0.1 ? pick(r, ["?x", "#y", "?a=b#c"]) : "";
  return scheme + sep + user + host(r) + port + path + query;
}

function date(r: Rng): string {
  const y = pick(r, ["2024", "2023", "2000", "1900", "0000", "9999", "202"]);
  const m = pick(r, ["01", "02", "04", "12", "13", "00", "1"]);
  const d = pick(r, ["01", "28", "29", "30", "31", "32", "00"]);
  return `${y}-${m}-${d}`;
}

function time(r: Rng): string {
  const h = pick(r, ["00", "12", "23", "24", "99"]);
  const m = pick(r, ["00", "59", "60"]);
  const s = pick(r, ["00", "59", "60", "61", "59.999", "60.5"]);
  const tz = pick(r, ["Z", "z", "+00:00", "-01:00", "+01:00", "+0100", "+01", "+24:00", "+01:60", "", "+05:30"]);
  return `${h}:${m}:${s}${tz}`;
}

const FORMAT_SAMPLES: Record<string, (r: Rng) => string> = {
  url: urlLike,
  uri: (r) => pick(r, [() => urlLike(r), () => pick(r, ["urn:isbn:0451450523", "mailto:a@b.c", "a:", "a:b", "a:/b", "a:?q", "tag:x,y:z", "a:%zz", "A1+.-:x", "a:[::1]", "a://[::1]:80/x"]) ])(),
  uuid: (r) => pick(r, ["cb6111cf-e89f-4978-b8e3-aa59c21cceff", "CB6111CF-E89F-4978-B8E3-AA59C21CCEFF", "urn:uuid:cb6111cf-e89f-4978-b8e3-aa59c21cceff", "cb6111cfe89f4978b8e3aa59c21cceff", "aurora_abc123"]),
  email: (r) => `${pick(r, ["a", "a.b", "a..b", ".a", "a+tag", "x!#$%&'*/=?^_`{|}~-", "", "é"])}@${pick(r, ["example.com", "a.b", "localhost", "a-b.c", "-a.com", "a.com-", "[1.2.3.4]", "a.b.c.d", "a--b.co"])}`,
  date,
  time,
  "date-time": (r) => date(r) + pick(r, ["T", "t", " ", "\u2003", "x", "TT", ""]) + time(r),
};

function genString(s: Schema, r: Rng): string {
  const format = typeof s["format"] === "string" ? FORMAT_SAMPLES[s["format"]] : undefined;
  if (format && r() < 0.8) {
    const sample = format(r);
    return r() < 0.3 ? mutateString(r, sample) : sample;
  }
  if (typeof s["pattern"] === "string" && r() < 0.6) return randomString(r, int(r, 0, 8), ["a", "b", "z", "A", "-", "1", "2", "_", "😀", "é"]);
  const min = typeof s["minLength"] === "number" ? s["minLength"] : 0;
  const max = typeof s["maxLength"] === "number" ? s["maxLength"] : min + 12;
  const length = pick(r, [min - 1, min, min + 1, max - 1, max, max + 1, int(r, min, Math.min(max, min + 20))]);
  const base = randomString(r, Math.max(0, Math.min(length, 200)), ALPHABET);
  if (length <= 200) return base;
  return "x".repeat(length - 200) + base;
}

function genNumber(s: Schema, r: Rng, integer: boolean): number {
  const bounds = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"].map((k) => s[k]).filter((v): v is number => typeof v === "number");
  const near = bounds.length > 0 ? pick(r, bounds) : int(r, -5, 5);
  const delta = pick(r, [0, 0, 1, -1, 0.5, -0.5, 1e-9, -1e-9, 2, 3]);
  const special = pick(r, [0, -0, 1e21, -1e21, 2147483647, 2147483648, -2147483648, -2147483649, 0.1, 0.3, 1.5, 9007199254740993, 1e-7]);
  const candidates = [near + delta, near * int(r, 0, 7), special, int(r, -100, 100), r() * 100];
  const value = pick(r, candidates);
  return integer && r() < 0.8 ? Math.round(value) : value;
}

// No "toString" or "valueOf" here: ajv's deep equality (fast-deep-equal) throws on such own keys; the hostile-input test covers them for us.
const EXTRA_KEYS = ["durration", "promt", "extra", "__proto__", "constructor", "hasOwnProperty", "Model", "a/b", "~x", "extends.audio"];

/** Any JSON-ish value, depth-bounded. */
export function randomJson(r: Rng, depth = 0): unknown {
  const roll = r();
  if (depth > 2 || roll < 0.55) return pick(r, [null, true, false, 0, -1, 1.5, 7, "", "a", "7", "720p", "http://example.com/x.png", [], {}]);
  if (roll < 0.8) return Array.from({ length: int(r, 0, 3) }, () => randomJson(r, depth + 1));
  const o: Record<string, unknown> = {};
  // No "constructor" key in free-form values: ajv's deep equality (fast-deep-equal) compares
  // `a.constructor` as the prototype link, so {constructor: {}} twice is "unequal" to it; we
  // follow JSON Schema instead (see the messages test). Schema-shaped objects still get the key.
  for (let n = int(r, 0, 3); n > 0; n--) put(o, pick(r, ["a", "b", ...EXTRA_KEYS.filter((k) => k !== "constructor")]), randomJson(r, depth + 1));
  return o;
}

function typeOf(s: Schema): string | undefined {
  if (typeof s["type"] === "string") return s["type"];
  if (s["properties"] || s["required"] || s["additionalProperties"] !== undefined) return "object";
  if (s["items"]) return "array";
  if (s["minLength"] !== undefined || s["pattern"] || s["format"]) return "string";
  if (s["minimum"] !== undefined || s["maximum"] !== undefined || s["multipleOf"] !== undefined) return "number";
  return undefined;
}

/** A body for `schema`: shaped like it most of the time, wrong in some way often enough. */
export function genValue(s: Schema, r: Rng, depth = 0): unknown {
  const roll = r();
  if (roll < 0.04 || depth > 5) return randomJson(r, 1);
  if (s["nullable"] === true && roll < 0.12) return null;
  if (Array.isArray(s["enum"]) && r() < 0.75) {
    const v = pick(r, s["enum"] as unknown[]);
    return typeof v === "string" && r() < 0.2 ? mutateString(r, v) : v;
  }
  if ("const" in s && r() < 0.6) return s["const"];
  for (const k of ["anyOf", "oneOf", "allOf"]) {
    const branches = s[k];
    if (Array.isArray(branches) && r() < 0.7) {
      if (k === "allOf" && r() < 0.6) {
        // A body that tries to satisfy every branch: merge object branches.
        const merged: Record<string, unknown> = {};
        for (const b of branches as Schema[]) {
          const v = genValue(b, r, depth + 1);
          if (v && typeof v === "object" && !Array.isArray(v)) for (const key of Object.keys(v)) put(merged, key, (v as Record<string, unknown>)[key]);
          else return v;
        }
        return merged;
      }
      return genValue(pick(r, branches as Schema[]), r, depth + 1);
    }
  }
  switch (typeOf(s)) {
    case "string":
      return genString(s, r);
    case "integer":
      return genNumber(s, r, true);
    case "number":
      return genNumber(s, r, false);
    case "boolean":
      return r() < 0.5;
    case "array": {
      const min = typeof s["minItems"] === "number" ? s["minItems"] : 0;
      const max = typeof s["maxItems"] === "number" ? s["maxItems"] : min + 4;
      const length = Math.max(0, pick(r, [min - 1, min, min + 1, max - 1, max, max + 1, int(r, min, max)]));
      const items = (s["items"] ?? {}) as Schema;
      const out = Array.from({ length: Math.min(length, 40) }, () => genValue(items, r, depth + 1));
      if (s["uniqueItems"] === true && out.length > 1 && r() < 0.3) out[out.length - 1] = structuredClone(out[0]);
      return out;
    }
    case "object": {
      const o: Record<string, unknown> = {};
      const properties = (s["properties"] ?? {}) as Record<string, Schema>;
      const required = (s["required"] ?? []) as string[];
      for (const [key, sub] of Object.entries(properties)) {
        const p = required.includes(key) ? 0.96 : 0.5;
        if (r() < p) put(o, key, genValue(sub, r, depth + 1));
      }
      for (const key of required) if (!(key in properties) && r() < 0.9) put(o, key, randomJson(r, 1));
      if (r() < 0.15) {
        const extra = s["additionalProperties"];
        put(o, pick(r, EXTRA_KEYS), typeof extra === "object" && extra !== null && r() < 0.7 ? genValue(extra as Schema, r, depth + 1) : randomJson(r, 1));
      }
      return o;
    }
    default:
      return randomJson(r, 1);
  }
}
