/** Audit-trail search (JSON or CSV) and chain verification, for auditors. */
import { Readable } from 'node:stream';
import { z } from 'zod';
import type { AuditEntry } from '../../domain/audit/audit.service';
import { decodeCursor } from '../../domain/catalog/pagination';
import { IsoDateTime } from '../../engine/facts';
import { Cursor, Limit, PageOf } from '../common.schemas';
import type { AppDeps } from '../../deps';
import { BOM, csvLine } from '../../csv';
import { type RouteDef, route } from '../route';
import { describeAction, describeOutcome } from './action-words';

const AuditQuery = z.object({
  actor: z.string().max(128).optional(),
  action: z.string().max(200).optional(),
  target: z.string().trim().min(1).max(128).optional().describe('A prefix of a target (recording, case or request id, order number…), in any letter case'),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  format: z.enum(['json', 'csv']).default('json'),
  cursor: Cursor,
  limit: Limit,
});

const AuditEntryView = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.object({ sub: z.string(), role: z.string().describe('A role; anonymous for a refused unauthenticated call; none for a sign-in refused because no role is mapped') }),
    action: z.string().describe('"<METHOD> <route template>", or a sign-in event'),
    description: z.string().describe('The action in words, e.g. "Viewed the release decision for BWC-000000075"'),
    outcomeText: z.string().describe('The outcome in words, e.g. "Done", "Refused: not allowed"'),
    targets: z.array(z.string()),
    requestId: z.string(),
    source: z.string(),
    outcome: z.object({ status: z.number().int(), code: z.string().nullable() }),
    bodyDigest: z.string().nullable(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEntry' });
const AuditPage = PageOf(AuditEntryView).meta({ id: 'AuditPage' });
const VerifyView = z
  .object({
    ok: z.boolean(),
    entriesVerified: z.number().int(),
    head: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
    firstBroken: z.object({ seq: z.number().int(), id: z.string(), problem: z.string() }).nullable(),
  })
  .meta({ id: 'AuditVerification' });

const present = (e: AuditEntry): z.infer<typeof AuditEntryView> => ({
  seq: e.seq, at: e.at.toISOString(), actor: e.actor, action: e.action,
  description: describeAction(e.action, e.targets), outcomeText: describeOutcome(e.outcome?.status ?? 0, e.outcome?.code ?? null), targets: e.targets, requestId: e.requestId, source: e.source,
  outcome: e.outcome, bodyDigest: e.bodyDigest ?? null, prevHash: e.prevHash, hash: e.hash,
});

const CSV_HEADER = ['seq', 'at', 'actor', 'role', 'action', 'targets', 'requestId', 'source', 'status', 'code', 'bodyDigest', 'prevHash', 'hash'];

export function auditRoutes(deps: AppDeps): RouteDef[] {
  const audit = deps.services.audit;
  return [
    route({
      method: 'get', path: '/api/v1/audit', tag: 'audit', summary: 'Search the audit trail, newest first (target: a prefix in any letter case; cursor pagination; format=csv exports)',
      query: AuditQuery, response: AuditPage, produces: ['text/csv'],
      handler: async ({ query, ctx }) => {
        const base = { actor: query.actor, action: query.action, target: query.target, from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined };
        if (query.format === 'csv') {
          ctx.type = 'text/csv; charset=utf-8';
          ctx.attachment('audit.csv');
          async function* rows() {
            yield BOM + csvLine(CSV_HEADER);
            let before: string | null = null;
            for (;;) {
              const batch = await audit.search({ ...base, before, limit: 1000 });
              for (const e of batch.slice(0, 1000)) {
                yield csvLine([e.seq, e.at.toISOString(), e.actor?.sub, e.actor?.role, e.action, e.targets.join(';'), e.requestId, e.source, e.outcome?.status, e.outcome?.code, e.bodyDigest, e.prevHash, e.hash]);
              }
              if (batch.length <= 1000) return;
              before = batch[999]?._id ?? null;
            }
          }
          ctx.body = Readable.from(rows());
          return undefined;
        }
        const rows = await audit.search({ ...base, before: decodeCursor(query.cursor), limit: query.limit });
        const items = rows.slice(0, query.limit);
        const last = items[items.length - 1];
        return { items: items.map(present), nextCursor: rows.length > query.limit && last ? Buffer.from(last._id).toString('base64url') : null };
      },
    }),
    route({
      method: 'get', path: '/api/v1/audit/verify', tag: 'audit', summary: 'Verify the hash chain; reports the first broken link, if any',
      response: VerifyView,
      handler: async () => audit.verify(),
    }),
  ];
}
