"use client";

import { useState } from "react";
import { Combobox } from "@/components/combobox";
import { useDebounced } from "@/components/use-debounced";
import { trpc } from "@/lib/trpc";

/** Picks an existing company by searching company.list. */
export function CompanyPicker(props: {
  id: string;
  exclude?: readonly string[];
  onPick: (company: { id: string; name: string }) => void;
  placeholder?: string;
  describedBy?: string;
}) {
  const [query, setQuery] = useState("");
  const search = useDebounced(query.trim(), 200);
  const companies = trpc.company.list.useQuery({ search, limit: 20 }, { placeholderData: (prev) => prev });
  const exclude = new Set(props.exclude ?? []);
  const options = (companies.data?.items ?? [])
    .filter((c) => !exclude.has(c.id))
    .map((c) => ({ value: c.id, label: c.name }));

  return (
    <Combobox
      id={props.id}
      listLabel="Companies"
      query={query}
      onQueryChange={setQuery}
      options={options}
      loading={companies.isFetching}
      emptyText="No company matches"
      placeholder={props.placeholder ?? "Search companies"}
      describedBy={props.describedBy}
      onSelect={(option) => {
        props.onPick({ id: option.value, name: option.label });
        setQuery("");
      }}
    />
  );
}
