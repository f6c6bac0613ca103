/** Counsel determinations (issue 16): append-only; a withdrawal and the superseded mark are set once. */
import { Schema } from 'mongoose';
import { DETERMINATION_OUTCOMES, DETERMINATION_SCOPE_KINDS } from '../../engine/counsel';
import { DIGEST_PARTS } from '../../domain/counsel/ports';
import { REQUESTER_KINDS } from '../../engine/facts';

export const counselDeterminationSchema = new Schema(
  {
    _id: { type: String, required: true },
    scopeKind: { type: String, required: true, enum: [...DETERMINATION_SCOPE_KINDS] },
    recordingId: { type: String, default: null },
    caseNumber: { type: String, default: null },
    requestNumber: { type: String, default: null },
    requesterKinds: { type: [{ type: String, enum: [...REQUESTER_KINDS] }], required: true },
    outcome: { type: String, required: true, enum: [...DETERMINATION_OUTCOMES] },
    redactions: {
      type: [{ _id: false, publicDescription: { type: String, required: true }, instruction: { type: String, required: true } }],
      default: [],
    },
    citation: { type: String, required: true },
    publicStatement: { type: String, required: true },
    reasoning: { type: String, required: true },
    expiresOn: { type: String, default: null },
    answers: { type: [String], default: [] },
    factsDigest: {
      type: new Schema(
        {
          parts: {
            type: [
              {
                _id: false,
                part: { type: String, required: true, enum: [...DIGEST_PARTS] },
                key: { type: String, required: true },
                digest: { type: String, required: true },
              },
            ],
            default: [],
          },
          law: { type: String, required: true },
          claim: { type: String, default: null },
        },
        { _id: false },
      ),
      required: true,
    },
    enteredAt: { type: Date, required: true },
    enteredBy: { type: String, required: true },
    supersedes: { type: String, default: null },
    supersededBy: { type: String, default: null },
    withdrawal: {
      type: new Schema(
        { at: { type: Date, required: true }, by: { type: String, required: true }, reason: { type: String, required: true } },
        { _id: false },
      ),
      default: null,
    },
  },
  { versionKey: false, collection: 'counselDeterminations', strict: 'throw', minimize: false },
);
counselDeterminationSchema.index({ recordingId: 1 });
counselDeterminationSchema.index({ caseNumber: 1 });
counselDeterminationSchema.index({ requestNumber: 1 });
