-- Roles of users, and invitations to join a workspace with one (issue 14, item 7).
CREATE TABLE "invites" (
	"workspace_id" text NOT NULL,
	"id" text NOT NULL,
	"token_hash" text NOT NULL,
	"role" text NOT NULL,
	"invited_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by" text,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "invites_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "invites_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "invites_role_known" CHECK ("invites"."role" in ('admin', 'member', 'read_only'))
);
--> statement-breakpoint
-- Roles (issue 14): a new user is a member unless made otherwise, but everyone who already uses
-- the product becomes an admin, so nobody is locked out of what they could do before
-- (docs/decisions.md).
ALTER TABLE "users" ADD COLUMN "role" text DEFAULT 'member' NOT NULL;--> statement-breakpoint
UPDATE "users" SET "role" = 'admin';--> statement-breakpoint
ALTER TABLE "invites" ADD CONSTRAINT "invites_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "invites_workspace_created_idx" ON "invites" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "users_workspace_role_idx" ON "users" USING btree ("workspace_id","role");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_role_known" CHECK ("users"."role" in ('admin', 'member', 'read_only'));