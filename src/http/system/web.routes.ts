/**
 * The staff web app (clerks, prosecutors, auditors): plain HTML, CSS and ES modules from
 * `web/`, served as-is with no build step and nothing from a CDN. Only files present in
 * `web/app/` at start-up with a known extension are served (a whitelist, so no path ever
 * reaches the file system from a request). Every answer carries a strict
 * Content-Security-Policy: scripts and styles from this origin only, no inline code.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../errors';
import { PROJECT_ROOT } from '../../project-root';
import type { AppDeps } from '../../deps';
import { type Reply, type RequestInfo, type RouteDef, reply, route } from '../route';

const WEB_DIR = path.join(PROJECT_ROOT, 'web');

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};
const ASSET_NAME = /^[a-z0-9][a-z0-9-]*\.(js|css|svg|png|ico|json)$/;

export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

function asset(file: string, type: string): Asset {
  const body = readFileSync(file);
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

export function loadWebAssets(dir = WEB_DIR): { index: Asset | null; files: Map<string, Asset> } {
  const files = new Map<string, Asset>();
  const appDir = path.join(dir, 'app');
  if (existsSync(appDir)) {
    for (const name of readdirSync(appDir)) {
      const type = TYPES[path.extname(name)];
      if (ASSET_NAME.test(name) && type) files.set(name, asset(path.join(appDir, name), type));
    }
  }
  const indexFile = path.join(dir, 'index.html');
  return { index: existsSync(indexFile) ? asset(indexFile, 'text/html; charset=utf-8') : null, files };
}

function send(request: RequestInfo, a: Asset): Reply<Buffer | null> {
  const headers = {
    'Content-Security-Policy': WEB_CSP,
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    // Names are not content-hashed: let the browser keep a copy but revalidate it (ETag) every time.
    'Cache-Control': 'no-cache',
    ETag: a.etag,
  };
  if (request.get('if-none-match') === a.etag) return reply(null, { status: 304, headers });
  return reply(a.body, { type: a.type, headers });
}

/** Assets are read once at start-up; in development they are re-read per request so edits show on reload. */
export function webRoutes(deps: AppDeps, dir = WEB_DIR): RouteDef[] {
  const loaded = loadWebAssets(dir);
  const current = () => (deps.config.NODE_ENV === 'development' ? loadWebAssets(dir) : loaded);
  return [
    route({
      method: 'get',
      path: '/',
      tag: 'web',
      summary: 'The staff web app (release checks, requests, cases, retention dashboard)',
      produces: ['text/html'],
      ignoresQuery: true,
      handler: ({ request }) => {
        const assets = current();
        if (!assets.index) throw new AppError('NOT_FOUND', 'The web app is not installed (web/index.html is missing).');
        return send(request, assets.index);
      },
    }),
    route({
      method: 'get',
      path: '/app/:file',
      tag: 'web',
      summary: 'Web app assets (scripts, styles, images)',
      params: z.object({ file: z.string().max(64) }),
      produces: ['text/javascript', 'text/css', 'image/svg+xml'],
      handler: ({ request, params }) => {
        const a = current().files.get(params.file);
        if (!a) throw new AppError('NOT_FOUND', `No web app asset ${params.file}`);
        return send(request, a);
      },
    }),
  ];
}
