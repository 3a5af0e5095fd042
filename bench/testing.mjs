#!/usr/bin/env node
/**
 * A user's test through @linkmodel-sdk/testing (issue 18): real time for one video task
 * (wan2.6) and one image task (seedream-4.0), each run with `run()` on its model's real polling
 * schedule (video: nothing for 30 s, then every 5 s; image: nothing for 10 s, then every 3 s)
 * and a scenario of 3 polls (Pending, Processing, Success), wired by `clientOptions` (the
 * mock's fetch and virtual clock) and over `listen()` (loopback HTTP, the same clock).
 * Each sample is a whole test: a fresh mock, a fresh client, the task; the first is cold.
 *
 * Uses the compiled packages (dist/, as users get them): run `npm run build` first.
 * Run: node bench/testing.mjs [--runs 200]
 */
import { performance } from "node:perf_hooks";
import { createMock } from "@linkmodel-sdk/testing";
import { createClient as createWan } from "@linkmodel-sdk/wan2-6";
import { createClient as createSeedream } from "@linkmodel-sdk/seedream-4-0";

const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 200;
const scenarios = { "wan2.6": { outcome: "success", polls: 3 }, "seedream-4.0": { outcome: "success", polls: 3 } };
const tasks = {
  video: (options) => createWan(options).run({ prompt: "a paper boat on a rainy street" }),
  image: (options) => createSeedream(options).run({ prompt: "a lighthouse at dawn" }),
};
const wirings = {
  clientOptions: async (mock) => ({ options: mock.clientOptions, close: async () => {} }),
  "listen()": async (mock) => {
    const server = await mock.listen();
    return { options: server.clientOptions, close: () => server.close() };
  },
};

const ms = (v) => v.toFixed(2);
console.log(`| task | wiring | first (cold) | median | p95 | virtual time of the task |`);
console.log(`| --- | --- | --- | --- | --- | --- |`);
for (const [wiring, wire] of Object.entries(wirings)) {
  for (const [name, task] of Object.entries(tasks)) {
    const samples = [];
    let virtual = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const mock = createMock({ scenarios });
      const { options, close } = await wire(mock);
      const start = mock.clock.now();
      const result = await task(options);
      if (result.status !== "Success") throw new Error("the task did not succeed");
      virtual = mock.clock.now() - start;
      await close();
      samples.push(performance.now() - t0);
    }
    const sorted = [...samples].sort((a, b) => a - b);
    console.log(`| ${name} | ${wiring} | ${ms(samples[0])} ms | ${ms(sorted[Math.floor(runs / 2)])} ms | ${ms(sorted[Math.floor(runs * 0.95)])} ms | ${virtual / 1000} s |`);
  }
}
console.log(`\n${runs} runs each; node ${process.version}`);
