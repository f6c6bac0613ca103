/** Plain-text report of the clerk's queue (overdue, then due today), for `npm run requests:queue`. PURE. */
import { LEGAL_ZONE, legalDateTime } from '../../engine/legal-time';
import type { StoredRequest } from './ports';

/** Weekday, Chicago day and clock time, as a clerk reads the queue. */
const fmt = (d: Date) => legalDateTime(d).toFormat('ccc yyyy-MM-dd HH:mm');

function row(r: StoredRequest, now: Date): string {
  const hours = (now.getTime() - r.dueBy.getTime()) / 3_600_000;
  const late =
    hours > 0
      ? `${hours >= 48 ? `${Math.floor(hours / 24)} days` : `${Math.floor(hours)} h`} late`
      : `due in ${Math.max(0, Math.ceil(-hours * 60))} min`;
  const scope = r.recordingIds.length
    ? `${r.recordingIds.length} recording(s)`
    : r.scope.caseNumber
      ? `case ${r.scope.caseNumber}`
      : 'description only';
  const delayed = r.status === 'delayed' && r.delay ? ` (delayed until ${fmt(r.delay.availableAt)})` : '';
  return `  ${r.number ?? r._id}  due ${fmt(r.dueBy)}  ${late.padEnd(13)} ${r.status.padEnd(9)} ${r.requester.name} [${r.requester.kind}], ${scope}${delayed}`;
}

export function formatQueue(q: { overdue: StoredRequest[]; dueToday: StoredRequest[] }, now: Date): string {
  const lines = [`Sunshine request queue at ${fmt(now)} ${LEGAL_ZONE} (RSMo 610.023.3)`, ''];
  lines.push(`Overdue: ${q.overdue.length}`);
  for (const r of q.overdue) lines.push(row(r, now));
  lines.push('', `Due by the end of today: ${q.dueToday.length}`);
  for (const r of q.dueToday) lines.push(row(r, now));
  return `${lines.join('\n')}\n`;
}
