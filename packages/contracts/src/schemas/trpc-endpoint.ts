/** Where the API is served: `/api/trpc/<procedure>` on the app's origin (docs/api.md §1). */
export const TRPC_ENDPOINT = "/api/trpc";
