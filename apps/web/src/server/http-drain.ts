import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { Server as NetServer, type Socket } from "node:net";

/** A connection opened just before the stop gets this long to send its request. */
const NEW_CONNECTION_GRACE_MS = 1_000;
const SWEEP_MS = 25;

interface Connection {
  /** Requests on it still being answered. */
  busy: number;
  /** Requests on it answered so far. */
  served: number;
  openedAt: number;
}

export interface DrainResult {
  /** True when every connection closed before the timeout. */
  drained: boolean;
  inFlightAtStart: number;
  /** Requests answered after the drain began (those in flight and any that arrived since). */
  finished: number;
  /** Requests cut off at the timeout. */
  unfinished: number;
}

/**
 * Graceful stop for a node:http server. Node's own `server.close()` also drops every idle
 * connection at once, including one accepted a moment ago whose request is still on its way,
 * which that client then sees reset; here such a new connection gets a second to send it,
 * kept-alive idle connections are closed at once, and busy ones after their answer (which
 * says `Connection: close`). Call `track` for every request.
 */
export function drainableServer(server: Server) {
  const connections = new Map<Socket, Connection>();
  let draining = false;
  let finished = 0;
  const answering = new Set<ServerResponse>();

  server.on("connection", (socket: Socket) => {
    connections.set(socket, { busy: 0, served: 0, openedAt: Date.now() });
    socket.once("close", () => connections.delete(socket));
  });

  const closeIdle = (now: number) => {
    for (const [socket, c] of connections) {
      if (c.busy > 0) continue;
      if (c.served === 0 && now - c.openedAt < NEW_CONNECTION_GRACE_MS) continue;
      socket.destroy();
    }
  };

  return {
    get draining() {
      return draining;
    },
    get inFlight() {
      return answering.size;
    },
    /** Counts a request; during a drain its answer is the last on its connection. */
    track(req: IncomingMessage, res: ServerResponse) {
      const c = connections.get(req.socket);
      if (c) c.busy++;
      answering.add(res);
      if (draining) res.setHeader("connection", "close");
      res.once("close", () => {
        answering.delete(res);
        if (draining) finished++;
        if (c) {
          c.busy--;
          c.served++;
        }
      });
    },
    /** Stops accepting, lets what is open finish for up to `timeoutMs`, then cuts the rest. */
    async drain(timeoutMs: number): Promise<DrainResult> {
      draining = true;
      const inFlightAtStart = answering.size;
      // The listening socket only: idle connections are this module's business (see above).
      NetServer.prototype.close.call(server);
      for (const res of answering) if (!res.headersSent) res.setHeader("connection", "close");
      const deadline = Date.now() + timeoutMs;
      while (connections.size > 0 && Date.now() < deadline) {
        closeIdle(Date.now());
        await new Promise((resolve) => setTimeout(resolve, SWEEP_MS));
      }
      const unfinished = answering.size;
      const drained = connections.size === 0;
      for (const socket of connections.keys()) socket.destroy();
      return { drained, inFlightAtStart, finished, unfinished };
    },
  };
}
