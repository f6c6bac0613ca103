/**
 * Prints a signed token for the configured secret (JWT_SECRET, or the one generated into
 * DATA_DIR by the first `npm start`). Usage: npm run token -- --role clerk --sub jdoe --ttl 8h
 */
import { parseArgs } from 'node:util';
import { Role } from '../src/auth/roles';
import { mintToken } from '../src/auth/tokens';
import { loadConfig } from '../src/config';
import { ensureJwtSecret } from '../src/resources';

function ttlSeconds(s: string): number {
  const m = /^(\d+)([smhd]?)$/.exec(s);
  if (!m) throw new Error(`--ttl must look like 3600, 30m, 8h or 1d (got ${s})`);
  const mult = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] ?? ''] ?? 1;
  return Number(m[1]) * mult;
}

const { values } = parseArgs({
  options: { role: { type: 'string' }, sub: { type: 'string' }, ttl: { type: 'string', default: '8h' } },
});
const role = Role.safeParse(values.role);
if (!role.success || !values.sub) {
  console.error(`usage: npm run token -- --role <${Role.options.join('|')}> --sub <user id> [--ttl 8h]`);
  process.exit(2);
}
const config = ensureJwtSecret(loadConfig());
const ttl = ttlSeconds(values.ttl ?? '8h');
if (ttl > config.JWT_MAX_TTL_SECONDS) {
  console.error(`--ttl exceeds JWT_MAX_TTL_SECONDS (${config.JWT_MAX_TTL_SECONDS} s); the service would refuse the token.`);
  process.exit(2);
}
process.stdout.write(`${mintToken({ sub: values.sub, role: role.data }, ttl, config)}\n`);
