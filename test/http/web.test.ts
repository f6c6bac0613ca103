import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { WEB_CSP, loadWebAssets } from '../../src/http/system/web.routes';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, makeTestApp, testConfig } from '../support/app';
import { freshDatabase } from '../support/db';

describe('web app routes (GET / and /app/:file)', () => {
  let db: DbHandle;
  let t: TestApp;
  before(async () => {
    db = await freshDatabase('web_routes');
    t = await makeTestApp(db, undefined, testConfig({ NODE_ENV: 'production' }));
  });
  after(async () => db.close());

  it('serves the page without a token, with a strict Content-Security-Policy', async () => {
    const res = await t.request.get('/');
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^text\/html/);
    expect(res.headers['content-security-policy']).to.equal(WEB_CSP);
    expect(WEB_CSP).to.include("default-src 'self'").and.include("script-src 'self'").and.not.include('unsafe-inline');
    expect(res.headers['x-frame-options']).to.equal('DENY');
    expect(res.text).to.include('<script type="module" src="/app/main.js"></script>');
  });

  it('serves the page whatever query string the address bar carries (client-side state the server never reads)', async () => {
    const res = await t.request.get('/?again=1&screen=3');
    expect(res.status).to.equal(200);
    expect(res.text).to.include('<script type="module" src="/app/main.js"></script>');
  });

  it('has no inline script or style in the page (the CSP would block it)', async () => {
    const res = await t.request.get('/');
    expect(res.text).not.to.match(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(res.text).not.to.match(/\sstyle=|\son[a-z]+=/i);
  });

  it('serves whitelisted assets with their content type and revalidation headers', async () => {
    const js = await t.request.get('/app/main.js');
    expect(js.status).to.equal(200);
    expect(js.headers['content-type']).to.equal('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).to.equal('no-cache');
    expect(js.headers.etag).to.match(/^"[A-Za-z0-9_-]+"$/);
    expect(js.headers['content-security-policy']).to.equal(WEB_CSP);
    const css = await t.request.get('/app/app.css');
    expect(css.headers['content-type']).to.equal('text/css; charset=utf-8');
  });

  it('answers 304 when the ETag still matches', async () => {
    const first = await t.request.get('/app/app.css');
    const again = await t.request.get('/app/app.css').set('If-None-Match', String(first.headers.etag));
    expect(again.status).to.equal(304);
    expect(again.text ?? '').to.equal('');
  });

  it('refuses names outside the whitelist with problem+json 404, including traversal attempts', async () => {
    for (const p of [
      '/app/nope.js',
      '/app/..%2F..%2Fpackage.json',
      '/app/%2e%2e%2fsrc%2fconfig.ts',
      '/app/README.md',
      '/app/tsconfig.json',
    ]) {
      const res = await t.request.get(p);
      expect(res.status, p).to.equal(404);
      expect(res.headers['content-type'], p).to.match(/^application\/problem\+json/);
    }
  });

  it('lists only files directly in app/ with a known extension', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'web-assets-'));
    try {
      mkdirSync(path.join(dir, 'app', 'nested'), { recursive: true });
      writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
      writeFileSync(path.join(dir, 'app', 'ok.js'), 'export {};');
      writeFileSync(path.join(dir, 'app', 'notes.txt'), 'x');
      writeFileSync(path.join(dir, 'app', '.hidden.js'), 'x');
      writeFileSync(path.join(dir, 'app', 'nested', 'deep.js'), 'x');
      const assets = loadWebAssets(dir);
      expect([...assets.files.keys()]).to.deep.equal(['ok.js']);
      expect(assets.index?.type).to.match(/^text\/html/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds nothing (and / answers 404) when the app is not installed', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'web-empty-'));
    try {
      const assets = loadWebAssets(dir);
      expect(assets.index).to.equal(null);
      expect(assets.files.size).to.equal(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
