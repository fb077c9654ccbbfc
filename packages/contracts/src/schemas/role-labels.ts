/**
 * The roles and how the web app names them: plain data without zod, so a page that only shows
 * a role's name (every page's header) does not load the schema library for it.
 */
export const ROLES = ["admin", "member", "read_only"] as const;
export type RoleName = (typeof ROLES)[number];

/** How the web app names each role, and what it means in a sentence. */
export const ROLE_LABELS = {
  admin: { label: "Admin", description: "Everything, including users, API keys and webhooks" },
  member: { label: "Member", description: "Read and edit contacts and companies" },
  read_only: { label: "Read-only", description: "Read contacts and companies; change nothing" },
} as const satisfies Record<RoleName, { label: string; description: string }>;
