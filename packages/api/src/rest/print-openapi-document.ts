/** `pnpm --filter @contacts/api openapi > openapi.json`: the document the server serves at /api/v1/openapi.json. */
import { openApiDocument } from "./openapi-document";

process.stdout.write(`${JSON.stringify(openApiDocument(), null, 2)}\n`);
