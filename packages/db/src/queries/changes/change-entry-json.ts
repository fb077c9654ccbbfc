import { sql } from "drizzle-orm";
import { isoTimestamp } from "../contacts/contact-record";

/**
 * The history entry `h` as the change feed lists it (ChangeEntry in the contracts): the feed
 * and the webhooks' `data` are built from this one fragment.
 */
export const changeEntryJson = sql`json_build_object(
  'id', h.id,
  'cursor', h.seq::text,
  'type', h.type,
  'contactId', h.contact_id,
  'version', h.version,
  'at', ${isoTimestamp(sql.raw("h.at"))},
  'actor', json_build_object('type', h.actor_type, 'id', h.actor_id, 'name', h.actor_name),
  'changes', h.changes)`;
