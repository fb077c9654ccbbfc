import type { ErrorIssue } from "@contacts/contracts";

/** A surrogate without its pair. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorable = (text: string) => text.includes("\u0000") || LONE_SURROGATE.test(text);
const UNSTORABLE_MESSAGE = "Contains a NUL character or an unpaired surrogate, which cannot be stored";

/**
 * The strings (values and keys) of a raw input that PostgreSQL cannot take: text refuses
 * U+0000 and jsonb unpaired surrogates, so they would fail inside SQL as a 500. Iterative,
 * with paths built only for hits, so deeply nested input costs neither stack nor quadratic time.
 */
export function findUnstorableText(input: unknown, max = 20): ErrorIssue[] {
  type Node = { value: unknown; key: string | number | null; parent: Node | null };
  const pathOf = (node: Node) => {
    const path: (string | number)[] = [];
    for (let n: Node | null = node; n && n.key !== null; n = n.parent) path.unshift(n.key);
    return path;
  };
  const issues: ErrorIssue[] = [];
  const stack: Node[] = [{ value: input, key: null, parent: null }];
  while (stack.length && issues.length < max) {
    const node = stack.pop() as Node;
    const { value } = node;
    if (typeof value === "string") {
      if (unstorable(value)) issues.push({ path: pathOf(node), message: UNSTORABLE_MESSAGE });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: i, parent: node });
    } else if (value !== null && typeof value === "object") {
      for (const [key, child] of Object.entries(value).reverse()) {
        if (unstorable(key)) issues.push({ path: [...pathOf(node), key], message: UNSTORABLE_MESSAGE });
        else stack.push({ value: child, key, parent: node });
      }
    }
  }
  return issues;
}
