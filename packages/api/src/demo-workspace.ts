import { apiEnv } from "./env";

export const DEMO_WORKSPACE_SLUG = "demo";
export const DEMO_WORKSPACE_ID = "01900000-0000-7000-8000-000000000001";
/**
 * A fixed, well-known key for the demo workspace, so the README's curl examples work after
 * `pnpm dev`. Only `pnpm dev` and `pnpm scripts db seed` create it; never use it in production.
 */
export const DEMO_API_KEY = `ck_${DEMO_WORKSPACE_ID}_${"demo-key-for-local-development-only".padEnd(43, "0")}`;

/** The demo user of the web app; like the demo key, fixed and for local development only. */
export const DEMO_USER = { email: "demo@example.com", password: "demo-password", name: "Demo User" } as const;

/**
 * A production server refuses the demo workspace's user and key even when a database has them
 * (copied from a development machine, seeded by mistake): both are published in the README.
 */
export const isRefusedDemoWorkspace = (workspaceId: string): boolean =>
  apiEnv.NODE_ENV === "production" && workspaceId === DEMO_WORKSPACE_ID;
