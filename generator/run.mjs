// What the npm scripts run (`node generator/run.mjs generate`, …): builds the generator if its
// sources changed, then runs its command line in the same process. One process, not
// `node build.mjs && node bin.js`: a no-op `npm run generate`, which a build runs every time,
// pays Node's start-up once (bench/noop.mjs).
import { ensureBuilt } from "./build.mjs";

await ensureBuilt();
await import("../build/generator/bin.js");
