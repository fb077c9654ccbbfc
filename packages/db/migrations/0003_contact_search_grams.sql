-- Search terms of 1–2 characters have no trigram, so contacts_search_trgm_idx cannot narrow
-- them. This index holds every 1- and 2-character substring of search_text: for such a term,
-- "is a substring" is exactly "is one of these".
-- Built from builtins only, with no subquery, so that PostgreSQL inlines it: a SQL function
-- that it cannot inline is planned again in every statement that writes an index entry.
-- Pairs come from cutting the text into 2-character pieces twice, from its first character
-- and from its second, marking the cuts with U+001F; text that holds U+001F itself is cut by
-- a (slower) lookbehind instead. Duplicates stay in the array: GIN stores each key once.
CREATE FUNCTION contact_search_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN strpos(t, E'\x1f') = 0
  THEN string_to_array(t, NULL)
    || string_to_array(rtrim(regexp_replace(t, '..', E'\\&\x1f', 'g'), E'\x1f'), E'\x1f')
    || string_to_array(rtrim(regexp_replace(substr(t, 2), '..', E'\\&\x1f', 'g'), E'\x1f'), E'\x1f')
  ELSE string_to_array(t, NULL)
    || regexp_split_to_array(t, '(?<=^(?:..)+)')
    || regexp_split_to_array(substr(t, 2), '(?<=^(?:..)+)')
END;
--> statement-breakpoint
CREATE INDEX "contacts_search_grams_idx" ON "contacts" USING gin (contact_search_grams("search_text"));
--> statement-breakpoint
-- Statistics on the new expression, so that the planner tells common short terms from rare ones.
ANALYZE "contacts";
