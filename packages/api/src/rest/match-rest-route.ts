import { REST_ENDPOINT, REST_ROUTES, type RestRoute } from "./rest-routes";

export type RouteMatch =
  | { ok: true; route: RestRoute; params: Record<string, string> }
  | { ok: false; why: "not-found" }
  | { ok: false; why: "method"; allow: string[] }
  | { ok: false; why: "malformed" };

interface CompiledRoute {
  route: RestRoute;
  pattern: RegExp;
  names: string[];
}

/** Each template as a regular expression over the raw (still escaped) path: one segment per `{param}`. */
const COMPILED: CompiledRoute[] = REST_ROUTES.map((route) => {
  const names: string[] = [];
  const source = `${REST_ENDPOINT}${route.path}`
    .split("/")
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param?.[1]) return segment.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
      names.push(param[1]);
      return "([^/]+)";
    })
    .join("/");
  return { route, pattern: new RegExp(`^${source}$`), names };
});

/**
 * The route a method and raw path name. A path that matches but not with this method is a 405
 * listing the methods it has; a path segment with a broken `%` escape is the caller's 400.
 */
export function matchRestRoute(method: string, rawPath: string): RouteMatch {
  const allow: string[] = [];
  for (const compiled of COMPILED) {
    const found = compiled.pattern.exec(rawPath);
    if (!found) continue;
    if (compiled.route.method !== method) {
      if (!allow.includes(compiled.route.method)) allow.push(compiled.route.method);
      continue;
    }
    const params: Record<string, string> = {};
    try {
      compiled.names.forEach((name, i) => {
        params[name] = decodeURIComponent(found[i + 1] ?? "");
      });
    } catch {
      return { ok: false, why: "malformed" };
    }
    return { ok: true, route: compiled.route, params };
  }
  return allow.length ? { ok: false, why: "method", allow } : { ok: false, why: "not-found" };
}
