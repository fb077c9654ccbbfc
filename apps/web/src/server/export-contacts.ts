import { createCaller, createContextInner, isDatabaseUnavailable, logger, logSafeError } from "@contacts/api";
import { errorResponse } from "@contacts/api/http";
import { ListContactsInput } from "@contacts/contracts";
import { TRPCError } from "@trpc/server";
import { exportFilter } from "@/features/spreadsheets/export-query";
import { sessionActor } from "./auth";
import { contactsCsvStream } from "./contacts-csv-stream";
import { getDb } from "./db";

const PROCEDURE = "contact.list";
/** Contacts per page read from the database while the file streams (contact.list's maximum). */
const PAGE = 200;

const refusal = (err: unknown) => {
  if (err instanceof TRPCError) return errorResponse(err.code, err.message, PROCEDURE);
  if (isDatabaseUnavailable(err)) {
    return errorResponse("SERVICE_UNAVAILABLE", "The database is not available; try again", PROCEDURE);
  }
  throw err;
};

/**
 * GET /api/contacts/export: the signed-in user's contacts matching the list page's filters, as
 * CSV (EXPORT_COLUMNS), streamed (contactsCsvStream): pages of 200 read through contact.list,
 * the procedure, scope and rules of the list page itself, each only when the client has taken
 * the previous one. The first page is read before answering, so a refusal gets its status.
 */
export async function exportContactsResponse(req: Request): Promise<Response> {
  const actor = await sessionActor(req.headers);
  if (!actor) return errorResponse("UNAUTHORIZED", "Sign in to export contacts", PROCEDURE);
  const filter = exportFilter(new URL(req.url).searchParams);
  const checked = ListContactsInput.safeParse({ ...filter, limit: PAGE });
  if (!checked.success) {
    const first = checked.error.issues[0];
    return errorResponse("BAD_REQUEST", `${first?.path.join(".")}: ${first?.message}`, PROCEDURE);
  }
  let caller: ReturnType<typeof createCaller>;
  let page: Awaited<ReturnType<ReturnType<typeof createCaller>["contact"]["list"]>>;
  try {
    caller = createCaller(createContextInner({ db: await getDb(), actor }));
    page = await caller.contact.list({ ...filter, limit: PAGE });
  } catch (err) {
    return refusal(err);
  }
  const stream = contactsCsvStream(
    page,
    (cursor) => caller.contact.list({ ...filter, limit: PAGE, cursor }),
    (err) => logger.error({ err: logSafeError(err) }, "contact export stopped"),
  );
  const day = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="contacts-${day}.csv"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
