import { MergeScreen } from "@/features/contacts/merge-screen";

export const metadata = { title: "Merge contacts · Contacts" };

export default async function Page({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { survivor = "", merged = "" } = await searchParams;
  return <MergeScreen survivorId={survivor} mergedId={merged} />;
}
