/** Largest request body accepted: room for a 500-item batch, far below what hurts memory. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Reads a request body, giving up as soon as it passes `limit` bytes, so an oversized body
 * is refused without being held in memory. Returns null when it is too large.
 */
export async function readBodyWithLimit(
  req: Request,
  limit = MAX_BODY_BYTES,
): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) return null;
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value as Uint8Array<ArrayBuffer>);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
