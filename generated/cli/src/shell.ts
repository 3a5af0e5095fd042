/**
 * What the command line prints for a shell to run, and what it keeps out of its output: POSIX
 * shell quoting, and the API keys of an invocation, blanked from everything it prints.
 */

/** A POSIX shell word holding exactly `s`. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The keys of an invocation: LINKMODEL_API_KEY and any `--api-key` value, as typed. */
export function secretsOf(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): string[] {
  const keys = [env["LINKMODEL_API_KEY"] ?? ""];
  for (const [i, a] of argv.entries()) {
    if (a === "--api-key") keys.push(argv[i + 1] ?? "");
    else if (a.startsWith("--api-key=")) keys.push(a.slice("--api-key=".length));
  }
  // Trimmed, as the key is sent; also as a shell-quoted value (the hints quote values); the
  // longest first, so that a key that is part of another cannot leave the other's rest.
  const trimmed = keys.map((k) => k.trim()).filter((k) => k.length > 0);
  return [...new Set([...trimmed, ...trimmed.map(shellQuote)])].sort((a, b) => b.length - a.length);
}

/** `text` with every known key blanked. */
export function redact(text: string, secrets: readonly string[]): string {
  for (const key of secrets) text = text.split(key).join("***");
  return text;
}

/** JSON with the key blanked inside string values, so that the document stays valid JSON whatever the key (`1`, `e`). */
export function redactedJson(value: unknown, secrets: readonly string[]): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "string" ? redact(v, secrets) : v));
}
