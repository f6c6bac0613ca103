/**
 * Streamed scans for reports. These read through the driver cursor (`Model.collection.find`)
 * with a projection and read-ahead (batched-scan.ts): reads only, so no schema casting is
 * lost, and hydration-free batches keep a whole-catalog report near the raw scan's speed.
 */
import type { BacklogDoc, BacklogPageQuery, LinkedDoc, RecordingScans, ReportDoc } from '../../domain/catalog/ports';
import type { StoredRecording } from '../../domain/catalog/records';
import type { Models } from '../models';
import { catalogFloor } from './catalog-floor';
import { SCAN_BATCH, batchesOf } from './batched-scan';
import { defined } from './catalog.stores';

export const REPORT_PROJECTION = {
  _id: 1,
  unit: 1,
  officerId: 1,
  cameraSerial: 1,
  category: 1,
  recordedAt: 1,
  caseNumbers: 1,
  location: 1,
  flags: 1,
  retention: 1,
  reviewAt: 1,
  destruction: 1,
  // Retention reads them: an unreviewed recording is never destroyable, and crimeScene decides 610.205.
  redactionReview: 1,
  crimeScene: 1,
  // A clerk's unconfirmed category or case links keep a recording from destruction (counsel re-check session 5, F1).
  reviewSources: 1,
  // An overlay stored before its sources were kept is read as the clerk's, unconfirmed (counsel session 8, H1).
  reviewFacts: 1,
  // The 180-day clock of a non-evidentiary recording runs from the later of it and the recording (G4).
  noInvestigation: 1,
} as const;
const BACKLOG_PROJECTION = { _id: 1, unit: 1, officerId: 1, cameraSerial: 1, recordedAt: 1, retention: 1 } as const;

/** The partial index of the conflicts list's keys (models/catalog.model.ts). */
export const CONFLICT_INDEX = 'conflict_candidates';
const CONFLICT_KEY = 'retention.conflictFrom';

/**
 * The conflicts list's candidates with a key in `range` ($exists too, so the planner sees that the
 * partial index covers the filter), of one unit if given.
 */
export function conflictFilter(
  q: { unit?: string | undefined },
  range: Record<string, unknown>,
  more: Record<string, unknown> = {},
): Record<string, unknown> {
  return defined({ [CONFLICT_KEY]: { $exists: true, ...range }, unit: q.unit, ...more });
}

/**
 * `path` null or missing, as two branches of an $or: DocumentDB answers `{path: null}` through an
 * index but reads the whole index for it (100-170 ms at 1M recordings, in the sweep's and the
 * dashboard's reads), while `$type: 'null'` and `$exists: false` each take a few ms.
 */
export function nullOrMissing(path: string, more: Record<string, unknown> = {}): Record<string, unknown>[] {
  return [
    { ...more, [path]: { $type: 'null' } },
    { ...more, [path]: { $exists: false } },
  ];
}

/** Release state decided under other rules than `rulesVersion`, or never: ranges and null or missing. */
export function otherRulesVersion(rulesVersion: string): Record<string, unknown>[] {
  const v = 'release.rulesVersion';
  return [{ [v]: { $lt: rulesVersion } }, { [v]: { $gt: rulesVersion } }, ...nullOrMissing(v)];
}

/**
 * Recordings whose release state was decided under other rules or engine code, or never: as
 * recordings.store dueForRefresh, ranges and null matches (not $ne), so each branch of the $or
 * uses the {release.rulesVersion, release.engineVersion} index.
 */
export function decidedUnderOtherFilter({ rulesVersion, engineVersion }: { rulesVersion: string; engineVersion: string }) {
  const v = 'release.rulesVersion';
  const e = 'release.engineVersion';
  return {
    $or: [
      ...otherRulesVersion(rulesVersion),
      { [v]: rulesVersion, [e]: { $lt: engineVersion } },
      { [v]: rulesVersion, [e]: { $gt: engineVersion } },
      ...nullOrMissing(e, { [v]: rulesVersion }),
    ],
  };
}

/**
 * The branches of decidedUnderOtherFilter, each as its own read through the versions index, with
 * `{reviewAt <= now}` first: DocumentDB's planner took the one $or of them (and of the
 * summary's other branch) through a scan of the whole catalog at 1M recordings (5-7 s), though each
 * branch alone is a few ms through its index.
 */
export function dueBranches(now: Date, versions: { rulesVersion: string; engineVersion: string }): Branch[] {
  return [
    { filter: { reviewAt: { $lte: now } }, hint: REVIEW_AT_INDEX },
    ...decidedUnderOtherFilter(versions).$or.map((filter) => ({ filter, hint: VERSIONS_INDEX })),
  ];
}

/** One branch of an $or read on its own, through the index it names. */
export interface Branch {
  filter: Record<string, unknown>;
  hint: string;
}

/**
 * The distinct documents of the branches, each read by `read` (with a limit of n each, more than
 * n distinct found means more than n match).
 */
export async function readBranches<T extends { _id: string }>(
  branches: readonly Branch[],
  read: (b: Branch) => Promise<T[]>,
): Promise<T[]> {
  const byId = new Map<string, T>();
  for (const docs of await Promise.all(branches.map(read))) for (const d of docs) byId.set(d._id, d);
  return [...byId.values()];
}

export const REVIEW_AT_INDEX = 'reviewAt_1';
export const KEPT_UNTIL_INDEX = 'retention.status_1_retention.retainUntil_1';

/** The index of the versions a recording's release state was decided under (models/catalog.model.ts). */
export const VERSIONS_INDEX = 'release.rulesVersion_1_release.engineVersion_1';
export const BACKLOG_INDEX = 'unclassified_recordedAt';
/** The partial index of the recordings linked to cases the catalog does not hold (models/catalog.model.ts). */
export const UNKNOWN_INDEX = 'unknown_cases';
const UNKNOWN_KEY = 'release.unknownCases';

/** The backlog's filter over a range of recordedAt (the partial index's key). */
export function backlogFilter(q: Pick<BacklogPageQuery, 'unit'>, recordedAt: Record<string, unknown>): Record<string, unknown> {
  return defined({ category: 'unclassified', destruction: null, recordedAt, unit: q.unit });
}

/** The first window of a list read forward in time (doubling after). */
const FIRST_WINDOW = 7 * 86_400_000;

const byRecordedAtId = (a: BacklogDoc, b: BacklogDoc): number =>
  a.recordedAt.getTime() - b.recordedAt.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

export function recordingScans(m: Models): RecordingScans {
  const scan = <T extends { _id: string }>(filter: Record<string, unknown>, projection?: Record<string, 1>, sort?: Record<string, 1>) =>
    batchesOf(
      m.Recording.collection.find<T>(filter, { batchSize: SCAN_BATCH, ...(projection ? { projection } : {}), ...(sort ? { sort } : {}) }),
    );
  return {
    countForReport: (f) => m.Recording.countDocuments(defined({ category: f.category, unit: f.unit })),
    forReport: (f) => scan<ReportDoc>(defined({ category: f.category, unit: f.unit }), REPORT_PROJECTION),
    live: (f) => scan<ReportDoc>(defined({ destruction: null, unit: f.unit }), REPORT_PROJECTION),
    unclassifiedBefore: (cutoff, unit) =>
      scan<BacklogDoc>(defined({ category: 'unclassified', destruction: null, recordedAt: { $lt: cutoff }, unit }), BACKLOG_PROJECTION),
    destroyed(f) {
      const range = defined({ $gte: f.from, $lt: f.to });
      const filter = Object.keys(range).length ? { 'destruction.performedAt': range } : { destruction: { $ne: null } };
      return scan<StoredRecording>(defined({ ...filter, unit: f.unit }));
    },
    all: () => scan<StoredRecording>({}, undefined, { _id: 1 }),
    async linkedCaseNumbers() {
      // distinct over the multikey {caseNumbers, _id} index. MongoDB caps a distinct answer at
      // 16 MB (about a million case numbers); past that this becomes an aggregation cursor.
      const values: unknown[] = await m.Recording.distinct('caseNumbers');
      return values.filter((v): v is string => typeof v === 'string').sort();
    },
    linkedTo: (caseNumbers) =>
      scan<LinkedDoc>({ caseNumbers: { $in: [...caseNumbers] } }, { ...REPORT_PROJECTION, release: 1 }, { _id: 1 }),
    withUnknownCases: () =>
      batchesOf(
        m.Recording.collection.find<LinkedDoc>(
          { [UNKNOWN_KEY]: { $exists: true } },
          {
            batchSize: SCAN_BATCH,
            projection: { ...REPORT_PROJECTION, release: 1 },
            sort: { [UNKNOWN_KEY]: 1, _id: 1 },
            hint: UNKNOWN_INDEX,
          },
        ),
      ),
    // Hinted: with limit 1 the planner expects an early match and scans the catalog, which finds none when all is current.
    anyDecidedUnderOther: async (versions) =>
      (await m.Recording.findOne(decidedUnderOtherFilter(versions), { _id: 1 }).hint(VERSIONS_INDEX).lean()) !== null,
    // Hinted: with statistics the planner may prefer walking _id (sort push-down) or a scan of the catalog.
    async conflictCandidates(q, limit) {
      const C = m.Recording.collection;
      const read = (range: Record<string, unknown>, n: number, more: Record<string, unknown> = {}) =>
        C.find<ReportDoc>(conflictFilter(q, range, more), { projection: REPORT_PROJECTION })
          .sort({ [CONFLICT_KEY]: 1, _id: 1 })
          .hint(CONFLICT_INDEX)
          .limit(n)
          .toArray();
      if (q.after && q.after.at > q.now) return [];
      // Past a cursor: the rest of its key first (as a range of its own: one $or of both ranges,
      // hinted, left out rows of the first on DocumentDB).
      const out = q.after ? await read({ $gte: q.after.at, $lte: q.after.at }, limit, { _id: { $gt: q.after.id } }) : [];
      // Then the later keys through windows (a week, then doubling) from the cursor or the catalog's
      // earliest day (a key is a retain-until, never before its recording), each sorted in the
      // database: one sorted read sorted every candidate (67,000 at 1M recordings, 0.5-0.8 s a page).
      const end = q.now.getTime() + 1; // keys at or before now
      let lo = q.after?.at ?? (await catalogFloor(m, q.now));
      let lowerOpen = q.after !== null;
      for (let span = FIRST_WINDOW; out.length < limit && lo.getTime() < end; span *= 2) {
        const hi = new Date(Math.min(end, lo.getTime() + span));
        out.push(...(await read({ [lowerOpen ? '$gt' : '$gte']: lo, $lt: hi }, limit - out.length)));
        lo = hi;
        lowerOpen = false;
      }
      return out;
    },
    async backlogPage(q, limit) {
      const C = m.Recording.collection;
      const read = (recordedAt: Record<string, unknown>, more: Record<string, unknown> = {}, n = 0) => {
        const cursor = C.find<BacklogDoc>({ ...backlogFilter(q, recordedAt), ...more }, { projection: BACKLOG_PROJECTION })
          .sort({ category: 1, recordedAt: 1 })
          .hint(BACKLOG_INDEX);
        return (n ? cursor.limit(n) : cursor).toArray();
      };
      // The index orders by recordedAt only: ties are put in _id order here. The rest of the cursor's
      // instant first; then the later ones, completing the last instant read (its rows may straddle the limit).
      const same = q.after ? await read({ $gte: q.after.at, $lte: q.after.at }, { _id: { $gt: q.after.id } }) : [];
      // The later instants through windows of recordedAt (a week, then doubling) from the cursor or the
      // catalog's earliest day, each sorted in the database: one sorted read sorted the whole backlog
      // (DocumentDB's indexes do not return rows in key order), 21,744 rows for a page at 100k.
      const later: BacklogDoc[] = [];
      let lo = q.after?.at ?? (await catalogFloor(m, q.cutoff));
      let lowerOpen = q.after !== null;
      for (let span = FIRST_WINDOW; later.length < limit && lo < q.cutoff; span *= 2) {
        const hi = new Date(Math.min(q.cutoff.getTime(), lo.getTime() + span));
        later.push(...(await read({ [lowerOpen ? '$gt' : '$gte']: lo, $lt: hi }, {}, limit - later.length)));
        lo = hi;
        lowerOpen = false;
      }
      const edge = later.length === limit ? later[later.length - 1]?.recordedAt : undefined;
      const rest = edge ? await read({ $gte: edge, $lte: edge }) : [];
      const seen = new Set(later.map((d) => d._id));
      const tail = [...later, ...rest.filter((d) => !seen.has(d._id))].sort(byRecordedAtId);
      return [...same.sort(byRecordedAtId), ...tail].slice(0, limit);
    },
    countBacklog: (q) => m.Recording.collection.countDocuments(backlogFilter(q, { $lt: q.cutoff }), { hint: BACKLOG_INDEX }),
    countUnclassifiedSince: (q) => m.Recording.collection.countDocuments(backlogFilter(q, { $gte: q.cutoff }), { hint: BACKLOG_INDEX }),
    countConflictCandidates: (q, cap) =>
      m.Recording.collection.countDocuments(conflictFilter(q, { $lte: q.now }), { hint: CONFLICT_INDEX, limit: cap }),
  };
}
