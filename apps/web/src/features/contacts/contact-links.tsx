import { parsePhoneNumberFromString } from "libphonenumber-js";

/** A phone number as people read it (+46 70 123 45 67); stored and sent as E.164. */
export function readablePhone(phone: string): string {
  return parsePhoneNumberFromString(phone)?.formatInternational() ?? phone;
}

/** The stored email, phone or LinkedIn profile as something to click. */
export function ContactLink({ kind, value }: { kind: "email" | "phone" | "linkedInUrl"; value: string }) {
  const v = value.trim();
  if (!v) return null;
  const [href, text] =
    kind === "email"
      ? [`mailto:${v}`, `Email ${v}`]
      : kind === "phone"
        ? [`tel:${v.replace(/\s/g, "")}`, `Call ${readablePhone(v)}`]
        : [v.startsWith("http") ? v : `https://${v}`, "Open LinkedIn profile"];
  return (
    <a
      href={href}
      className="inline-flex min-h-6 items-center text-xs text-brand-700 underline"
      {...(kind === "linkedInUrl" ? { target: "_blank", rel: "noopener noreferrer" } : {})}
    >
      {text}
    </a>
  );
}
