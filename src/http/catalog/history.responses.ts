/** Response schema of a recording's content history (its revisions, oldest first). */
import { z } from 'zod';
import { REVISION_SOURCES } from '../../domain/catalog/records';

const Value = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);

const RevisionContentView = z.object({
  cameraSerial: z.string(),
  officerId: z.string(),
  unit: z.string(),
  recordedAt: z.string(),
  durationSeconds: z.number(),
  sizeBytes: z.number().nullable(),
  title: z.string().nullable(),
  category: z.string(),
  location: z.object({
    address: z.string().nullable(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
    nonpublic: z.boolean(),
    kind: z.string().nullable(),
  }),
  caseNumbers: z.array(z.string()),
  flags: z.record(z.string(), z.boolean()),
  tags: z.array(z.string()),
});

export const RecordingHistoryView = z
  .object({
    recordingId: z.string(),
    /** The revision the recording's current content is; null for one stored before revisions were kept and never changed since. */
    currentRevisionId: z.string().nullable(),
    revisions: z.array(
      z.object({
        revisionId: z.string(),
        seq: z.number().int(),
        recordedAt: z.string().describe('When the service recorded this content: what knownAt compares with'),
        recordedBy: z.string(),
        backfilled: z
          .boolean()
          .describe('Written from the document of a recording stored before revisions were kept, stamped with its last update'),
        source: z
          .enum(REVISION_SOURCES)
          .nullable()
          .describe(
            "Which route wrote it: the evidence system's feed (PUT), an import (HTTP or command line), a clerk's review facts, an administrator's PUT, a prosecutor's confirmation of a clerk's answer, a correction of a clerk's answer; null when written before this was kept",
          ),
        basis: z.string().nullable().describe("On what the writer relied (a clerk's or a confirmation's basis); null: not said"),
        changes: z
          .array(z.object({ field: z.string(), from: Value, to: Value }))
          .describe('What differs from the previous revision (empty for the first)'),
        content: RevisionContentView,
      }),
    ),
  })
  .meta({ id: 'RecordingHistory' });
export type RecordingHistoryView = z.infer<typeof RecordingHistoryView>;
