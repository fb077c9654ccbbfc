// The web app serves only Scalar's self-contained browser bundle (apps/web/src/app/api-reference,
// `@scalar/api-reference/browser/standalone.js`). The package's runtime dependencies (Vue, an AI
// SDK, OpenTelemetry, ...) belong to its ESM build, which nothing here loads; installing them
// also changed how drizzle-orm's optional peers resolve for the web app. So they are dropped.
module.exports = {
  hooks: {
    readPackage(pkg) {
      if (pkg.name === "@scalar/api-reference") {
        pkg.dependencies = {};
        pkg.peerDependencies = {};
        pkg.optionalDependencies = {};
      }
      return pkg;
    },
  },
};
