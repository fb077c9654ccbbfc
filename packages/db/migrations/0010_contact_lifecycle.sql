-- A contact's whole life (issue 13): soft delete (deleted_at, the freed references in
-- deleted_refs), merge (merged_into) and erase (erased_at, a tombstone without personal data,
-- so the identity rule no longer holds for it).
ALTER TABLE "contacts" DROP CONSTRAINT "contacts_identity_check";--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "merged_into" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "deleted_refs" jsonb;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "contacts_bin_idx" ON "contacts" USING btree ("workspace_id","deleted_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "contacts"."deleted_at" is not null and "contacts"."merged_into" is null and "contacts"."erased_at" is null;--> statement-breakpoint
CREATE INDEX "contacts_workspace_phone_idx" ON "contacts" USING btree ("workspace_id","phone") WHERE "contacts"."phone" is not null;--> statement-breakpoint
CREATE INDEX "contacts_workspace_name_idx" ON "contacts" USING btree ("workspace_id",lower("first_name"),lower("last_name")) WHERE "contacts"."first_name" is not null and "contacts"."last_name" is not null;--> statement-breakpoint
CREATE INDEX "contacts_merged_into_idx" ON "contacts" USING btree ("workspace_id","merged_into") WHERE "contacts"."merged_into" is not null;--> statement-breakpoint
-- NOT VALID then validated when no row breaks it, as in 0006: a database holding rows written
-- by hand without a name or email still migrates.
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_identity_check" CHECK ("contacts"."erased_at" is not null or coalesce("contacts"."first_name", "contacts"."last_name", "contacts"."email") is not null) NOT VALID;
--> statement-breakpoint
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "contacts" WHERE coalesce("first_name", "last_name", "email") IS NULL) THEN
    ALTER TABLE "contacts" VALIDATE CONSTRAINT "contacts_identity_check";
  END IF;
END $$;