import postgres from "postgres";
import { captureSql } from "./sql-capture";

/** What a NOTIFY subscriber hears: notifications, and when it may have missed some. */
export interface DatabaseListener {
  onNotify(payload: string): void;
  /** Subscribed (again): notifications sent while it was down were missed. */
  onListening(): void;
  /** The subscription's session is gone: notifications are missed until onListening. */
  onLost(): void;
}

const RESUBSCRIBE_MS = 250;

/**
 * LISTEN on a session of its own that subscribes again after the server comes back.
 * postgres.js's own `sql.listen` re-subscribes once when its session closes and gives up
 * silently if the server is still down at that moment, which is exactly when a restart closes
 * it; here every lost session is retried until it is back, and the subscriber is told both
 * when it is lost and when it is back, so it can stop trusting what it cached meanwhile.
 */
export async function listenOnPostgres(
  url: string,
  channel: string,
  listener: DatabaseListener,
): Promise<{ close(): Promise<void> }> {
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const session = postgres(url, {
    max: 1,
    idle_timeout: 0,
    max_lifetime: null,
    onnotice: () => {},
    backoff: () => 0,
    connection: { application_name: "contacts listen" },
    onclose: () => {
      if (closed) return;
      listener.onLost();
      scheduleSubscribe();
    },
    // Not in postgres.js's types, but its own listen is built on it.
    onnotify: (ch: string, payload: string) => {
      if (ch === channel) listener.onNotify(payload);
    },
  } as postgres.Options<Record<string, postgres.PostgresType>>);

  const subscribe = async () => {
    if (closed) return;
    try {
      const statement = `listen "${channel.replace(/"/g, '""')}"`;
      captureSql?.(statement);
      await session.unsafe(statement);
      listener.onListening();
    } catch {
      scheduleSubscribe();
    }
  };
  function scheduleSubscribe() {
    if (closed) return;
    clearTimeout(retry);
    retry = setTimeout(subscribe, RESUBSCRIBE_MS);
    retry.unref();
  }

  await subscribe();
  return {
    close: async () => {
      closed = true;
      clearTimeout(retry);
      await session.end({ timeout: 1 });
    },
  };
}
