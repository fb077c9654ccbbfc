-- UNLOGGED by hand (drizzle-kit has no word for it): counters need no crash safety, and a
-- write to an unlogged table commits without a WAL flush, on every API request.
CREATE UNLOGGED TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"points" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
