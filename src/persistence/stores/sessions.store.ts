/** Sessions and pending sign-ins over mongoose: single-document writes only (take = findOneAndDelete, so one taker wins). */
import type { PendingLogin, SessionStore, StoredSession } from '../../domain/auth/ports';
import type { Models } from '../models';

export function sessionStore(m: Models): SessionStore {
  return {
    async insert(s) {
      await m.Session.create(s);
    },
    get: (id) => m.Session.findById(id).lean<StoredSession>(),
    async touch(id, lastSeenAt, idleExpiresAt) {
      // Never moves the idle end backwards (a slower request landing after a later one).
      await m.Session.updateOne({ _id: id, idleExpiresAt: { $lt: idleExpiresAt } }, { $set: { lastSeenAt, idleExpiresAt } });
    },
    take: (id) => m.Session.findOneAndDelete({ _id: id }).lean<StoredSession>(),
    due: (now, limit) =>
      m.Session.find({ $or: [{ expiresAt: { $lte: now } }, { idleExpiresAt: { $lte: now } }] })
        .sort({ _id: 1 })
        .limit(limit)
        .lean<StoredSession[]>(),
    async insertPending(p) {
      await m.PendingLogin.create(p);
    },
    takePending: (id) => m.PendingLogin.findOneAndDelete({ _id: id }).lean<PendingLogin>(),
    async dropStalePending(now) {
      const res = await m.PendingLogin.deleteMany({ expiresAt: { $lte: now } });
      return res.deletedCount;
    },
  };
}
