/**
 * The only reader of process.env. Every setting is parsed once with zod; a bad value
 * fails start-up with a message naming the variable. No secret has a default: when
 * neither JWT_SECRET nor JWT_PUBLIC_KEY is set, main.ts generates a random secret
 * into DATA_DIR (0600) on first start.
 */
import path from 'node:path';
import { z } from 'zod';

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
      z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://').optional(),
    ),
    MONGODB_DB: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9_-]+$/).default('footage')),
    PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(8080)),
    HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
    FERRETDB_BIN: z.preprocess(emptyToUndefined, z.string().default('.tools/bin/ferretdb')),
    PG_BIN_DIR: z.preprocess(emptyToUndefined, z.string().default('/usr/lib/postgresql/15/bin')),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
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
    CLOSE_OF_BUSINESS: z.preprocess(
      emptyToUndefined,
      z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24h)').optional(),
    ),
    SWEEP_INTERVAL_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).default(3600)),
    SHUTDOWN_GRACE_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).default(20)),
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
  });

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
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '(config)'), message: i.message })),
    );
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
