/** The decision log: every eligibility answer given to a user, with the facts it used (replayable). */
import { Schema } from 'mongoose';

export const decisionSchema = new Schema(
  {
    _id: { type: String, required: true },
    recordingId: { type: String, required: true },
    actor: { sub: { type: String, required: true }, role: { type: String, required: true } },
    requester: { type: String, required: true },
    /** What the requester had shown (RequesterClaim, plain JSON); null = nothing recorded. */
    claim: { type: Schema.Types.Mixed, default: null },
    /** The request answered, whose counsel determinations applied; null = none. */
    requestNumber: { type: String, default: null },
    asOf: { type: String, required: true },
    knownAt: { type: String, required: true },
    outcome: { type: String, required: true },
    rulesVersion: { type: String, required: true },
    /** Hash of the engine code (src/engine) that decided; null on entries logged before it was recorded. */
    engineVersion: { type: String, default: null },
    /** The facts exactly as given to the engine (RecordingFactBundle, plain JSON). */
    facts: { type: Schema.Types.Mixed, required: true },
    /** The full decision as answered (Decision, plain JSON). */
    decision: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'decisions', strict: 'throw', minimize: false },
);
decisionSchema.index({ recordingId: 1, createdAt: 1 });
