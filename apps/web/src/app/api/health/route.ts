import { handleHealthRequest } from "@contacts/api/http";
import { pingDatabase } from "@/server/db";

export const dynamic = "force-dynamic";

// `pnpm start` answers /api/health in server.ts before Next.js; this serves `next dev`.
export const GET = () => handleHealthRequest(pingDatabase);
