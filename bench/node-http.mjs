#!/usr/bin/env node
/**
 * What a Node-only transport could gain (a measurement for a decision, not a shipped path):
 * one JSON POST of a create body to a loopback server, by (a) raw `fetch` (undici, keep-alive,
 * no timeout: the client bench's baseline) and (b) `node:http` with a keep-alive agent and the
 * same per-request timeout the client has (an AbortController and a timer).
 *
 * The server is the client bench's (bench/loopback.mjs); the sides alternate call by
 * call; the median of each after a warm-up fifth. Run: node bench/node-http.mjs  (CALLS=20000)
 */
import http from "node:http";
import { startLoopbackApi } from "./loopback.mjs";

const CALLS = Number(process.env.CALLS ?? 20_000);
const api = await startLoopbackApi();
const url = `${api.base}/video-generation`;
const body = JSON.stringify({ model: "wan2.6", prompt: "A red panda riding a bicycle through Tokyo at night", resolution: "1080P", duration: 10 });
const headers = { Authorization: "Bearer bench-key", "Content-Type": "application/json" };
const agent = new http.Agent({ keepAlive: true });

const viaFetch = async () => JSON.parse(await (await fetch(url, { method: "POST", headers, body })).text());
const viaHttp = () =>
  new Promise((resolve, reject) => {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), 60_000);
    const done = (f, v) => (clearTimeout(timer), f(v));
    const req = http.request(url, { method: "POST", agent, signal: ac.signal, headers: { ...headers, "Content-Length": Buffer.byteLength(body) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => done(resolve, JSON.parse(text)));
      res.on("error", (e) => done(reject, e));
    });
    req.on("error", (e) => done(reject, e));
    req.end(body);
  });

try {
  const sides = [["raw fetch", viaFetch], ["node:http + timeout", viaHttp]];
  const times = sides.map(() => []);
  for (let i = 0; i < CALLS; i++)
    for (let j = 0; j < sides.length; j++) {
      const k = (i + j) % sides.length;
      const start = process.hrtime.bigint();
      await sides[k][1]();
      times[k].push(Number(process.hrtime.bigint() - start) / 1e3);
    }
  const median = (xs) => xs.slice(CALLS / 5).sort((a, b) => a - b)[(xs.length - CALLS / 5) >> 1];
  const [fetchMedian, httpMedian] = times.map(median);
  console.log(`raw fetch ${fetchMedian.toFixed(1)} µs; node:http + timeout ${httpMedian.toFixed(1)} µs; ratio ${(httpMedian / fetchMedian).toFixed(3)}`);
  console.log(`node ${process.version}; median µs per call; ${CALLS} calls per side, alternating`);
} finally {
  agent.destroy();
  api.stop();
}
