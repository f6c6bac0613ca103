/** Query and response schemas of the audit-trail search and chain verification. */
import { z } from 'zod';
import { IsoDateTime } from '../../engine/facts';
import { Cursor, Limit, PageOf } from '../common.schemas';

export const AuditQuery = z.object({
  actor: z.string().max(128).optional(),
  action: z.string().max(200).optional(),
  target: z
    .string()
    .trim()
    .min(1)
    .max(128)
    .optional()
    .describe('A prefix of a target (recording, case or request id, order number…), in any letter case'),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  format: z.enum(['json', 'csv']).default('json'),
  cursor: Cursor,
  limit: Limit,
});

export const AuditEntryView = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.object({
      sub: z.string(),
      role: z
        .string()
        .describe('A role; anonymous for a refused unauthenticated call; none for a sign-in refused because no role is mapped'),
    }),
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
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const AuditPage = PageOf(AuditEntryView).meta({ id: 'AuditPage' });

export const VerifyView = z
  .object({
    ok: z.boolean(),
    entriesVerified: z.number().int(),
    head: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
    firstBroken: z.object({ seq: z.number().int(), id: z.string(), problem: z.string() }).nullable(),
  })
  .meta({ id: 'AuditVerification' });
