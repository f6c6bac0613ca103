/**
 * JWT verification and minting. The algorithm is pinned from configuration, never read
 * from the token (no `none`, no HS/RS confusion); `exp` is required; `nbf`, `iss` and
 * `aud` are checked when configured; clock skew is bounded; claims are validated by zod.
 */
import { type KeyObject, createPublicKey, createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { type Config, jwtAlgorithm } from '../config';
import { AppError } from '../errors';
import { type Actor, Role } from './roles';

const Claims = z.object({
  sub: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\w.@:-]+$/, 'letters, digits and . _ @ : - only'),
  role: Role,
  exp: z.number().int(),
  iat: z.number().int().optional(),
  nbf: z.number().int().optional(),
});

export type JwtSettings = Pick<
  Config,
  'JWT_SECRET' | 'JWT_PUBLIC_KEY' | 'JWT_ALGORITHM' | 'JWT_ISSUER' | 'JWT_AUDIENCE' | 'JWT_CLOCK_TOLERANCE_SECONDS' | 'JWT_MAX_TTL_SECONDS'
>;

const keyObjects = new Map<string, KeyObject>();

/**
 * The configured key as a KeyObject, made once. Given a string, jsonwebtoken tries it as a PEM
 * public key first and, for an HMAC secret, fails and falls back to a secret key, on every
 * verification: that failed parse was the largest CPU cost of an authenticated request. The same
 * two steps, done once per key.
 */
function verificationKey(s: JwtSettings): KeyObject {
  const key = s.JWT_PUBLIC_KEY ?? s.JWT_SECRET;
  if (!key) throw new Error('No JWT key configured (JWT_SECRET or JWT_PUBLIC_KEY)');
  let made = keyObjects.get(key);
  if (made === undefined) {
    try {
      made = createPublicKey(key);
    } catch {
      made = createSecretKey(Buffer.from(key, 'utf8'));
    }
    keyObjects.set(key, made);
  }
  return made;
}

export function verifyToken(token: string, s: JwtSettings): Actor {
  let payload: string | jwt.JwtPayload;
  try {
    payload = jwt.verify(token, verificationKey(s), {
      algorithms: [jwtAlgorithm(s)],
      issuer: s.JWT_ISSUER,
      audience: s.JWT_AUDIENCE,
      clockTolerance: s.JWT_CLOCK_TOLERANCE_SECONDS,
    });
  } catch (e) {
    const name = e instanceof Error ? e.name : 'Error';
    const why =
      name === 'TokenExpiredError'
        ? 'the token has expired'
        : name === 'NotBeforeError'
          ? 'the token is not valid yet'
          : `the token was rejected (${e instanceof Error ? e.message : 'invalid'})`;
    throw new AppError('UNAUTHENTICATED', `Authentication failed: ${why}.`);
  }
  if (typeof payload === 'string') throw new AppError('UNAUTHENTICATED', 'Authentication failed: the token payload is not a JSON object.');
  if (payload.exp === undefined) throw new AppError('UNAUTHENTICATED', 'Authentication failed: the token has no exp claim.');
  if (payload.iat === undefined) throw new AppError('UNAUTHENTICATED', 'Authentication failed: the token has no iat claim.');
  // A token "issued" in the future would stretch its lifetime past JWT_MAX_TTL_SECONDS (exp - iat stays small).
  if (payload.iat > Math.floor(Date.now() / 1000) + s.JWT_CLOCK_TOLERANCE_SECONDS) {
    throw new AppError('UNAUTHENTICATED', 'Authentication failed: the token was issued in the future (iat beyond the allowed clock skew).');
  }
  if (payload.exp - payload.iat > s.JWT_MAX_TTL_SECONDS) {
    throw new AppError('UNAUTHENTICATED', `Authentication failed: the token lives longer than the allowed ${s.JWT_MAX_TTL_SECONDS} s.`);
  }
  const claims = Claims.safeParse(payload);
  if (!claims.success) {
    const issue = claims.error.issues[0];
    throw new AppError(
      'UNAUTHENTICATED',
      `Authentication failed: claim ${String(issue?.path[0] ?? '?')} is invalid (${issue?.message ?? 'invalid'}).`,
    );
  }
  return { sub: claims.data.sub, role: claims.data.role };
}

export function mintToken(
  actor: Actor,
  ttlSeconds: number,
  s: Pick<Config, 'JWT_SECRET' | 'JWT_ALGORITHM' | 'JWT_PUBLIC_KEY' | 'JWT_ISSUER' | 'JWT_AUDIENCE'>,
  privateKey?: string,
): string {
  const key = privateKey ?? s.JWT_SECRET;
  if (!key) throw new Error('Minting needs JWT_SECRET (or a private key for RS/ES algorithms).');
  return jwt.sign({ role: actor.role }, key, {
    algorithm: jwtAlgorithm(s),
    subject: actor.sub,
    expiresIn: ttlSeconds,
    ...(s.JWT_ISSUER ? { issuer: s.JWT_ISSUER } : {}),
    ...(s.JWT_AUDIENCE ? { audience: s.JWT_AUDIENCE } : {}),
  });
}
