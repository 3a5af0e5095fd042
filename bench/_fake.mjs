import { buildSync } from "esbuild";
import { pathToFileURL } from "node:url";
buildSync({ stdin: { contents: `export * from "@linkmodel-sdk/wan2-6";`, resolveDir: "/work/main", sourcefile: "e.ts", loader: "ts" }, bundle: true, format: "esm", platform: "node", outfile: "/tmp/ob/wan.mjs", conditions: ["linkmodel-source"], logLevel: "silent" });
const wan = await import(pathToFileURL("/tmp/ob/wan.mjs").href + "?" + Date.now());
const created = JSON.stringify({ code: 0, data: { task_id: "cb6111cf-e89f-4978-b8e3-aa59c21cceff", order_id: "019da9cf", status: "processing", price: 0.074 }, msg: "success", request_id: "250b66dd" });
const fakeRes = { ok: true, status: 200, text: async () => created, json: async () => JSON.parse(created), headers: { get: () => null } };
globalThis.fetch = async (url, init) => fakeRes;
const body = { prompt: "A red panda riding a bicycle through Tokyo at night", resolution: "1080P", duration: 10, first_frame_image: "https://cdn.example.com/frames/first.png" };
const client = wan.createClient({ baseUrl: "http://127.0.0.1:1/api/v1", apiKey: "k" });
const raw = async () => { const init = { method: "POST", headers: { Authorization: `Bearer k`, "Content-Type": "application/json" }, body: JSON.stringify({ ...body, model: "wan2.6" }) }; const e = await (await fetch("http://127.0.0.1:1/api/v1/video-generation", init)).json(); if (e.code !== 0) throw 1; return e.data.task_id; };
const rawT = async () => { const ac = new AbortController(); const t = setTimeout(() => ac.abort(), 60000); try { const init = { method: "POST", headers: { Authorization: `Bearer k`, "Content-Type": "application/json" }, body: JSON.stringify({ ...body, model: "wan2.6" }), signal: ac.signal }; const e = await (await fetch("http://127.0.0.1:1/api/v1/video-generation", init)).json(); if (e.code !== 0) throw 1; return e.data.task_id; } finally { clearTimeout(t); } };
const ours = () => client.create(body);
async function t(name, f) { for (let i = 0; i < 1e5; i++) await f(); const s = process.hrtime.bigint(); const N = 3e5; for (let i = 0; i < N; i++) await f(); console.log(name.padEnd(8), (Number(process.hrtime.bigint() - s) / N / 1000).toFixed(2), "µs"); }
for (let k = 0; k < 2; k++) { await t("raw", raw); await t("raw+t", rawT); await t("ours", ours); }
