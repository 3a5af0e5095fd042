/**
 * The loopback LinkModel server of the client benches: a child process (so that its work is
 * not timed with the client's) answering a create POST and a query GET with their `code: 0`
 * envelopes at once, keep-alive. `base` is the API base URL; `stop()` ends the process.
 */
import { spawn } from "node:child_process";

const SERVER = `
const http = require("node:http");
const created = JSON.stringify({ code: 0, data: { task_id: "cb6111cf-e89f-4978-b8e3-aa59c21cceff", order_id: "019da9cf-d1db-78e1-ac23-526774d01193", status: "processing", price: 0.074 }, msg: "success", request_id: "250b66dd-e1fb-4bb6-b5f6-c668efadc35d" });
const done = JSON.stringify({ code: 0, data: { task_id: "cb6111cf-e89f-4978-b8e3-aa59c21cceff", status: "Success", file_url: "https://cdn.example.com/out.mp4" }, message: "success", request_id: "266ea41d-adf5-480b-af50-15b940c2b846" });
const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(req.method === "POST" ? created : done));
});
server.keepAliveTimeout = 60000;
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
process.stdin.on("end", () => process.exit(0)).resume();
`;

export async function startLoopbackApi() {
  const child = spawn(process.execPath, ["-e", SERVER], { stdio: ["pipe", "pipe", "inherit"] });
  const port = await new Promise((resolve) => child.stdout.once("data", (d) => resolve(Number(String(d).trim()))));
  return { base: `http://127.0.0.1:${port}/api/v1`, stop: () => child.stdin.end() };
}
