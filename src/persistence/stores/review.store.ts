/** The review queue's reads (recordings in review, open requests) and its items, over mongoose. */
import { OPEN_STATUSES } from '../../domain/requests/lifecycle';
import type { InReviewRow, OpenRequestRow, ReviewStore, StoredReviewItem } from '../../domain/review/ports';
import { isDuplicateKey } from '../errors';
import type { Models } from '../models';

export function reviewStore(m: Models): ReviewStore {
  const I = m.ReviewItem;
  return {
    inReview(f) {
      // `review.inReview: true` selects the partial in_review index (only recordings in review are in it).
      const q: Record<string, unknown> = { 'review.inReview': true };
      if (f.unit) q.unit = f.unit;
      if (f.caseNumber) q.caseNumbers = f.caseNumber;
      if (f.recordingIds) q._id = { $in: [...f.recordingIds] };
      return m.Recording.find(q, { unit: 1, caseNumbers: 1, recordedAt: 1, review: 1 }).batchSize(5000).lean<InReviewRow[]>();
    },
    openRequests: () =>
      m.Request.find(
        { status: { $in: [...OPEN_STATUSES] } },
        {
          number: 1,
          status: 1,
          dueBy: 1,
          'requester.kind': 1,
          recordingIds: 1,
          'notResponsive.recordingId': 1,
          'responses.answeredRecordingIds': 1,
        },
      ).lean<OpenRequestRow[]>(),
    items: (ids) => (ids.length ? I.find({ _id: { $in: [...ids] } }).lean<StoredReviewItem[]>() : Promise.resolve([])),
    async ensure(item) {
      // A plain insert, not an upsert: concurrent findOneAndUpdate upserts are not safe on FerretDB v2.5
      // (see the request counters); a duplicate key means someone created it first.
      await I.create(item).catch((e: unknown) => {
        if (!isDuplicateKey(e)) throw e;
      });
    },
    assign: (id, assignee, step) =>
      I.findOneAndUpdate(
        { _id: id },
        { $set: { assignee, assignedAt: assignee ? step.at : null, updatedAt: step.at }, $push: { steps: step } },
        { returnDocument: 'after' },
      ).lean<StoredReviewItem>(),
    comment: (id, comment, step) =>
      I.findOneAndUpdate(
        { _id: id },
        { $set: { updatedAt: step.at }, $push: { comments: comment, steps: step } },
        { returnDocument: 'after' },
      ).lean<StoredReviewItem>(),
  };
}
