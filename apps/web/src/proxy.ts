import { type NextRequest, NextResponse } from "next/server";
import { PATH_HEADER } from "./server/safe-next-path";

/**
 * Tells the pages which address was asked for (a server layout cannot see it), so a
 * signed-out visitor of a deep link is sent to sign in and then back to it (require-user.ts).
 * Whatever a client sends in this header is replaced here.
 */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set(PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Pages only: not the API, Next's assets or the sign-in page itself.
  matcher: ["/((?!api/|_next/|sign-in|favicon|invite/).*)"],
};
