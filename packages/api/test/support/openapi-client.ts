import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { expect } from "vitest";

// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document, walked by the paths it declares.
type Doc = any;

/** ajv-formats is CommonJS: its default export is the plugin under either interop. */
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => void;

export interface OperationCall {
  /** Path parameters, filled into the document's template. */
  params?: Record<string, string>;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  /** A JSON body (serialized here), or raw text sent as is. */
  body?: unknown;
  rawBody?: string | Uint8Array;
  contentType?: string;
  /**
   * The request deliberately breaks the document (a bad body, an unknown parameter): it is
   * sent without checking it against the document. The response is always checked.
   */
  breaksContract?: boolean;
}

export interface OperationResult {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: the parsed body, asserted field by field.
  body: any;
}

const pointerOf = (...keys: string[]) =>
  keys.map((k) => `/${k.replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");

/**
 * A client that knows the API only through its OpenAPI document: every request names an
 * operation of the document (path template and method), is checked against its parameters and
 * request body schema, and every response against the statuses, media types, headers and
 * schemas the document declares for it. It records what it exercised, so a test can fail when
 * an operation of the document was never called.
 */
export class OpenApiClient {
  readonly exercised = new Set<string>();
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(
    readonly doc: Doc,
    private readonly baseUrl: () => string,
    private readonly defaultHeaders: Record<string, string> = {},
  ) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ ...doc, $id: "openapi.json" });
  }

  /** The operations of the document, as "METHOD /path". */
  operations(): string[] {
    return Object.entries(this.doc.paths).flatMap(([path, item]) =>
      Object.keys(item as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
  }

  private validator(pointer: string): ValidateFunction {
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `openapi.json#${pointer}` });
      this.validators.set(pointer, validate);
    }
    return validate;
  }

  private check(pointer: string, value: unknown, what: string) {
    const validate = this.validator(pointer);
    const ok = validate(value);
    expect(
      ok,
      `${what} does not match the document: ${this.ajv.errorsText(validate.errors)}\n${JSON.stringify(value).slice(0, 500)}`,
    ).toBe(true);
  }

  async call(method: string, path: string, call: OperationCall = {}): Promise<OperationResult> {
    const m = method.toLowerCase();
    const operation = this.doc.paths[path]?.[m];
    expect(operation, `${method} ${path} is not in the OpenAPI document`).toBeDefined();
    const parameters: { in: string; name: string; required?: boolean }[] = operation.parameters ?? [];

    const url = new URL(
      path.replace(/\{(\w+)\}/g, (_, name: string) => {
        const value = call.params?.[name];
        expect(value, `path parameter ${name}`).toBeDefined();
        return encodeURIComponent(value as string);
      }),
      this.baseUrl(),
    );
    for (const [name, value] of Object.entries(call.query ?? {})) {
      for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(name, v);
    }
    const headers: Record<string, string> = { ...this.defaultHeaders, ...call.headers };
    let body: string | Uint8Array | undefined = call.rawBody;
    if (call.body !== undefined) body = JSON.stringify(call.body);
    if (body !== undefined) headers["content-type"] = call.contentType ?? "application/json";

    if (!call.breaksContract) {
      for (const name of Object.keys(call.query ?? {})) {
        expect(
          parameters.some((p) => p.in === "query" && p.name === name),
          `query parameter ${name} of ${method} ${path}`,
        ).toBe(true);
      }
      for (const p of parameters.filter((p) => p.in === "header")) {
        const value = Object.entries(headers).find(([h]) => h.toLowerCase() === p.name.toLowerCase())?.[1];
        if (value !== undefined) {
          const index = parameters.indexOf(p);
          this.check(
            pointerOf("paths", path, m, "parameters", String(index), "schema"),
            value,
            `header ${p.name}`,
          );
        }
      }
      if (call.body !== undefined) {
        const type = headers["content-type"] as string;
        expect(operation.requestBody?.content?.[type], `${method} ${path} takes ${type}`).toBeDefined();
        this.check(
          pointerOf("paths", path, m, "requestBody", "content", type, "schema"),
          call.body,
          `the request body of ${method} ${path}`,
        );
      }
    }

    const res = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    const status = String(res.status);
    const declared = operation.responses?.[status];
    expect(
      declared,
      `${method} ${path} answered ${status}, which the document does not declare: ${text.slice(0, 300)}`,
    ).toBeDefined();
    this.exercised.add(`${method.toUpperCase()} ${path}`);
    this.exercised.add(`${method.toUpperCase()} ${path} ${status}`);

    const mediaType = res.headers.get("content-type")?.split(";")[0]?.trim() ?? "";
    const content = declared.content ?? {};
    expect(Object.keys(content), `${method} ${path} ${status}: media type`).toContain(mediaType);
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    this.check(
      pointerOf("paths", path, m, "responses", status, "content", mediaType, "schema"),
      parsed,
      `the ${status} of ${method} ${path}`,
    );
    for (const [name, header] of Object.entries(declared.headers ?? {}) as [
      string,
      { required?: boolean },
    ][]) {
      const value = res.headers.get(name);
      if (header.required) expect(value, `${method} ${path} ${status}: header ${name}`).not.toBeNull();
      if (value !== null) {
        this.check(
          pointerOf("paths", path, m, "responses", status, "headers", name, "schema"),
          value,
          `header ${name}`,
        );
      }
    }
    return { status: res.status, headers: res.headers, body: parsed };
  }
}
