/**
 * The process environment, where there is one (Node, Deno, Bun, an edge worker that has a
 * `process`; not a browser page): the variables the runtime reads, `LINKMODEL_API_KEY` and
 * `LINKMODEL_BASE_URL`. Read wherever it runs: the proxy (`proxy.ts`) reads it in every build.
 * A client reads it through `client-environment.ts`, which a browser build replaces.
 */

/** A variable of the environment, where there is one (a `process`: Node, Deno, Bun; not a browser page). */
export function fromEnv(name: string): string | undefined {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name] || undefined;
}

/** `LINKMODEL_API_KEY` from the environment, where there is one (never in a browser build of a client). */
export const apiKeyFromEnv = (): string | undefined => fromEnv("LINKMODEL_API_KEY");
