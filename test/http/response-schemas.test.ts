import { expect } from 'chai';
import type { Response } from 'supertest';
import type { z } from 'zod';
import { ACCESS } from '../../src/http/access';
import { type RouteDef, routeKey } from '../../src/http/route';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, recording } from '../support/fixtures';
import { bodyOf } from '../support/api';
import { HoldView } from '../../src/http/catalog/catalog.responses';
import { DeterminationView } from '../../src/http/counsel/determinations.routes';
import { LoggedDecision } from '../../src/http/eligibility/eligibility.schemas';
import { RequestView } from '../../src/http/requests/requests.schemas';

/**
 * Every JSON answer of a seeded app is parsed with the response schema its route declares (the
 * one OpenAPI publishes). Table-driven from the route declarations: a new GET route is called
 * automatically, and fails here until it declares its response (or a sample value for a new path parameter).
 */
describe('response schemas', () => {
  let db: DbHandle;
  let t: TestApp;
  const NOW = new Date('2026-11-20T18:00:00Z');
  const samples: Record<string, string> = {
    'cameras/:serial': 'CAM-1',
    'recordings/:recordingId': 'R-1',
    'cases/:caseNumber': 'KC-1',
    'court-orders/:orderNumber': 'O-1',
    'assets/:file': 'docs-init.js',
    'app/:file': 'api.js',
  };
  /** Routes with required query parameters need a sample query. */
  const queries: Record<string, string> = {
    'GET /api/v1/sunshine/due-date': 'receivedAt=2026-11-19T10:00:00-06:00',
    'GET /api/v1/determinations': 'recordingId=R-1',
  };

  const defOf = (method: string, path: string): RouteDef => {
    const def = t.app.routes.find((d) => routeKey(d.method, d.path) === routeKey(method, path));
    if (!def) throw new Error(`no route ${method} ${path}`);
    return def;
  };
  const roleFor = (def: RouteDef) => {
    const access = ACCESS[routeKey(def.method, def.path)];
    return access === 'public' || access === undefined ? null : (access[0] ?? null);
  };

  /** The body parses with the declared schema, and parsing adds or drops nothing (no undeclared or missing fields). */
  function expectDeclared(def: RouteDef, res: Response): void {
    const label = `${routeKey(def.method, def.path)} -> ${res.status} ${res.text.slice(0, 300)}`;
    expect(res.status, label).to.be.within(200, 299);
    if (!/json/.test(String(res.headers['content-type']))) return;
    expect(def.response, `${label}: answers JSON without a declared response schema`).to.not.equal(undefined);
    const parsed = def.response?.safeParse(res.body);
    expect(parsed?.success, `${label}: ${parsed?.error?.message ?? ''}`).to.equal(true);
    expect(parsed?.data, `${label}: fields outside the declared schema`).to.deep.equal(res.body);
  }

  async function call(method: 'get' | 'post' | 'put', path: string, template: string, body?: unknown): Promise<Response> {
    const def = defOf(method, template);
    const role = roleFor(def);
    let req = t.request[method](path);
    if (role) req = req.set(bearer(role));
    const res = body === undefined ? await req : await req.send(body as object);
    expectDeclared(def, res);
    return res;
  }

  before(async () => {
    db = await freshDatabase('response_schemas');
    t = await makeTestApp(db, undefined, undefined, () => NOW);
    await call('put', '/api/v1/cameras/CAM-1', '/api/v1/cameras/:serial', camera());
    await call('put', '/api/v1/cases/KC-1', '/api/v1/cases/:caseNumber', {
      offenseClass: 'misdemeanor',
      offenseDate: '2026-05-01',
      defendants: [{ defendantId: 'D1' }],
    });
    await call('put', '/api/v1/recordings/R-1', '/api/v1/recordings/:recordingId', recording({ caseNumbers: ['KC-1'] }));
    await call(
      'put',
      '/api/v1/recordings/NE-OLD',
      '/api/v1/recordings/:recordingId',
      recording({ category: 'non_evidentiary', recordedAt: '2025-01-02T10:00:00-06:00', sha256: 'b'.repeat(64) }),
    );
    await call(
      'put',
      '/api/v1/recordings/U-OLD',
      '/api/v1/recordings/:recordingId',
      recording({ category: 'unclassified', recordedAt: '2026-01-02T10:00:00-06:00', sha256: 'c'.repeat(64) }),
    );
    await call('post', '/api/v1/cases/KC-1/events', '/api/v1/cases/:caseNumber/events', {
      type: 'charged',
      date: '2026-05-02',
      defendantId: 'D1',
    });
    await call('post', '/api/v1/court-orders', '/api/v1/court-orders', {
      orderNumber: 'O-1',
      court: 'Jackson County Circuit Court',
      issuedAt: '2026-11-01T09:00:00-05:00',
      kind: 'release',
      releaseTo: ['attorney'],
      recordingIds: ['R-1'],
    });
    const hold = await call('post', '/api/v1/holds', '/api/v1/holds', {
      recordingIds: ['R-1'],
      reason: 'litigation',
      authority: 'Smith v. KCPD',
    });
    samples['holds/:id'] = bodyOf(hold, HoldView).id;
    const determination = await call('post', '/api/v1/determinations', '/api/v1/determinations', {
      scope: { kind: 'recording', recordingId: 'R-1' },
      requesterKinds: ['public'],
      outcome: 'withhold',
      citation: 'RSMo 610.100.2(1)',
      publicStatement: 'The investigation is still active.',
      reasoning: 'The investigation is still active.',
      answers: ['cases.KC-1.disposition.mixed'],
    });
    const determinationNumber = bodyOf(determination, DeterminationView).number;
    samples['determinations/:number'] = determinationNumber;
    await call('post', `/api/v1/determinations/${determinationNumber}/supersede`, '/api/v1/determinations/:number/supersede', {
      requesterKinds: ['public'],
      outcome: 'withhold',
      citation: 'RSMo 610.100.2(1)',
      publicStatement: 'Still active.',
      reasoning: 'Still active.',
      answers: ['cases.KC-1.disposition.mixed'],
      expiresOn: '2027-06-01',
    });
    await call('post', '/api/v1/recordings/NE-OLD/destruction', '/api/v1/recordings/:recordingId/destruction', {
      authority: 'Disposition list 2026-11',
      performedAt: '2026-11-20T09:00:00-06:00',
    });
    const decision = await call(
      'get',
      '/api/v1/recordings/R-1/eligibility?requester=attorney',
      '/api/v1/recordings/:recordingId/eligibility',
    );
    const decisionId = bodyOf(decision, LoggedDecision).decisionId;
    samples['decisions/:id'] = decisionId;
    await call('post', `/api/v1/decisions/${decisionId}/replay`, '/api/v1/decisions/:id/replay');
    await call('post', '/api/v1/eligibility', '/api/v1/eligibility', { recordingIds: ['R-1', 'NOPE'], requester: 'public' });
    const request = await call('post', '/api/v1/requests', '/api/v1/requests', {
      receivedAt: '2026-11-19T10:00:00-06:00',
      requester: { name: 'A Reporter', kind: 'public' },
      recordingIds: ['R-1'],
    });
    const requestId = bodyOf(request, RequestView).requestId;
    samples['requests/:id'] = requestId;
    await call('post', `/api/v1/requests/${requestId}/review`, '/api/v1/requests/:id/review', {});
    await call('post', `/api/v1/requests/${requestId}/delay`, '/api/v1/requests/:id/delay', {
      cause: 'The recording needs redaction of a minor before release.',
      availableAt: '2026-12-01T12:00:00-06:00',
    });
    await call('post', `/api/v1/requests/${requestId}/respond`, '/api/v1/requests/:id/respond', {
      note: 'Done',
      reviewMinutes: 10,
    });
  });
  after(async () => db.close());

  it('answers every GET route of a seeded app with a body its declared response schema accepts exactly', async function () {
    this.timeout(60_000);
    // The OpenID Connect redirects (/auth/login, /auth/callback) answer 404 here (development mode, OIDC unset);
    // test/http/oidc-sign-in.test.ts runs them against a real provider.
    const gets = t.app.routes.filter((d) => d.method === 'get' && (!d.path.startsWith('/auth/') || d.path === '/auth/session'));
    const failures: string[] = [];
    expect(gets.length).to.be.greaterThan(20);
    for (const def of gets) {
      const path = def.path.replace(/([\w-]+)\/:(\w+)/g, (_m, seg: string, name: string) => {
        const v = samples[`${seg}/:${name}`];
        if (v === undefined) throw new Error(`${def.path}: add a sample value for ${seg}/:${name}`);
        return `${seg}/${encodeURIComponent(v)}`;
      });
      // Reports that can answer in several formats are asked for their JSON.
      const query = [
        queries[routeKey(def.method, def.path)],
        (def.query?.shape as Record<string, z.ZodType> | undefined)?.format?.safeParse('json').success ? 'format=json' : undefined,
      ]
        .filter(Boolean)
        .join('&');
      const role = roleFor(def);
      const req = t.request.get(query ? `${path}?${query}` : path);
      const res = await (role ? req.set(bearer(role)) : req);
      try {
        expectDeclared(def, res);
      } catch (e) {
        failures.push(e instanceof Error ? e.message : String(e));
      }
    }
    expect(failures, failures.join('\n\n')).to.deep.equal([]);
  });

  it('publishes every enumeration once, as a named component that the operations refer to', async () => {
    const spec = (await t.request.get('/openapi.json')).body as { components: { schemas: Record<string, { enum?: string[] }> } };
    const schemas = spec.components.schemas;
    for (const name of [
      'RetentionStatus',
      'RequestStatus',
      'RequestOutcome',
      'Outcome',
      'RequesterKind',
      'CaseEventType',
      'Category',
      'Role',
    ]) {
      expect(schemas[name]?.enum, name).to.be.an('array').with.lengthOf.above(0);
    }
    expect(JSON.stringify(spec)).to.include('"$ref":"#/components/schemas/RetentionStatus"');
    // Each list appears as an enum only in its own component; every other use is a $ref.
    const enums: { at: string; values: string[] }[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) node.forEach((v, i) => walk(v, `${at}/${i}`));
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (k === 'enum' && Array.isArray(v)) enums.push({ at, values: v.map(String) });
          else walk(v, `${at}/${k}`);
        }
      }
    };
    walk(spec, '');
    for (const [name, member] of [
      ['RetentionStatus', 'eligible_for_destruction'],
      ['RequestStatus', 'in_review'],
      ['RequestOutcome', 'partially_released'],
      ['Outcome', 'needs_legal_review'],
      ['RequesterKind', 'family_first_degree'],
      ['CaseEventType', 'nolle_prosequi'],
    ]) {
      expect(
        enums.filter((e) => e.values.includes(member as string)).map((e) => e.at),
        name,
      ).to.deep.equal([`/components/schemas/${name}`]);
    }
  });

  it('declares a real schema for every JSON response: no open record of unknown values', async () => {
    const spec = (await t.request.get('/openapi.json')).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
    };
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const ok = Object.entries(op.responses).find(([s]) => s.startsWith('2'));
        const json = ok?.[1].content?.['application/json'];
        if (path === '/openapi.json') continue;
        if (json) expect(JSON.stringify(json.schema), `${method} ${path}`).to.not.match(/"additionalProperties":\{\}|^\{\}$/);
      }
    }
  });
});
