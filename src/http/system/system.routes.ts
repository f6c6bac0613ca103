/** Health, readiness, metrics and API documentation: the only routes without a token. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../errors';
import type { AppDeps } from '../../deps';
import { type RouteDef, actorOf, reply, route } from '../route';
import { RoleEnum } from '../vocabulary';

const swaggerDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const DOC_ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-32x32.png']);

const docsHtml = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Footage Release &amp; Retention Manager – API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/docs-init.js"></script>
</body></html>`;
const docsInit = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', persistAuthorization: true });`;

// An OpenAPI 3.1 document is open by design (extensions, components); its own specification is the schema.
export const OpenApiDocument = z
  .looseObject({
    openapi: z.literal('3.1.0'),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.looseObject({})),
  })
  .meta({ id: 'OpenApiDocument' });
export type OpenApiDocument = z.infer<typeof OpenApiDocument>;

export function systemRoutes(deps: AppDeps, openApi: () => OpenApiDocument): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/healthz',
      tag: 'system',
      summary: 'Process is alive',
      response: z.object({ status: z.literal('ok') }),
      handler: () => ({ status: 'ok' as const }),
    }),
    route({
      method: 'get',
      path: '/readyz',
      tag: 'system',
      summary: 'Database reachable (503 when not)',
      response: z.object({ status: z.literal('ready'), rulesVersion: z.string() }),
      handler: async () => {
        if (!(await deps.ping(2000))) throw new AppError('NOT_READY', 'The database does not answer a ping.');
        return { status: 'ready' as const, rulesVersion: deps.rulesVersion };
      },
    }),
    route({
      method: 'get',
      path: '/metrics',
      tag: 'system',
      summary: 'Prometheus metrics',
      produces: ['text/plain'],
      handler: async () => reply(await deps.metrics.registry.metrics(), { type: deps.metrics.registry.contentType }),
    }),
    route({
      method: 'get',
      path: '/openapi.json',
      tag: 'system',
      summary: 'OpenAPI 3.1 document',
      response: OpenApiDocument,
      handler: () => openApi(),
    }),
    route({
      method: 'get',
      path: '/docs',
      tag: 'system',
      summary: 'API reference page',
      produces: ['text/html'],
      handler: () => reply(docsHtml, { type: 'text/html' }),
    }),
    route({
      method: 'get',
      path: '/docs/assets/:file',
      tag: 'system',
      summary: 'API reference assets (served from the swagger-ui-dist package)',
      params: z.object({ file: z.string().max(64) }),
      handler: ({ params }) => {
        if (params.file === 'docs-init.js') return reply(docsInit, { type: 'application/javascript' });
        if (!DOC_ASSETS.has(params.file)) throw new AppError('NOT_FOUND', `No documentation asset ${params.file}`);
        return reply(readFileSync(path.join(swaggerDir, params.file)), {
          type: path.extname(params.file),
          headers: { 'Cache-Control': 'public, max-age=86400' },
        });
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/whoami',
      tag: 'system',
      summary: 'The verified caller and role',
      response: z.object({ sub: z.string(), role: RoleEnum }).meta({ id: 'Caller' }),
      handler: (input) => actorOf(input),
    }),
  ];
}
