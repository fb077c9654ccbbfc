import { errorResponse, handleTrpcRequest } from "@contacts/api/http";
import { TRPC_ENDPOINT } from "@contacts/contracts";
import { sessionActor } from "@/server/auth";
import { crossSiteReason } from "@/server/check-same-origin";
import { clientAddressOf } from "@/server/client-address";
import { getDb } from "@/server/db";

export const dynamic = "force-dynamic";

async function handler(req: Request): Promise<Response> {
  const refused = crossSiteReason(req);
  if (refused) {
    const procedure = new URL(req.url).pathname.slice(TRPC_ENDPOINT.length + 1);
    return errorResponse("FORBIDDEN", refused, procedure, "CROSS_SITE_REQUEST");
  }
  return handleTrpcRequest(req, {
    endpoint: TRPC_ENDPOINT,
    getDb,
    authenticateSession: (headers) => sessionActor(headers),
    clientAddress: clientAddressOf(req.headers),
  });
}

export { handler as GET, handler as POST };
