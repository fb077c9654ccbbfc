import { errorResponse, MAX_BODY_BYTES, readBodyWithLimit } from "@contacts/api/http";
import { getAuth } from "@/server/auth";

export const dynamic = "force-dynamic";

/**
 * better-auth's routes (sign-in, sign-out, session). Their bodies get the API's size limit,
 * read before better-auth sees them, so an oversized body is refused while it streams.
 */
async function handler(req: Request): Promise<Response> {
  if (req.method !== "POST") return (await getAuth()).handler(req);
  const body = await readBodyWithLimit(req);
  if (body === null) {
    return errorResponse("PAYLOAD_TOO_LARGE", `Request body larger than ${MAX_BODY_BYTES} bytes`, "auth");
  }
  const buffered = new Request(req.url, { method: req.method, headers: req.headers, body });
  return (await getAuth()).handler(buffered);
}

export { handler as GET, handler as POST };
