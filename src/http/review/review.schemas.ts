/** Query, body and response schemas of the review queue routes. */
import { z } from 'zod';
import { Cursor, Limit } from '../common.schemas';
import { AnsweredByEnum, RequesterKindEnum, ReviewItemKindEnum, RoleEnum } from '../vocabulary';

export const ReviewQueueQuery = z.object({
  answeredBy: AnsweredByEnum.optional().describe('Only questions this role answers'),
  unit: z.string().min(1).max(100).optional().describe('Only recordings of this unit'),
  case: z.string().min(1).max(100).optional().describe('Only recordings linked to this case number'),
  request: z.string().min(1).max(100).optional().describe("Only a request's recordings (its id or number)"),
  question: z.string().min(1).max(200).optional().describe('Only this question (a group of the queue)'),
  cursor: Cursor,
  limit: Limit,
});

export const ReviewSummaryQuery = z.object({
  soonDays: z.coerce.number().int().min(0).max(30).default(1).describe('Due within this many days counts as due soon (default 1)'),
});

// ref first: the audit trail names an entry by its first path parameter (the recording or case).
export const ReviewItemParams = z.object({ ref: z.string().min(1).max(100), kind: ReviewItemKindEnum });

export const AssignInput = z
  .object({ assignee: z.string().trim().min(1).max(200).nullable().describe('Who takes the item (their sign-in name); null to unassign') })
  .strict();
export const CommentInput = z.object({ text: z.string().trim().min(1).max(4000) }).strict();

const QuestionView = z.object({
  fact: z.string().describe('The missing fact as the engine names it'),
  questionId: z.string(),
  text: z.string().describe('The question in plain words'),
  answeredBy: AnsweredByEnum,
  form: z.object({
    href: z.string().describe('Web-app route of the pre-filled form that answers it'),
    api: z.string().describe('METHOD /path the form posts to'),
  }),
});

const CommentView = z.object({ at: z.string(), by: z.string(), role: z.string(), text: z.string() });

export const ReviewQueueItemView = z.object({
  id: z.string().describe('<kind>:<ref>, the item the assign and comment routes take'),
  questionId: z.string(),
  kind: ReviewItemKindEnum,
  ref: z.string().describe('The recording id or the case number'),
  questions: z.array(QuestionView),
  requesterKinds: z.array(RequesterKindEnum).describe('Who gets needs_legal_review on it now'),
  recordingIds: z.array(z.string()).describe('Its recordings in review (the first 50)'),
  recordingCount: z.number().int(),
  units: z.array(z.string()),
  dueBy: z.string().nullable().describe('Earliest due date among the open requests waiting for it'),
  requests: z.array(z.object({ id: z.string(), number: z.string().nullable(), dueBy: z.string() })),
  oldestRecordedAt: z.string(),
  assignee: z.string().nullable(),
  comments: z.array(CommentView),
});

export const ReviewQueuePage = z.object({
  groups: z.array(
    z.object({
      questionId: z.string(),
      text: z.string(),
      answeredBy: AnsweredByEnum,
      items: z.number().int(),
      recordings: z.number().int(),
      dueBy: z.string().nullable(),
    }),
  ),
  items: z.array(ReviewQueueItemView),
  nextCursor: z.string().nullable(),
});

export const ReviewSummaryView = z.object({
  recordings: z.number().int().describe('Recordings in review'),
  items: z.number().int().describe('Items (recordings and cases) under their questions'),
  questions: z.number().int(),
  byAnsweredBy: z.object({ prosecutor: z.number().int(), clerk: z.number().int(), counsel: z.number().int() }),
  dueSoon: z.number().int(),
  overdue: z.number().int(),
  unassigned: z.number().int(),
});

export const ReviewItemView = z.object({
  id: z.string(),
  kind: ReviewItemKindEnum,
  ref: z.string(),
  assignee: z.string().nullable(),
  assignedAt: z.string().nullable(),
  comments: z.array(CommentView),
  steps: z.array(
    z.object({
      at: z.string(),
      by: z.string(),
      role: RoleEnum.or(z.string()),
      action: z.enum(['assigned', 'unassigned', 'commented']),
      assignee: z.string().nullable(),
    }),
  ),
});
