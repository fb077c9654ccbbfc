-- Scoped API keys (issue #11): what a key may do. Null is full access, so every key made
-- before this keeps working as it did; no backfill, no rewrite of the table.
ALTER TABLE "api_keys" ADD COLUMN "scopes" text[];
