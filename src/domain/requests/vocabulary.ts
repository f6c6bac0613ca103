/** The request lifecycle's words (RSMo 610.023), used by schemas, the lifecycle and storage. */
export const REQUEST_STATUSES = ['received', 'in_review', 'delayed', 'responded', 'withdrawn'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const REQUEST_OUTCOMES = ['released', 'partially_released', 'denied'] as const;
export type RequestOutcome = (typeof REQUEST_OUTCOMES)[number];
