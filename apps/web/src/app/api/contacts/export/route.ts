import { exportContactsResponse } from "@/server/export-contacts";

export const dynamic = "force-dynamic";

// The list page's "Export CSV" link: see server/export-contacts.ts.
export const GET = exportContactsResponse;
