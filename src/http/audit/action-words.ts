/**
 * The audit trail's actions in words, for people reading it ("Viewed the release decision for
 * BWC-000000075", not `GET /api/v1/recordings/:recordingId/eligibility`). The action itself (the
 * route key, hashed into the chain) stays as it is; these words are derived when an entry is shown.
 * `{target}` is the entry's first target: what the call named (its path parameter, or the body's
 * case number); the recordings a response showed follow it in `targets`.
 */

const WORDS: Readonly<Record<string, string>> = {
  'sign-in': 'Signed in',
  'sign-in refused': 'Was refused sign-in',
  'sign-out': 'Signed out',
  'session expired': 'Session ended (expired)',
  'GET /api/v1/whoami': 'Checked who is signed in',
  'PUT /api/v1/cameras/:serial': 'Registered or updated camera {target}',
  'GET /api/v1/cameras': 'Listed cameras',
  'GET /api/v1/cameras/:serial': 'Viewed camera {target}',
  'GET /api/v1/units': 'Listed the units',
  'PUT /api/v1/recordings/:recordingId': 'Registered or updated recording {target}',
  'POST /api/v1/recordings/import': 'Imported recordings',
  'GET /api/v1/recordings/:recordingId': 'Viewed recording {target}',
  'GET /api/v1/recordings': 'Searched recordings',
  'GET /api/v1/recordings/:recordingId/history': 'Viewed the history of recording {target}',
  'PUT /api/v1/cases/:caseNumber': 'Created or updated case {target}',
  'POST /api/v1/cases/:caseNumber/events': 'Recorded an event on case {target}',
  'GET /api/v1/cases/:caseNumber': 'Viewed case {target}',
  'POST /api/v1/court-orders': 'Recorded court order {target}',
  'GET /api/v1/court-orders/:orderNumber': 'Viewed court order {target}',
  'POST /api/v1/holds': 'Placed a legal hold',
  'POST /api/v1/holds/:id/release': 'Released legal hold {target}',
  'GET /api/v1/holds': 'Listed legal holds',
  'GET /api/v1/recordings/:recordingId/eligibility': 'Viewed the release decision for {target}',
  'POST /api/v1/eligibility': 'Checked release decisions for several recordings',
  'GET /api/v1/decisions/:id': 'Viewed logged decision {target}',
  'POST /api/v1/decisions/:id/replay': 'Replayed logged decision {target}',
  'GET /api/v1/rules': 'Viewed the rules in force',
  'POST /api/v1/rules/impact': 'Measured the impact of a rules change',
  'POST /api/v1/requests': 'Logged a records request',
  'GET /api/v1/requests': 'Viewed the request queue',
  'GET /api/v1/requests/:id': 'Viewed request {target}',
  'POST /api/v1/requests/:id/review': 'Started the review of request {target}',
  'POST /api/v1/requests/:id/respond': 'Responded to request {target}',
  'POST /api/v1/requests/:id/delay': 'Delayed request {target}',
  'POST /api/v1/requests/:id/further-delay': 'Delayed request {target} further',
  'POST /api/v1/requests/:id/partial-response': 'Sent a partial response to request {target}',
  'POST /api/v1/requests/:id/suit': 'Recorded a lawsuit on request {target}',
  'POST /api/v1/requests/:id/withdraw': 'Marked request {target} withdrawn',
  'GET /api/v1/requests/:id/letter': 'Produced the letter for request {target}',
  'GET /api/v1/sunshine/due-date': 'Computed a Sunshine Law due date',
  'GET /api/v1/review-queue': 'Viewed the review queue',
  'GET /api/v1/review-queue/summary': 'Viewed the review queue counts',
  'POST /api/v1/review-items/:kind/:ref/assign': 'Assigned review item {target}',
  'POST /api/v1/review-items/:kind/:ref/comments': 'Commented on review item {target}',
  'GET /api/v1/reports/retention': 'Pulled the retention report',
  'GET /api/v1/reports/retention/summary': 'Viewed the retention summary',
  'GET /api/v1/reports/retention/conflicts': 'Pulled the retention conflicts report',
  'GET /api/v1/reports/retention/blocked': 'Listed the recordings blocked after their schedule ran',
  'GET /api/v1/reports/retention/unclassified': 'Listed the classification backlog',
  'GET /api/v1/reports/classification-backlog': 'Pulled the classification backlog',
  'GET /api/v1/reports/destruction': 'Pulled the destruction report',
  'GET /api/v1/reports/unknown-cases': 'Pulled the recordings linked to unknown cases',
  'GET /api/v1/reports/upcoming-changes': 'Listed the upcoming changes',
  'GET /api/v1/reports/upcoming-changes/csv': 'Exported the upcoming changes (CSV)',
  'POST /api/v1/recordings/:recordingId/destruction': 'Recorded the destruction of recording {target}',
  'POST /api/v1/recordings/:recordingId/retention-reviews': 'Recorded a retention review of recording {target}',
  'GET /api/v1/recordings/:recordingId/retention-reviews': 'Viewed the retention reviews of recording {target}',
  'GET /api/v1/audit': 'Searched the audit trail',
  'GET /api/v1/audit/verify': 'Verified the audit chain',
};

const VERBS: Readonly<Record<string, string>> = { GET: 'Viewed', POST: 'Submitted', PUT: 'Saved', DELETE: 'Deleted' };

/**
 * An action in words. A route without curated words reads from its method and path
 * ("Viewed /api/v1/foo/X-1"), so a new route is never shown blank.
 */
export function describeAction(action: string, targets: readonly string[]): string {
  const first = targets[0] ?? '';
  const words = WORDS[action];
  if (words) return words.includes('{target}') ? words.replace('{target}', first || '(none)').trim() : words;
  const [method = '', path = ''] = action.split(' ');
  const verb = VERBS[method];
  if (!verb || !path) return action;
  let i = 0;
  // Path parameters take the targets in order (they come first in an entry's targets).
  const filled = path.replace(/:(\w+)/g, (m) => targets[i++] ?? m);
  return `${verb} ${filled}`;
}

/** An outcome in words: what happened, not the HTTP code. */
export function describeOutcome(status: number, code: string | null): string {
  if (status < 400) return 'Done';
  if (code === 'UNAUTHENTICATED' || status === 401) return code && code.startsWith('SESSION_') ? 'Session ended' : 'Refused: not signed in';
  if (status === 403) return 'Refused: not allowed';
  if (status === 404) return 'Refused: not found';
  if (status === 409) return 'Refused: not possible in the current state';
  if (status < 500) return 'Refused: invalid input';
  return 'Failed (service error)';
}
