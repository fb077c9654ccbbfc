import { handleTrpcRequest } from "@contacts/api/http";
import { getDb } from "@/server/db";

export const dynamic = "force-dynamic";

const handler = (req: Request) => handleTrpcRequest(req, { endpoint: "/api/trpc", getDb });

export { handler as GET, handler as POST };
