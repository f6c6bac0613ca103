/**
 * The audit trail: append-only, hash-chained entries. `_id` is the zero-padded sequence
 * number, so the unique `_id` index makes forks impossible: two writers racing for the
 * same position cannot both insert; the loser re-reads the head and retries.
 */
import { Schema, type InferSchemaType } from 'mongoose';

export const auditSchema = new Schema(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    at: { type: Date, required: true },
    actor: { sub: { type: String, required: true }, role: { type: String, required: true } },
    action: { type: String, required: true },
    targets: { type: [String], default: [] },
    requestId: { type: String, required: true },
    source: { type: String, required: true },
    outcome: { status: { type: Number, required: true }, code: { type: String, default: null } },
    bodyDigest: { type: String, default: null },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
    // The targets upper-cased (derived, checked by verify): the search by prefix in any letter case.
    targetKeys: { type: [String], default: undefined },
  },
  { versionKey: false, collection: 'audit', strict: 'throw' },
);
auditSchema.index({ 'actor.sub': 1, at: 1 });
auditSchema.index({ action: 1, at: 1 });
// "Who saw this recording": an anchored prefix of an upper-cased target, newest first.
export const AUDIT_TARGET_INDEX = 'targetKeys_1__id_-1';
auditSchema.index({ targetKeys: 1, _id: -1 }, { name: AUDIT_TARGET_INDEX });
auditSchema.index({ at: 1 });
export type AuditDoc = InferSchemaType<typeof auditSchema>;
