/** Audit-trail search (JSON or CSV) and chain verification, for auditors. */
import { Readable } from 'node:stream';
import type { AuditEntry } from '../../domain/audit/audit.service';
import { csvHeader, csvRows } from '../../csv';
import type { AppDeps } from '../../deps';
import { type RouteDef, reply, route } from '../route';
import { AUDIT_CSV, presentAuditEntry } from './audit.presenter';
import { AuditPage, AuditQuery, VerifyView } from './audit.schemas';

async function* csv(entries: AsyncIterable<AuditEntry>): AsyncGenerator<string> {
  yield csvHeader(AUDIT_CSV);
  for await (const e of entries) yield csvRows(AUDIT_CSV, [e]);
}

export function auditRoutes(deps: AppDeps): RouteDef[] {
  const audit = deps.services.audit;
  return [
    route({
      method: 'get',
      path: '/api/v1/audit',
      tag: 'audit',
      summary: 'Search the audit trail, newest first (target: a prefix in any letter case; cursor pagination; format=csv exports)',
      query: AuditQuery,
      response: AuditPage,
      produces: ['text/csv'],
      handler: async ({ query }) => {
        const filter = {
          actor: query.actor,
          action: query.action,
          target: query.target,
          from: query.from ? new Date(query.from) : undefined,
          to: query.to ? new Date(query.to) : undefined,
        };
        if (query.format === 'csv')
          return reply(Readable.from(csv(audit.matching(filter))), { type: 'text/csv; charset=utf-8', attachment: 'audit.csv' });
        const p = await audit.list({ ...filter, cursor: query.cursor, limit: query.limit });
        return { items: p.items.map(presentAuditEntry), nextCursor: p.nextCursor };
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/audit/verify',
      tag: 'audit',
      summary: 'Verify the hash chain; reports the first broken link, if any',
      response: VerifyView,
      handler: async () => audit.verify(),
    }),
  ];
}
