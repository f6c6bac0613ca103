/**
 * The review queue's entries (domain/review/ports.ts QueueEntry, kept by QueueMaintainer) and their
 * per-question counts. Every read of the queue goes through one of these indexes; the ones the
 * queue pages through are partial on `inQueue: true`, so the tombstones of items that left review
 * cost nothing there (they stay, by item, for their rev: see the maintainer).
 */
import { Schema } from 'mongoose';
import { ANSWERED_BY } from '../../domain/review/questions';
import { REVIEW_ITEM_KINDS } from '../../domain/review/ports';

const questionSchema = new Schema(
  {
    fact: { type: String, required: true },
    questionId: { type: String, required: true },
    text: { type: String, required: true },
    answeredBy: { type: String, required: true, enum: [...ANSWERED_BY] },
    form: { href: { type: String, default: '' }, api: { type: String, default: '' } },
  },
  { _id: false },
);

const requestRefSchema = new Schema(
  { id: { type: String, required: true }, number: { type: String, default: null }, dueBy: { type: Date, required: true } },
  { _id: false },
);

export const reviewEntrySchema = new Schema(
  {
    _id: { type: String, required: true },
    itemId: { type: String, required: true },
    kind: { type: String, required: true, enum: [...REVIEW_ITEM_KINDS] },
    ref: { type: String, required: true },
    questionId: { type: String, required: true },
    answeredBy: { type: String, required: true, enum: [...ANSWERED_BY] },
    inQueue: { type: Boolean, required: true },
    questions: { type: [questionSchema], default: [] },
    requesterKinds: { type: [String], default: [] },
    recordingIds: { type: [String], default: [] },
    units: { type: [String], default: [] },
    unitCounts: {
      type: [new Schema({ unit: { type: String, required: true }, n: { type: Number, required: true } }, { _id: false })],
      default: [],
    },
    caseNumbers: { type: [String], default: [] },
    requests: { type: [requestRefSchema], default: [] },
    dueBy: { type: Date, default: null },
    dueSort: { type: Number, required: true },
    oldestRecordedAt: { type: Date, required: true },
    oldest: { type: Number, required: true },
    assigned: { type: Boolean, required: true },
    assignee: { type: String, default: null },
    rev: { type: Number, required: true },
  },
  { versionKey: false, collection: 'review_queue', strict: 'throw' },
);
const queued = { partialFilterExpression: { inQueue: true } };
// A question's items in queue order (a page after the cursor; the group's first due date).
reviewEntrySchema.index({ questionId: 1, dueSort: 1, oldest: 1, _id: 1 }, { name: 'queue_order', ...queued });
// A question's oldest item (the group's age, its second sort key).
reviewEntrySchema.index({ questionId: 1, oldest: 1 }, { name: 'queue_age', ...queued });
// The same for one unit (?unit=).
reviewEntrySchema.index({ units: 1, questionId: 1, dueSort: 1, oldest: 1, _id: 1 }, { name: 'queue_unit_order', ...queued });
reviewEntrySchema.index({ units: 1, questionId: 1, oldest: 1 }, { name: 'queue_unit_age', ...queued });
// The narrow filters (?case=, ?request=) and the maintainer's look-up of a recording's items.
reviewEntrySchema.index({ caseNumbers: 1 }, { name: 'queue_case', ...queued });
reviewEntrySchema.index({ recordingIds: 1 }, { name: 'queue_recording', ...queued });
// The dashboard: due soon or overdue, assigned.
reviewEntrySchema.index({ dueSort: 1 }, { name: 'queue_due', ...queued });
reviewEntrySchema.index({ assigned: 1 }, { name: 'queue_assigned', ...queued });
// Every entry of an item, tombstones too (the maintainer reads them with their revs).
reviewEntrySchema.index({ itemId: 1 }, { name: 'queue_item' });

/**
 * Items and recordings per question in the queue, over all units (unit '') and per unit, moved by
 * $inc with each entry write that lands and set again from the entries by the sweep. `_id` is
 * `<questionId>|<unit>`. One more document, `_id` BUILT_ID, records when the entries were first
 * built over the whole catalog.
 */
export const reviewCountSchema = new Schema(
  {
    _id: { type: String, required: true },
    questionId: { type: String, required: true },
    unit: { type: String, default: '' },
    answeredBy: { type: String, required: true },
    items: { type: Number, default: 0 },
    recordings: { type: Number, default: 0 },
    /** At or before every counted entry's `oldest` (domain QueueCount.oldest); absent on counts written before it. */
    oldest: { type: Number },
    at: { type: Date, default: null },
  },
  { versionKey: false, collection: 'review_queue_counts', strict: 'throw' },
);
reviewCountSchema.index({ unit: 1 });
export const BUILT_ID = '#built';
