/**
 * The access table: for every route, the roles allowed. 'public' routes need no token
 * (health, readiness, metrics, API docs). A route missing here fails at start-up, and
 * test/http/access.test.ts walks the router checking every role × route pair.
 */
import type { Role } from '../auth/roles';

const ALL: readonly Role[] = ['clerk', 'prosecutor', 'auditor', 'admin', 'ingest'];


export const ACCESS: Readonly<Record<string, readonly Role[] | 'public'>> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /metrics': 'public',
  'GET /openapi.json': 'public',
  'GET /docs': 'public',
  'GET /docs/assets/:file': 'public',
  'GET /api/v1/whoami': ALL,
  /** Only mounted by tests (request-body behaviour). */
  'POST /api/v1/whoami': ['admin'],
};
