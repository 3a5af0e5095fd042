// With load-hook.mjs: records, at exit, every CommonJS module the process loaded, including
// those loaded through createRequire (which the ESM hook never sees), so that a test can prove
// the generator's no-op run never loads TypeScript or openapi-typescript either way.
const { appendFileSync } = require("node:fs");

process.on("exit", () => {
  if (process.env.LOAD_LOG) appendFileSync(process.env.LOAD_LOG, `${Object.keys(require.cache).join("\n")}\n`);
});
