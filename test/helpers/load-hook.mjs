// An ESM resolve hook that records every package a process loads, so a test can prove that
// the generator's no-op run never loads TypeScript, openapi-typescript, YAML or Handlebars.
import { appendFileSync } from "node:fs";

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (process.env.LOAD_LOG && !specifier.startsWith(".") && !specifier.startsWith("node:")) {
    // The file it resolved to, so that a subpath (`openapi-typescript/dist/…`) shows its package.
    appendFileSync(process.env.LOAD_LOG, `${result.url}\n`);
  }
  return result;
}
