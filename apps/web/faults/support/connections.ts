import { connect, type Socket } from "node:net";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a new connection is accepted ("connected") or refused (its error code). */
export function newConnection(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

/**
 * Tries new connections until one is refused: the listener closes in the same turn of the
 * server's event loop as its "shutting down" line, but after the line is out.
 */
export async function refusedWithin(url: string, ms: number): Promise<string> {
  const deadline = performance.now() + ms;
  let outcome = await newConnection(url);
  while (outcome === "connected" && performance.now() < deadline) {
    await sleep(10);
    outcome = await newConnection(url);
  }
  return outcome;
}

/** A kept-alive connection that has served one request and sits idle; `closed` is when it closes. */
export async function idleKeptAliveConnection(
  url: string,
): Promise<{ socket: Socket; closed: Promise<number> }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const closed = new Promise<number>((resolve) => socket.once("close", () => resolve(performance.now())));
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.once("connect", () => resolve());
  });
  socket.write(`GET /api/health HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: keep-alive\r\n\r\n`);
  await new Promise<void>((resolve) => {
    let text = "";
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (/\r\n\r\n\{.*\}/s.test(text)) {
        socket.off("data", onData);
        resolve();
      }
    };
    socket.on("data", onData);
  });
  return { socket, closed };
}
