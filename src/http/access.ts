/**
 * The access table: for every route, the roles allowed. 'public' routes need no token
 * (health, readiness, metrics, API docs). A route missing here fails at start-up, and
 * test/http/access-matrix.test.ts walks the router checking every role × route pair.
 */
import { ROLES, type Role, STAFF_ROLES } from '../auth/roles';

/** Every role, the evidence-system feed included (it reads back what it wrote). */
const ALL: readonly Role[] = ROLES;
/** Every member of staff: clerk, prosecutor, auditor, counsel, admin (not the ingest feed). */
const READERS: readonly Role[] = STAFF_ROLES;

/** Who may call a route: the roles allowed, or 'public'. */
export type Access = readonly Role[] | 'public';
/** Route key ('METHOD /path') to its access. */
export type AccessTable = Readonly<Record<string, Access>>;

export const ACCESS: AccessTable = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /metrics': 'public',
  'GET /openapi.json': 'public',
  'GET /docs': 'public',
  'GET /docs/assets/:file': 'public',
  // Staff web app (web/): the page and its static assets; the API calls it makes carry the token
  'GET /': 'public',
  'GET /app/:file': 'public',
  // Sign-in through the identity provider: nobody is signed in yet when these are called
  // (each checks what it needs itself: the sign-in attempt's cookie, the session and its CSRF token).
  'GET /auth/session': 'public',
  'GET /auth/login': 'public',
  'GET /auth/callback': 'public',
  'POST /auth/logout': 'public',
  'GET /api/v1/whoami': ALL,
  // The lists and their words (web app, clients): whoever may read the catalog
  'GET /api/v1/vocabulary': ALL,
  'PUT /api/v1/cameras/:serial': ['admin', 'ingest'],
  'GET /api/v1/cameras': ALL,
  'GET /api/v1/cameras/:serial': ALL,
  'GET /api/v1/units': READERS,
  'PUT /api/v1/recordings/:recordingId': ['ingest', 'admin'],
  'POST /api/v1/recordings/import': ['ingest', 'admin'],
  // The clerk's answers to a recording's review questions (questions.yaml): category, cases, nonpublic place.
  'POST /api/v1/recordings/:recordingId/review-facts': ['clerk', 'admin'],
  // Whether a clerk's case link or category holds: the prosecutor's to say (counsel re-check session 5, F1/F4).
  'POST /api/v1/recordings/:recordingId/review-facts/confirmations': ['prosecutor'],
  'POST /api/v1/recordings/:recordingId/no-investigation': ['prosecutor'],
  // A clerk's wrong mark or link is corrected by a prosecutor or an administrator, never by a clerk (F2).
  'POST /api/v1/recordings/:recordingId/review-facts/corrections': ['prosecutor', 'admin'],
  'GET /api/v1/recordings/:recordingId': ALL,
  'GET /api/v1/recordings': ALL,
  'GET /api/v1/recordings/:recordingId/history': READERS,
  // Clerks tell requesters when to ask again; auditors plan destruction.
  'GET /api/v1/reports/upcoming-changes': READERS,
  'GET /api/v1/reports/upcoming-changes/csv': READERS,
  'PUT /api/v1/cases/:caseNumber': ['prosecutor', 'admin'],
  'POST /api/v1/cases/:caseNumber/events': ['prosecutor', 'admin'],
  'GET /api/v1/cases/:caseNumber': READERS,
  'POST /api/v1/court-orders': ['prosecutor', 'admin'],
  'GET /api/v1/court-orders/:orderNumber': READERS,
  'POST /api/v1/court-orders/:orderNumber/juvenile-court': ['prosecutor', 'admin'],
  'POST /api/v1/holds': ['admin', 'prosecutor', 'auditor'],
  'POST /api/v1/holds/:id/release': ['admin', 'prosecutor', 'auditor'],
  'GET /api/v1/holds': READERS,
  // Release eligibility and decisions (rules-engine issue)
  'GET /api/v1/recordings/:recordingId/eligibility': READERS,
  'POST /api/v1/eligibility': READERS,
  'GET /api/v1/decisions/:id': READERS,
  'POST /api/v1/decisions/:id/replay': READERS,
  'GET /api/v1/rules': READERS,
  'POST /api/v1/rules/impact': ['admin'],
  // Counsel's determinations (issue 16): counsel records them; staff read them
  'POST /api/v1/determinations': ['counsel', 'admin'],
  'GET /api/v1/determinations': READERS,
  'GET /api/v1/determinations/:number': READERS,
  'POST /api/v1/determinations/:number/supersede': ['counsel', 'admin'],
  'POST /api/v1/determinations/:number/withdraw': ['counsel', 'admin'],
  // Sunshine Law requests
  'POST /api/v1/requests': ['clerk', 'admin'],
  'GET /api/v1/requests': ['clerk', 'admin', 'auditor'],
  // Counsel reads a request to decide for a recording in it (a determination for one request).
  'GET /api/v1/requests/:id': ['clerk', 'admin', 'auditor', 'counsel'],
  'POST /api/v1/requests/:id/review': ['clerk', 'admin'],
  'POST /api/v1/requests/:id/respond': ['clerk', 'admin'],
  'POST /api/v1/requests/:id/delay': ['clerk', 'admin'],
  'POST /api/v1/requests/:id/further-delay': ['clerk', 'admin'],
  'POST /api/v1/requests/:id/partial-response': ['clerk', 'admin'],
  'POST /api/v1/requests/:id/suit': ['clerk', 'admin'],
  'POST /api/v1/requests/:id/withdraw': ['clerk', 'admin'],
  'POST /api/v1/requests/:id/claim': ['clerk', 'admin'],
  'GET /api/v1/requests/:id/letter': ['clerk', 'admin', 'auditor'],
  'POST /api/v1/requests/:id/recordings': ['clerk', 'admin'],
  'POST /api/v1/requests/:id/not-responsive': ['clerk', 'admin'],
  'GET /api/v1/requests/:id/recordings': ['clerk', 'admin', 'auditor'],
  'POST /api/v1/requests/:id/recordings/attachments': ['clerk', 'admin'],
  'GET /api/v1/sunshine/due-date': ['clerk', 'admin'],
  // Retention and destruction
  'GET /api/v1/reports/retention': ['auditor', 'admin'],
  'GET /api/v1/reports/retention/summary': ['auditor', 'admin'],
  'GET /api/v1/reports/retention/conflicts': ['auditor', 'admin'],
  'GET /api/v1/reports/retention/blocked': ['auditor', 'admin'],
  'GET /api/v1/reports/retention/unclassified': ['auditor', 'admin'],
  'GET /api/v1/reports/classification-backlog': ['auditor', 'admin'],
  'GET /api/v1/reports/destruction': ['auditor', 'admin'],
  'GET /api/v1/reports/unknown-cases': ['auditor', 'admin'],
  'POST /api/v1/recordings/:recordingId/destruction': ['admin'],
  'POST /api/v1/recordings/:recordingId/retention-reviews': ['admin'],
  'GET /api/v1/recordings/:recordingId/retention-reviews': ['auditor', 'admin'],
  // The review queue: who answers the questions acts on it; auditors read it
  'GET /api/v1/review-queue': ['clerk', 'prosecutor', 'counsel', 'admin', 'auditor'],
  'GET /api/v1/review-queue/summary': ['clerk', 'prosecutor', 'counsel', 'admin', 'auditor'],
  'POST /api/v1/review-items/:kind/:ref/assign': ['clerk', 'prosecutor', 'counsel', 'admin'],
  'POST /api/v1/review-items/:kind/:ref/comments': ['clerk', 'prosecutor', 'counsel', 'admin'],
  // Audit trail
  'GET /api/v1/audit': ['auditor', 'admin'],
  'GET /api/v1/audit/verify': ['auditor', 'admin'],
};
