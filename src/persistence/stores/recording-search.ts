/**
 * The recordings list (search screen, case and hold pages): every combination of filters, in id or
 * date order, paged by a cursor, answered through an index on the embedded engine.
 *
 * Why it is built this way, from DocumentDB's plans (test/persistence/indexes.test.ts shows them):
 * its secondary indexes answer range and equality predicates on any of their keys, but never give
 * rows in key order. Only the `_id` index does (an ordered Index Scan that stops after `limit`).
 * So a "newest first" list sorted by the database reads and sorts every match: at 1M recordings,
 * the whole catalog for an unfiltered list. Instead:
 * - a list narrowed by case, officer, camera or id prefix is small (a case's or an officer's
 *   recordings) or ordered by `_id`: one query through its index, sorted in the database;
 * - any other list by date reads windows of `recordedAt` through the `recordedAt` index, starting
 *   at the cursor and doubling in length until the page is full (a week, two, four…; a page of
 *   a dense list comes from the first window, a sparse one from a dozen);
 * - any other list by id walks the `_id` index in order (hinted: left alone, the planner reads
 *   a filter's whole bitmap and sorts it), unless its retention status is a rare one (the
 *   destruction log): then the status index gives the few matches, sorted in the database.
 */
import type { RecordingCursor, RecordingFilter, RecordingOrder } from '../../domain/catalog/ports';
import type { StoredRecording } from '../../domain/catalog/records';
import type { Models } from '../models';
import { catalogFloor } from './catalog-floor';
import { defined } from './catalog.stores';

const DAY = 86_400_000;
const FIRST_WINDOW = 7 * DAY;
/** The earliest time a by-date list reaches back to when no "recorded from" is given. */
const EPOCH = new Date(0);
/** The highest code point, closing an id-prefix range (`_id` >= prefix and < prefix + this). */
const PREFIX_END = '\uffff';
/** A date range at most this long narrows an id-ordered list enough to sort its matches. */
const SHORT_RANGE = 31 * DAY;

type Query = Record<string, unknown>;

/** The equality and prefix filters (not the date range: each strategy bounds recordedAt itself). */
function equalities(f: RecordingFilter): Query {
  const q: Query = defined({
    caseNumbers: f.caseNumber,
    cameraSerial: f.cameraSerial,
    officerId: f.officerId,
    category: f.category,
    'retention.status': f.retentionStatus,
    'release.outcome': f.releaseStatus,
    'retention.blockers': f.blockedBy,
    unit: f.unit,
  });
  if (f.idPrefix) q._id = { $gte: f.idPrefix, $lt: f.idPrefix + PREFIX_END };
  if (f.retainUntilFrom || f.retainUntilTo) q['retention.retainUntil'] = defined({ $gte: f.retainUntilFrom, $lt: f.retainUntilTo });
  return q;
}

/** A recordedAt condition from bounds, none when unbounded. */
function between(from: Date | undefined, to: Date | undefined, toExclusive = false): Query {
  if (!from && !to) return {};
  return { recordedAt: defined({ $gte: from, [toExclusive ? '$lt' : '$lte']: to }) };
}

/**
 * Narrowed by an index whose matches are few or already in `_id` order. A retain-until range (a
 * month of the dashboard's chart) is answered by the (retention.status, retention.retainUntil)
 * index: a month's recordings, sorted in the database.
 */
const narrow = (f: RecordingFilter) =>
  !!(f.caseNumber || f.officerId || f.cameraSerial || f.idPrefix || (f.retentionStatus && (f.retainUntilFrom || f.retainUntilTo)));

/** The (retention.status, retention.retainUntil) index (models/catalog.model.ts). */
const STATUS_INDEX = { 'retention.status': 1, 'retention.retainUntil': 1 } as const;
/** A retention status held by at most this many recordings is read through its index and sorted. */
const FEW = 2000;

export function recordingSearch(m: Models) {
  const R = m.Recording;
  /**
   * Whether the filter's retention status is a rare one (the destruction log's `destroyed`, `on_hold`):
   * one count through the status index, stopped past FEW (a few milliseconds whatever the status).
   * Walking `_id` for a status nobody has reads the whole catalog; sorting a common status's matches
   * reads most of it. Which one a status is depends on the catalog's age, so it is counted, not assumed.
   */
  const fewOfStatus = async (f: RecordingFilter): Promise<boolean> =>
    f.retentionStatus !== undefined &&
    (await R.collection.countDocuments({ 'retention.status': f.retentionStatus }, { limit: FEW + 1, hint: STATUS_INDEX })) <= FEW;

  async function byId(f: RecordingFilter, after: RecordingCursor | null, limit: number) {
    const q = { ...equalities(f), ...between(f.recordedFrom, f.recordedTo) };
    if (after) q._id = { ...(q._id as Query | undefined), $gt: after.id };
    const shortRange = !!(f.recordedFrom && f.recordedTo && f.recordedTo.getTime() - f.recordedFrom.getTime() <= SHORT_RANGE);
    const find = R.find(q).sort({ _id: 1 }).limit(limit);
    if (!narrow(f) && !shortRange) find.hint((await fewOfStatus(f)) ? STATUS_INDEX : { _id: 1 });
    return find.lean<StoredRecording[]>();
  }

  /** After the cursor in date order: later (or earlier) time, or the same time and a higher id. */
  const pastCursor = (after: RecordingCursor & { at: Date }, dir: 1 | -1): Query => ({
    $or: [{ recordedAt: { [dir === 1 ? '$gt' : '$lt']: after.at } }, { _id: { $gt: after.id } }],
  });

  async function byDate(f: RecordingFilter, dir: 1 | -1, after: RecordingCursor | null, limit: number, now: Date) {
    const eq = equalities(f);
    const sort = { recordedAt: dir, _id: 1 } as const;
    const cursorAt = after?.at;
    const cursor = after && cursorAt ? pastCursor({ id: after.id, at: cursorAt }, dir) : {};
    if (narrow(f) || (await fewOfStatus(f))) {
      // The cursor's own time bounds the range (the $or only settles ties), so the index reads less.
      const from = dir === 1 && cursorAt ? cursorAt : f.recordedFrom;
      const to = dir === -1 && cursorAt ? cursorAt : f.recordedTo;
      return R.find({ ...eq, ...between(from, to), ...cursor })
        .sort(sort)
        .limit(limit)
        .lean<StoredRecording[]>();
    }
    const out: StoredRecording[] = [];
    const floor = f.recordedFrom ?? EPOCH;
    const ceiling = f.recordedTo ?? null;
    let span = FIRST_WINDOW;
    let first = true;
    if (dir === -1) {
      // Newest first: windows [hi - span, hi], going back in time; the first one is open-ended
      // above when nothing bounds it (a recording dated after `now` is still listed).
      let hi: Date | null = cursorAt ?? ceiling;
      for (;;) {
        const lo = new Date(Math.max(floor.getTime(), (hi ?? now).getTime() - span));
        const q = { ...eq, ...between(lo, hi ?? undefined, !first), ...(first ? cursor : {}) };
        out.push(
          ...(await R.find(q)
            .sort(sort)
            .limit(limit - out.length)
            .lean<StoredRecording[]>()),
        );
        if (out.length >= limit || lo.getTime() <= floor.getTime()) return out;
        hi = lo;
        span *= 2;
        first = false;
      }
    }
    // Oldest first: windows [lo, lo + span), going forward; the one reaching past `now` is open-ended.
    let lo: Date = cursorAt ?? f.recordedFrom ?? (await catalogFloor(m, now));
    for (;;) {
      const end = lo.getTime() + span;
      const open = end > now.getTime();
      const hi = ceiling && (open || end >= ceiling.getTime()) ? ceiling : open ? undefined : new Date(end);
      const q = { ...eq, ...between(lo, hi, hi !== ceiling), ...(first ? cursor : {}) };
      out.push(
        ...(await R.find(q)
          .sort(sort)
          .limit(limit - out.length)
          .lean<StoredRecording[]>()),
      );
      if (out.length >= limit || !hi || hi === ceiling) return out;
      lo = hi;
      span *= 2;
      first = false;
    }
  }

  /**
   * Recordings whose stored state changes by itself in [from, to) (their reviewAt), soonest
   * first, through the reviewAt index: windows of a day, doubling, from the cursor on, for the
   * reason a by-date list uses them (a month of review dates can hold many thousand recordings).
   */
  async function upcoming(f: { from: Date; to: Date; unit?: string | undefined }, after: RecordingCursor | null, limit: number) {
    const out: StoredRecording[] = [];
    const eq = defined({ unit: f.unit });
    let lo = after?.at ?? f.from;
    let span = DAY;
    let first = true;
    while (out.length < limit && lo < f.to) {
      const hi = new Date(Math.min(f.to.getTime(), lo.getTime() + span));
      const cursor = first && after?.at ? { $or: [{ reviewAt: { $gt: after.at } }, { _id: { $gt: after.id } }] } : {};
      const q = { ...eq, reviewAt: { $gte: lo, $lt: hi }, ...cursor };
      out.push(
        ...(await R.find(q)
          .sort({ reviewAt: 1, _id: 1 })
          .limit(limit - out.length)
          .lean<StoredRecording[]>()),
      );
      lo = hi;
      span *= 2;
      first = false;
    }
    return out;
  }

  return {
    upcoming,
    list(f: RecordingFilter, order: RecordingOrder, after: RecordingCursor | null, limit: number, now: Date): Promise<StoredRecording[]> {
      if (order === 'id') return byId(f, after, limit);
      return byDate(f, order === 'recordedAt' ? 1 : -1, after, limit, now);
    },
  };
}
