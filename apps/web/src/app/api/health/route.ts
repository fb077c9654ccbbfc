import { handleHealthRequest } from "@contacts/api/http";
import { getDb } from "@/server/db";

export const dynamic = "force-dynamic";

export const GET = () => handleHealthRequest(getDb);
