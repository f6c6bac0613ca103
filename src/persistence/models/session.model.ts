/**
 * Staff sessions and sign-ins under way (domain/auth/ports.ts). `_id` is the SHA-256 of the
 * browser's cookie secret; the sweep finds expired sessions through the two deadline indexes.
 */
import { Schema } from 'mongoose';

export const sessionSchema = new Schema(
  {
    _id: { type: String, required: true },
    sub: { type: String, required: true },
    role: { type: String, required: true },
    name: { type: String, default: null },
    idToken: { type: String, default: null },
    csrfToken: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    idleExpiresAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'sessions', strict: 'throw' },
);
sessionSchema.index({ expiresAt: 1 });
sessionSchema.index({ idleExpiresAt: 1 });

export const pendingLoginSchema = new Schema(
  {
    _id: { type: String, required: true },
    state: { type: String, required: true },
    nonce: { type: String, required: true },
    codeVerifier: { type: String, required: true },
    returnTo: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'pending_logins', strict: 'throw' },
);
pendingLoginSchema.index({ expiresAt: 1 });
