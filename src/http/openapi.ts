/** OpenAPI 3.1 generated from the same zod schemas the routes validate with. */
import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { ACCESS, type AccessTable } from './access';
import { type RouteDef, openApiPath, routeKey } from './route';
import { VOCABULARY_COMPONENTS } from './vocabulary';

// RFC 9457 §3.2: problem types may add extension members (e.g. an import's `stored` and `lastLine`).
export const Problem = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
});

export function buildOpenApi(
  defs: readonly RouteDef[],
  version: string,
  accessTable: AccessTable = ACCESS,
): ReturnType<typeof createDocument> {
  const paths: ZodOpenApiPathsObject = {};
  for (const d of defs) {
    const p = openApiPath(d.path);
    const access = accessTable[routeKey(d.method, d.path)];
    const isPublic = access === 'public';
    const requestParams: NonNullable<ZodOpenApiOperationObject['requestParams']> = {};
    if (d.params instanceof z.ZodObject) requestParams.path = d.params;
    if (d.query instanceof z.ZodObject) requestParams.query = d.query;
    const successContent: Record<string, { schema: z.ZodType }> = {};
    if (d.response) successContent['application/json'] = { schema: d.response };
    for (const type of d.produces ?? []) successContent[type] = { schema: z.string() };
    const op: ZodOpenApiOperationObject = {
      summary: d.summary,
      tags: [d.tag],
      operationId: `${d.method}${d.path.replace(/[/:{}-]+(\w)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      description: isPublic ? 'Public (no token).' : `Roles: ${Array.isArray(access) ? access.join(', ') : 'none'}.`,
      security: isPublic ? [] : [{ bearer: [] }, { session: [] }],
      requestParams,
      responses: {
        [String(d.successStatus ?? 200)]: {
          description: 'Success',
          ...(Object.keys(successContent).length ? { content: successContent } : {}),
        },
        '400': problemResponse('Invalid input; errors[] names each field'),
        ...(isPublic ? {} : { '401': problemResponse('Missing or invalid token'), '403': problemResponse('Role not allowed') }),
        '503': problemResponse(
          isPublic
            ? 'Database unavailable'
            : 'Database unavailable (DB_UNAVAILABLE), or the audit trail could not record the request (AUDIT_UNAVAILABLE: nothing is shown; a change already made is kept and the detail says so)',
        ),
      },
    };
    if (d.body && d.bodyMode !== 'stream') {
      op.requestBody = { required: true, content: { 'application/json': { schema: d.body } } };
    } else if (d.bodyMode === 'stream') {
      op.requestBody = {
        required: true,
        content: Object.fromEntries((d.streamTypes ?? []).map((t) => [t, { schema: z.string() }])),
      };
    }
    paths[p] = { ...(paths[p] ?? {}), [d.method]: op };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Footage Release & Retention Manager',
      version,
      description:
        'Body-worn-camera recording catalog, Missouri release-eligibility decisions (RSMo 610.100 et seq.), Sunshine requests and retention.',
    },
    // Every enumeration is a named component; each use of it in a parameter, body or response is a $ref.
    components: {
      schemas: { ...VOCABULARY_COMPONENTS },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        // OpenID Connect configured: the web app's session (state-changing requests also send X-CSRF-Token, from GET /auth/session).
        session: { type: 'apiKey', in: 'cookie', name: 'frrm_session', description: 'Named __Host-frrm_session when served over TLS' },
      },
    },
    paths,
  });
}
