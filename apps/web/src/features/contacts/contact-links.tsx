"use client";

import { useEffect, useState } from "react";

/**
 * A phone number as people read it (+46 70 123 45 67); stored and sent as E.164. The
 * formatter (libphonenumber-js, ~35 kB) loads after the page, not with it.
 */
function useReadablePhone(phone: string): string {
  const [readable, setReadable] = useState(phone);
  useEffect(() => {
    let live = true;
    void import("libphonenumber-js/min").then(({ parsePhoneNumberFromString }) => {
      if (live) setReadable(parsePhoneNumberFromString(phone)?.formatInternational() ?? phone);
    });
    return () => {
      live = false;
    };
  }, [phone]);
  return readable;
}

/** The stored email, phone or LinkedIn profile as something to click. */
export function ContactLink({ kind, value }: { kind: "email" | "phone" | "linkedInUrl"; value: string }) {
  const v = value.trim();
  const phone = useReadablePhone(kind === "phone" ? v : "");
  if (!v) return null;
  const [href, text] =
    kind === "email"
      ? [`mailto:${v}`, `Email ${v}`]
      : kind === "phone"
        ? [`tel:${v.replace(/\s/g, "")}`, `Call ${phone}`]
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
