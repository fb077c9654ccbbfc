import type { ErrorIssue } from "@contacts/contracts";

/** The `error.data` our error formatter sends (packages/api/src/trpc.ts). */
export interface ApiErrorData {
  code?: string;
  httpStatus?: number;
  issues?: ErrorIssue[];
  details?: Record<string, unknown>;
}

export function errorData(error: unknown): ApiErrorData {
  if (error && typeof error === "object" && "data" in error) {
    const data = (error as { data?: unknown }).data;
    if (data && typeof data === "object") return data as ApiErrorData;
  }
  return {};
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : "Something went wrong";
}
