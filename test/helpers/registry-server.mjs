// A Verdaccio registry for tests, run as its own process (`test/helpers/registry.ts` starts it):
// storage in the folder given as the first argument, no uplinks (nothing is ever fetched from
// the internet: a package the tests did not publish is a 404), listening on a loopback port the
// system picks. Prints `{"port": N}` on one line once it listens; ends on SIGTERM.
import { join } from "node:path";
import { runServer } from "verdaccio";

const storage = process.argv[2];
if (!storage) throw new Error("usage: registry-server.mjs <storage folder>");

const server = await runServer({
  self_path: storage,
  storage: join(storage, "storage"),
  // Anyone may publish and read: the registry lives for one test file, on loopback.
  auth: { htpasswd: { file: join(storage, "htpasswd"), max_users: -1 } },
  uplinks: {},
  packages: { "**": { access: "$all", publish: "$all", unpublish: "$all" } },
  // Our tarballs and the third-party ones packed from node_modules are small; the default is 10mb.
  max_body_size: "100mb",
  log: { type: "stdout", format: "json", level: "error" },
  web: { enable: false },
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
