/** The request lifecycle's words (RSMo 610.023), used by schemas, the lifecycle and storage. */
export const REQUEST_STATUSES = ['received', 'in_review', 'delayed', 'partially_responded', 'responded', 'withdrawn'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
/** no_responsive_records: the agency searched and holds no record the request asks for (nothing is withheld). */
export const REQUEST_OUTCOMES = ['released', 'partially_released', 'denied', 'no_responsive_records'] as const;
export type RequestOutcome = (typeof REQUEST_OUTCOMES)[number];
/**
 * A response to part or all of a request (A15): `partial` answers what is decided and delays the
 * rest with the earliest date (610.023.3); `supplemental` answers more of the rest later;
 * `final` answers whatever remained and closes the request.
 */
export const RESPONSE_KINDS = ['partial', 'supplemental', 'final'] as const;
export type ResponseKind = (typeof RESPONSE_KINDS)[number];
