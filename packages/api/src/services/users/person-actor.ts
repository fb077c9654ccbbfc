import { ROLE_SCOPES, roleOfStored } from "@contacts/contracts";
import type { Actor } from "../../actor";

/**
 * A signed-in person as the API sees them: their role's scopes, so the scope check of every
 * procedure enforces the role (docs/decisions.md). The web app builds it from each request's
 * session; tests build it the same way.
 */
export function personActor(
  user: { workspaceId: string; id: string; name: string; email: string; role?: string | null },
  sessionId?: string,
): Actor {
  const role = roleOfStored(user.role);
  return {
    workspaceId: user.workspaceId,
    type: "user",
    id: user.id,
    name: user.name || user.email,
    role,
    scopes: ROLE_SCOPES[role],
    ...(sessionId ? { sessionId } : {}),
  };
}
