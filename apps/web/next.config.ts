import type { NextConfig } from "next";

const config: NextConfig = {
  // The e2e suite builds into its own folder, so it never races `next dev` or `pnpm build`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Source maps beside the browser's chunks, so bench/update/first-load-js.ts can say which
  // packages and files fill each page. Only on request: they would publish the source.
  productionBrowserSourceMaps: process.env.NEXT_BROWSER_SOURCE_MAPS === "1",
  // Internal packages are TypeScript source ("just in time"): Next compiles them.
  transpilePackages: ["@contacts/api", "@contacts/contracts", "@contacts/db"],
  // PGlite loads its WASM and extension files relative to its own module: keep it unbundled.
  serverExternalPackages: ["@electric-sql/pglite"],
  poweredByHeader: false,
};

export default config;
