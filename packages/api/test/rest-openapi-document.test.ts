import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "../src/rest/openapi-document";
import { REST_ENDPOINT, REST_ROUTES } from "../src/rest/rest-routes";

/**
 * The generated document is valid OpenAPI 3.1 by an independent validator (the official JSON
 * Schemas of the specification), and says what the server does: every route of the table,
 * with its auth, its errors as problem+json, and the ETag and If-Match headers.
 */
describe("the OpenAPI document", () => {
  const doc = openApiDocument();

  it("is valid OpenAPI 3.1 (@seriousme/openapi-schema-validator)", async () => {
    const validator = new Validator();
    const result = await validator.validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("holds every route of the table, each needing credentials except the document itself", () => {
    for (const route of REST_ROUTES) {
      const operation = doc.paths?.[`${REST_ENDPOINT}${route.path}`]?.[route.method.toLowerCase() as "get"];
      expect(operation?.operationId, `${route.method} ${route.path}`).toBe(route.operationId);
      expect(operation?.security).toBeUndefined();
    }
    expect(doc.security).toEqual([{ bearerAuth: [] }, { sessionCookie: [] }]);
    expect(doc.paths?.[`${REST_ENDPOINT}/openapi.json`]?.get?.security).toEqual([]);
  });

  it("documents errors as problem+json, ETag on contacts and If-Match on PATCH", () => {
    const patch = doc.paths?.[`${REST_ENDPOINT}/contacts/{id}`]?.patch;
    expect(
      Object.keys(patch?.requestBody && "content" in patch.requestBody ? patch.requestBody.content : {}),
    ).toEqual(["application/merge-patch+json", "application/json"]);
    expect(patch?.parameters?.map((p) => ("name" in p ? `${p.in}:${p.name}` : ""))).toEqual([
      "path:id",
      "header:If-Match",
      "header:Idempotency-Key",
    ]);
    const responses = patch?.responses ?? {};
    expect(Object.keys(responses)).toEqual([
      "200",
      "400",
      "401",
      "403",
      "404",
      "409",
      "412",
      "413",
      "415",
      "429",
      "503",
    ]);
    expect(responses["200"]?.headers).toHaveProperty("ETag");
    expect(Object.keys(responses["412"]?.content ?? {})).toEqual(["application/problem+json"]);
  });
});
