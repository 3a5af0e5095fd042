/**
 * `listen()` of `@linkmodel-sdk/testing` (issue 18): it binds 127.0.0.1 only (not every
 * interface: a test's mock is nobody else's to reach), and `close()` leaves no handle open,
 * even after a client kept its connection alive.
 */
import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import { expect, test } from "vitest";
import { createMock } from "@linkmodel-sdk/testing";
import { createClient } from "@linkmodel-sdk/wan2-6";

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

test("listen() binds loopback only: 127.0.0.1 answers, the machine's other addresses refuse", async () => {
  const server = await createMock().listen();
  try {
    const { hostname, port } = new URL(server.url);
    expect(hostname).toBe("127.0.0.1");
    expect(await accepts("127.0.0.1", +port)).toBe(true);
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && a.family === "IPv4" && !a.internal)
      .map((a) => a!.address);
    for (const address of others) expect(await accepts(address, +port), address).toBe(false);
    // ::1 is loopback too, but not the address bound.
    expect(await accepts("::1", +port)).toBe(false);
  } finally {
    await server.close();
  }
});

const settle = (): Promise<unknown> => new Promise((resolve) => setTimeout(resolve, 50));
const tcpHandles = (): number => process.getActiveResourcesInfo().filter((r) => r === "TCPServerWrap" || r === "TCPSocketWrap").length;

test("close() leaves no handle open after a task ran over a kept-alive connection", async () => {
  // Sockets of the test before close on the next turns of the loop.
  await settle();
  const before = tcpHandles();
  const mock = createMock();
  const server = await mock.listen();
  const result = await createClient(server.clientOptions).run({ prompt: "a paper boat" });
  expect(result.status).toBe("Success");
  expect(process.getActiveResourcesInfo().filter((r) => r === "TCPServerWrap").length).toBeGreaterThan(0);
  await server.close();
  await settle();
  expect(tcpHandles()).toBe(before);
  expect(await accepts("127.0.0.1", +new URL(server.url).port)).toBe(false);
});
