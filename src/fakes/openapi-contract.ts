import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

const require = createRequire(import.meta.url);
const SPEC_ID = "https://api.github.com/openapi.json";

interface Operation {
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

interface PathEntry {
  template: string;
  pattern: RegExp;
  operations: Record<string, Operation>;
}

export interface MatchedOperation {
  template: string;
  method: string;
  params: Record<string, string>;
  operation: Operation;
}

/**
 * Turns OpenAPI 3.0 schema dialect into JSON Schema: `nullable: true` becomes a null alternative, and local
 * `#/components/...` references point into the spec document registered with Ajv.
 */
function toJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toJsonSchema);
  if (!value || typeof value !== "object") return value;
  const { nullable, ...rest } = value as Record<string, unknown>;
  const converted = Object.fromEntries(
    Object.entries(rest).map(([key, inner]) => [
      key,
      key === "$ref" && typeof inner === "string" && inner.startsWith("#/")
        ? `${SPEC_ID}${inner}`
        : toJsonSchema(inner),
    ]),
  );
  if (nullable !== true) return converted;
  if (typeof converted.type === "string" && !converted.enum) return { ...converted, type: [converted.type, "null"] };
  return { anyOf: [converted, { type: "null" }] };
}

/**
 * GitHub's own OpenAPI description (`@octokit/openapi`), used to check that the fake answers exactly as GitHub
 * documents and that the bot sends only requests GitHub would accept.
 */
export class OpenApiContract {
  private readonly ajv: Ajv;
  private readonly paths: PathEntry[];
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly sharedResponses: Record<string, Operation["responses"][string]>;

  constructor(specFile = "@octokit/openapi/generated/api.github.com.json") {
    const spec = require(specFile) as {
      paths: Record<string, Record<string, Operation>>;
      components: { responses: Record<string, Operation["responses"][string]> };
    };
    this.sharedResponses = spec.components.responses;
    this.ajv = new Ajv({ strict: false, allErrors: true, discriminator: false });
    const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void;
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: SPEC_ID, components: toJsonSchema(spec.components) });
    this.paths = Object.entries(spec.paths).map(([template, operations]) => ({
      template,
      operations,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "([^/]+)")}$`),
    }));
  }

  match(method: string, pathname: string): MatchedOperation | undefined {
    for (const entry of this.paths) {
      const found = entry.pattern.exec(pathname);
      const operation = entry.operations[method.toLowerCase()];
      if (!found || !operation) continue;
      const names = [...entry.template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? "");
      const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? "")]));
      return { template: entry.template, method: method.toLowerCase(), params, operation };
    }
    return undefined;
  }

  validateRequestBody(op: MatchedOperation, body: unknown): string[] {
    const schema = op.operation.requestBody?.content?.["application/json"]?.schema;
    if (!schema) return [];
    if (body === undefined) return op.operation.requestBody?.required ? [`${op.template} needs a request body`] : [];
    return this.validate(`${op.method} ${op.template} request`, schema, body);
  }

  validateResponse(op: MatchedOperation, status: number, body: unknown): string[] {
    let response = op.operation.responses[String(status)] as
      | (Operation["responses"][string] & { $ref?: string })
      | undefined;
    // Common answers (404, 403, 500…) are documented once under components/responses.
    if (response?.$ref) response = this.sharedResponses[response.$ref.replace("#/components/responses/", "")];
    // Rate limits and server errors can come from every endpoint; GitHub documents them once, not per operation.
    if (!response && (status === 429 || status >= 500)) {
      return this.validate("basic-error", { $ref: "#/components/schemas/basic-error" }, body);
    }
    if (!response) return [`${op.method.toUpperCase()} ${op.template} does not document status ${status}`];
    const schema = response.content?.["application/json"]?.schema;
    if (!schema) {
      if (body === undefined || body === "") return [];
      // Several error answers (the 422s of the seat endpoints, 404s) are documented without content, yet GitHub sends
      // its usual error object with them; the platform documentation quotes those messages. Accept exactly that shape.
      if (status >= 400) return this.validate("basic-error", { $ref: "#/components/schemas/basic-error" }, body);
      return [`${op.template} ${status} documents no body`];
    }
    return this.validate(`${op.method} ${op.template} ${status}`, schema, body);
  }

  private validate(key: string, schema: unknown, value: unknown): string[] {
    let validator = this.validators.get(key);
    if (!validator) {
      validator = this.ajv.compile(toJsonSchema(schema) as object);
      this.validators.set(key, validator);
    }
    if (validator(value)) return [];
    return (validator.errors ?? []).map((e) => `${key}: ${e.instancePath || "(root)"} ${e.message}`);
  }
}
