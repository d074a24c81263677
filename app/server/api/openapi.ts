/**
 * A small registry the API's route files describe themselves in; served as an
 * OpenAPI 3.1 document at /api/openapi.json. Schemas are the same zod schemas
 * the routes validate with, converted by zod's own JSON Schema export.
 */
import { z } from "zod";

export interface RouteDescription {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI style: /api/artworks/{slug} */
  path: string;
  summary: string;
  tags: string[];
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Body sent as something other than JSON (e.g. an image upload). */
  rawBody?: { contentType: string; description: string };
  response?: z.ZodType;
  /** Needs the signed visitor-session cookie. */
  session?: boolean;
}

const routes: RouteDescription[] = [];

export function describeRoute(route: RouteDescription): void {
  routes.push(route);
}

function jsonSchema(schema: z.ZodType): unknown {
  return z.toJSONSchema(schema, { unrepresentable: "any", io: "input" });
}

function parametersOf(schema: z.ZodObject | undefined, where: "path" | "query"): unknown[] {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: where,
    required: where === "path" || !(field as z.ZodType).safeParse(undefined).success,
    schema: jsonSchema(field as z.ZodType),
  }));
}

const errorSchema = {
  type: "object",
  required: ["error", "message"],
  properties: { error: { type: "string" }, message: { type: "string" }, details: {} },
};

export function openApiDocument(serverUrl: string): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const operation: Record<string, unknown> = {
      summary: route.summary,
      tags: route.tags,
      parameters: [...parametersOf(route.params, "path"), ...parametersOf(route.query, "query")],
      responses: {
        "200": {
          description: "OK",
          ...(route.response ? { content: { "application/json": { schema: jsonSchema(route.response) } } } : {}),
        },
        "4XX": { description: "The request was refused; the body says why.", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
      },
    };
    if (route.body) operation.requestBody = { required: true, content: { "application/json": { schema: jsonSchema(route.body) } } };
    if (route.rawBody) {
      operation.requestBody = { required: true, description: route.rawBody.description, content: { [route.rawBody.contentType]: { schema: { type: "string", format: "binary" } } } };
    }
    if (route.session) operation.security = [{ visitorSession: [] }];
    (paths[route.path] ??= {})[route.method] = operation;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Art Snob API",
      version: "1",
      description: "The same data the site's pages show: feeds, artworks, similar works, search, likes and walls. Answers are JSON; refusals are 4xx with {error, message}.",
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: { Error: errorSchema },
      securitySchemes: { visitorSession: { type: "apiKey", in: "cookie", name: "as_session", description: "Signed anonymous session; set by the first write." } },
    },
  };
}
