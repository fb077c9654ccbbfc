import type { ActorType, ScopeGrant } from "@contacts/contracts";

/** Who is calling, and in which workspace. Every service call is scoped by it. */
export interface Actor {
  workspaceId: string;
  type: ActorType;
  id: string;
  name: string;
  /**
   * What the caller may do: an API key's scopes, or "all" for people (roles come later),
   * operator scripts, the system, and keys made before scopes or without choosing any.
   */
  scopes: ScopeGrant;
}
