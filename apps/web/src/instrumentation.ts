export async function register() {
  // Read directly (not through env.ts) so the bundler can drop the Node-only import from the
  // Edge build of this file.
  // biome-ignore lint/style/noProcessEnv: must be a literal for dead-code elimination.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("./server/start-server");
    await startServer();
  }
}
