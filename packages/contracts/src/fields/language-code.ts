import ISO6391 from "iso-639-1";
import { z } from "zod";

/** An ISO 639-1 code in any case, stored lower-case. */
export const LanguageCode = z
  .string()
  .trim()
  .toLowerCase()
  .refine((code) => ISO6391.validate(code), "Not an ISO 639-1 language code, e.g. 'en' or 'sv'");
