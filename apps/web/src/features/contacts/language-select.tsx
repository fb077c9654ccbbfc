"use client";

import { LANGUAGES } from "@contacts/contracts/fields/languages";
import { useMemo, useState } from "react";
import { Combobox, type ComboboxOption } from "@/components/combobox";
import { languageName } from "./format-field-value";

const NONE: ComboboxOption = { value: "", label: "No language" };
const OPTIONS: ComboboxOption[] = LANGUAGES.map((l) => ({ value: l.code, label: `${l.name} (${l.code})` }));
const labelOf = (code: string) => (code ? `${languageName(code.toLowerCase())} (${code})` : "");

export interface LanguageSelectProps {
  id: string;
  value: string;
  onChange: (code: string) => void;
  describedBy?: string;
  invalid?: boolean;
  /** A search already typed (into the input that stood in while this picker loaded). */
  initialQuery?: string | null;
}

/** Primary language: type a name, native name or code; the value is the ISO 639-1 code. */
export function LanguageSelect(props: LanguageSelectProps) {
  const [query, setQuery] = useState<string | null>(props.initialQuery ?? null);
  const options = useMemo(() => {
    const q = (query ?? "").trim().toLowerCase();
    if (!q) return [NONE, ...OPTIONS];
    return OPTIONS.filter((o, i) => {
      const lang = LANGUAGES[i];
      return o.label.toLowerCase().includes(q) || (lang?.nativeName.toLowerCase().includes(q) ?? false);
    });
  }, [query]);

  return (
    <Combobox
      id={props.id}
      listLabel="Languages"
      query={query ?? labelOf(props.value)}
      onQueryChange={setQuery}
      options={options}
      onSelect={(option) => {
        props.onChange(option.value);
        setQuery(null);
      }}
      onBlur={() => setQuery(null)}
      placeholder="Search languages"
      describedBy={props.describedBy}
      invalid={props.invalid}
    />
  );
}
