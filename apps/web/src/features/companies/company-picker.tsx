"use client";

import { useState } from "react";
import { Combobox, type ComboboxOption } from "@/components/combobox";
import { toast } from "@/components/toast";
import { useDebounced } from "@/components/use-debounced";
import { trpc } from "@/lib/trpc";
import { errorData, errorMessage } from "@/lib/trpc-error";

/** The option that creates the typed name; company ids are UUIDs, never this. */
const CREATE = "__create__";

/**
 * Picks a company by searching company.list, each shown with its domain so two of one name
 * can be told apart. With `allowCreate`, when the typed name matches no company exactly, it
 * offers to create it: the new company is picked at once, without leaving the form it sits in.
 */
export function CompanyPicker(props: {
  id: string;
  exclude?: readonly string[];
  onPick: (company: { id: string; name: string }) => void;
  placeholder?: string;
  describedBy?: string;
  allowCreate?: boolean;
}) {
  const utils = trpc.useUtils();
  const [query, setQuery] = useState("");
  const typed = query.trim();
  const search = useDebounced(typed, 200);
  const companies = trpc.company.list.useQuery({ search, limit: 20 }, { placeholderData: (prev) => prev });
  const create = trpc.company.create.useMutation();
  const exclude = new Set(props.exclude ?? []);
  const found = companies.data?.items ?? [];
  const options: ComboboxOption[] = found
    .filter((c) => !exclude.has(c.id))
    .map((c) => ({ value: c.id, label: c.name, ...(c.domain ? { hint: c.domain } : {}) }));
  // Offered once the list answers for what is typed, so it never flickers in ahead of a match.
  const settled = search === typed && !companies.isFetching;
  if (props.allowCreate && typed && settled && !found.some((c) => c.name === typed)) {
    options.push({ value: CREATE, label: `Create “${typed}”` });
  }

  async function createAndPick(name: string) {
    try {
      const company = await create.mutateAsync({ name });
      props.onPick({ id: company.id, name: company.name });
      setQuery("");
      void utils.company.list.invalidate();
      toast.success(`Created ${company.name}`);
      for (const warning of company.warnings) toast.info(warning.message);
    } catch (err) {
      const issue = errorData(err).issues?.[0];
      toast.error(`Could not create “${name}”: ${issue ? issue.message : errorMessage(err)}`);
    }
  }

  return (
    <Combobox
      id={props.id}
      listLabel="Companies"
      query={query}
      onQueryChange={setQuery}
      options={options}
      loading={companies.isFetching || create.isPending}
      emptyText="No company matches"
      placeholder={
        props.placeholder ?? (props.allowCreate ? "Search or create a company" : "Search companies")
      }
      describedBy={props.describedBy}
      onSelect={(option) => {
        if (option.value === CREATE) {
          void createAndPick(typed);
          return;
        }
        props.onPick({ id: option.value, name: option.label });
        setQuery("");
      }}
    />
  );
}
