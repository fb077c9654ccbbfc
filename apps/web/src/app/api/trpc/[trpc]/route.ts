import { errorResponse, handleTrpcRequest } from "@contacts/api/http";
import { sessionActor } from "@/server/auth";
import { crossSiteReason } from "@/server/check-same-origin";
import { clientAddressOf } from "@/server/client-address";
import { getDb } from "@/server/db";

export const dynamic = "force-dynamic";

const ENDPOINT = "/api/trpc";

async function handler(req: Request): Promise<Response> {
  const refused = crossSiteReason(req);
  if (refused) {
    return errorResponse("FORBIDDEN", refused, new URL(req.url).pathname.slice(ENDPOINT.length + 1));
  }
  return handleTrpcRequest(req, {
    endpoint: ENDPOINT,
    getDb,
    authenticateSession: (headers) => sessionActor(headers),
    clientAddress: clientAddressOf(req.headers),
  });
}

export { handler as GET, handler as POST };
