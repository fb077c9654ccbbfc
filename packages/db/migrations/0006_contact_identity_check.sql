-- CONTRACT §4.1 held by the database: a contact keeps at least one of first name, last name
-- and email, whichever statement writes it. NOT VALID first, so that rows written before
-- this (by a script or an import straight into the database; the API never made one) do not
-- stop the migration: new rows and every update of a row are checked from now on. When no
-- such row exists, the normal case, the constraint is validated at once.
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_identity_check" CHECK (coalesce("contacts"."first_name", "contacts"."last_name", "contacts"."email") is not null) NOT VALID;
--> statement-breakpoint
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "contacts" WHERE coalesce("first_name", "last_name", "email") IS NULL) THEN
    ALTER TABLE "contacts" VALIDATE CONSTRAINT "contacts_identity_check";
  END IF;
END $$;
