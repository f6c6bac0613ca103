/**
 * The refresh journal (domain/derived/ports.ts): one document per change in flight whose
 * derived-state refresh is not done yet. Small and short-lived: written before the change,
 * deleted after its refresh; the sweep takes the ones left behind (by `at`).
 */
import { Schema } from 'mongoose';

export const refreshIntentSchema = new Schema(
  {
    _id: { type: String, required: true },
    recordingIds: { type: [String], default: [] },
    caseNumber: { type: String, default: null },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'refresh_intents', strict: 'throw' },
);
refreshIntentSchema.index({ recordingIds: 1 });
refreshIntentSchema.index({ caseNumber: 1 });
refreshIntentSchema.index({ at: 1 });
