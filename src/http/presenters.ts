/** Stored documents -> API JSON: natural ids under their API names, ISO dates with offsets. */
import type { StoredCamera } from '../domain/catalog/cameras.service';
import type { StoredCase } from '../domain/catalog/cases.service';
import type { StoredHold, StoredOrder } from '../domain/catalog/orders-holds.service';
import type { StoredRecording } from '../domain/catalog/recordings.service';
import { isoOrNull } from '../persistence/mappers';

export function presentCamera(c: StoredCamera) {
  return {
    serial: c._id, assignment: c.assignment, model: c.model, unit: c.unit, officerId: c.officerId ?? null, status: c.status,
    createdAt: isoOrNull(c.createdAt), createdBy: c.createdBy, updatedAt: isoOrNull(c.updatedAt), updatedBy: c.updatedBy,
  };
}

export function presentRecording(r: StoredRecording) {
  return {
    recordingId: r._id,
    cameraSerial: r.cameraSerial,
    officerId: r.officerId,
    unit: r.unit,
    recordedAt: isoOrNull(r.recordedAt),
    durationSeconds: r.durationSeconds,
    sha256: r.sha256,
    sizeBytes: r.sizeBytes ?? null,
    title: r.title ?? null,
    category: r.category,
    location: r.location,
    caseNumbers: r.caseNumbers,
    flags: r.flags,
    tags: r.tags,
    release: r.release
      ? { outcome: r.release.outcome, ruleIds: r.release.ruleIds, reviewAt: isoOrNull(r.release.reviewAt), rulesVersion: r.release.rulesVersion, decidedAt: isoOrNull(r.release.decidedAt) }
      : null,
    retention: r.retention
      ? { status: r.retention.status, retainUntil: isoOrNull(r.retention.retainUntil), blockers: r.retention.blockers, ruleIds: r.retention.ruleIds, rulesVersion: r.retention.rulesVersion, decidedAt: isoOrNull(r.retention.decidedAt) }
      : null,
    reviewAt: isoOrNull(r.reviewAt),
    destruction: r.destruction
      ? { performedAt: isoOrNull(r.destruction.performedAt), recordedAt: isoOrNull(r.destruction.recordedAt), by: r.destruction.by, authority: r.destruction.authority, ruleIds: r.destruction.ruleIds }
      : null,
    createdAt: isoOrNull(r.createdAt), createdBy: r.createdBy, updatedAt: isoOrNull(r.updatedAt), updatedBy: r.updatedBy,
  };
}

export function presentCase(c: StoredCase, recordings?: StoredRecording[]) {
  return {
    caseNumber: c._id,
    offenseClass: c.offenseClass ?? null,
    offenseDate: c.offenseDate ?? null,
    juvenile: c.juvenile ?? false,
    description: c.description ?? null,
    defendants: c.defendants,
    events: c.events.map((e) => ({ ...e, recordedAt: isoOrNull(e.recordedAt) })),
    ...(recordings ? { recordings: recordings.map(presentRecording) } : {}),
    createdAt: isoOrNull(c.createdAt), createdBy: c.createdBy, updatedAt: isoOrNull(c.updatedAt), updatedBy: c.updatedBy,
  };
}

export function presentOrder(o: StoredOrder) {
  return {
    orderNumber: o._id, court: o.court, issuedAt: isoOrNull(o.issuedAt), kind: o.kind, recordingIds: o.recordingIds, caseNumber: o.caseNumber ?? null,
    releaseTo: o.releaseTo, viewOnly: o.viewOnly, noticeDays: o.noticeDays ?? null, redactions: o.redactions, conditions: o.conditions ?? null,
    createdAt: isoOrNull(o.createdAt), createdBy: o.createdBy,
  };
}

export function presentHold(h: StoredHold) {
  return {
    id: h._id, recordingIds: h.recordingIds, caseNumber: h.caseNumber ?? null, reason: h.reason, authority: h.authority, active: h.active,
    placedAt: isoOrNull(h.placedAt), placedBy: h.placedBy, releasedAt: isoOrNull(h.releasedAt), releasedBy: h.releasedBy ?? null,
  };
}
