/** Stored documents -> the engine's plain facts (ISO strings). */
import {
  FLAG_NAMES,
  LEGACY_FLAG_NAMES,
  type CaseFacts,
  type CourtOrderFacts,
  type HoldFacts,
  type LimitationBasis,
  type RecordingFacts,
  type RecordingFlags,
  type RetentionReviewFacts,
  type TollingBasis,
} from '../../engine/facts';
import { legalIso, legalIsoOrNull } from '../../engine/legal-time';
import { inferredSources, needsReviewSources } from '../catalog/reviewfacts';
import type {
  ReviewSource,
  ReviewSources,
  StoredCase,
  StoredHold,
  StoredOrder,
  StoredRecording,
  StoredRetentionReview,
} from '../catalog/records';

/** The recording fields the engine reads (reports pass projected documents). */
export type RecordingFactFields = Pick<
  StoredRecording,
  '_id' | 'category' | 'recordedAt' | 'location' | 'flags' | 'caseNumbers' | 'destruction'
> &
  Partial<
    Pick<StoredRecording, 'redactionReview' | 'protectedVictimKind' | 'crimeScene' | 'reviewSources' | 'reviewFacts' | 'noInvestigation'>
  >;

/**
 * Stored flags -> every flag, false when absent. The one place a flag's former name
 * (sexualOffenseVictim, stored before 2026-12) is read, as protectedVictim.
 */
export function normalizeFlags(stored: Partial<Record<string, boolean | null | undefined>> | null | undefined): RecordingFlags {
  const f = stored ?? {};
  const out = Object.fromEntries(FLAG_NAMES.map((n) => [n, f[n] ?? false])) as RecordingFlags;
  // Either name set means set: a record is never read as less protected than it was stored.
  for (const [old, now] of Object.entries(LEGACY_FLAG_NAMES)) if (f[old] === true) out[now] = true;
  return out;
}

/** A clerk's entry as the engine reads it: who entered it and when, and who confirmed it and when. */
const enteredFact = (e: ReviewSource) => ({
  source: e.source,
  by: e.by,
  at: legalIso(e.at),
  confirmedBy: e.confirmedBy ?? null,
  confirmedAt: legalIsoOrNull(e.confirmedAt),
});

/**
 * Which category and links a clerk entered: as stored, or, while the sweep has not yet backfilled an
 * overlay stored before they were kept, every link and the category the overlay gives, as the clerk's
 * and unconfirmed (counsel session 8, H1: such a link must not open a recording meanwhile).
 */
function sourcesOf(r: RecordingFactFields): ReviewSources | null {
  if (r.reviewFacts && needsReviewSources(r.reviewFacts)) return inferredSources(r, r.reviewFacts);
  return r.reviewSources ?? null;
}

export function recordingFacts(r: RecordingFactFields): RecordingFacts {
  const sources = sourcesOf(r);
  return {
    recordingId: r._id,
    category: r.category as RecordingFacts['category'],
    recordedAt: legalIso(r.recordedAt),
    nonpublic: r.location?.nonpublic ?? null,
    locationKind: (r.location?.kind ?? null) as RecordingFacts['locationKind'],
    flags: normalizeFlags(r.flags),
    redactionReview: r.redactionReview
      ? { reviewedBy: r.redactionReview.reviewedBy, reviewedAt: legalIso(r.redactionReview.reviewedAt) }
      : null,
    protectedVictimKind: (r.protectedVictimKind ?? null) as RecordingFacts['protectedVictimKind'],
    crimeScene: r.crimeScene ?? null,
    caseNumbers: [...(r.caseNumbers ?? [])],
    destroyedAt: legalIsoOrNull(r.destruction?.performedAt),
    // What a clerk entered on the review-facts route, and whether the prosecutor confirmed it (F1/F4).
    categorySource: sources?.category ? enteredFact(sources.category) : null,
    caseLinkSources: (sources?.caseLinks ?? []).map((l) => ({ caseNumber: l.caseNumber, ...enteredFact(l) })),
    noInvestigation: r.noInvestigation ? { ...r.noInvestigation, recordedOn: r.noInvestigation.recordedOn ?? null } : null,
  };
}

/** A case's limitation as the engine reads it (and the API shows it): stored defaults filled in. */
export function limitationFacts(c: StoredCase): CaseFacts['limitation'] {
  const l = c.limitation;
  if (!l) return null;
  return {
    basis: l.basis as LimitationBasis,
    period: l.period ? { years: l.period.years, months: l.period.months } : null,
    extensionYears: l.extensionYears ?? 0,
    tolledDays: l.tolledDays ?? 0,
    absenceDays: l.absenceDays ?? 0,
    tollingOngoing: l.tollingOngoing ?? false,
    tollingBasis: (l.tollingBasis ?? null) as TollingBasis | null,
    explanation: l.explanation ?? null,
  };
}

export function caseFacts(c: StoredCase): CaseFacts {
  return {
    caseNumber: c._id,
    offenseClass: (c.offenseClass ?? null) as CaseFacts['offenseClass'],
    offenseDate: c.offenseDate ?? null,
    limitation: limitationFacts(c),
    juvenile: c.juvenile ?? false,
    defendants: (c.defendants ?? []).map((d) => ({ defendantId: d.defendantId })),
    events: (c.events ?? []).map((e) => ({
      id: e.id,
      type: e.type as CaseFacts['events'][number]['type'],
      date: e.date,
      defendantId: e.defendantId ?? null,
      result: (e.result ?? null) as CaseFacts['events'][number]['result'],
      court: (e.court ?? null) as CaseFacts['events'][number]['court'],
      recordedAt: legalIso(e.recordedAt),
      supersedes: e.supersedes ?? null,
      statutes: e.statutes && e.statutes.length > 0 ? [...e.statutes] : null,
    })),
    chargedStatutes: c.chargedStatutes ? [...c.chargedStatutes] : null,
  };
}

export function courtOrderFacts(o: StoredOrder): CourtOrderFacts {
  return {
    orderNumber: o._id,
    kind: o.kind,
    issuedAt: legalIso(o.issuedAt),
    recordingIds: [...(o.recordingIds ?? [])],
    caseNumber: o.caseNumber ?? null,
    releaseTo: [...(o.releaseTo ?? [])] as CourtOrderFacts['releaseTo'],
    viewOnly: o.viewOnly ?? false,
    noticeDays: o.noticeDays ?? null,
    redactions: [...(o.redactions ?? [])],
    statutoryRedactions: o.statutoryRedactions === 'order_controls' ? 'order_controls' : 'apply',
    conditions: o.conditions ?? null,
    juvenileCourt: o.juvenileCourt ?? null,
    juvenileCourtAmendments: (o.juvenileCourtAmendments ?? []).map((a) => ({
      juvenileCourt: a.juvenileCourt,
      recordedAt: legalIso(a.recordedAt),
    })),
    recordedAt: legalIso(o.createdAt),
  };
}

export function holdFacts(h: StoredHold): HoldFacts {
  return {
    id: h._id,
    reason: h.reason,
    authority: h.authority,
    placedAt: legalIso(h.placedAt),
    releasedAt: legalIsoOrNull(h.releasedAt),
    recordingIds: [...(h.recordingIds ?? [])],
    caseNumber: h.caseNumber ?? null,
  };
}

export function retentionReviewFacts(r: StoredRetentionReview): RetentionReviewFacts {
  return {
    id: r._id,
    recordingId: r.recordingId,
    authority: r.authority,
    citation: r.citation,
    reviewedBy: r.reviewedBy,
    reviewedAt: legalIso(r.reviewedAt),
    recordedAt: legalIso(r.recordedAt),
    reason: r.reason,
  };
}
