import { z } from "zod";
import { Id } from "../fields/id";
import { IdCursor, PageLimit, pageOf } from "./pagination";

export const ACTOR_TYPES = ["user", "api_key", "script", "system"] as const;
export const ActorType = z.enum(ACTOR_TYPES);
export type ActorType = z.infer<typeof ActorType>;

/** Who made a change, as recorded in history. */
export const HistoryActor = z.object({ type: ActorType, id: z.string(), name: z.string() });
export type HistoryActor = z.infer<typeof HistoryActor>;

/** One changed field of one update: the stored value before and after, as JSON. */
export const FieldChange = z.object({ from: z.unknown(), to: z.unknown() });
export type FieldChange = z.infer<typeof FieldChange>;

export const HistoryEntry = z.object({
  /** The change feed's type of the write: one of CHANGE_TYPES (`contact.deleted`, ...). */
  type: z.string(),
  at: z.iso.datetime(),
  actor: HistoryActor,
  changes: z.record(z.string(), FieldChange),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const HistoryPage = pageOf(HistoryEntry);
export type HistoryPage = z.infer<typeof HistoryPage>;

export const ContactHistoryInput = z.strictObject({ id: Id, limit: PageLimit, cursor: IdCursor });
export type ContactHistoryInput = z.output<typeof ContactHistoryInput>;
