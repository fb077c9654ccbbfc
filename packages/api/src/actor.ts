import type { ActorType, Role, ScopeGrant } from "@contacts/contracts";

/** Who is calling, and in which workspace. Every service call is scoped by it. */
export interface Actor {
  workspaceId: string;
  type: ActorType;
  id: string;
  name: string;
  /**
   * What the caller may do: an API key's scopes, a person's role's (ROLE_SCOPES), or "all"
   * for operator scripts, the system, and keys made before scopes or without choosing any.
   */
  scopes: ScopeGrant;
  /** A person's role (type "user"), the source of their scopes. */
  role?: Role;
  /** The session a person calls with: kept when they sign out their other sessions. */
  sessionId?: string;
}
