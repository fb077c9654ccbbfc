/** A timestamp as people here read it, or a dash for none. */
export const formatDate = (iso: string | null) =>
  iso
    ? new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium" }).format(new Date(iso))
    : "—";
