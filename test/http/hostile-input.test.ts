/**
 * Hostile input, as a table of cases: operator and dotted keys, prototype-pollution keys,
 * huge strings and arrays, deep nesting, invalid UTF-8, operator objects in query strings,
 * path parameters with traversal or control characters, malformed import bodies. Every
 * case must be answered with a 4xx problem+json (never a 5xx) and nothing may be stored.
 */
import { expect } from 'chai';
import type { Role } from '../../src/auth/roles';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, misdemeanorCase, recording } from '../support/fixtures';

type Method = 'get' | 'put' | 'post';
interface Case {
  name: string;
  method: Method;
  path: string;
  role?: Role;
  /** Raw body (sent as-is); objects are serialized with JSON.stringify. */
  body?: string | Buffer | object;
  contentType?: string;
  /** A specific status, when one is the only right answer. */
  status?: number;
}

const MB = 1024 * 1024;
const seedRec = recording();
const rec = (extra: Record<string, unknown>) => ({ ...seedRec, ...extra });
const withRaw = (base: object, rawMembers: string) => `${JSON.stringify(base).slice(0, -1)},${rawMembers}}`;
const nestedArrays = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const nestedObjects = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
const hold = { reason: 'litigation', authority: 'Case 24-CV-1', recordingIds: ['H-SEED-1'] };
const request = { receivedAt: '2026-06-01T09:00:00-05:00', requester: { name: 'KC Star', kind: 'public' }, recordingIds: ['H-SEED-1'] };
/** A valid JSON body followed by bytes that are not UTF-8 (overlong '/', lone surrogate, 0xFF). */
const badUtf8 = (bytes: number[]) => Buffer.concat([Buffer.from('{"title":"'), Buffer.from(bytes), Buffer.from('"}')]);

const PUT_REC = '/api/v1/recordings/H-NEW-1';

const BODY_CASES: Case[] = [
  { name: '$-prefixed top-level key', method: 'put', path: PUT_REC, body: rec({ $where: 'sleep(1000)' }), status: 400 },
  { name: '$set as the whole body', method: 'put', path: PUT_REC, body: { $set: { category: 'homicide' } }, status: 400 },
  { name: 'dotted top-level key', method: 'put', path: PUT_REC, body: rec({ 'location.nonpublic': true }), status: 400 },
  { name: '$-operator nested in an array of objects', method: 'put', path: PUT_REC, body: rec({ tags: [{ $gt: '' }] }), status: 400 },
  { name: 'dotted key nested in an array', method: 'put', path: PUT_REC, body: rec({ caseNumbers: [{ 'a.b': 1 }] }), status: 400 },
  {
    name: '$ key deep inside location',
    method: 'put',
    path: PUT_REC,
    body: rec({ location: { nonpublic: false, $expr: { $eq: [1, 1] } } }),
    status: 400,
  },
  {
    name: '$in operator in a hold scope',
    method: 'post',
    path: '/api/v1/holds',
    role: 'admin',
    body: { ...hold, recordingIds: { $in: ['H-SEED-1'] } },
    status: 400,
  },
  {
    name: '$ne operator as a case number in a court order',
    method: 'post',
    path: '/api/v1/court-orders',
    role: 'prosecutor',
    body: {
      orderNumber: 'O-1',
      court: 'Jackson County',
      issuedAt: '2026-06-01T09:00:00-05:00',
      kind: 'release',
      caseNumber: { $ne: null },
    },
    status: 400,
  },
  {
    name: 'court order issued in 1124 (local mean time, an offset ISO cannot write back)',
    method: 'post',
    path: '/api/v1/court-orders',
    role: 'prosecutor',
    body: {
      orderNumber: 'O-1124',
      court: 'Jackson County',
      issuedAt: '1124-05-16T22:13:11.364-05:50',
      kind: 'release',
      releaseToEveryone: true,
      caseNumber: 'KC-1',
    },
    status: 400,
  },
  { name: '__proto__ key (raw JSON)', method: 'put', path: PUT_REC, body: withRaw(seedRec, '"__proto__":{"polluted":"yes"}'), status: 400 },
  {
    name: 'constructor.prototype key',
    method: 'put',
    path: PUT_REC,
    body: withRaw(seedRec, '"constructor":{"prototype":{"polluted":"yes"}}'),
    status: 400,
  },
  {
    name: 'prototype key nested in location',
    method: 'put',
    path: PUT_REC,
    body: rec({ location: { nonpublic: false, prototype: { polluted: 'yes' } } }),
    status: 400,
  },
  {
    name: '__proto__ inside an array element',
    method: 'post',
    path: '/api/v1/requests',
    role: 'clerk',
    body: withRaw(request, '"x":[{"__proto__":{"polluted":"yes"}}]'),
    status: 400,
  },
  {
    name: '__proto__ in a Sunshine request requester',
    method: 'post',
    path: '/api/v1/requests',
    role: 'clerk',
    body: `{"receivedAt":"2026-06-01T09:00:00-05:00","requester":{"name":"a","kind":"public","__proto__":{"polluted":"yes"}},"description":"x"}`,
    status: 400,
  },
  { name: '1 MB string field (over the body limit)', method: 'put', path: PUT_REC, body: rec({ title: 'x'.repeat(MB) }), status: 413 },
  {
    name: '900 KB string field (under the body limit, over the field limit)',
    method: 'put',
    path: PUT_REC,
    body: rec({ title: 'x'.repeat(900 * 1024) }),
    status: 400,
  },
  {
    name: '100k-item array of tags',
    method: 'put',
    path: PUT_REC,
    body: rec({ tags: Array.from({ length: 100_000 }, (_, i) => `t${i % 10}`) }),
    status: 400,
  },
  {
    name: '100k-item array of hold recording ids',
    method: 'post',
    path: '/api/v1/holds',
    role: 'admin',
    body: { ...hold, recordingIds: Array.from({ length: 100_000 }, () => 'R') },
    status: 400,
  },
  {
    name: '100k-item array of eligibility ids',
    method: 'post',
    path: '/api/v1/eligibility',
    role: 'clerk',
    body: { requester: 'public', recordingIds: Array.from({ length: 100_000 }, () => 'R') },
    status: 400,
  },
  { name: '10k levels of nested arrays', method: 'put', path: PUT_REC, body: nestedArrays(10_000), status: 400 },
  { name: '10k levels of nested objects', method: 'put', path: PUT_REC, body: nestedObjects(10_000), status: 400 },
  { name: '200k levels of nested arrays (stack-overflow attempt)', method: 'put', path: PUT_REC, body: nestedArrays(200_000), status: 400 },
  {
    name: '10k nested objects inside a valid field',
    method: 'put',
    path: PUT_REC,
    body: withRaw(seedRec, `"title":${nestedObjects(10_000)}`),
    status: 400,
  },
  { name: 'invalid UTF-8 (0xFF 0xFE)', method: 'put', path: PUT_REC, body: badUtf8([0xff, 0xfe]), status: 400 },
  { name: 'overlong UTF-8 encoding of "/"', method: 'put', path: PUT_REC, body: badUtf8([0xc0, 0xaf]), status: 400 },
  { name: 'UTF-8-encoded lone surrogate (CESU)', method: 'put', path: PUT_REC, body: badUtf8([0xed, 0xa0, 0x80]), status: 400 },
  {
    name: 'truncated multi-byte sequence at the end',
    method: 'put',
    path: PUT_REC,
    body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe2, 0x82]),
    status: 400,
  },
  { name: 'NUL character in a text field', method: 'put', path: PUT_REC, body: rec({ title: 'a\u0000b' }), status: 400 },
  {
    name: 'escape and bell characters in a text field',
    method: 'put',
    path: PUT_REC,
    body: rec({ title: 'a\u001b[31mred\u0007' }),
    status: 400,
  },
  { name: 'NUL in a key', method: 'put', path: PUT_REC, body: withRaw(seedRec, '"ti\\u0000tle":"x"'), status: 400 },
  { name: 'id with traversal inside a body', method: 'put', path: PUT_REC, body: rec({ cameraSerial: '../../etc/passwd' }), status: 400 },
  { name: 'JSON null body', method: 'put', path: PUT_REC, body: 'null', status: 400 },
  { name: 'JSON array body', method: 'put', path: PUT_REC, body: '[]', status: 400 },
  {
    name: 'number overflowing to Infinity',
    method: 'put',
    path: PUT_REC,
    body: withRaw({ ...seedRec, durationSeconds: undefined }, '"durationSeconds":1e400'),
    status: 400,
  },
  { name: 'truncated JSON', method: 'put', path: PUT_REC, body: '{"cameraSerial":"CAM-1",', status: 400 },
  { name: 'empty body with a JSON content type', method: 'put', path: PUT_REC, body: '', status: 400 },
  {
    name: 'JSON body sent as form data',
    method: 'put',
    path: PUT_REC,
    body: 'cameraSerial=CAM-1',
    contentType: 'application/x-www-form-urlencoded',
    status: 415,
  },
  {
    name: 'case event with a $-key for the case number scope',
    method: 'post',
    path: '/api/v1/cases/C-SEED/events',
    role: 'prosecutor',
    body: { type: 'charged', date: '2026-05-02', $inc: { n: 1 } },
    status: 400,
  },
  {
    name: 'case body with a 10k-level nested member',
    method: 'put',
    path: '/api/v1/cases/C-NEW',
    role: 'prosecutor',
    body: withRaw(misdemeanorCase(), `"x":${nestedArrays(10_000)}`),
    status: 400,
  },
];

const QUERY_CASES: Case[] = [
  { name: 'operator object category[$ne]', method: 'get', path: '/api/v1/recordings?category[$ne]=x', status: 400 },
  { name: 'operator object caseNumber[$gt]', method: 'get', path: '/api/v1/recordings?caseNumber[$gt]=', status: 400 },
  { name: 'operator object officerId[$regex]', method: 'get', path: '/api/v1/recordings?officerId[$regex]=.*', status: 400 },
  { name: 'repeated limit', method: 'get', path: '/api/v1/recordings?limit=1&limit=2', status: 400 },
  { name: 'repeated caseNumber', method: 'get', path: '/api/v1/recordings?caseNumber=C-1&caseNumber=C-2', status: 400 },
  { name: '$-prefixed query key', method: 'get', path: '/api/v1/recordings?$where=1', status: 400 },
  { name: 'dotted query key', method: 'get', path: '/api/v1/recordings?location.nonpublic=true', status: 400 },
  { name: '__proto__ query key', method: 'get', path: '/api/v1/cameras?__proto__[polluted]=yes', status: 400 },
  { name: 'constructor[prototype] query key', method: 'get', path: '/api/v1/cameras?constructor[prototype][polluted]=yes', status: 400 },
  { name: 'operator object in the audit search', method: 'get', path: '/api/v1/audit?actor[$ne]=x', role: 'auditor', status: 400 },
  { name: 'repeated audit actor', method: 'get', path: '/api/v1/audit?actor=a&actor=b', role: 'auditor', status: 400 },
  {
    name: 'operator object for the eligibility requester',
    method: 'get',
    path: '/api/v1/recordings/H-SEED-1/eligibility?requester[$ne]=public',
    role: 'clerk',
    status: 400,
  },
  { name: 'limit as a huge number', method: 'get', path: '/api/v1/recordings?limit=1e309', status: 400 },
  { name: 'negative limit', method: 'get', path: '/api/v1/recordings?limit=-1', status: 400 },
  {
    name: 'cursor that decodes to an operator-looking id',
    method: 'get',
    path: `/api/v1/recordings?cursor=${Buffer.from('{"$gt":""}').toString('base64url')}`,
    status: 400,
  },
  { name: 'cursor of non-UTF-8 bytes', method: 'get', path: '/api/v1/recordings?cursor=__8', status: 400 },
  { name: 'NUL in a query value', method: 'get', path: '/api/v1/recordings?caseNumber=C%001', status: 400 },
  { name: 'percent-encoding that is not UTF-8 in a query value', method: 'get', path: '/api/v1/recordings?officerId=%C0%AF', status: 400 },
  {
    name: 'date range with an operator object',
    method: 'get',
    path: '/api/v1/recordings?recordedFrom[$gte]=2020-01-01T00:00:00Z',
    status: 400,
  },
  { name: 'request queue filter with an operator', method: 'get', path: '/api/v1/requests?status[$ne]=closed', role: 'clerk', status: 400 },
  {
    name: 'retention report with an operator',
    method: 'get',
    path: '/api/v1/reports/retention?format[$ne]=json',
    role: 'auditor',
    status: 400,
  },
];

const LONG = 'A'.repeat(5000);
const PATH_CASES: Case[] = [
  { name: 'traversal ..%2F in a recording id', method: 'get', path: '/api/v1/recordings/..%2F..%2Fetc%2Fpasswd', status: 400 },
  { name: 'traversal ..%2F in a PUT path (valid body)', method: 'put', path: '/api/v1/recordings/..%2Fescape', body: seedRec, status: 400 },
  { name: 'double-encoded traversal', method: 'get', path: '/api/v1/recordings/%252e%252e%252fx', status: 400 },
  { name: 'dot-dot inside an id', method: 'put', path: '/api/v1/cameras/CAM..1', role: 'admin', body: camera(), status: 400 },
  { name: 'backslash traversal', method: 'get', path: '/api/v1/cases/..%5C..%5Cwin', role: 'clerk', status: 400 },
  { name: 'NUL in a recording id', method: 'get', path: '/api/v1/recordings/H%00-1', status: 400 },
  { name: 'NUL in a PUT id (valid body)', method: 'put', path: '/api/v1/recordings/H-1%00', body: seedRec, status: 400 },
  {
    name: 'newline in a case number',
    method: 'put',
    path: '/api/v1/cases/C%0A1',
    role: 'prosecutor',
    body: misdemeanorCase(),
    status: 400,
  },
  {
    name: 'carriage return + header injection in an id',
    method: 'get',
    path: '/api/v1/cases/C%0D%0AX-Injected:%201',
    role: 'clerk',
    status: 400,
  },
  { name: 'escape character in a hold id', method: 'post', path: '/api/v1/holds/H%1B1/release', role: 'admin', status: 400 },
  { name: 'space in a request id', method: 'get', path: '/api/v1/requests/R%201', role: 'clerk', status: 400 },
  { name: '$-prefixed id', method: 'get', path: '/api/v1/decisions/$where', role: 'clerk', status: 400 },
  { name: 'malformed percent-encoding', method: 'get', path: '/api/v1/recordings/%E0%A4%A', status: 400 },
  { name: 'percent-encoded overlong UTF-8', method: 'get', path: '/api/v1/recordings/%C0%AF', status: 400 },
  { name: 'non-ASCII id', method: 'get', path: '/api/v1/recordings/%E2%80%AEgpj.exe', status: 400 },
  { name: '5000-character id (GET)', method: 'get', path: `/api/v1/recordings/${LONG}`, status: 400 },
  { name: '5000-character id (PUT with a valid body)', method: 'put', path: `/api/v1/recordings/${LONG}`, body: seedRec, status: 400 },
  { name: '5000-character order number', method: 'get', path: `/api/v1/court-orders/${LONG}`, role: 'clerk', status: 400 },
  { name: 'traversal in a documentation asset name', method: 'get', path: '/docs/assets/..%2F..%2F..%2Fpackage.json', status: 404 },
  { name: 'encoded traversal in a documentation asset name', method: 'get', path: '/docs/assets/%2e%2e%2fpackage.json', status: 404 },
  { name: 'long documentation asset name', method: 'get', path: `/docs/assets/${LONG}`, status: 400 },
];

const IMPORT = '/api/v1/recordings/import';
const ndjson = (lines: string[]) => lines.join('\n');
const CSV_HEADER =
  'ID,Title,Category,Recorded On,Duration,Device Serial,Officer ID,SHA-256,Case Numbers,Nonpublic,Location Kind,Address,Latitude,Longitude,Flags,Tags';

/** Import bodies refused as a whole (4xx problem+json). */
const IMPORT_REFUSED: Case[] = [
  {
    name: 'CSV whose header has unknown columns',
    method: 'post',
    path: IMPORT,
    contentType: 'text/csv',
    body: 'id,$where,constructor\nx,1,2\n',
    status: 400,
  },
  {
    name: 'CSV whose header line is not UTF-8',
    method: 'post',
    path: IMPORT,
    contentType: 'text/csv',
    body: Buffer.concat([Buffer.from('ID,Ti'), Buffer.from([0xff]), Buffer.from('tle\nH-1,x\n')]),
    status: 400,
  },
  {
    name: 'CSV whose header line is longer than 64 KiB',
    method: 'post',
    path: IMPORT,
    contentType: 'text/csv',
    body: `${'A'.repeat(70 * 1024)}\nH-1\n`,
    status: 400,
  },
  {
    name: 'CSV whose header opens a quote that never closes',
    method: 'post',
    path: IMPORT,
    contentType: 'text/csv',
    body: 'ID,"Title\nH-1,x\n',
    status: 400,
  },
  {
    name: 'CSV header with a lone quote mid-field',
    method: 'post',
    path: IMPORT,
    contentType: 'text/csv',
    body: 'ID,Ti"tle"x\nH-1,x\n',
    status: 400,
  },
  {
    name: 'import declared as Latin-1',
    method: 'post',
    path: IMPORT,
    contentType: 'application/x-ndjson; charset=latin1',
    body: '{}\n',
    status: 415,
  },
  { name: 'import sent as JSON', method: 'post', path: IMPORT, contentType: 'application/json', body: '[]', status: 415 },
  {
    name: 'import with a multipart content type',
    method: 'post',
    path: IMPORT,
    contentType: 'multipart/form-data; boundary=x',
    body: '--x--',
    status: 415,
  },
];

/** Import bodies whose every line is malformed: answered 200 with each line rejected, nothing stored. */
const IMPORT_ALL_REJECTED: (Case & { lines: number })[] = [
  {
    name: 'NDJSON lines that are not JSON',
    method: 'post',
    path: IMPORT,
    contentType: 'application/x-ndjson',
    body: ndjson(['{', 'not json', '{"a":}', '[1,2']),
    lines: 4,
  },
  {
    name: 'NDJSON lines with operator, dotted and prototype keys',
    method: 'post',
    path: IMPORT,
    contentType: 'application/x-ndjson',
    lines: 4,
    body: ndjson([
      JSON.stringify({ ...seedRec, recordingId: 'I-1', $set: { x: 1 } }),
      JSON.stringify({ ...seedRec, recordingId: 'I-2', 'flags.sealed': true }),
      withRaw({ ...seedRec, recordingId: 'I-3' }, '"__proto__":{"polluted":"yes"}'),
      withRaw({ ...seedRec, recordingId: 'I-4' }, '"constructor":{"prototype":{"polluted":"yes"}}'),
    ]),
  },
  {
    name: 'NDJSON lines with deep nesting, invalid UTF-8 and NUL',
    method: 'post',
    path: IMPORT,
    contentType: 'application/x-ndjson',
    lines: 3,
    body: Buffer.concat([
      Buffer.from(`${nestedArrays(10_000)}\n`),
      Buffer.from('{"recordingId":"I-5","title":"'),
      Buffer.from([0xc0, 0xaf]),
      Buffer.from('"}\n'),
      Buffer.from(`${JSON.stringify({ ...seedRec, recordingId: 'I-6', title: 'a\u0000b' })}\n`),
    ]),
  },
  {
    name: 'NDJSON with a traversal id and a 70 KiB line',
    method: 'post',
    path: IMPORT,
    contentType: 'application/x-ndjson',
    lines: 2,
    body: ndjson([
      JSON.stringify({ ...seedRec, recordingId: '../../x' }),
      JSON.stringify({ ...seedRec, recordingId: 'I-7', title: 'x'.repeat(70 * 1024) }),
    ]),
  },
  {
    name: 'NDJSON lines that are arrays, null and numbers',
    method: 'post',
    path: IMPORT,
    contentType: 'application/x-ndjson',
    body: ndjson(['[]', 'null', '42', '"str"']),
    lines: 4,
  },
  {
    name: 'CSV rows with the wrong field count, a stray quote, bad values and a quote never closed',
    method: 'post',
    path: IMPORT,
    contentType: 'text/csv',
    lines: 4,
    body: `${CSV_HEADER}\nI-8,only,three\n"x"y,a,b,c,d,e,f,g,h,i,j,k,l,m,n,o\nI-10,t,traffic,not-a-date,forever,CAM-1,O-1,zz,,maybe,public,,999,999,,\nI-9,"unterminated,traffic,x\n`,
  },
  {
    name: 'CSV rows with injection-looking cells',
    method: 'post',
    path: IMPORT,
    contentType: 'text/csv',
    lines: 1,
    body: `${CSV_HEADER}\n../x,=cmd|'/c calc'!A1,$ne,2026-05-01T14:00:00-05:00,00:01:00,CAM-1,O-1,${'a'.repeat(64)},,no,public,,,,,\n`,
  },
];

interface Outcome {
  status: number;
  type: string;
  text: string;
  body: unknown;
}

async function run(t: TestApp, c: Case): Promise<Outcome> {
  let req = t.request[c.method](c.path).set(bearer(c.role ?? 'admin', 'hostile'));
  if (c.body !== undefined) {
    const raw = typeof c.body === 'string' || Buffer.isBuffer(c.body) ? c.body : JSON.stringify(c.body);
    req = req
      .set('Content-Type', c.contentType ?? 'application/json')
      .serialize((b: unknown) => b as string)
      .send(raw);
  }
  const res = await req;
  return { status: res.status, type: String(res.headers['content-type'] ?? ''), text: res.text.slice(0, 300), body: res.body };
}

describe('hostile input', () => {
  let db: DbHandle;
  let t: TestApp;
  let baseline: Record<string, number>;
  const tried = { body: 0, query: 0, path: 0, import: 0 };

  async function counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const [name, model] of Object.entries(t.deps.models)) {
      if (name === 'Audit') continue;
      out[name] = await (model as { countDocuments(): Promise<number> }).countDocuments();
    }
    return out;
  }

  function expectRefused(c: Case, o: Outcome): void {
    const label = `${c.name}: ${o.status} ${o.text}`;
    expect(o.status, label).to.be.within(400, 499);
    if (c.status !== undefined) expect(o.status, label).to.equal(c.status);
    expect(o.type, label).to.match(/^application\/problem\+json/);
  }

  before(async function () {
    this.timeout(60_000);
    db = await freshDatabase('hostile');
    t = await makeTestApp(db);
    expect((await t.request.put('/api/v1/cameras/CAM-1').set(bearer('admin')).send(camera())).status).to.equal(201);
    expect((await t.request.put('/api/v1/recordings/H-SEED-1').set(bearer('ingest')).send(seedRec)).status).to.equal(201);
    expect((await t.request.put('/api/v1/cases/C-SEED').set(bearer('prosecutor')).send(misdemeanorCase())).status).to.equal(201);
    baseline = await counts();
  });
  after(async () => db.close());

  it(`refuses each of ${BODY_CASES.length} hostile JSON bodies with a 4xx problem+json`, async function () {
    this.timeout(60_000);
    for (const c of BODY_CASES) {
      expectRefused(c, await run(t, c));
      tried.body += 1;
    }
  });

  it(`refuses each of ${QUERY_CASES.length} operator objects, repeated and odd query parameters with a 4xx problem+json`, async () => {
    for (const c of QUERY_CASES) {
      expectRefused(c, await run(t, c));
      tried.query += 1;
    }
  });

  it(`refuses each of ${PATH_CASES.length} path parameters with traversal, control characters or excessive length with a 4xx problem+json`, async () => {
    for (const c of PATH_CASES) {
      expectRefused(c, await run(t, c));
      tried.path += 1;
    }
  });

  it(`refuses each of ${IMPORT_REFUSED.length} unreadable import bodies (bad CSV header, wrong type or charset) with a 4xx problem+json`, async () => {
    for (const c of IMPORT_REFUSED) {
      expectRefused(c, await run(t, { ...c, role: 'ingest' }));
      tried.import += 1;
    }
  });

  it(`rejects every line of ${IMPORT_ALL_REJECTED.length} malformed NDJSON and CSV imports, naming each line, and stores none`, async function () {
    this.timeout(30_000);
    for (const c of IMPORT_ALL_REJECTED) {
      const o = await run(t, { ...c, role: 'ingest' });
      expect(o.status, `${c.name}: ${o.text}`).to.equal(200);
      const s = o.body as {
        received: number;
        inserted: number;
        updated: number;
        unchanged: number;
        rejected: number;
        errors: { line: number }[];
      };
      expect({ received: s.received, stored: s.inserted + s.updated + s.unchanged, rejected: s.rejected }, c.name).to.deep.equal({
        received: c.lines,
        stored: 0,
        rejected: c.lines,
      });
      expect(new Set(s.errors.map((e) => e.line)).size, c.name).to.equal(c.lines);
      tried.import += 1;
    }
  });

  it('answers methods the router does not implement (TRACE) with 405 problem+json, never a 5xx', async () => {
    for (const res of [await t.request.trace('/api/v1/recordings').set(bearer('admin')), await t.request.trace('/healthz')]) {
      expect(res.status, res.text).to.equal(405);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    }
  });

  it('documents problem details as extensible (RFC 9457 extension members such as stored/lastLine match the OpenAPI document)', async () => {
    const doc = (await t.request.get('/openapi.json')).body as {
      components: { schemas: Record<string, { additionalProperties?: unknown }> };
    };
    expect(doc.components.schemas.Problem?.additionalProperties).to.not.equal(false);
  });

  it('stored nothing: every collection holds exactly what was seeded, and listings show only the seeded recording', async () => {
    expect(tried.body + tried.query + tried.path + tried.import).to.equal(
      BODY_CASES.length + QUERY_CASES.length + PATH_CASES.length + IMPORT_REFUSED.length + IMPORT_ALL_REJECTED.length,
    );
    expect(await counts()).to.deep.equal(baseline);
    const list = await t.request.get('/api/v1/recordings?limit=1000').set(bearer('clerk'));
    expect(list.status).to.equal(200);
    expect((list.body as { items: { recordingId: string }[] }).items.map((r) => r.recordingId)).to.deep.equal(['H-SEED-1']);
    const stored = await t.request.get('/api/v1/recordings/H-SEED-1').set(bearer('clerk'));
    expect(stored.body).to.include({ category: 'traffic', durationSeconds: 600 });
  });

  it('left Object.prototype unpolluted', () => {
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect(Object.prototype).not.to.have.property('polluted');
    expect((Object.create(null) as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('still answers normally after the barrage (the app is not wedged)', async () => {
    const res = await t.request.get('/api/v1/whoami').set(bearer('clerk', 'after'));
    expect(res.status).to.equal(200);
    expect((await t.request.get('/readyz')).status).to.equal(200);
  });
});
