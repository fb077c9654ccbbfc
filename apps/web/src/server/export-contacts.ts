import { createCaller, createContextInner, logger, logSafeError } from "@contacts/api";
import { errorResponse } from "@contacts/api/http";
import { ListContactsInput } from "@contacts/contracts";
import { TRPCError } from "@trpc/server";
import { contactsCsv, exportHeaderCsv } from "@/features/spreadsheets/contacts-csv";
import { exportFilter } from "@/features/spreadsheets/export-query";
import { sessionActor } from "./auth";
import { getDb } from "./db";

const PROCEDURE = "contact.list";
/** Contacts per page read from the database while the file streams (contact.list's maximum). */
const PAGE = 200;

const refusal = (err: unknown) => {
  if (err instanceof TRPCError) return errorResponse(err.code, err.message, PROCEDURE);
  throw err;
};

/**
 * GET /api/contacts/export: the signed-in user's contacts matching the list page's filters, as
 * CSV (EXPORT_COLUMNS), streamed. The response is a ReadableStream that reads the next page
 * through contact.list (the same procedure, scope and rules as the list page) only when the
 * client has taken the previous one, so the server holds one page of 200 contacts at a time,
 * whatever the size of the result. Errors before the first byte get their status; a failure
 * after it cuts the download short (the browser reports it failed) rather than ending a
 * truncated file as if complete.
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
  const encoder = new TextEncoder();
  let started = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(exportHeaderCsv() + contactsCsv(page.items)));
        } else if (page.nextCursor) {
          page = await caller.contact.list({ ...filter, limit: PAGE, cursor: page.nextCursor });
          controller.enqueue(encoder.encode(contactsCsv(page.items)));
        }
        if (started && !page.nextCursor) controller.close();
      } catch (err) {
        logger.error({ err: logSafeError(err) }, "contact export stopped");
        controller.error(err);
      }
    },
  });
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
