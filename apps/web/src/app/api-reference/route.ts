import { OPENAPI_PATH } from "@contacts/api/http";

export const dynamic = "force-static";

/**
 * The interactive API reference (Scalar), as a static page: Scalar's browser bundle comes from
 * its npm package through ./scalar.js, never a CDN, and fonts are the browser's own, so the
 * page needs nothing from outside. It reads the live document from /api/v1/openapi.json;
 * "Try it" calls run with the signed-in session (same origin) or a bearer key.
 */
const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Contacts API reference</title>
  </head>
  <body>
    <div id="api-reference"></div>
    <script src="/api-reference/scalar.js"></script>
    <script>
      Scalar.createApiReference("#api-reference", {
        url: ${JSON.stringify(OPENAPI_PATH)},
        withDefaultFonts: false,
        // Scalar's "Ask AI" talks to Scalar's servers about our API: off.
        agent: { disabled: true },
        telemetry: false,
      });
    </script>
  </body>
</html>
`;

export function GET(): Response {
  return new Response(PAGE, { headers: { "content-type": "text/html; charset=utf-8" } });
}
