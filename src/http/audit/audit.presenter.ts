/** Audit entries -> API JSON, and the CSV export's columns (header and cell together). */
import type { AuditEntry } from '../../domain/audit/audit.service';
import type { CsvColumn } from '../../csv';
import { describeAction, describeOutcome } from './action-words';
import type { AuditEntryView } from './audit.schemas';

export const presentAuditEntry = (e: AuditEntry): AuditEntryView => ({
  seq: e.seq,
  at: e.at.toISOString(),
  actor: e.actor,
  action: e.action,
  description: describeAction(e.action, e.targets),
  outcomeText: describeOutcome(e.outcome?.status ?? 0, e.outcome?.code ?? null),
  targets: e.targets,
  requestId: e.requestId,
  source: e.source,
  outcome: e.outcome,
  bodyDigest: e.bodyDigest ?? null,
  prevHash: e.prevHash,
  hash: e.hash,
});

// Entries written by older versions may lack actor or outcome: their cells stay empty.
export const AUDIT_CSV: readonly CsvColumn<AuditEntry>[] = [
  { header: 'seq', cell: (e) => e.seq },
  { header: 'at', cell: (e) => e.at.toISOString() },
  { header: 'actor', cell: (e) => e.actor?.sub },
  { header: 'role', cell: (e) => e.actor?.role },
  { header: 'action', cell: (e) => e.action },
  { header: 'targets', cell: (e) => e.targets.join(';') },
  { header: 'requestId', cell: (e) => e.requestId },
  { header: 'source', cell: (e) => e.source },
  { header: 'status', cell: (e) => e.outcome?.status },
  { header: 'code', cell: (e) => e.outcome?.code },
  { header: 'bodyDigest', cell: (e) => e.bodyDigest },
  { header: 'prevHash', cell: (e) => e.prevHash },
  { header: 'hash', cell: (e) => e.hash },
];
