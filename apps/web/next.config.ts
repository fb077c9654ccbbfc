import type { NextConfig } from "next";

const config: NextConfig = {
  // Internal packages are TypeScript source ("just in time"): Next compiles them.
  transpilePackages: ["@contacts/api", "@contacts/contracts", "@contacts/db"],
  // PGlite loads its WASM and extension files relative to its own module: keep it unbundled.
  serverExternalPackages: ["@electric-sql/pglite"],
  poweredByHeader: false,
};

export default config;
