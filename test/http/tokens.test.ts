/**
 * Token hardening beyond the basics in foundation.test.ts: HS/RS key confusion, nbf and iat
 * in the future, bounded clock skew, audience. Tokens are forged by hand (node:crypto) so
 * the library's own signing-side checks cannot hide a verification weakness.
 */
import { createHmac, createSign, generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../src/config';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, TEST_SECRET, makeTestApp, testConfig } from '../support/app';
import { freshDatabase } from '../support/db';
import { problemOf } from '../support/api';

const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
const nowSec = () => Math.floor(Date.now() / 1000);

function hs256(payload: object, secret: string | Buffer): string {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}
function rs256(payload: object, privateKeyPem: string): string {
  const head = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${head}.${createSign('RSA-SHA256').update(head).sign(privateKeyPem).toString('base64url')}`;
}
const claims = (extra: Record<string, unknown> = {}) => ({ sub: 'tok-user', role: 'admin', iat: nowSec(), exp: nowSec() + 600, ...extra });

async function whoami(t: TestApp, tok: string) {
  const res = await t.request.get('/api/v1/whoami').set('Authorization', `Bearer ${tok}`);
  if (res.status === 200) return { status: res.status, detail: '' };
  expect(res.status, res.text).to.equal(401);
  expect(res.headers['content-type']).to.match(/problem\+json/);
  const problem = problemOf(res);
  expect(problem.code).to.equal('UNAUTHENTICATED');
  return { status: res.status, detail: problem.detail };
}

describe('token verification hardening', () => {
  let db: DbHandle;
  let hs: TestApp;
  let rs: TestApp;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

  before(async () => {
    db = await freshDatabase('tokens');
    hs = await makeTestApp(db);
    rs = await makeTestApp(db, undefined, testConfig({ JWT_SECRET: '', JWT_PUBLIC_KEY: publicKey }));
  });
  after(async () => db.close());

  describe('with an RSA public key configured (RS256 pinned)', () => {
    it('accepts a token signed RS256 with the matching private key', async () => {
      expect((await whoami(rs, rs256(claims(), privateKey))).status).to.equal(200);
    });
    it('refuses a token signed HS256 with the RSA public key as the HMAC secret (HS/RS confusion)', async () => {
      expect((await whoami(rs, hs256(claims(), publicKey))).status).to.equal(401);
      expect((await whoami(rs, hs256(claims(), Buffer.from(publicKey)))).status).to.equal(401);
    });
    it('refuses an RS256 token signed with another private key', async () => {
      const other = generateKeyPairSync('rsa', {
        modulusLength: 2048,
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
      });
      expect((await whoami(rs, rs256(claims(), other.privateKey))).status).to.equal(401);
    });
    it('refuses start-up configuration that pairs a public key with an HS algorithm', () => {
      expect(() => loadConfig({ JWT_PUBLIC_KEY: publicKey, JWT_ALGORITHM: 'HS256' })).to.throw(ConfigError, /JWT_ALGORITHM/);
    });
  });

  describe('with a shared secret configured (HS256 pinned)', () => {
    it('refuses an RS256 token even when it is validly signed', async () => {
      expect((await whoami(hs, rs256(claims(), privateKey))).status).to.equal(401);
    });
    it('refuses a token whose nbf is beyond the clock tolerance and says it is not valid yet', async () => {
      const r = await whoami(hs, hs256(claims({ nbf: nowSec() + 3600 }), TEST_SECRET));
      expect(r.status).to.equal(401);
      expect(r.detail).to.match(/not valid yet/);
    });
    it('accepts a token whose nbf is a few seconds ahead, within the clock tolerance', async () => {
      expect((await whoami(hs, hs256(claims({ nbf: nowSec() + 5 }), TEST_SECRET))).status).to.equal(200);
    });
    it('refuses a token issued far in the future even though exp - iat is within the maximum lifetime', async () => {
      const iat = nowSec() + 10 * 365 * 86400;
      const r = await whoami(hs, hs256(claims({ iat, exp: iat + 600 }), TEST_SECRET));
      expect(r.status).to.equal(401);
      expect(r.detail).to.match(/issued in the future/);
    });
    it('refuses a token without iat (its lifetime cannot be bounded)', async () => {
      const { iat: _omit, ...noIat } = claims();
      expect((await whoami(hs, hs256(noIat, TEST_SECRET))).status).to.equal(401);
    });
    it('accepts a token that expired 5 s ago (within the 30 s tolerance) and refuses one that expired 5 min ago', async () => {
      expect((await whoami(hs, hs256(claims({ iat: nowSec() - 600, exp: nowSec() - 5 }), TEST_SECRET))).status).to.equal(200);
      const r = await whoami(hs, hs256(claims({ iat: nowSec() - 900, exp: nowSec() - 300 }), TEST_SECRET));
      expect(r.status).to.equal(401);
      expect(r.detail).to.match(/expired/);
    });
    it('honours a configured tolerance of 0 s (a token expired 5 s ago is refused)', async () => {
      const strict = await makeTestApp(db, undefined, testConfig({ JWT_CLOCK_TOLERANCE_SECONDS: '0' }));
      expect((await whoami(strict, hs256(claims({ iat: nowSec() - 600, exp: nowSec() - 5 }), TEST_SECRET))).status).to.equal(401);
    });
    it('refuses configuring a clock tolerance above 300 s', () => {
      expect(() => loadConfig({ JWT_SECRET: TEST_SECRET, JWT_CLOCK_TOLERANCE_SECONDS: '3600' })).to.throw(
        ConfigError,
        /JWT_CLOCK_TOLERANCE_SECONDS/,
      );
    });
    it('refuses a token with a non-integer exp or a role given as an array', async () => {
      expect((await whoami(hs, hs256(claims({ exp: nowSec() + 600.5 }), TEST_SECRET))).status).to.equal(401);
      expect((await whoami(hs, hs256(claims({ role: ['admin'] }), TEST_SECRET))).status).to.equal(401);
    });
    it('refuses a token with a sub that is not a plain identifier', async () => {
      expect((await whoami(hs, hs256(claims({ sub: 'a\u0000b' }), TEST_SECRET))).status).to.equal(401);
      expect((await whoami(hs, hs256(claims({ sub: { $ne: null } }), TEST_SECRET))).status).to.equal(401);
    });
  });

  describe('with an audience configured', () => {
    it('refuses a token for another audience or without one, and accepts the configured audience', async () => {
      const aud = await makeTestApp(db, undefined, testConfig({ JWT_AUDIENCE: 'footage-api' }));
      expect((await whoami(aud, hs256(claims({ aud: 'other-api' }), TEST_SECRET))).status).to.equal(401);
      expect((await whoami(aud, hs256(claims(), TEST_SECRET))).status).to.equal(401);
      expect((await whoami(aud, hs256(claims({ aud: 'footage-api' }), TEST_SECRET))).status).to.equal(200);
    });
    it('refuses a token without iss when an issuer is configured', async () => {
      const iss = await makeTestApp(db, undefined, testConfig({ JWT_ISSUER: 'kcpd-idp' }));
      expect((await whoami(iss, hs256(claims(), TEST_SECRET))).status).to.equal(401);
    });
  });
});
