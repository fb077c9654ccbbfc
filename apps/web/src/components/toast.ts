/**
 * sonner, loaded on first use so it stays out of every page's first-load JavaScript. The
 * Toaster (app/providers.tsx) loads it right after hydration through this same import, so both
 * share one chunk; sonner shows a toast created before its Toaster subscribed, so none is lost.
 */
export const loadSonner = () => import("sonner");

const show = (kind: "success" | "error" | "info") => (message: string) => {
  // Offline, the chunk may not load: the toast is lost, but never an unhandled rejection.
  loadSonner().then(
    ({ toast }) => toast[kind](message),
    () => {},
  );
};

/** A toast with one button (e.g. "Undo"), shown long enough to reach it. */
const withAction = (message: string, label: string, onClick: () => void) => {
  loadSonner().then(
    ({ toast }) => toast.success(message, { action: { label, onClick }, duration: 10_000 }),
    () => {},
  );
};

/** sonner's `toast` as this app uses it. */
export const toast = { success: show("success"), error: show("error"), info: show("info"), withAction };
