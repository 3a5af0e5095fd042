#!/usr/bin/env node
/**
 * What a Node-only transport could gain (a measurement for a decision, not a shipped path):
 * one JSON POST of a create body to a loopback server, by (a) raw `fetch` (undici, keep-alive,
 * no timeout: the client bench's baseline) and (b) `node:http` with a keep-alive agent and the
 * same per-request timeout the client has (an AbortController and a timer).
 *
 * The server is a child process answering the create envelope; the sides alternate call by
 * call; the median of each after a warm-up fifth. Run: node bench/node-http.mjs  (CALLS=20000)
 */
import { spawn } from "node:child_process";
import http from "node:http";

const CALLS = Number(process.env.CALLS ?? 20_000);
const SERVER = `
const http = require("node:http");
const created = JSON.stringify({ code: 0, data: { task_id: "cb6111cf-e89f-4978-b8e3-aa59c21cceff", order_id: "019da9cf-d1db-78e1-ac23-526774d01193", status: "processing", price: 0.074 }, msg: "success", request_id: "250b66dd-e1fb-4bb6-b5f6-c668efadc35d" });
const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(created));
});
server.keepAliveTimeout = 60000;
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
process.stdin.on("end", () => process.exit(0)).resume();
`;
const child = spawn(process.execPath, ["-e", SERVER], { stdio: ["pipe", "pipe", "inherit"] });
const port = await new Promise((resolve) => child.stdout.once("data", (d) => resolve(Number(String(d).trim()))));
const url = `http://127.0.0.1:${port}/api/v1/video-generation`;
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
  child.stdin.end();
}
