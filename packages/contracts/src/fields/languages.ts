import ISO6391 from "iso-639-1";

/**
 * The real ISO 639-1 list (not any two letters), with English and native names for pickers.
 * Kept apart from the zod schema so a browser picker can load it without zod.
 */
export const LANGUAGES: ReadonlyArray<{ code: string; name: string; nativeName: string }> =
  ISO6391.getLanguages(ISO6391.getAllCodes());
