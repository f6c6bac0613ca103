/**
 * A moment at or before the catalog's earliest recording, for lists that walk windows of time
 * forward (the oldest-first search, the review queue's items by age): starting at 1970 costs a
 * dozen empty windows. DocumentDB's secondary indexes answer ranges but do not return rows in key
 * order, so "the earliest recordedAt" is not one sorted read: it is found by probes ("any recording
 * before t?", each one indexed range read) doubling from 1970, then halving to a day, and kept per
 * process. Each use first checks with one probe that nothing is older (an import of older
 * recordings moves it), so a list never starts after a recording.
 */
import type { Models } from '../models';

const DAY = 86_400_000;
const FIRST_SPAN = 7 * DAY;
const EPOCH = new Date(0);

const known = new WeakMap<Models, Date>();

export async function catalogFloor(m: Models, now: Date): Promise<Date> {
  const R = m.Recording;
  const anyBefore = async (t: Date): Promise<boolean> => (await R.exists({ recordedAt: { $lt: t } })) !== null;
  const last = known.get(m);
  if (last && !(await anyBefore(last))) return last;
  const end = now.getTime() + DAY;
  let lo = EPOCH.getTime();
  let span = FIRST_SPAN;
  let hi = Math.min(lo + span, end);
  for (;;) {
    if (await anyBefore(new Date(hi))) break;
    if (hi >= end) return EPOCH; // nothing recorded before now: the lists' open end finds the rest
    lo = hi;
    span *= 2;
    hi = Math.min(lo + span, end);
  }
  while (hi - lo > DAY) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (await anyBefore(new Date(mid))) hi = mid;
    else lo = mid;
  }
  const floor = new Date(lo);
  known.set(m, floor);
  return floor;
}
