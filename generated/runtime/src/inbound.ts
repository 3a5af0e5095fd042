/**
 * What enters the runtime from the API: a response body, read with a size cap, and the API key
 * blanked from it in every encoding a server may echo it in. Both transports (`transport.ts`,
 * `typed.ts`) read every answer through here, so that no error, handle, log line or `raw`
 * field can hold the key, however a server echoed it.
 *
 * Takes a `Response` (and the client's key); returns the body's text (or `undefined` past the
 * cap) and a redactor. The key's encoded forms are computed once per client.
 */

/** Default cap of an API response body: envelopes are a few kB. */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/**
 * The text of `response` (or of a `Request`), or `undefined` once it passes `maxBytes` (the rest is not read, the
 * connection is dropped). With `trustLength`, a body whose Content-Length is within the cap and
 * that is not compressed is read in one go: fetch reads no more than the length says.
 */
export async function readText(response: Pick<Response, "headers" | "body" | "text">, maxBytes: number, trustLength: boolean): Promise<string | undefined> {
  const length = response.headers.get("content-length");
  // A compressed body can inflate far beyond its length.
  const plain = length !== null && !response.headers.has("content-encoding");
  if (plain && +length > maxBytes) return void (await response.body?.cancel());
  if (plain && trustLength) return response.text();
  const reader = response.body?.getReader();
  if (!reader) return "";
  const decoder = new TextDecoder();
  let text = "";
  for (let bytes = 0; ; ) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    if ((bytes += value.length) > maxBytes) return void (await reader.cancel());
    text += decoder.decode(value, { stream: true });
  }
}

/** Blanks the key in server text, and parses server JSON with the key blanked in its values and property names. */
export interface Redactor {
  /** `text` with every encoded form of the key replaced by `***`. */
  text(text: string): string;
  /** `JSON.parse(text)`, the key blanked in every string and property name (also where JSON escapes spelled it); throws on bad JSON. */
  json(text: string): unknown;
}

/**
 * The encoded forms of `key` a server may echo, all matched in any letter case: as written,
 * URL-encoded (by `encodeURIComponent` and as a form, each with `%20` and `+` for a space), hex, and base64 and base64url at each of the 3 byte
 * offsets it can have inside a longer encoded string (`Bearer <key>`, a JSON document): of
 * those, the characters that depend on the key's bytes alone (a neighbouring character keeps
 * at most 4 bits of the key's first or last byte). JSON escapes are undone by parsing
 * (`Redactor.json`). Forms under 8 characters (of a key too short to be secret) are left out
 * but for the key itself: they would blank ordinary text.
 */
function keyForms(key: string): string[] {
  const url = encodeURIComponent(key);
  // A form encoder spells a space `+` and also escapes `~`, `!`, `'`, `(`, `)`.
  const form = new URLSearchParams({ k: key }).toString().slice(2);
  const forms = [key, url, url.replace(/%20/g, "+"), form, form.replace(/\+/g, "%20")];
  // A key beyond Latin-1 is never sent (`unsendableKey`): no server can echo its bytes.
  if (!/[^\0-\xff]/.test(key)) {
    let hex = "";
    for (let i = 0; i < key.length; i++) hex += key.charCodeAt(i).toString(16).padStart(2, "0");
    forms.push(hex);
    for (let offset = 0; offset < 3; offset++) {
      // The base64 characters whose 6 bits all come from the key, with `offset` bytes before it.
      const b64 = btoa("\0".repeat(offset) + key).slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + key.length) * 8) / 6));
      forms.push(b64, b64.replace(/\+/g, "-").replace(/\//g, "_"), encodeURIComponent(b64));
    }
  }
  return forms.filter((f) => f === key || f.length >= 8);
}

/** The redactor of one client's key; without a key, nothing to blank. */
export function keyRedactor(key: string | null | undefined): Redactor {
  if (!key) return { text: (t) => t, json: (t) => JSON.parse(t) };
  // Longest first: of two forms that start at one place, the longer is blanked whole.
  const forms = new RegExp(
    keyForms(key)
      .sort((a, b) => b.length - a.length)
      .map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("|"),
    "gi",
  );
  const text = (t: string): string => t.replace(forms, "***");
  const clean = (_name: string, v: unknown): unknown =>
    typeof v === "string"
      ? text(v)
      : v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).map(([name, x]) => [text(name), x]))
        : v;
  // A body with no form of the key and no escape (the usual one) is parsed as it is. (`search`
  // ignores the global flag's position.)
  return { text, json: (t) => (t.search(forms) >= 0 || t.includes("\\") ? JSON.parse(t, clean) : JSON.parse(t)) };
}
