import type { ContactPage } from "@contacts/contracts";
import { contactsCsv, exportHeaderCsv } from "@/features/spreadsheets/contacts-csv";

/**
 * Pages of contacts as one CSV byte stream (header first). It is pulled: the next page is
 * read only when the reader has taken the previous one, so however many contacts match,
 * the server holds one page, and a slow or gone client stops the reading (cancel).
 */
export function contactsCsvStream(
  first: ContactPage,
  nextPage: (cursor: string) => Promise<ContactPage>,
  onError: (err: unknown) => void = () => {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let page: ContactPage | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (!page) {
            page = first;
            controller.enqueue(encoder.encode(exportHeaderCsv() + contactsCsv(page.items)));
          } else if (page.nextCursor) {
            page = await nextPage(page.nextCursor);
            controller.enqueue(encoder.encode(contactsCsv(page.items)));
          }
          if (!page.nextCursor) controller.close();
        } catch (err) {
          // The status line is gone: failing the stream makes the browser report the download
          // as failed, rather than keep a cut file that looks complete.
          onError(err);
          controller.error(err);
        }
      },
    },
    // Nothing is read ahead: the next page waits for the reader.
    { highWaterMark: 0 },
  );
}
