/**
 * fast-check arbitraries of valid raw input for each field of docs/api.md §5, dressed the way
 * people and other systems send them: padded, in mixed case, formatted. Each comes with the
 * value it must be stored as where that is simple to state independently of the code.
 */
import fc from "fast-check";
import { getCountries, getExampleNumber } from "libphonenumber-js";
import examples from "libphonenumber-js/mobile/examples";
import { LANGUAGES, normalizeTag } from "../../src";

export interface Sample<T = unknown> {
  input: unknown;
  stored: T;
}

const whitespace = fc.constantFrom("", "", " ", "  ", "\t", "\n", "\u00a0", " \r\n ");

/** Surrounds a string with whitespace that trimming removes. */
export function padded(arb: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(whitespace, arb, whitespace).map(([before, s, after]) => `${before}${s}${after}`);
}

/** Any text whose trimmed length is within [min, max] UTF-16 units, padded; stored trimmed. */
export function trimmedText(min: number, max: number): fc.Arbitrary<Sample<string>> {
  return fc
    .oneof(fc.string({ unit: "binary", maxLength: max }), fc.string({ unit: "grapheme", maxLength: max }))
    .map((s) => s.trim())
    .filter((s) => s.length >= min && s.length <= max)
    .chain((stored) => padded(fc.constant(stored)).map((input) => ({ input, stored })));
}

export const personName = trimmedText(1, 200);
export const strategy = trimmedText(1, 10_000);
export const jobTitle = trimmedText(1, 200);

const emailWord = fc.stringMatching(/^[A-Za-z0-9_+-]{1,12}$/);
const domainLabel = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9-]{0,12}$/);
export const email: fc.Arbitrary<Sample<string>> = fc
  .tuple(
    fc.array(emailWord, { minLength: 1, maxLength: 3 }),
    fc.array(domainLabel, { minLength: 1, maxLength: 3 }),
    fc.stringMatching(/^[A-Za-z]{2,8}$/),
  )
  .map(([local, labels, tld]) => `${local.join(".")}@${labels.join(".")}.${tld}`)
  .chain((address) =>
    padded(fc.constant(address)).map((input) => ({ input, stored: address.toLowerCase() })),
  );

const exampleNumbers = getCountries().flatMap((country) => {
  const example = getExampleNumber(country, examples);
  return example ? [example] : [];
});
/** Mobile example numbers of every country, written with assorted separators. */
export const phone: fc.Arbitrary<Sample<string>> = fc
  .tuple(fc.constantFrom(...exampleNumbers), fc.constantFrom(" ", "-", ".", ""), fc.boolean())
  .map(([example, separator, e164]) => ({
    input: e164 ? example.number : example.formatInternational().replaceAll(" ", separator),
    stored: example.number,
  }))
  .chain(({ input, stored }) => padded(fc.constant(input)).map((p) => ({ input: p, stored })));

export const linkedInUrl: fc.Arbitrary<Sample<string>> = fc
  .record({
    scheme: fc.constantFrom("http", "https", "HTTPS"),
    host: fc.constantFrom("www.", "", "se.", "uk.", "de.", "WWW."),
    slug: fc.stringMatching(/^[A-Za-z0-9_-]{3,40}$/),
    slash: fc.constantFrom("", "/"),
    query: fc.constantFrom("", "?trk=public_profile", "?originalSubdomain=se&x=1"),
    fragment: fc.constantFrom("", "#about", "#"),
  })
  .chain(({ scheme, host, slug, slash, query, fragment }) =>
    padded(fc.constant(`${scheme}://${host}linkedin.com/in/${slug}${slash}${query}${fragment}`)).map(
      (input) => ({ input, stored: `https://www.linkedin.com/in/${slug.toLowerCase()}` }),
    ),
  );

export const languageCode: fc.Arbitrary<Sample<string>> = fc
  .constantFrom(...LANGUAGES.map((l) => l.code))
  .chain((code) => padded(fc.mixedCase(fc.constant(code))).map((input) => ({ input, stored: code })));

export const profilePictureId = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });

/**
 * Tags with plenty of case-insensitive collisions, some pasted with separators around them;
 * none that is only punctuation (that one is rejected as empty).
 */
export const tag: fc.Arbitrary<string> = fc.oneof(
  trimmedText(1, 64)
    .map((s) => s.input as string)
    .filter((s) => normalizeTag(s) !== ""),
  padded(fc.mixedCase(fc.constantFrom("vip", "lead", "investor", "Ärende"))),
  fc
    .tuple(
      fc.constantFrom("", " ", ", "),
      fc.constantFrom("esg", "ESG", "Tier  1"),
      fc.constantFrom("", ",", ";", ". "),
    )
    .map(([before, t, after]) => `${before}${t}${after}`),
);
export const tags = fc.array(tag, { maxLength: 100 });

const companyId = fc.stringMatching(/^[A-Za-z0-9_]{1,24}$/);
const omitted = Symbol("omitted");
const jobTitleInput = fc.oneof(
  fc.constant<typeof omitted | null | string>(omitted),
  fc.constant(null),
  whitespace,
  jobTitle.map((s) => s.input as string),
);

/** A valid connection list: unique companies, exactly one primary; primary:false sometimes omitted. */
export const connections: fc.Arbitrary<unknown[]> = fc.uniqueArray(companyId, { maxLength: 8 }).chain((ids) =>
  fc
    .tuple(
      fc.nat({ max: Math.max(ids.length - 1, 0) }),
      fc.array(fc.tuple(jobTitleInput, fc.boolean()), { minLength: ids.length, maxLength: ids.length }),
    )
    .map(([primaryIndex, extras]) =>
      ids.map((id, index) => {
        const [title, explicitPrimary] = extras[index]!;
        return {
          company: { kind: "existing", id },
          ...(title === omitted ? {} : { jobTitle: title }),
          ...(index === primaryIndex ? { primary: true } : explicitPrimary ? { primary: false } : {}),
        };
      }),
    ),
);

export const namespace = fc.stringMatching(/^[A-Za-z0-9._-]{1,50}$/);
export const externalId = fc
  .string({ unit: "binary", minLength: 1, maxLength: 255 })
  .filter((s) => s.length <= 255 && s.trim() !== "");
export const externalRefs = fc.uniqueArray(fc.record({ namespace, id: externalId }), {
  maxLength: 8,
  selector: (ref) => `${ref.namespace.toLowerCase()}\u0000${ref.id}`,
});

/** Any value a text field accepts, including the blanks and null that clear it. */
function nullableTextInput(sample: fc.Arbitrary<Sample>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: sample.map((s) => s.input), weight: 4 },
    { arbitrary: fc.constant(null), weight: 1 },
    { arbitrary: whitespace, weight: 1 },
  );
}

/** A whole valid UpdateContactRequest body; every key optional. */
export const updateContactRequest: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    firstName: nullableTextInput(personName),
    lastName: nullableTextInput(personName),
    email: nullableTextInput(email),
    phone: nullableTextInput(phone),
    linkedInUrl: nullableTextInput(linkedInUrl),
    primaryLanguage: nullableTextInput(languageCode),
    profilePictureId: fc.option(profilePictureId, { nil: null }),
    strategy: nullableTextInput(strategy),
    blocked: fc.option(fc.boolean(), { nil: null }),
    tags: fc.option(tags, { nil: null }),
    connections: fc.option(connections, { nil: null }),
    externalRefs: fc.option(externalRefs, { nil: null }),
  },
  { requiredKeys: [] },
);
