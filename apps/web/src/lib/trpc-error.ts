import type { ErrorData } from "@contacts/contracts";

/**
 * The `error.data` of an API error (`ErrorData`, the shape the server's error formatter
 * satisfies), or an empty object for an error that carries none (a network failure).
 */
export function errorData(error: unknown): Partial<ErrorData> {
  if (error && typeof error === "object" && "data" in error) {
    const data = (error as { data?: unknown }).data;
    if (data && typeof data === "object") return data as Partial<ErrorData>;
  }
  return {};
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : "Something went wrong";
}
