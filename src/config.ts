/**
 * The only reader of process.env. Every setting is parsed once with zod; a bad value
 * fails start-up with a message naming the variable. No secret has a default: when
 * neither JWT_SECRET nor JWT_PUBLIC_KEY is set, main.ts generates a random secret
 * into DATA_DIR (0600) on first start.
 */
import path from 'node:path';
import { z } from 'zod';
import { STAFF_ROLES, StaffRole } from './auth/roles';
import { HH_MM } from './engine/legal-time';

const byteSize = z
  .string()
  .regex(/^\d+(b|kb|mb|gb)?$/i, 'a size like 1mb, 512kb or 1048576')
  .transform((s) => {
    const m = /^(\d+)(b|kb|mb|gb)?$/i.exec(s);
    const n = Number(m?.[1] ?? 0);
    const unit = (m?.[2] ?? 'b').toLowerCase();
    const mult = unit === 'gb' ? 1024 ** 3 : unit === 'mb' ? 1024 ** 2 : unit === 'kb' ? 1024 : 1;
    return n * mult;
  });

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());

export const ConfigSchema = z
  .object({
    NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['development', 'production', 'test']).default('development')),
    MONGODB_URI: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
        .optional(),
    ),
    MONGODB_DB: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9_-]+$/)
        .default('footage'),
    ),
    PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(8080)),
    HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
    FERRETDB_BIN: z.preprocess(emptyToUndefined, z.string().default('.tools/bin/ferretdb')),
    PG_BIN_DIR: z.preprocess(emptyToUndefined, z.string().default('/usr/lib/postgresql/15/bin')),
    LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
    JWT_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
    JWT_PUBLIC_KEY: z.preprocess(
      emptyToUndefined,
      z.string().includes('BEGIN PUBLIC KEY', { message: 'must be a PEM public key' }).optional(),
    ),
    JWT_ALGORITHM: z.preprocess(emptyToUndefined, z.enum(['HS256', 'HS384', 'HS512', 'RS256', 'ES256']).optional()),
    JWT_ISSUER: optionalString,
    JWT_AUDIENCE: optionalString,
    JWT_CLOCK_TOLERANCE_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(300).default(30)),
    JWT_MAX_TTL_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(60).default(86400)),
    BODY_LIMIT: z.preprocess(emptyToUndefined, byteSize.default(1024 * 1024)),
    IMPORT_BODY_LIMIT: z.preprocess(emptyToUndefined, byteSize.default(2 * 1024 ** 3)),
    RULES_DIR: z.preprocess(emptyToUndefined, z.string().default('rules/missouri')),
    CLOSE_OF_BUSINESS: z.preprocess(emptyToUndefined, z.string().regex(HH_MM, 'must be HH:MM (24h)').optional()),
    SWEEP_INTERVAL_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).default(3600)),
    REVIEW_DUE_SOON_BUSINESS_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(10).default(1)),
    SHUTDOWN_GRACE_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).default(20)),
    // OpenID Connect sign-in for staff (all four set, or none: development mode with pasted tokens).
    OIDC_ISSUER: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/, message: 'must be the issuer URL (https://…)' }).optional()),
    OIDC_CLIENT_ID: optionalString,
    OIDC_CLIENT_SECRET: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
    OIDC_REDIRECT_URI: z.preprocess(
      emptyToUndefined,
      z.url({ protocol: /^https?$/, message: 'must be an absolute URL ending in /auth/callback' }).optional(),
    ),
    OIDC_POST_LOGOUT_REDIRECT_URI: z.preprocess(
      emptyToUndefined,
      z.url({ protocol: /^https?$/, message: 'must be an absolute URL' }).optional(),
    ),
    OIDC_SCOPES: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/(^| )openid( |$)/, 'must include openid')
        .default('openid profile email'),
    ),
    ROLE_CLAIM: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^[\w:/.-]+$/, 'a claim name, dotted for nested claims (realm_access.roles)')
        .default('groups'),
    ),
    ROLE_MAP: z.preprocess(emptyToUndefined, z.string().optional()),
    SESSION_MAX_AGE_SECONDS: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number()
        .int()
        .min(300)
        .max(7 * 86400)
        .default(8 * 3600),
    ),
    SESSION_IDLE_TIMEOUT_SECONDS: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number()
        .int()
        .min(60)
        .default(30 * 60),
    ),
  })
  .superRefine((c, ctx) => {
    if (c.JWT_SECRET && c.JWT_PUBLIC_KEY) {
      ctx.addIssue({ code: 'custom', path: ['JWT_PUBLIC_KEY'], message: 'set JWT_SECRET or JWT_PUBLIC_KEY, not both' });
    }
    const alg = c.JWT_ALGORITHM;
    if (alg && c.JWT_PUBLIC_KEY && alg.startsWith('HS')) {
      ctx.addIssue({ code: 'custom', path: ['JWT_ALGORITHM'], message: 'an HS algorithm cannot be used with JWT_PUBLIC_KEY' });
    }
    if (alg && c.JWT_SECRET && !alg.startsWith('HS')) {
      ctx.addIssue({ code: 'custom', path: ['JWT_ALGORITHM'], message: 'JWT_SECRET needs an HS algorithm' });
    }
    checkOidc(c, (variable, message) => ctx.addIssue({ code: 'custom', path: [variable], message }));
  });

const OIDC_REQUIRED = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI'] as const;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** Plain http only to this machine (tests, a developer's own IdP); anything else must use TLS. */
const tlsOrLoopback = (u: string) => {
  const url = new URL(u);
  return url.protocol === 'https:' || LOOPBACK.has(url.hostname);
};

type OidcInput = { [K in (typeof OIDC_REQUIRED)[number] | 'OIDC_POST_LOGOUT_REDIRECT_URI' | 'ROLE_MAP']?: string | undefined } & {
  SESSION_MAX_AGE_SECONDS: number;
  SESSION_IDLE_TIMEOUT_SECONDS: number;
};

function checkOidc(c: OidcInput, issue: (variable: string, message: string) => void): void {
  const set = OIDC_REQUIRED.filter((k) => c[k] !== undefined);
  if (set.length > 0 && set.length < OIDC_REQUIRED.length) {
    for (const k of OIDC_REQUIRED)
      if (c[k] === undefined)
        issue(k, `must be set with ${set.join(', ')} (OpenID Connect needs all four; unset all four for development mode)`);
  }
  for (const k of ['OIDC_ISSUER', 'OIDC_REDIRECT_URI', 'OIDC_POST_LOGOUT_REDIRECT_URI'] as const) {
    const v = c[k];
    if (v !== undefined && !tlsOrLoopback(v)) issue(k, 'must use https:// (plain http only on a loopback address)');
  }
  if (c.OIDC_REDIRECT_URI !== undefined && new URL(c.OIDC_REDIRECT_URI).pathname !== '/auth/callback') {
    issue(
      'OIDC_REDIRECT_URI',
      "must end in /auth/callback (the service's callback route), e.g. https://footage.kcpd.example/auth/callback",
    );
  }
  if (c.ROLE_MAP !== undefined) {
    try {
      parseRoleMap(c.ROLE_MAP);
    } catch (e) {
      issue('ROLE_MAP', e instanceof Error ? e.message : String(e));
    }
  }
  if (c.SESSION_IDLE_TIMEOUT_SECONDS > c.SESSION_MAX_AGE_SECONDS) {
    issue('SESSION_IDLE_TIMEOUT_SECONDS', `must not exceed SESSION_MAX_AGE_SECONDS (${c.SESSION_MAX_AGE_SECONDS})`);
  }
}

/**
 * ROLE_MAP: `claim value:role` pairs separated by commas (`KCPD-Records-Clerks:clerk,KCPD-Auditors:auditor`).
 * The value is split at its LAST colon, so claim values may contain colons (URNs). Only staff roles
 * may be mapped: `ingest` is a service account that signs in with a bearer token, never a browser.
 * The order matters: a user matching several entries gets the role of the first one.
 */
export function parseRoleMap(text: string): ReadonlyArray<{ value: string; role: StaffRole }> {
  const out: { value: string; role: StaffRole }[] = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = part.lastIndexOf(':');
    const value = at > 0 ? part.slice(0, at).trim() : '';
    const role = at > 0 ? part.slice(at + 1).trim() : '';
    if (!value) throw new Error(`"${part}" must be "claim value:role"`);
    const parsed = StaffRole.safeParse(role);
    if (!parsed.success) throw new Error(`"${part}": ${JSON.stringify(role)} is not a staff role (${STAFF_ROLES.join(', ')})`);
    if (out.some((e) => e.value === value)) throw new Error(`"${value}" is mapped twice`);
    out.push({ value, role: parsed.data });
  }
  if (out.length === 0) throw new Error('names no mapping');
  return out;
}

/** The OpenID Connect settings when sign-in through an identity provider is configured; null in development mode. */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  scopes: string;
  roleClaim: string;
  /** null: the claim's values are role names themselves. */
  roleMap: ReadonlyArray<{ value: string; role: StaffRole }> | null;
  /** The service's public origin (from the redirect URI): CSRF origin checks and cookie security. */
  origin: string;
  /** Cookies are Secure (and __Host- prefixed) when the service is reached over TLS. */
  secureCookies: boolean;
}

export function oidcSettings(c: Config): OidcSettings | null {
  if (!c.OIDC_ISSUER || !c.OIDC_CLIENT_ID || !c.OIDC_CLIENT_SECRET || !c.OIDC_REDIRECT_URI) return null;
  const redirect = new URL(c.OIDC_REDIRECT_URI);
  return {
    issuer: c.OIDC_ISSUER,
    clientId: c.OIDC_CLIENT_ID,
    clientSecret: c.OIDC_CLIENT_SECRET,
    redirectUri: c.OIDC_REDIRECT_URI,
    postLogoutRedirectUri: c.OIDC_POST_LOGOUT_REDIRECT_URI ?? `${redirect.origin}/`,
    scopes: c.OIDC_SCOPES,
    roleClaim: c.ROLE_CLAIM,
    roleMap: c.ROLE_MAP ? parseRoleMap(c.ROLE_MAP) : null,
    origin: redirect.origin,
    secureCookies: redirect.protocol === 'https:',
  };
}

export type Config = z.infer<typeof ConfigSchema> & { dataDir: string };

export class ConfigError extends Error {
  constructor(public readonly issues: { variable: string; message: string }[]) {
    super(`Invalid configuration: ${issues.map((i) => `${i.variable}: ${i.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '(config)'), message: i.message })));
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
}

/**
 * CLOSE_OF_BUSINESS may set close of business EARLIER than the rules' `closeOfBusiness`
 * (rules/<dir>/sunshine.yaml), never later: a later close moves every Sunshine deadline past
 * the end of the business day RSMo 610.023.3 counts, with no record in the rules. Checked once
 * the rules are read (main before the database starts, buildDeps for scripts and tests).
 */
export function checkCloseOfBusiness(c: Pick<Config, 'CLOSE_OF_BUSINESS'>, rulesCloseOfBusiness: string): void {
  // "HH:mm" strings compare in time order.
  if (c.CLOSE_OF_BUSINESS !== undefined && c.CLOSE_OF_BUSINESS > rulesCloseOfBusiness) {
    throw new ConfigError([
      {
        variable: 'CLOSE_OF_BUSINESS',
        message:
          `${c.CLOSE_OF_BUSINESS} is later than the rules' closeOfBusiness ${rulesCloseOfBusiness}; it may only set an earlier time ` +
          `(a later one would move Sunshine deadlines past RSMo 610.023.3). Change closeOfBusiness in the rules instead, or unset it`,
      },
    ]);
  }
}

/** The JWT algorithm pinned for verification: never taken from the token header. */
export function jwtAlgorithm(c: Pick<Config, 'JWT_ALGORITHM' | 'JWT_PUBLIC_KEY'>): 'HS256' | 'HS384' | 'HS512' | 'RS256' | 'ES256' {
  return c.JWT_ALGORITHM ?? (c.JWT_PUBLIC_KEY ? 'RS256' : 'HS256');
}
