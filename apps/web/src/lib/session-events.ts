/**
 * The session ended while the page was open (a call answered 401), and then it was restored
 * (the user signed in again in place). Window events, so any part of the page can react: the
 * dialog asking to sign in, the editor waiting to save what the user had.
 */
const EXPIRED = "contacts:session-expired";
const RESTORED = "contacts:session-restored";

export const announceSessionExpired = () => window.dispatchEvent(new Event(EXPIRED));
export const announceSessionRestored = () => window.dispatchEvent(new Event(RESTORED));

function listen(name: string, fn: () => void): () => void {
  window.addEventListener(name, fn);
  return () => window.removeEventListener(name, fn);
}

export const onSessionExpired = (fn: () => void) => listen(EXPIRED, fn);
export const onSessionRestored = (fn: () => void) => listen(RESTORED, fn);

/**
 * Saves waiting for the user to sign in again, by contact id. Outside React: signing in
 * refreshes the page's server parts, which may mount the editor anew, and the save must
 * still happen then.
 */
const awaiting = new Set<string>();
let restored = false;
if (typeof window !== "undefined") {
  onSessionExpired(() => {
    restored = false;
  });
  onSessionRestored(() => {
    restored = true;
  });
}

export const awaitSignIn = (key: string) => awaiting.add(key);

/** True once, for a key that was waiting, when the session is back. */
export function takeIfSignedInAgain(key: string): boolean {
  if (!restored || !awaiting.has(key)) return false;
  awaiting.delete(key);
  return true;
}
