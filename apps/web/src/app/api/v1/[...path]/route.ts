import { handleRestRequest, problemResponse } from "@contacts/api/http";
import { sessionActor } from "@/server/auth";
import { crossSiteReason } from "@/server/check-same-origin";
import { clientAddressOf } from "@/server/client-address";
import { getDb } from "@/server/db";

export const dynamic = "force-dynamic";

/**
 * The REST API (/api/v1) for browsers and `next dev`; in production API-key calls are answered
 * by server.ts before Next sees them, with the same handler. The CSRF guard is /api/trpc's.
 */
async function handler(req: Request): Promise<Response> {
  const refused = crossSiteReason(req);
  if (refused) {
    return problemResponse({
      code: "FORBIDDEN",
      reason: "CROSS_SITE_REQUEST",
      detail: refused,
      instance: new URL(req.url).pathname,
    });
  }
  return handleRestRequest(req, {
    getDb,
    authenticateSession: (headers) => sessionActor(headers),
    clientAddress: clientAddressOf(req.headers),
  });
}

// Every method reaches the REST router, which answers the ones a route lacks with a 405 problem.
export { handler as GET, handler as POST, handler as PATCH, handler as PUT, handler as DELETE };
