import type { ReactNode } from "react";

export const metadata = { title: "Contacts", description: "Contacts for investor-relations teams" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
