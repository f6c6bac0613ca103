/**
 * Seeds a realistic catalog for the retention benchmark and tests from the synthetic
 * department generator: cameras, cases with their event histories, court orders and holds
 * inserted directly (they exist before the recordings they govern), then recordings in
 * batches of 1000 with their derived release/retention state computed before the insert by
 * the domain's own code (FactsGatherer.forDocs + DerivedService.compute, stored in the shape
 * DerivedService writes). Inserting finished documents avoids one update per recording,
 * which FerretDB v1 runs as a filtered full scan (measured: 1,000 updates by _id over 10k
 * documents took minutes).
 */
import {
  CameraInput,
  CaseEventInput,
  CaseInput,
  CourtOrderInput,
  HoldInput,
  RecordingImportLine,
} from '../../src/domain/catalog/catalog.schemas';
import { contentHash } from '../../src/domain/catalog/recordings.service';
import { type DepartmentOptions, generateDepartment } from './synthetic';
import { DerivedService } from '../../src/domain/derived/derived.service';
import type { FactsGatherer } from '../../src/domain/derived/facts.gatherer';
import type { Rules } from '../../src/rules';
import { parseLegalMoment } from '../../src/engine/legal-time';
import type { Models } from '../../src/persistence/models';

const BATCH = 1000;
const BY = 'seed';

export interface SeedResult {
  cameras: number;
  cases: number;
  orders: number;
  holds: number;
  recordings: number;
  seconds: number;
}

/** An event is entered the evening of its legal date (never after asOf), so past reports replay. */
function enteredAt(date: string, asOf: Date): Date {
  const t = parseLegalMoment(date).set({ hour: 18 }).toJSDate();
  return t < asOf ? t : asOf;
}

/** The derived fields as DerivedService stores them (release, retention, reviewAt). */
function derivedFields(state: ReturnType<typeof DerivedService.compute>, now: Date) {
  const { decision, retention } = state;
  return {
    release: {
      outcome: decision.outcome,
      ruleIds: [...new Set(decision.reasons.map((r) => r.ruleId))],
      reviewAt: decision.reviewAt ? new Date(decision.reviewAt) : null,
      rulesVersion: decision.rulesVersion,
      decidedAt: now,
    },
    retention: {
      status: retention.status,
      retainUntil: retention.retainUntil ? new Date(retention.retainUntil) : null,
      blockers: [...new Set(retention.blockers.map((r) => r.ruleId))],
      ruleIds: [...new Set(retention.reasons.map((r) => r.ruleId))],
      rulesVersion: retention.rulesVersion,
      decidedAt: now,
    },
    reviewAt: state.reviewAt,
  };
}

export async function seedCatalog(
  models: Models,
  domain: { gatherer: FactsGatherer; rules: Rules },
  dept: DepartmentOptions,
  onProgress?: (recordings: number) => void,
): Promise<SeedResult> {
  const t0 = performance.now();
  const now = dept.asOf;
  const audit = { createdAt: now, createdBy: BY, updatedAt: now, updatedBy: BY };
  const units = new Map<string, string>();
  const out: SeedResult = { cameras: 0, cases: 0, orders: 0, holds: 0, recordings: 0, seconds: 0 };

  // Pass 1: everything but recordings (small), so recordings are derived with their holds and orders.
  const cameras: Record<string, unknown>[] = [];
  const cases: Record<string, unknown>[] = [];
  const orders: Record<string, unknown>[] = [];
  const holds: Record<string, unknown>[] = [];
  for (const item of generateDepartment(dept)) {
    if (item.kind === 'camera') {
      const c = CameraInput.parse(item.input);
      units.set(item.serial, c.unit);
      cameras.push({ _id: item.serial, ...c, officerId: c.officerId ?? null, ...audit });
    } else if (item.kind === 'case') {
      const c = CaseInput.parse(item.input);
      const events = item.events.map((e, i) => {
        const ev = CaseEventInput.parse(e);
        return {
          id: `EV-${item.caseNumber}-${i + 1}`,
          type: ev.type,
          date: ev.date,
          defendantId: ev.defendantId ?? null,
          source: ev.source ?? null,
          note: ev.note ?? null,
          supersedes: ev.supersedes ?? null,
          recordedAt: enteredAt(ev.date, now),
          recordedBy: BY,
        };
      });
      cases.push({
        _id: item.caseNumber,
        offenseClass: c.offenseClass,
        offenseDate: c.offenseDate,
        juvenile: c.juvenile,
        description: c.description ?? null,
        defendants: c.defendants,
        events,
        ...audit,
      });
    } else if (item.kind === 'order') {
      const o = CourtOrderInput.parse(item.input);
      const issuedAt = new Date(o.issuedAt);
      const entered = new Date(Math.min(issuedAt.getTime() + 86_400_000, now.getTime()));
      orders.push({
        _id: o.orderNumber,
        court: o.court,
        issuedAt,
        kind: o.kind,
        recordingIds: o.recordingIds ?? [],
        caseNumber: o.caseNumber ?? null,
        releaseTo: o.releaseTo ?? [],
        viewOnly: o.viewOnly ?? false,
        noticeDays: o.noticeDays ?? null,
        redactions: o.redactions ?? [],
        conditions: o.conditions ?? null,
        createdAt: entered,
        createdBy: BY,
        updatedAt: entered,
        updatedBy: BY,
      });
    } else if (item.kind === 'hold') {
      const h = HoldInput.parse(item.input);
      holds.push({
        _id: `HOLD-${String(holds.length + 1).padStart(6, '0')}`,
        recordingIds: h.recordingIds ?? [],
        caseNumber: h.caseNumber ?? null,
        reason: h.reason,
        authority: h.authority,
        placedAt: new Date(now.getTime() - (30 + (holds.length % 300)) * 86_400_000),
        placedBy: BY,
        releasedAt: null,
        releasedBy: null,
        active: true,
      });
    }
  }
  const insert = async (
    coll: { insertMany(docs: never[], o: { ordered: boolean }): Promise<unknown> },
    docs: Record<string, unknown>[],
  ) => {
    for (let i = 0; i < docs.length; i += BATCH) await coll.insertMany(docs.slice(i, i + BATCH) as never[], { ordered: false });
  };
  await insert(models.Camera.collection, cameras);
  await insert(models.Case.collection, cases);
  await insert(models.CourtOrder.collection, orders);
  await insert(models.Hold.collection, holds);
  Object.assign(out, { cameras: cameras.length, cases: cases.length, orders: orders.length, holds: holds.length });

  // Pass 2: recordings, batch by batch (the generator is deterministic, so this replays pass 1).
  let batch: Record<string, unknown>[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const bundles = await domain.gatherer.forDocs(batch as never[]);
    for (const doc of batch) {
      const b = bundles.get(String(doc._id));
      if (b) Object.assign(doc, derivedFields(DerivedService.compute(domain.rules, b, now), now));
      // Not counted in the retention summary's counts yet: the tally job counts them (the recordings store counts its own inserts as they go in).
      Object.assign(doc, { tally: null, tallyDirty: true });
    }
    await models.Recording.collection.insertMany(batch, { ordered: false });
    out.recordings += batch.length;
    batch = [];
    onProgress?.(out.recordings);
  };
  for (const item of generateDepartment(dept)) {
    if (item.kind !== 'recording') continue;
    const { recordingId, ...input } = RecordingImportLine.parse(item.line);
    batch.push({
      _id: recordingId,
      cameraSerial: input.cameraSerial,
      officerId: input.officerId,
      unit: units.get(input.cameraSerial) ?? 'Unknown',
      recordedAt: new Date(input.recordedAt),
      durationSeconds: input.durationSeconds,
      sha256: input.sha256,
      sizeBytes: input.sizeBytes ?? null,
      title: input.title ?? null,
      category: input.category,
      location: {
        address: input.location.address ?? null,
        lat: input.location.lat ?? null,
        lon: input.location.lon ?? null,
        nonpublic: input.location.nonpublic,
        kind: input.location.kind ?? null,
      },
      caseNumbers: input.caseNumbers,
      flags: input.flags,
      tags: input.tags,
      contentHash: contentHash(input),
      release: null,
      reviewAt: null,
      retention: null,
      destruction: null,
      ...audit,
      // The content review as generated (most recordings reviewed): an unreviewed one is never destroyable.
      redactionReview: input.redactionReview
        ? { reviewedBy: input.redactionReview.reviewedBy, reviewedAt: new Date(input.redactionReview.reviewedAt) }
        : null,
      protectedVictimKind: input.protectedVictimKind ?? null,
      crimeScene: input.crimeScene ?? null,
    });
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  out.seconds = (performance.now() - t0) / 1000;
  return out;
}
