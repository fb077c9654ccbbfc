import type { ActorType } from "@contacts/contracts";

/** Who is calling, and in which workspace. Every service call is scoped by it. */
export interface Actor {
  workspaceId: string;
  type: ActorType;
  id: string;
  name: string;
}
