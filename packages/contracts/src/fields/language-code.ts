import ISO6391 from "iso-639-1";
import { z } from "zod";

/** The real ISO 639-1 list (not any two letters), with English names for pickers. */
export const LANGUAGES: ReadonlyArray<{ code: string; name: string; nativeName: string }> =
  ISO6391.getLanguages(ISO6391.getAllCodes());

/** An ISO 639-1 code in any case, stored lower-case. */
export const LanguageCode = z
  .string()
  .trim()
  .toLowerCase()
  .refine((code) => ISO6391.validate(code), "Not an ISO 639-1 language code, e.g. 'en' or 'sv'");
