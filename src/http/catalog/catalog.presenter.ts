/** Stored documents -> API JSON: natural ids under their API names, ISO dates with offsets. */
import type {
  ReviewEntry,
  ReviewFactsOverlay,
  StoredCamera,
  StoredCase,
  StoredHold,
  StoredOrder,
  StoredRecording,
} from '../../domain/catalog/records';
import { categoryEntry, linkEntries } from '../../domain/catalog/reviewfacts';
import { legalIso, legalIsoOrNull } from '../../engine/legal-time';
import { limitationFacts, normalizeFlags } from '../../domain/derived/fact-mappers';
import type { CameraView, CaseEventView, CaseView, HoldView, OrderView, RecordingView } from './catalog.responses';

export function presentCamera(c: StoredCamera): CameraView {
  return {
    assignment: c.assignment,
    status: c.status,
    serial: c._id,
    model: c.model,
    unit: c.unit,
    officerId: c.officerId ?? null,
    createdAt: legalIsoOrNull(c.createdAt),
    createdBy: c.createdBy,
    updatedAt: legalIsoOrNull(c.updatedAt),
    updatedBy: c.updatedBy,
  };
}

function presentEntry(e: ReviewEntry) {
  return {
    by: e.by,
    at: legalIsoOrNull(e.at),
    basis: e.basis ?? null,
    confirmation: e.confirmation ? { by: e.confirmation.by, at: legalIsoOrNull(e.confirmation.at), basis: e.confirmation.basis } : null,
  };
}

function presentReviewFacts(o: ReviewFactsOverlay | null | undefined): RecordingView['reviewFacts'] {
  if (!o) return null;
  const category = categoryEntry(o);
  return {
    caseLinks: linkEntries(o).map((l) => ({ caseNumber: l.caseNumber, ...presentEntry(l) })),
    category: category && o.category ? { value: o.category as RecordingView['category'], ...presentEntry(category) } : null,
    nonpublic: o.nonpublic ?? null,
    kind: (o.kind ?? null) as RecordingView['location']['kind'],
    by: o.by,
    at: legalIsoOrNull(o.at),
  };
}

export function presentRecording(r: StoredRecording): RecordingView {
  return {
    recordingId: r._id,
    cameraSerial: r.cameraSerial,
    officerId: r.officerId,
    unit: r.unit,
    recordedAt: legalIsoOrNull(r.recordedAt),
    durationSeconds: r.durationSeconds,
    sha256: r.sha256,
    sizeBytes: r.sizeBytes ?? null,
    title: r.title ?? null,
    category: r.category as RecordingView['category'],
    location: {
      address: r.location?.address ?? null,
      lat: r.location?.lat ?? null,
      lon: r.location?.lon ?? null,
      nonpublic: r.location?.nonpublic ?? false,
      kind: (r.location?.kind ?? null) as RecordingView['location']['kind'],
    },
    caseNumbers: r.caseNumbers,
    flags: normalizeFlags(r.flags),
    redactionReview: r.redactionReview
      ? { reviewedBy: r.redactionReview.reviewedBy, reviewedAt: legalIsoOrNull(r.redactionReview.reviewedAt) }
      : null,
    protectedVictimKind: (r.protectedVictimKind ?? null) as RecordingView['protectedVictimKind'],
    crimeScene: r.crimeScene ?? null,
    tags: r.tags,
    release: r.release
      ? {
          outcome: r.release.outcome,
          ruleIds: r.release.ruleIds,
          reviewAt: legalIsoOrNull(r.release.reviewAt),
          availableFrom: legalIsoOrNull(r.release.availableFrom ?? null),
          orders: (r.release.orders ?? []).map((o) => ({
            orderNumber: o.orderNumber,
            conditions: o.conditions ?? null,
            applied: o.applied,
          })),
          rulesVersion: r.release.rulesVersion,
          decidedAt: legalIsoOrNull(r.release.decidedAt),
        }
      : null,
    retention: r.retention
      ? {
          status: r.retention.status,
          retainUntil: legalIsoOrNull(r.retention.retainUntil),
          blockers: r.retention.blockers,
          ruleIds: r.retention.ruleIds,
          rulesVersion: r.retention.rulesVersion,
          decidedAt: legalIsoOrNull(r.retention.decidedAt),
        }
      : null,
    reviewAt: legalIsoOrNull(r.reviewAt),
    reviewFacts: presentReviewFacts(r.reviewFacts),
    destruction: r.destruction
      ? {
          performedAt: legalIsoOrNull(r.destruction.performedAt),
          recordedAt: legalIsoOrNull(r.destruction.recordedAt),
          by: r.destruction.by,
          authority: r.destruction.authority,
          ruleIds: r.destruction.ruleIds,
        }
      : null,
    createdAt: legalIsoOrNull(r.createdAt),
    createdBy: r.createdBy,
    updatedAt: legalIsoOrNull(r.updatedAt),
    updatedBy: r.updatedBy,
  };
}

interface EventLike {
  id: string;
  type: string;
  date: string;
  recordedAt: Date;
  recordedBy: string;
  defendantId?: string | null;
  result?: string | null;
  court?: string | null;
  source?: string | null;
  note?: string | null;
  supersedes?: string | null;
  statutes?: string[] | null;
}

export function presentCaseEvent(e: EventLike): CaseEventView {
  return {
    id: e.id,
    type: e.type as CaseEventView['type'],
    date: e.date,
    defendantId: e.defendantId ?? null,
    result: (e.result ?? null) as CaseEventView['result'],
    court: (e.court ?? null) as CaseEventView['court'],
    source: e.source ?? null,
    note: e.note ?? null,
    supersedes: e.supersedes ?? null,
    statutes: e.statutes && e.statutes.length > 0 ? [...e.statutes] : null,
    recordedAt: legalIsoOrNull(e.recordedAt),
    recordedBy: e.recordedBy,
  };
}

export function presentCase(c: StoredCase, recordings?: StoredRecording[]): CaseView {
  return {
    caseNumber: c._id,
    offenseClass: (c.offenseClass ?? null) as CaseView['offenseClass'],
    offenseDate: c.offenseDate ?? null,
    limitation: limitationFacts(c),
    juvenile: c.juvenile ?? false,
    chargedStatutes: c.chargedStatutes ?? null,
    description: c.description ?? null,
    defendants: c.defendants,
    events: c.events.map(presentCaseEvent),
    ...(recordings ? { recordings: recordings.map(presentRecording) } : {}),
    createdAt: legalIsoOrNull(c.createdAt),
    createdBy: c.createdBy,
    updatedAt: legalIsoOrNull(c.updatedAt),
    updatedBy: c.updatedBy,
  };
}

export function presentOrder(o: StoredOrder): OrderView {
  return {
    orderNumber: o._id,
    court: o.court,
    issuedAt: legalIsoOrNull(o.issuedAt),
    kind: o.kind,
    recordingIds: o.recordingIds,
    caseNumber: o.caseNumber ?? null,
    releaseTo: o.releaseTo as OrderView['releaseTo'],
    releaseToEveryone: o.releaseToEveryone ?? null,
    viewOnly: o.viewOnly,
    noticeDays: o.noticeDays ?? null,
    redactions: o.redactions,
    statutoryRedactions: o.statutoryRedactions === 'order_controls' ? 'order_controls' : 'apply',
    conditions: o.conditions ?? null,
    // The value in force: the latest entry recorded after the order, else the order's own.
    juvenileCourt: o.juvenileCourtAmendments?.length
      ? o.juvenileCourtAmendments[o.juvenileCourtAmendments.length - 1]!.juvenileCourt
      : (o.juvenileCourt ?? null),
    juvenileCourtAmendments: (o.juvenileCourtAmendments ?? []).map((a) => ({
      juvenileCourt: a.juvenileCourt,
      recordedAt: legalIso(a.recordedAt),
      recordedBy: a.recordedBy,
    })),
    createdAt: legalIsoOrNull(o.createdAt),
    createdBy: o.createdBy,
  };
}

export function presentHold(h: StoredHold): HoldView {
  return {
    id: h._id,
    recordingIds: h.recordingIds,
    caseNumber: h.caseNumber ?? null,
    reason: h.reason,
    authority: h.authority,
    active: h.active,
    placedAt: legalIsoOrNull(h.placedAt),
    placedBy: h.placedBy,
    releasedAt: legalIsoOrNull(h.releasedAt),
    releasedBy: h.releasedBy ?? null,
    releaseReason: h.releaseReason ?? null,
  };
}
