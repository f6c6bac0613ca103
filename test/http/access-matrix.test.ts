/**
 * The access table (src/http/access.ts) against the running router: every route × every
 * role, with expectations built FROM the table, so a route without an entry, a stale entry
 * or a handler that forgets the check fails here.
 */
import type Router from '@koa/router';
import { expect } from 'chai';
import { ROLES, type Role } from '../../src/auth/roles';
import { ACCESS } from '../../src/http/access';
import type { RouteDef } from '../../src/http/route';
import { routeKey } from '../../src/http/route';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';

interface Probe {
  status: number;
  type: string;
  code: unknown;
  text: string;
}

/** The @koa/router instance createApp mounted (its dispatch middleware carries `.router`). */
function mountedRouter(t: TestApp): Router {
  for (const mw of t.app.koa.middleware) {
    const r = (mw as unknown as { router?: Router }).router;
    if (r) return r;
  }
  throw new Error('no @koa/router dispatch middleware on the app');
}

/** "METHOD /path" for every method×path registered on the router (HEAD is koa's GET twin). */
function routerKeys(router: Router): string[] {
  const keys: string[] = [];
  for (const layer of router.stack) {
    for (const m of layer.methods) if (m !== 'HEAD') keys.push(routeKey(m, String(layer.path)));
  }
  return keys;
}

const fillPath = (p: string) => p.replace(/:(\w+)/g, 'X-1');

async function send(t: TestApp, def: RouteDef, auth: { Authorization: string } | null): Promise<Probe> {
  let req = t.request[def.method](fillPath(def.path));
  if (auth) req = req.set(auth);
  if (def.bodyMode === 'stream') {
    req = req.set('Content-Type', def.streamTypes?.[0] ?? 'application/octet-stream').send('');
  } else if (def.body) {
    req = req.set('Content-Type', 'application/json').send('{}');
  }
  const res = await req;
  let code: unknown;
  if (/problem\+json/.test(String(res.headers['content-type']))) code = (JSON.parse(res.text) as { code?: unknown }).code;
  return { status: res.status, type: String(res.headers['content-type'] ?? ''), code, text: res.text.slice(0, 300) };
}

describe('access matrix (every route × every role, from the access table)', () => {
  let db: DbHandle;
  let t: TestApp;
  const sub = (role: Role) => `matrix-${role}`;
  const forbiddenSent = new Map<Role, number>();
  before(async () => {
    db = await freshDatabase('access_matrix');
    t = await makeTestApp(db);
  });
  after(async () => db.close());

  it('has an access-table entry for every route the koa router serves', () => {
    const missing = routerKeys(mountedRouter(t)).filter((k) => ACCESS[k] === undefined);
    expect(missing, 'routes without an entry in src/http/access.ts').to.deep.equal([]);
  });

  it('has a mounted route for every access-table entry (a stale entry fails)', () => {
    const served = new Set(routerKeys(mountedRouter(t)));
    const stale = Object.keys(ACCESS).filter((k) => !served.has(k));
    expect(stale, 'entries in src/http/access.ts with no route').to.deep.equal([]);
  });

  it('lists in app.routes exactly the routes the router serves', () => {
    const declared = t.app.routes.map((r) => routeKey(r.method, r.path)).sort();
    expect([...new Set(routerKeys(mountedRouter(t)))].sort()).to.deep.equal(declared);
  });

  it('refuses every protected route without a token with 401 problem+json', async () => {
    const protectedRoutes = t.app.routes.filter((r) => ACCESS[routeKey(r.method, r.path)] !== 'public');
    expect(protectedRoutes.length).to.be.greaterThan(30);
    const wrong: string[] = [];
    for (const def of protectedRoutes) {
      const p = await send(t, def, null);
      if (p.status !== 401 || !/problem\+json/.test(p.type) || p.code !== 'UNAUTHENTICATED')
        wrong.push(`${routeKey(def.method, def.path)} -> ${p.status} ${p.text}`);
    }
    expect(wrong).to.deep.equal([]);
  });

  it('answers public routes without a token with neither 401 nor 403', async () => {
    const publicRoutes = t.app.routes.filter((r) => ACCESS[routeKey(r.method, r.path)] === 'public');
    expect(publicRoutes.length).to.be.greaterThan(0);
    for (const def of publicRoutes) {
      const p = await send(t, def, null);
      expect([401, 403], routeKey(def.method, def.path)).not.to.include(p.status);
      expect(p.status, routeKey(def.method, def.path)).to.be.below(500);
    }
  });

  it("refuses roles missing from a route's entry with 403 problem+json and lets listed roles through (no 401/403/5xx)", async function () {
    this.timeout(120_000);
    const wrong: string[] = [];
    let pairs = 0;
    for (const def of t.app.routes) {
      const key = routeKey(def.method, def.path);
      const access = ACCESS[key];
      if (access === undefined || access === 'public') continue;
      for (const role of ROLES) {
        pairs += 1;
        const p = await send(t, def, bearer(role, sub(role)));
        if (access.includes(role)) {
          if (p.status === 401 || p.status === 403 || p.status >= 500)
            wrong.push(`${key} as ${role}: expected to pass the check, got ${p.status} ${p.text}`);
        } else {
          forbiddenSent.set(role, (forbiddenSent.get(role) ?? 0) + 1);
          if (p.status !== 403 || !/problem\+json/.test(p.type) || p.code !== 'FORBIDDEN')
            wrong.push(`${key} as ${role}: expected 403 FORBIDDEN, got ${p.status} ${p.text}`);
        }
      }
    }
    expect(wrong).to.deep.equal([]);
    expect(pairs).to.equal(t.app.routes.filter((r) => ACCESS[routeKey(r.method, r.path)] !== 'public').length * ROLES.length);
  });

  it('audits every 403 of the matrix under the refused caller, and the chain still verifies', async () => {
    expect(forbiddenSent.size, 'runs after the matrix').to.be.greaterThan(0);
    for (const [role, sent] of forbiddenSent) {
      const entries = (await t.deps.services.audit.list({ actor: sub(role), limit: 5000 })).items;
      const refused = entries.filter((e) => e.outcome?.status === 403 && e.outcome.code === 'FORBIDDEN' && e.actor?.role === role);
      expect(refused.length, `403 entries for ${role}`).to.equal(sent);
    }
    const report = await t.deps.services.audit.verify();
    expect(report.ok, JSON.stringify(report.firstBroken)).to.equal(true);
  });
});
