/** Where the API is served: `/api/trpc/<procedure>` on the app's origin (CONTRACT §8). */
export const TRPC_ENDPOINT = "/api/trpc";
