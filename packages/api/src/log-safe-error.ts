/**
 * The log form of an error: what failed and where, never what it was about. Database errors
 * carry the statement's SQL, its parameters (a contact's email, a name), PostgreSQL's `detail`
 * (`Key (email)=(…)`) and messages that quote values (`invalid input syntax: "…"`, a
 * trigger's `raise`), so of them only the SQLSTATE and the names of the objects involved are
 * kept. Other errors keep their message: they are ours and name no personal data.
 */

/** Fields of a database or network error that name objects, never values. */
const SAFE_FIELDS = [
  "code",
  "severity",
  "routine",
  "schema_name",
  "table_name",
  "column_name",
  "constraint_name",
  "constraint",
  "table",
  "column",
  "errno",
  "syscall",
] as const;

const MAX_CAUSES = 5;
const SQLSTATE = /^[0-9A-Z]{5}$/;

type LoggedError = Record<string, unknown>;

function isDatabaseError(err: Record<string, unknown>): boolean {
  return (
    (typeof err.code === "string" && SQLSTATE.test(err.code)) ||
    "query" in err ||
    "params" in err ||
    "parameters" in err
  );
}

/** The stack's frames without its first lines, which repeat the message. */
function framesOf(stack: unknown): string {
  if (typeof stack !== "string") return "";
  const at = stack.indexOf("\n    at ");
  return at === -1 ? "" : stack.slice(at);
}

export function logSafeError(err: unknown, depth = 0): LoggedError {
  if (!(err instanceof Error) && (typeof err !== "object" || err === null)) {
    return { type: typeof err, message: typeof err === "string" ? "(a thrown string)" : String(err) };
  }
  const e = err as Error & Record<string, unknown>;
  const type = e.constructor?.name ?? "Error";
  const database = isDatabaseError(e);
  const message = database
    ? `${type}${typeof e.code === "string" ? ` ${e.code}` : ""} (SQL, parameters and values are not logged)`
    : String(e.message);
  const out: LoggedError = { type, message, stack: `${type}: ${message}${framesOf(e.stack)}` };
  if (database) {
    for (const field of SAFE_FIELDS) if (e[field] !== undefined) out[field] = e[field];
  } else if (typeof e.code === "string") {
    out.code = e.code;
  }
  if (e.cause !== undefined && depth < MAX_CAUSES) out.cause = logSafeError(e.cause, depth + 1);
  return out;
}
