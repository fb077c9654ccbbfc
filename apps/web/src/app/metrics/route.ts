import { metricsResponse } from "@contacts/api/metrics";
import { webEnv } from "@/env";

export const dynamic = "force-dynamic";

// `pnpm start` answers /metrics in server.ts before Next.js; this serves `next dev`, guarded
// the same way: 404 without METRICS_TOKEN, 401 without the token (docs/metrics.md).
export const GET = (req: Request) => metricsResponse(req.headers.get("authorization"), webEnv.METRICS_TOKEN);
