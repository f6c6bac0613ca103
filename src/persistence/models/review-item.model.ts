/**
 * Review items (domain/review/ports.ts): the assignee and comments of a recording or case in the
 * review queue. Comments and steps are only ever appended with $push (one atomic update each; no
 * transactions on FerretDB v2.5), so two people commenting at once both keep their words.
 */
import { Schema, type InferSchemaType } from 'mongoose';
import { REVIEW_ITEM_KINDS } from '../../domain/review/ports';

const commentSchema = new Schema(
  {
    at: { type: Date, required: true },
    by: { type: String, required: true },
    role: { type: String, required: true },
    text: { type: String, required: true },
  },
  { _id: false },
);

const stepSchema = new Schema(
  {
    at: { type: Date, required: true },
    by: { type: String, required: true },
    role: { type: String, required: true },
    action: { type: String, required: true, enum: ['assigned', 'unassigned', 'commented'] },
    assignee: { type: String, default: null },
  },
  { _id: false },
);

export const reviewItemSchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true, enum: [...REVIEW_ITEM_KINDS] },
    ref: { type: String, required: true },
    assignee: { type: String, default: null },
    assignedAt: { type: Date, default: null },
    comments: { type: [commentSchema], default: [] },
    steps: { type: [stepSchema], default: [] },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'reviewItems', strict: 'throw' },
);
export type ReviewItemDoc = InferSchemaType<typeof reviewItemSchema>;
