CREATE TABLE "change_feed_heads" (
	"workspace_id" text PRIMARY KEY NOT NULL,
	"last_seq" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "change_feed_heads" ADD CONSTRAINT "change_feed_heads_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_history" ADD COLUMN "version" integer;--> statement-breakpoint
ALTER TABLE "contact_history" ADD COLUMN "type" text;--> statement-breakpoint
ALTER TABLE "contact_history" ADD COLUMN "seq" bigint;--> statement-breakpoint
-- Existing entries: a contact's entries in id order are its versions 1, 2, ... (each effective
-- write bumps the version by one and writes one entry; the first is the creation), and the
-- workspace's feed starts with all of them, in id order.
UPDATE "contact_history" h SET
	"version" = n.version,
	"type" = CASE WHEN n.version = 1 THEN 'contact.created' ELSE 'contact.updated' END,
	"seq" = n.seq
FROM (
	SELECT workspace_id, id,
		row_number() OVER (PARTITION BY workspace_id, contact_id ORDER BY id) AS version,
		row_number() OVER (PARTITION BY workspace_id ORDER BY id) AS seq
	FROM "contact_history"
) n
WHERE h.workspace_id = n.workspace_id AND h.id = n.id;--> statement-breakpoint
INSERT INTO "change_feed_heads" (workspace_id, last_seq)
SELECT workspace_id, max(seq) FROM "contact_history" GROUP BY workspace_id;--> statement-breakpoint
ALTER TABLE "contact_history" ALTER COLUMN "version" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "contact_history" ALTER COLUMN "type" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "contact_history_feed_idx" ON "contact_history" USING btree ("workspace_id","seq") WHERE "contact_history"."seq" is not null;--> statement-breakpoint
CREATE INDEX "contact_history_unsequenced_idx" ON "contact_history" USING btree ("workspace_id") WHERE "contact_history"."seq" is null;
