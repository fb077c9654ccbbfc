/**
 * An input path as an RFC 6901 JSON Pointer: `["connections", 1, "company", "id"]` is
 * `/connections/1/company/id`; `~` and `/` inside a key are escaped as `~0` and `~1`, and
 * the empty path is the whole document ("").
 */
export function toJsonPointer(path: readonly (string | number)[]): string {
  return path.map((key) => `/${String(key).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}
