"use client";

import type { ApiKeyScope } from "@contacts/contracts";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { CommandPalette } from "../command-palette/command-palette";
import { signOutAction } from "./auth-actions";
import { useMe } from "./role-context";

/** The pages; those of administrators only show to people whose role has the scope. */
const NAV: { href: string; label: string; plain?: true; needs?: ApiKeyScope }[] = [
  { href: "/contacts", label: "Contacts" },
  { href: "/duplicates", label: "Duplicates" },
  { href: "/bin", label: "Bin" },
  { href: "/companies", label: "Companies" },
  { href: "/tags", label: "Tags" },
  { href: "/api-keys", label: "API keys", needs: "api_keys:manage" },
  { href: "/webhooks", label: "Webhooks", needs: "webhooks:manage" },
  { href: "/settings/users", label: "Users", needs: "users:manage" },
  // A route handler, not a page: a plain link (a full page load).
  { href: "/api-reference", label: "API reference", plain: true },
];

export function AppHeader({ userName }: { userName: string }) {
  const pathname = usePathname();
  const { scopes } = useMe();
  const nav = NAV.filter((item) => !item.needs || scopes.includes(item.needs));
  return (
    <header className="border-b border-slate-200 bg-white">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
        Skip to content
      </a>
      <div className="mx-auto flex w-full max-w-5xl flex-wrap items-center gap-x-4 gap-y-2 px-3 py-3 sm:px-6">
        <Link href="/contacts" className="font-semibold text-slate-900">
          Contacts
          <span className="sr-only"> home</span>
        </Link>
        <nav aria-label="Main" className="order-3 w-full sm:order-none sm:w-auto">
          <ul className="flex flex-wrap gap-1">
            {nav.map((item) => {
              const current = pathname === item.href || pathname.startsWith(`${item.href}/`);
              return (
                <li key={item.href}>
                  {item.plain ? (
                    <a
                      href={item.href}
                      className="rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100"
                    >
                      {item.label}
                    </a>
                  ) : (
                    <Link
                      href={item.href}
                      aria-current={current ? "page" : undefined}
                      className={`rounded-md px-3 py-2 text-sm ${current ? "bg-brand-50 font-medium text-brand-700" : "text-slate-700 hover:bg-slate-100"}`}
                    >
                      {item.label}
                    </Link>
                  )}
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="ml-auto flex items-center gap-3">
          <CommandPalette />
          <span className="text-sm text-slate-700">{userName}</span>
          <Link
            href="/account"
            aria-current={pathname === "/account" ? "page" : undefined}
            className="rounded-md px-2 py-2 text-sm text-brand-700 underline hover:bg-slate-100"
          >
            Account
          </Link>
          <form action={signOutAction}>
            <button type="submit" className="btn-secondary">
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
