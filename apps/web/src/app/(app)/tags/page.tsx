import { TagsPage } from "@/features/tags/tags-page";

export const metadata = { title: "Tags · Contacts" };

export default function Page() {
  return <TagsPage />;
}
