import { type ContactsClient, createContactsClient, errorCodeOf, isNetworkError } from "@contacts/client";
import { CommandError } from "./command-error";
import { scriptsEnv } from "./env";

export interface ApiSession {
  client: ContactsClient;
  url: string;
  /** Runs a call, turning "cannot reach" and "key refused" into messages the operator can act on. */
  call<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * The typed client for commands that go through the API (so the API's rules and history
 * apply): CONTACTS_API_URL and CONTACTS_API_KEY. History records the actor as the key's name
 * followed by the command, e.g. "nightly import (contacts import)".
 */
export function openApi(
  commandName: string,
  options: { maxBatchSize?: number; retries?: number } = {},
): ApiSession {
  const url = scriptsEnv.CONTACTS_API_URL;
  const apiKey = scriptsEnv.CONTACTS_API_KEY;
  if (!url) throw new CommandError("CONTACTS_API_URL is not set (e.g. http://localhost:3000)");
  if (!apiKey) {
    throw new CommandError(
      "CONTACTS_API_KEY is not set (make one with: pnpm scripts api-key create --name <name>)",
    );
  }
  const client = createContactsClient({
    url,
    apiKey,
    scriptName: commandName,
    maxBatchSize: options.maxBatchSize ?? 50,
    ...(options.retries === undefined ? {} : { retries: options.retries }),
    timeoutMs: scriptsEnv.CONTACTS_API_TIMEOUT_MS,
  });
  return {
    client,
    url,
    async call(work) {
      try {
        return await work();
      } catch (err) {
        throw explain(err, url);
      }
    },
  };
}

/** The operator's version of an API failure that stops a whole command. */
export function explain(err: unknown, url: string): unknown {
  if (isNetworkError(err)) {
    return new CommandError(
      `Cannot reach the contacts API at ${url} (${networkCause(err)}); is the server running?`,
    );
  }
  const code = errorCodeOf(err);
  if (code === "UNAUTHORIZED") {
    return new CommandError("The API refused the key (UNAUTHORIZED): check CONTACTS_API_KEY");
  }
  if (code) return new CommandError(`The API answered ${code}: ${(err as Error).message}`);
  return err;
}

/** The most specific reason in a cause chain: a system error code (ECONNREFUSED) if any. */
function networkCause(err: unknown): string {
  let message = (err as Error).message;
  for (let e: unknown = err, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    if (e instanceof Error && e.name === "TimeoutError") return "timed out";
    if (e instanceof Error) message = e.message;
  }
  return message;
}
