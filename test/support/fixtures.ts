/** Small builders for API bodies used across HTTP tests. */
export const camera = (unit = 'Central Patrol') => ({ assignment: 'patrol', model: 'Axon Body 4', unit, status: 'active' });

export function recording(overrides: Record<string, unknown> = {}) {
  return {
    cameraSerial: 'CAM-1',
    officerId: 'O-100',
    recordedAt: '2026-05-01T14:00:00-05:00',
    durationSeconds: 600,
    sha256: 'a'.repeat(64),
    category: 'traffic',
    location: { nonpublic: false, kind: 'public', address: '1200 Main St' },
    caseNumbers: [],
    flags: {},
    // Reviewed for redactions: a public release of an unreviewed recording waits for review (A12).
    redactionReview: { reviewedBy: 'records-clerk', reviewedAt: '2026-05-01T16:00:00-05:00' },
    tags: [],
    ...overrides,
  };
}

export const misdemeanorCase = (offenseDate = '2026-05-01') => ({
  offenseClass: 'misdemeanor',
  offenseDate,
  defendants: [{ defendantId: 'D1' }],
});
