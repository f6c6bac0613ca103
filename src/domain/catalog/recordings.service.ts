/**
 * Recording catalog writes: idempotent upsert (same content twice = one document,
 * "unchanged"), media integrity (a different sha256 for an existing id is refused), camera
 * must exist (422), tombstones are never resurrected. Used by PUT and by bulk import.
 * Concurrency: updates are conditional on the rev read (retried on conflict), and every batch
 * is settled against the facts read after it was written (derived/derived.service.ts).
 * Every content a recording ever has is first written as a revision (revisions.ts): one
 * insertMany per batch for the new recordings, one for the changed ones, then the recordings.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../../auth/roles';
import { AppError, notFound } from '../../errors';
import type { Derivation, DerivedRefresher, UnsavedRecording } from '../derived/refresher';
import {
  RecordingInput,
  type RecordingReviewFactsInput,
  type ReviewFactsConfirmationInput,
  type NoInvestigationConfirmationInput,
  type ReviewFactsCorrectionInput,
} from './catalog.schemas';
import { FLAG_NAMES, type NoInvestigation, PRIVATE_LOCATION_KINDS } from '../../engine/facts';
import { legalDay } from '../../engine/legal-time';
import { normalizeFlags } from '../derived/fact-mappers';
import { type CursorKey, ID_ORDER, decodeCursor, page } from '../pagination';
import { UPCOMING_CSV, changeReasons } from './upcoming';
import { csvHeader, csvRows } from '../../csv';
import type { CameraStore, RecordingCursor, RecordingFilter, RecordingOrder, RecordingRevisionStore, RecordingStore } from './ports';
import type { ReviewFactsOverlay, RevisionRef, RevisionSource, StoredRecording, StoredRevision } from './records';
import {
  type ConfirmationTarget,
  addReviewFacts,
  confirmReviewFact,
  correctReviewFact,
  needsReviewSources,
  rebuildEntries,
  sameReviewFacts,
  withReviewFacts,
} from './reviewfacts';
import { type FieldChange, chainOf, changesBetween, newRevision, refOf, revisionsForUpdate } from './revisions';

export type { StoredRecording } from './records';

/** The id order's cursor: the last recording's id. */
const BY_ID: CursorKey<StoredRecording, RecordingCursor> = {
  write: (r) => ID_ORDER.write(r),
  read: (text) => {
    const id = ID_ORDER.read(text);
    return id === null ? null : { id };
  },
};

/** A by-date order's cursor: "<epoch ms>~<recording id>" of the last recording, so ties at the same second are neither repeated nor skipped. */
const BY_DATE: CursorKey<StoredRecording, RecordingCursor> = {
  write: (r) => `${new Date(r.recordedAt).getTime()}~${r._id}`,
  read: (text) => {
    const m = /^(\d{1,15})~([A-Za-z0-9][A-Za-z0-9._:-]*)$/.exec(text);
    return m?.[1] && m[2] ? { at: new Date(Number(m[1])), id: m[2] } : null;
  },
};

/** The upcoming-changes order's cursor: "<epoch ms>~<recording id>" of the last recording's review date. */
const BY_REVIEW: CursorKey<StoredRecording, RecordingCursor> = {
  write: (r) => `${r.reviewAt ? new Date(r.reviewAt).getTime() : 0}~${r._id}`,
  read: (text) => BY_DATE.read(text),
};

export type UpsertResult = 'inserted' | 'updated' | 'unchanged';

export interface BatchItem {
  recordingId: string;
  input: RecordingInput;
  /** Caller's reference, e.g. the import line number. */
  ref: number;
}
export type BatchOutcome =
  | { ref: number; recordingId: string; result: UpsertResult }
  | { ref: number; recordingId: string; result: 'rejected'; field: string; message: string; concurrent?: boolean };

const MAX_ATTEMPTS = 5;
/** Who writes the review-facts backfill's revisions (counsel session 6, G2). */
const BACKFILL_ACTOR: Actor = { sub: 'system:review-sources-backfill', role: 'admin' };
const BACKFILL_BASIS =
  "backfill (counsel session 6, G2): the case links and category a clerk entered on the review-facts route before their sources were kept are marked as the clerk's, unconfirmed";

export function contentHash(input: RecordingInput): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

function toContent(id: string, input: RecordingInput, unit: string, hash: string): UnsavedRecording {
  return {
    _id: id,
    cameraSerial: input.cameraSerial,
    officerId: input.officerId,
    unit,
    recordedAt: new Date(input.recordedAt),
    durationSeconds: input.durationSeconds,
    sha256: input.sha256,
    sizeBytes: input.sizeBytes ?? null,
    title: input.title ?? null,
    category: input.category,
    location: {
      address: input.location.address ?? null,
      lat: input.location.lat ?? null,
      lon: input.location.lon ?? null,
      nonpublic: input.location.nonpublic,
      kind: input.location.kind ?? null,
    },
    caseNumbers: input.caseNumbers,
    flags: normalizeFlags(input.flags),
    redactionReview: input.redactionReview
      ? { reviewedBy: input.redactionReview.reviewedBy, reviewedAt: new Date(input.redactionReview.reviewedAt) }
      : null,
    protectedVictimKind: input.protectedVictimKind ?? null,
    crimeScene: input.crimeScene ?? null,
    tags: input.tags,
    contentHash: hash,
    reviewSources: null,
    feedPlace: null,
    // The day it is recorded is set by the write (upsertBatch), which knows the time.
    noInvestigation: input.noInvestigation ? { ...input.noInvestigation, recordedOn: null } : null,
    destruction: null,
  };
}

/**
 * The stored content as the feed gave it, as far as it can be told: without the case links and the
 * category a clerk's review facts added (they are merged in again from the overlay, with their
 * sources), and with the place as the feed gave it (`feedPlace`, counsel session 6, G3). Content
 * written before the sources were kept counts every link and the category the overlay gives as the
 * clerk's, the reading that cannot open a recording on a clerk's word; content written before the
 * feed's place was kept counts the stored (merged) place as the feed's, the reading that lifts no
 * mark (the feed's next write restores its own).
 */
function feedInputOf(r: StoredRecording) {
  const input = inputOf(r);
  const o = r.reviewFacts;
  if (!o) return input;
  // An overlay stored before its entries were kept (no `links`) left no sources either.
  const sources = o.links === undefined ? null : (r.reviewSources ?? { category: null, caseLinks: [] });
  const clerkLinks = new Set(sources ? sources.caseLinks.map((l) => l.caseNumber) : o.caseNumbers);
  const clerkCategory = sources ? sources.category !== null : o.category !== null && o.category === r.category;
  const place = r.feedPlace ?? { nonpublic: r.location.nonpublic, kind: r.location.kind };
  return {
    ...input,
    caseNumbers: input.caseNumbers.filter((n) => !clerkLinks.has(n)),
    category: clerkCategory ? 'unclassified' : input.category,
    location: { ...input.location, nonpublic: place.nonpublic, kind: place.kind ?? undefined },
  };
}

/** The stored content as the input that would write it again (the fields the feed sent; null ones left out). */
function inputOf(r: StoredRecording) {
  const present = <T>(v: T | null): T | undefined => v ?? undefined;
  return {
    cameraSerial: r.cameraSerial,
    officerId: r.officerId,
    recordedAt: r.recordedAt.toISOString(),
    durationSeconds: r.durationSeconds,
    sha256: r.sha256,
    sizeBytes: present(r.sizeBytes),
    title: present(r.title),
    category: r.category,
    location: {
      address: present(r.location.address),
      lat: present(r.location.lat),
      lon: present(r.location.lon),
      nonpublic: r.location.nonpublic,
      kind: present(r.location.kind),
    },
    caseNumbers: r.caseNumbers,
    flags: r.flags,
    redactionReview: r.redactionReview
      ? { reviewedBy: r.redactionReview.reviewedBy, reviewedAt: r.redactionReview.reviewedAt.toISOString() }
      : null,
    protectedVictimKind: r.protectedVictimKind,
    crimeScene: r.crimeScene,
    tags: r.tags,
  };
}

interface Candidate {
  item: BatchItem;
  /** The content to write: the input's, with the clerks' review facts (`overlay`) merged in. */
  doc: UnsavedRecording;
  /** The review facts to write: the batch's own, or those read with the recording (merged again if it changed meanwhile). */
  overlay: ReviewFactsOverlay | null;
  /** On what the writer relied, kept on the revision (the batch's, the item's own, a no-investigation confirmation). */
  basis: string | null;
  /**
   * The stored recording the merge and the checks ran on (null: none was there). The update writes only
   * over that one (counsel session 14, 14b-2): what changed it since is read, merged and checked again.
   */
  read: StoredRecording | null;
}

/** Who writes a batch and, for a clerk's review facts, the overlay they make. */
export interface WriteOptions {
  source?: RevisionSource;
  reviewFacts?: ReviewFactsOverlay;
  /** On what the writer relied (kept on the revision). */
  basis?: string | null;
  /**
   * The rev the writer built its answer on (one recording): the write is refused as concurrent when
   * the recording changed since, so an answer built on a stale read never overwrites a newer write
   * (counsel re-check session 5, F3 residual 1); the caller rebuilds it over a fresh read.
   */
  expectedRev?: number;
}

export interface RevisionEntry {
  revisionId: string;
  seq: number;
  recordedAt: Date;
  recordedBy: string;
  backfilled: boolean;
  source: RevisionSource | null;
  basis: string | null;
  /** Empty for the first revision. */
  changes: FieldChange[];
  content: StoredRevision['content'];
}

export class RecordingsService {
  /** The review-sources backfill found nothing left to do (counsel session 6, G2). */
  private reviewSourcesDone = false;

  constructor(
    private readonly recordings: RecordingStore,
    private readonly cameras: Pick<CameraStore, 'unitsOf'>,
    private readonly derived: DerivedRefresher,
    private readonly revisions: RecordingRevisionStore,
  ) {}

  /** The recording's content revisions, oldest first, with who, when and what changed; null when it does not exist. */
  async history(id: string): Promise<{ recording: StoredRecording; revisions: RevisionEntry[] } | null> {
    const recording = await this.recordings.get(id);
    if (!recording) return null;
    const chain = chainOf(recording.revision, (await this.revisions.ofRecordings([id])).get(id) ?? []);
    const revisions = chain.map((r, i): RevisionEntry => ({
      revisionId: r._id,
      seq: r.seq,
      recordedAt: r.recordedAt,
      recordedBy: r.recordedBy,
      backfilled: r.backfilled,
      source: r.source ?? null,
      basis: r.basis ?? null,
      changes: changesBetween(i === 0 ? null : chain[i - 1]!.content, r.content),
      content: r.content,
    }));
    return { recording, revisions };
  }

  /**
   * One page of the recordings list. An id order pages by the last id (the cursor every list
   * shares); a date order by the last recording's time and id, so ties at the same second are
   * neither repeated nor skipped. An id prefix matches without regard to letter case: ids are
   * catalogued in upper case (BWC-000000075), so "bwc-00000007" finds it.
   */
  async list(
    f: Omit<RecordingFilter, 'recordedFrom' | 'recordedTo' | 'retainUntilFrom' | 'retainUntilTo'> & {
      recordedFrom?: string;
      recordedTo?: string;
      retainUntilFrom?: string;
      retainUntilTo?: string;
      sort?: RecordingOrder;
      cursor?: string;
      limit: number;
    },
    now: Date,
  ) {
    const order = f.sort ?? 'id';
    const filter: RecordingFilter = {
      caseNumber: f.caseNumber,
      cameraSerial: f.cameraSerial,
      officerId: f.officerId,
      category: f.category,
      retentionStatus: f.retentionStatus,
      releaseStatus: f.releaseStatus,
      unit: f.unit,
      idPrefix: f.idPrefix ? f.idPrefix.toUpperCase() : undefined,
      recordedFrom: f.recordedFrom ? new Date(f.recordedFrom) : undefined,
      recordedTo: f.recordedTo ? new Date(f.recordedTo) : undefined,
      retainUntilFrom: f.retainUntilFrom ? new Date(f.retainUntilFrom) : undefined,
      retainUntilTo: f.retainUntilTo ? new Date(f.retainUntilTo) : undefined,
      blockedBy: f.blockedBy,
    };
    const key = order === 'id' ? BY_ID : BY_DATE;
    return page(await this.recordings.list(filter, order, decodeCursor(f.cursor, key), f.limit + 1, now), f.limit, key);
  }

  /**
   * Recordings whose answer or retention changes by itself in [from, to) (their stored review
   * date), soonest first, each with the reasons in words; paged by the review date and id.
   */
  async upcoming(
    f: { from?: Date | undefined; to?: Date | undefined; unit?: string | undefined; cursor?: string; limit: number },
    now: Date,
  ) {
    const from = f.from ?? now;
    const to = f.to ?? new Date(from.getTime() + 30 * 86_400_000);
    if (to <= from) throw new AppError('VALIDATION_FAILED', 'to must be after from', [{ path: 'query.to', message: 'must be after from' }]);
    const rows = await this.recordings.upcoming({ from, to, unit: f.unit }, decodeCursor(f.cursor, BY_REVIEW), f.limit + 1);
    const p = page(rows, f.limit, BY_REVIEW);
    return { items: p.items.map((recording) => ({ recording, reasons: changeReasons(recording) })), nextCursor: p.nextCursor, from, to };
  }

  /**
   * The whole window of upcoming changes as CSV text chunks, one page of the store at a time (so
   * memory stays flat whatever the window holds), in the list's order.
   */
  async *upcomingCsv(f: { from?: Date | undefined; to?: Date | undefined; unit?: string | undefined }, now: Date): AsyncGenerator<string> {
    yield csvHeader(UPCOMING_CSV);
    let cursor: string | undefined;
    for (;;) {
      const p = await this.upcoming({ ...f, limit: 500, ...(cursor ? { cursor } : {}) }, now);
      if (p.items.length) yield csvRows(UPCOMING_CSV, p.items);
      if (!p.nextCursor) return;
      cursor = p.nextCursor;
    }
  }

  get(id: string): Promise<StoredRecording | null> {
    return this.recordings.get(id);
  }

  async put(
    id: string,
    input: RecordingInput,
    actor: Actor,
    now: Date,
    opts: WriteOptions = {},
  ): Promise<{ result: UpsertResult; recording: StoredRecording }> {
    const [outcome] = await this.upsertBatch([{ recordingId: id, input, ref: 0 }], actor, now, opts);
    if (!outcome) throw new Error('upsertBatch returned nothing');
    if (outcome.result === 'rejected') {
      throw new AppError(refusalCode(outcome.field), outcome.message, [{ path: outcome.field, message: outcome.message }]);
    }
    const recording = await this.get(id);
    if (!recording) throw new Error(`recording ${id} vanished after upsert`);
    return { result: outcome.result, recording };
  }

  /**
   * A clerk's answers to the recording's review questions (category, case link, nonpublic place and
   * its kind) over its stored content: written like a feed update, as a new revision (so knownAt
   * replays it and the history says who changed what, from this route), and the recording is decided
   * again. The feed stays the source of the rest; the answers are also kept as the recording's review
   * facts, which every later write of its content merges in, so a feed update cannot undo them.
   */
  async reviseReviewFacts(
    id: string,
    facts: RecordingReviewFactsInput,
    actor: Actor,
    now: Date,
  ): Promise<{ result: UpsertResult; recording: StoredRecording }> {
    return this.answerOver(id, actor, now, (r) => {
      // The question asks the clerk to classify an unclassified recording; changing a classification
      // can open what it closed, so that stays with the evidence system's feed or an administrator.
      if (facts.category !== undefined && facts.category !== r.category && r.category !== 'unclassified')
        throw new AppError(
          'CONFLICT',
          `recording ${id} is already classified (${r.category}); a reclassification comes from the evidence system`,
          [{ path: 'category', message: `already classified as ${r.category}` }],
        );
      // "Non-evidentiary" says no investigation concerns the recording: with no case it opens the
      // recording to anyone (MO-OPEN) and starts its 180-day destruction clock from the recording
      // date. Only the prosecutor or the investigating unit may say so (counsel review session 5, F1).
      if (facts.category === 'non_evidentiary' && r.category !== 'non_evidentiary')
        throw new AppError(
          'UNPROCESSABLE',
          `recording ${id} cannot be classified non-evidentiary here: that says no investigation concerns it, which only the prosecutor or the investigating unit may confirm; ask them, or link the recording to its case`,
          [
            {
              path: 'category',
              message:
                'non-evidentiary needs the confirmation of the prosecutor or the investigating unit that no investigation concerns the recording',
            },
          ],
        );
      // The place only moves towards closure here (F2): a recording marked nonpublic, or recorded at a
      // private kind of place, is not opened by one clerk's answer; a wrong mark is corrected at its
      // source (the evidence system) or by an administrator.
      const place = facts.location;
      if (place?.nonpublic === false && r.location.nonpublic)
        throw new AppError(
          'CONFLICT',
          `recording ${id} is marked as made in a nonpublic place; that mark is not lifted here: have it corrected at its source (the evidence system), or, if a clerk entered it, by a prosecutor or an administrator at POST /api/v1/recordings/${id}/review-facts/corrections, with the reason`,
          [{ path: 'location.nonpublic', message: 'already marked nonpublic; only the evidence system or an administrator can lift it' }],
        );
      if (
        place?.kind !== undefined &&
        r.location.kind !== null &&
        PRIVATE_LOCATION_KINDS.has(r.location.kind) &&
        !PRIVATE_LOCATION_KINDS.has(place.kind)
      )
        throw new AppError(
          'CONFLICT',
          `recording ${id} is recorded at a private kind of place (${r.location.kind}); it is not changed to ${place.kind} here: have it corrected at its source (the evidence system), or, if a clerk entered it, by a prosecutor or an administrator at POST /api/v1/recordings/${id}/review-facts/corrections, with the reason`,
          [{ path: 'location.kind', message: `recorded as ${r.location.kind}; only another private kind may be given here` }],
        );
      const nonpublic = place?.nonpublic ?? r.location.nonpublic;
      const kind = place?.kind ?? r.location.kind;
      // Kept beside the feed's content and merged into each later write of it, so the next feed
      // update cannot undo it (F3); each new link and the category with who, when and the basis (F4, F5).
      const overlay = addReviewFacts(
        r.reviewFacts,
        {
          ...(facts.caseNumbers !== undefined ? { caseNumbers: facts.caseNumbers.filter((c) => !r.caseNumbers.includes(c)) } : {}),
          ...(place?.nonpublic !== undefined ? { nonpublic: place.nonpublic } : {}),
          ...(place?.kind !== undefined ? { kind: place.kind } : {}),
          // A category matters only while the feed leaves the recording unclassified.
          ...(facts.category !== undefined && r.category === 'unclassified' ? { category: facts.category } : {}),
        },
        actor.sub,
        now,
        facts.basis ?? null,
      );
      // An answer the record already holds writes nothing (the stored content re-read as input need
      // not hash as the feed's own input did, so the upsert's hash check cannot tell).
      const same =
        (facts.category === undefined || facts.category === r.category) &&
        (facts.caseNumbers ?? []).every((c) => r.caseNumbers.includes(c)) &&
        nonpublic === r.location.nonpublic &&
        kind === r.location.kind &&
        sameReviewFacts(r.reviewFacts, overlay);
      if (same) return 'unchanged';
      // The feed's own content; the clerk's links, category and place come in through the overlay, with
      // their sources (linking only adds cases: removing a link could lift the closure an active case
      // gives). The feed's own place stays the feed's, so correcting the clerk's never lifts it (G3).
      return {
        input: RecordingInput.parse(feedInputOf(r)),
        overlay,
        source: 'review_facts',
        basis: facts.basis ?? null,
      };
    });
  }

  /**
   * Counsel session 6, G2: recordings a clerk answered before the sources of review facts were kept
   * still read every link and the category as the feed's, so they may stand open or destroyable on a
   * clerk's word. One page of them gets its overlay's entries rebuilt from the revisions (each link
   * and the category as the clerk's, unconfirmed) and its content written again over them (a revision
   * with source migration, conditional on the rev read, so a concurrent write makes it retry), and is
   * decided again. Idempotent: a recording done is no longer listed. Returns how many were written.
   */
  async backfillReviewSources(now: Date, limit = 200): Promise<number> {
    // Every write since keeps the entries, so once none is left none comes back: later sweeps skip the scan.
    if (this.reviewSourcesDone) return 0;
    const ids = await this.recordings.needingReviewSources(limit);
    if (ids.length === 0) {
      this.reviewSourcesDone = true;
      return 0;
    }
    const revisions = await this.revisions.ofRecordings(ids);
    let written = 0;
    for (const id of ids) {
      const done = await this.answerOver(id, BACKFILL_ACTOR, now, (r) => {
        if (!r.reviewFacts || !needsReviewSources(r.reviewFacts)) return 'unchanged';
        const chain = chainOf(r.revision, revisions.get(id) ?? []).map((v) => ({
          source: v.source ?? null,
          recordedBy: v.recordedBy,
          recordedAt: v.recordedAt,
          content: v.content,
        }));
        return {
          input: RecordingInput.parse(feedInputOf(r)),
          overlay: rebuildEntries(r.reviewFacts, chain),
          source: 'migration',
          basis: BACKFILL_BASIS,
        };
      });
      if (done.result !== 'unchanged') written++;
    }
    return written;
  }

  /**
   * The prosecutor's confirmation of a clerk's case link or category (counsel re-check session 5,
   * F1/F4), or its removal as wrong (`confirmed: false`), with the basis: until then the link opens
   * nothing and neither starts a destruction clock. Written as a revision from this route (source
   * `confirmation`, with the basis), and the recording is decided again. Only what a clerk entered can
   * be confirmed or removed here: the evidence system's own links and category are corrected there.
   */
  async confirmReviewFacts(
    id: string,
    answer: ReviewFactsConfirmationInput,
    actor: Actor,
    now: Date,
  ): Promise<{ result: UpsertResult; recording: StoredRecording }> {
    return this.answerOver(id, actor, now, (r) => {
      const target: ConfirmationTarget =
        answer.field === 'caseNumbers' ? { field: 'caseNumbers', caseNumber: answer.caseNumber ?? '' } : { field: 'category' };
      const overlay = confirmReviewFact(r.reviewFacts, target, answer.confirmed, { by: actor.sub, at: now, basis: answer.basis });
      if (overlay === null) {
        const what = target.field === 'caseNumbers' ? `a case link to ${target.caseNumber}` : 'a category';
        throw new AppError(
          'CONFLICT',
          `no clerk entered ${what} for recording ${id} on the review-facts route; what the evidence system sends is corrected there`,
          [{ path: target.field === 'caseNumbers' ? 'caseNumber' : 'field', message: `no clerk's ${what} to confirm or remove` }],
        );
      }
      if (sameReviewFacts(r.reviewFacts, overlay)) return 'unchanged';
      return { input: RecordingInput.parse(feedInputOf(r)), overlay, source: 'confirmation', basis: answer.basis };
    });
  }

  /**
   * The prosecutor's own confirmation that no investigation concerns the recording (counsel session
   * 6, G4): it is classified non-evidentiary with the confirmation, the prosecutor as the confirmer
   * and the audited actor (a revision from the confirmation route). A recording linked to a case is
   * refused (409): the link says an investigation concerns it, and is removed first where it came from
   * (the evidence system, or the confirmation of a clerk's link). A repeat of the stored confirmation
   * changes nothing.
   */
  async confirmNoInvestigation(
    id: string,
    answer: NoInvestigationConfirmationInput,
    actor: Actor,
    now: Date,
  ): Promise<{ result: UpsertResult; recording: StoredRecording }> {
    const confirmedOn = answer.confirmedOn ?? legalDay(now);
    return this.answerOver(id, actor, now, (r) => {
      const kept = longerKept(id, r.category, categoryOwner(r));
      if (kept) throw new AppError('CONFLICT', kept.message, [{ path: kept.field, message: kept.message }]);
      if (r.caseNumbers.length > 0)
        throw new AppError(
          'CONFLICT',
          `recording ${id} is linked to case ${r.caseNumbers.join(', ')}, which says an investigation concerns it: have the link removed where it came from (the evidence system, or the confirmation of a clerk's link) before confirming that none does`,
          [{ path: 'recordingId', message: `linked to case ${r.caseNumbers.join(', ')}` }],
        );
      const noInvestigation = { confirmedBy: actor.sub, role: 'prosecutor' as const, confirmedOn, reference: answer.reference };
      const n = r.noInvestigation;
      if (
        r.category === 'non_evidentiary' &&
        n?.confirmedBy === actor.sub &&
        n.role === 'prosecutor' &&
        n.confirmedOn === confirmedOn &&
        n.reference === answer.reference
      )
        return 'unchanged';
      const input = RecordingInput.parse({ ...feedInputOf(r), category: 'non_evidentiary', noInvestigation });
      // This classifies the recording: a clerk's category is spent, as on any other classifying write (P3-b;
      // counsel session 14, 14b-4), so the feed's later unclassified re-send does not bring it back.
      const overlay = r.reviewFacts ? { ...r.reviewFacts, category: null, categoryEntry: null } : null;
      return { input, overlay, source: 'confirmation', basis: null };
    });
  }

  /**
   * A prosecutor's or an administrator's correction of a wrong answer a clerk gave (counsel re-check
   * session 5, F2): the clerk's nonpublic mark lifted, or the clerk's kind of place replaced, with the
   * basis; a revision from this route (source `correction`, with the basis), audited, and the
   * recording is decided again. Only what the clerk added is taken back (counsel session 6, G3): the
   * evidence system's own nonpublic mark or private kind of place is refused here, since lifting it
   * would open the inside of a home on a correction meant for a clerk's duplicate; it is corrected in
   * the evidence system, or by an administrator's update with a basis.
   */
  async correctReviewFacts(
    id: string,
    answer: ReviewFactsCorrectionInput,
    actor: Actor,
    now: Date,
  ): Promise<{ result: UpsertResult; recording: StoredRecording }> {
    return this.answerOver(id, actor, now, (r) => {
      const overlay = correctReviewFact(r.reviewFacts, answer);
      const what = answer.field === 'location.nonpublic' ? 'a nonpublic mark' : 'a kind of place';
      if (overlay === null)
        throw new AppError(
          'CONFLICT',
          `no clerk entered ${what} for recording ${id} on the review-facts route; what the evidence system sends is corrected there`,
          [{ path: 'field', message: `no clerk's ${what} to correct` }],
        );
      const feed = feedInputOf(r);
      const own =
        answer.field === 'location.nonpublic'
          ? feed.location.nonpublic
            ? 'marked nonpublic'
            : null
          : feed.location.kind !== undefined && PRIVATE_LOCATION_KINDS.has(feed.location.kind) && !PRIVATE_LOCATION_KINDS.has(answer.value)
            ? `recorded at a ${feed.location.kind}`
            : null;
      // Stored before the feed's own place was kept apart (feedPlace): whose mark it is cannot be told.
      const whose = r.feedPlace
        ? 'by the evidence system itself, not only by a clerk'
        : "and was stored before the evidence system's own place was kept apart from a clerk's, so it may be the evidence system's";
      if (own !== null)
        throw new AppError(
          'CONFLICT',
          `recording ${id} is ${own} ${whose}: a correction here only takes back a clerk's answer; have it corrected in the evidence system (its next write keeps the two apart), or by an administrator's update with the basis`,
          [{ path: answer.field === 'location.nonpublic' ? 'field' : 'value', message: `the evidence system's own value: ${own}` }],
        );
      return { input: RecordingInput.parse(feed), overlay, source: 'correction', basis: answer.basis };
    });
  }

  /**
   * Writes an answer built over a fresh read of the recording, conditional on that read's rev: when
   * another write lands in between, the answer is built again over it (counsel re-check session 5,
   * F3 residual 1), so neither a feed write nor another clerk's answer is overwritten by stale content.
   */
  private async answerOver(
    id: string,
    actor: Actor,
    now: Date,
    build: (
      r: StoredRecording,
    ) => 'unchanged' | { input: RecordingInput; overlay: ReviewFactsOverlay | null; source: RevisionSource; basis: string | null },
  ): Promise<{ result: UpsertResult; recording: StoredRecording }> {
    for (let attempt = 1; ; attempt++) {
      const r = await this.get(id);
      if (!r) throw notFound('Recording', id);
      const answer = build(r);
      if (answer === 'unchanged') return { result: 'unchanged', recording: r };
      const [outcome] = await this.upsertBatch([{ recordingId: id, input: answer.input, ref: 0 }], actor, now, {
        source: answer.source,
        reviewFacts: answer.overlay ?? undefined,
        basis: answer.basis,
        expectedRev: r.rev ?? 0,
      });
      if (!outcome) throw new Error('upsertBatch returned nothing');
      if (outcome.result === 'rejected') {
        if (outcome.concurrent && attempt < MAX_ATTEMPTS) continue;
        throw new AppError(refusalCode(outcome.field), outcome.message, [{ path: outcome.field, message: outcome.message }]);
      }
      const recording = await this.get(id);
      if (!recording) throw new Error(`recording ${id} vanished after upsert`);
      return { result: outcome.result, recording };
    }
  }

  /**
   * Upserts a batch: new ids go in with one insert (unordered: good lines are stored even if
   * others fail); ids that exist are compared by content hash and updated only when changed.
   * Derived release/retention state goes in with the same write.
   *
   * A plain write (the feed's, an import's, an administrator's) whose item lost a race with another
   * write of the recording, a clerk's answer meanwhile included, is merged again over what that write
   * left and retried (counsel re-check session 5, F3 residual): its sender no longer gets a 409 for a
   * clerk's answer it could not know of. An answer built on one read (expectedRev, a review-facts
   * overlay) is rebuilt by its own builder instead (answerOver).
   */
  async upsertBatch(items: BatchItem[], actor: Actor, now: Date, opts: WriteOptions = {}): Promise<BatchOutcome[]> {
    let outcomes = await this.upsertOnce(items, actor, now, opts);
    if (opts.reviewFacts !== undefined || opts.expectedRev !== undefined) return outcomes;
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      const lost = new Set(outcomes.filter((o) => o.result === 'rejected' && o.concurrent === true).map((o) => o.ref));
      if (lost.size === 0) break;
      const again = await this.upsertOnce(
        items.filter((i) => lost.has(i.ref)),
        actor,
        now,
        opts,
      );
      outcomes = [...outcomes.filter((o) => !lost.has(o.ref)), ...again].sort((a, b) => a.ref - b.ref);
    }
    return outcomes;
  }

  private async upsertOnce(items: BatchItem[], actor: Actor, now: Date, opts: WriteOptions): Promise<BatchOutcome[]> {
    const source: RevisionSource = opts.source ?? (actor.role === 'admin' ? 'admin' : 'feed');
    const outcomes: BatchOutcome[] = [];
    const units = await this.cameras.unitsOf(items.map((i) => i.input.cameraSerial));
    const candidates: Candidate[] = [];
    const seen = new Set<string>();
    for (const item of items) {
      const unit = units.get(item.input.cameraSerial);
      if (!unit) {
        outcomes.push({
          ref: item.ref,
          recordingId: item.recordingId,
          result: 'rejected',
          field: 'cameraSerial',
          message: `camera ${JSON.stringify(item.input.cameraSerial)} is not registered: register the camera first`,
        });
        continue;
      }
      if (seen.has(item.recordingId)) {
        outcomes.push({
          ref: item.ref,
          recordingId: item.recordingId,
          result: 'rejected',
          field: 'recordingId',
          message: `recording ${item.recordingId} appears twice in the same batch`,
        });
        continue;
      }
      seen.add(item.recordingId);
      const doc = toContent(item.recordingId, item.input, unit, contentHash(item.input));
      candidates.push({ item, doc, overlay: null, basis: null, read: null });
    }
    if (candidates.length === 0) return outcomes;
    // The clerks' review facts stay in force over the feed's content (counsel review session 5, F3).
    const before = new Map((await this.recordings.getMany(candidates.map((c) => c.doc._id))).map((d) => [d._id, d]));
    for (const c of candidates) {
      c.read = before.get(c.doc._id) ?? null;
      c.overlay = opts.reviewFacts ?? c.read?.reviewFacts ?? null;
      // Counsel session 14, 14b-3: the category shown for a recording may be a clerk's answer, which starts no
      // clock until the prosecutor confirms it. A write by anyone but the feed that sends it back (an
      // administrator correcting another field, an import line) repeats what it was shown; it does not
      // classify the recording, so the clerk's answer stays the clerk's.
      if (actor.role !== 'ingest' && !opts.reviewFacts && c.read?.reviewSources?.category && c.doc.category === c.read.category)
        c.doc = { ...c.doc, category: 'unclassified', contentHash: contentHash({ ...c.item.input, category: 'unclassified' }) };
      // Counsel session 13, P3-b: a clerk's category answers for a recording nobody had classified. Once a
      // write classifies it, that answer is spent: a later unclassified re-send leaves it unclassified (kept,
      // classification needed) instead of bringing back a category the classification replaced.
      if (!opts.reviewFacts && c.overlay && c.overlay.category !== null && c.doc.category !== 'unclassified')
        c.overlay = { ...c.overlay, category: null, categoryEntry: null };
      c.doc = withReviewFacts(c.doc, c.overlay);
      // The confirmation that no investigation concerns it stays while it stays non-evidentiary (counsel
      // session 6, G4): a later write that does not repeat it must not restart the clock from the recording.
      const prior = before.get(c.doc._id)?.noInvestigation ?? null;
      if (c.doc.noInvestigation === null && prior !== null && c.doc.category === 'non_evidentiary')
        c.doc = { ...c.doc, noInvestigation: prior };
      else {
        const given = c.doc.noInvestigation;
        if (given) c.doc = { ...c.doc, noInvestigation: { ...given, recordedOn: recordedOn(given, prior, now) } };
      }
      c.basis = basisOf(c.item.input, opts.basis ?? null);
    }
    // Anyone but the feed opens a recording only with a recorded reason (counsel re-check session 5, F1, F2).
    for (const c of [...candidates]) {
      const refusal =
        futureConfirmation(c.item.input, now) ??
        (actor.role === 'ingest' ? null : unrecordedOpening(before.get(c.doc._id) ?? null, c.doc, c.item.input, c.basis, source));
      if (!refusal) continue;
      outcomes.push({ ref: c.item.ref, recordingId: c.doc._id, result: 'rejected', ...refusal });
      candidates.splice(candidates.indexOf(c), 1);
    }
    if (candidates.length === 0) return outcomes.sort((a, b) => a.ref - b.ref);

    const intent = await this.derived.begin(
      candidates.map((c) => c.doc._id),
      now,
    );
    const stamps = { createdAt: now, createdBy: actor.sub, updatedAt: now, updatedBy: actor.sub };
    const derivation = await this.derived.deriveFor(
      candidates.map((c) => c.doc),
      now,
    );
    // New ids: their first revision, all in one insert, before the recordings that name it.
    const known = await this.recordings.existing(candidates.map((c) => c.doc._id));
    const fresh = candidates.filter((c) => !known.has(c.doc._id));
    const firsts = new Map(fresh.map((c) => [c.doc._id, newRevision(c.doc._id, c.doc, null, now, actor.sub, false, source, c.basis)]));
    await this.revisions.insertMany([...firsts.values()]);
    const duplicates = await this.recordings.insertNew(
      fresh.map((c) => ({ ...c.doc, ...derivedOf(derivation, c.doc._id), ...stamps, revision: refOf(firsts.get(c.doc._id)!), rev: 0 })),
    );
    // Existing ids (and new ones someone inserted meanwhile): the changed ones' revisions in one insert.
    const toUpdate = new Set([...known, ...duplicates]);
    // Those someone inserted meanwhile have no read the checks ran on: update() sends them back (no revision here).
    const prepared = new Map<string, { base: StoredRecording; head: RevisionRef }>();
    const batchRevisions: StoredRevision[] = [];
    for (const c of candidates) {
      const prev = c.read;
      if (!prev || !changes(prev, c.doc)) continue;
      const revs = revisionsForUpdate(prev, c.doc, now, actor.sub, source, c.basis);
      batchRevisions.push(...revs);
      prepared.set(c.doc._id, { base: prev, head: refOf(revs[revs.length - 1]!) });
    }
    await this.revisions.insertMany(batchRevisions);
    const written: UnsavedRecording[] = [];
    for (const c of candidates) {
      const id = c.doc._id;
      const result = toUpdate.has(id)
        ? await this.update(c, prepared.get(id) ?? null, derivation, actor, now, {
            source,
            expectedRev: opts.expectedRev,
          })
        : 'inserted';
      if (typeof result === 'string') {
        outcomes.push({ ref: c.item.ref, recordingId: id, result });
        if (result !== 'unchanged') written.push(c.doc);
      } else {
        outcomes.push({ ref: c.item.ref, recordingId: id, result: 'rejected', ...result });
      }
    }
    await this.derived.settle(written, derivation, intent, now);
    return outcomes.sort((a, b) => a.ref - b.ref);
  }

  /**
   * Content and derived state in one write, conditional on the rev the checks ran on. Anything that
   * changed the recording since (a feed write, a clerk's answer, a case event's refresh), or an id
   * someone else inserted meanwhile, sends the item back to be read, merged and checked again
   * (`concurrent`: upsertBatch retries it; an answer's builder rebuilds it). Counsel session 14, 14b-2: a
   * write checked against one read and written over another could undo a classification kept longer.
   */
  private async update(
    c: Candidate,
    prepared: { base: StoredRecording; head: RevisionRef } | null,
    derivation: Derivation,
    actor: Actor,
    now: Date,
    w: { source: RevisionSource; expectedRev: number | undefined },
  ): Promise<UpsertResult | { field: string; message: string; concurrent?: boolean }> {
    const { source } = w;
    const basis = c.basis;
    const id = c.doc._id;
    const prev = c.read;
    // An answer built on an earlier read of the recording is refused once anything changed it since (the builder rebuilds).
    if (prev !== null && (w.expectedRev === undefined || (prev.rev ?? 0) === w.expectedRev)) {
      if (prev.contentHash === c.doc.contentHash) return 'unchanged';
      if (prev.sha256 !== c.doc.sha256)
        return {
          field: 'sha256',
          message: `sha256 differs from the stored media hash for ${id}: the media changed, which integrity rules forbid`,
        };
      if (prev.destruction) return { field: 'recordingId', message: `recording ${id} was destroyed; its tombstone metadata is frozen` };
      const { _id, destruction, ...content } = c.doc;
      void _id;
      void destruction;
      // The revision chains from the head read: the batch's prepared one.
      let head = prepared && prepared.base === prev ? prepared.head : null;
      if (!head) {
        const revs = revisionsForUpdate(prev, c.doc, now, actor.sub, source, basis);
        await this.revisions.insertMany(revs);
        head = refOf(revs[revs.length - 1]!);
      }
      const update = {
        ...content,
        ...derivedOf(derivation, id),
        reviewFacts: c.overlay,
        revision: head,
        updatedAt: now,
        updatedBy: actor.sub,
      };
      if (await this.recordings.updateContent(id, prev.rev ?? 0, update)) return 'updated';
    }
    return { field: 'recordingId', message: `recording ${id} was being changed concurrently; retry`, concurrent: true };
  }
}

/**
 * The day a no-investigation confirmation was recorded here (counsel session 8, L1): the day it was
 * first given, when the write repeats the one already stored (and known); else today. Its retention period runs
 * from the later of that day and the confirmation's own date.
 */
function recordedOn(given: NoInvestigation, prior: NoInvestigation | null, now: Date): string | null {
  const same =
    prior !== null &&
    prior.confirmedBy === given.confirmedBy &&
    prior.role === given.role &&
    prior.confirmedOn === given.confirmedOn &&
    prior.reference === given.reference;
  // A repeat of one stored before the day was kept (null) records it now: the engine counts null as today.
  return same ? (prior.recordedOn ?? legalDay(now)) : legalDay(now);
}

/** A no-investigation confirmation dated after the write cannot have been given yet (counsel session 8, L1). */
function futureConfirmation(input: RecordingInput, now: Date): { field: string; message: string } | null {
  const on = input.noInvestigation?.confirmedOn;
  if (on === undefined || on <= legalDay(now)) return null;
  return {
    field: 'noInvestigation.confirmedOn',
    message: `noInvestigation.confirmedOn ${on} is after today (${legalDay(now)}): a confirmation that no investigation concerns the recording is recorded once it has been given`,
  };
}

/** The revision's basis: the writer's, the item's own, and a no-investigation confirmation in words. */
function basisOf(input: RecordingInput, writer: string | null): string | null {
  const n = input.noInvestigation;
  const parts = [
    writer,
    input.basis ?? null,
    n
      ? `no investigation concerns it: confirmed by ${n.confirmedBy} (${n.role.replace('_', ' ')}) on ${n.confirmedOn}, reference ${n.reference}`
      : null,
  ].filter((p): p is string => p !== null);
  return parts.length ? [...new Set(parts)].join('; ') : null;
}

/**
 * Why a write by anyone but the evidence system's feed may not open the recording as it stands
 * (null: it may). Non-evidentiary says no investigation concerns it: it opens a recording with no
 * case to anyone and starts its 180-day destruction clock, so it needs the confirmation of the
 * prosecutor or the investigating unit (counsel re-check session 5, F1 residual 2). Lifting a
 * nonpublic mark, turning a private kind of place public or removing a case link needs its reason
 * (F2 remaining).
 */
/**
 * Categories kept longer than a non-evidentiary recording for reasons "no investigation concerns it"
 * does not answer (counsel session 9, N3): a use-of-force, shooting or complaint review, or a homicide.
 * Only the evidence system changes their category; staff writes that would are refused.
 */
const LONGER_KEPT: ReadonlySet<string> = new Set(['use_of_force', 'officer_involved_shooting', 'complaint', 'homicide']);

/** Whose a stored category is: the evidence system's, a clerk's answer nobody confirmed, or one the prosecutor confirmed. */
const categoryOwner = (r: Pick<StoredRecording, 'reviewSources'>): 'evidence' | 'clerk' | 'confirmed' =>
  !r.reviewSources?.category ? 'evidence' : r.reviewSources.category.source === 'clerk' ? 'clerk' : 'confirmed';

function longerKept(id: string, category: string, whose: 'evidence' | 'clerk' | 'confirmed'): { field: string; message: string } | null {
  if (!LONGER_KEPT.has(category)) return null;
  const kept = `recording ${id} is classified ${category}`;
  const why = 'kept for a use-of-force, complaint or homicide review that a confirmation that no investigation concerns it does not answer';
  return {
    field: 'category',
    message:
      whose === 'clerk'
        ? `${kept} by a records clerk's answer nobody has confirmed, ${why}: the prosecutor removes that answer on the confirmation route (the recording is then unclassified) before anything else changes it`
        : whose === 'confirmed'
          ? `${kept} by a records clerk's answer the prosecutor confirmed, ${why}: it is not changed here`
          : `${kept}, ${why}: its category is changed only in the evidence system`,
  };
}

/** What a recording no one has reviewed carries: no flags, no crime-scene answer, no review. */
const UNREVIEWED: Pick<StoredRecording, 'flags' | 'crimeScene' | 'redactionReview'> = {
  flags: normalizeFlags(null),
  crimeScene: null,
  redactionReview: null,
};

/**
 * What only the evidence system changes, whatever the basis (counsel session 14, 14c-4, 14d-1 to 14d-3): a
 * flag cleared (a juvenile, a mutilated deceased, a victim or an undercover officer found on review of the
 * video closes the recording, keeps it, or redacts it; the closure cannot be taken back once it is destroyed
 * or released, 610.120.1, 211.321), a crime scene declared not one (610.205.1), and a content review added
 * or changed (it makes the stored flags count). Flags set, or a review taken away, only close more.
 */
function evidenceOnly(
  prev: Pick<StoredRecording, 'flags' | 'crimeScene' | 'redactionReview'>,
  next: UnsavedRecording,
): { field: string; message: string } | null {
  const before = normalizeFlags(prev.flags);
  const after = normalizeFlags(next.flags);
  const cleared = FLAG_NAMES.find((f) => before[f] && !after[f]);
  if (cleared)
    return {
      field: `flags.${cleared}`,
      message: `this write clears recording ${next._id}'s ${cleared} flag, which the review of the video set: a flag is cleared only in the evidence system (send the flags as stored)`,
    };
  if (next.crimeScene === false && prev.crimeScene !== false)
    return {
      field: 'crimeScene',
      message: `this write says recording ${next._id} shows no crime scene, which lifts the 610.205 closure: that is the evidence system's (its content review) to say`,
    };
  const r = next.redactionReview;
  const p = prev.redactionReview;
  if (r !== null && (p === null || r.reviewedBy !== p.reviewedBy || r.reviewedAt.getTime() !== new Date(p.reviewedAt).getTime()))
    return {
      field: 'redactionReview',
      message: `this write records a content review of recording ${next._id}, which makes its flags count: the review is recorded by the evidence system`,
    };
  return null;
}

function unrecordedOpening(
  prev: StoredRecording | null,
  next: UnsavedRecording,
  input: RecordingInput,
  basis: string | null,
  source: RevisionSource,
): { field: string; message: string } | null {
  // Counsel session 9b, on N3: every change out of those categories, not only to non-evidentiary (two steps lose the period too).
  // A clerk's unconfirmed category is no classification the evidence system made: it started no clock, and
  // the prosecutor may remove it on the confirmation route, back to unclassified (counsel session 14, 14c-1, 14c-1a).
  const clerkRemoved = source === 'confirmation' && next.category === 'unclassified' && prev?.reviewSources?.category?.source === 'clerk';
  if (prev && next.category !== prev.category && !clerkRemoved) {
    const kept = longerKept(next._id, prev.category, categoryOwner(prev));
    if (kept) return kept;
  }
  const evidence = prev === null ? null : evidenceOnly(prev, next);
  if (evidence) return evidence;
  // Counsel session 13, P3-a, and session 14, 14b-1: retention counts from when it was recorded, so moving
  // that earlier shortens every period and can make a closed record destroyable outside the schedule
  // (610.120.1). A basis for an ordinary category was not enough: the recording could be classified one kept
  // longer afterwards (by a later write, or a clerk's answer the prosecutor confirms) and keep the earlier
  // time. When it was recorded is the evidence system's, like a use-of-force category: corrected there.
  if (prev !== null && next.recordedAt.getTime() < prev.recordedAt.getTime())
    return {
      field: 'recordedAt',
      message: `moving recording ${next._id}'s recordedAt earlier (from ${prev.recordedAt.toISOString()} to ${next.recordedAt.toISOString()}) would shorten every retention period counted from it: when it was recorded is changed only in the evidence system (its next write corrects it here)`,
    };
  if (next.category === 'non_evidentiary' && prev?.category !== 'non_evidentiary' && !input.noInvestigation)
    return {
      field: 'noInvestigation',
      message: `classifying recording ${next._id} non-evidentiary says no investigation concerns it: give noInvestigation (who confirmed it, prosecutor or investigating unit, on what date, with what reference)`,
    };
  // Counsel session 14, 14e-1: a recording created by anyone but the feed (a second id for the same video, say)
  // is checked against an empty, unreviewed one: it cannot come with a content review or without a crime scene.
  if (!prev) {
    const created = evidenceOnly(UNREVIEWED, next);
    if (created) return created;
  }
  if (!prev || basis !== null) return unconfirmedUnlinking(prev, next, input, source);
  const lowered = [
    ...(source === 'admin' || source === 'import' ? staffChanges(prev, next) : []),
    prev.location.nonpublic && !next.location.nonpublic ? 'lifts its nonpublic mark' : null,
    prev.location.kind !== null && PRIVATE_LOCATION_KINDS.has(prev.location.kind) && !PRIVATE_LOCATION_KINDS.has(next.location.kind ?? '')
      ? `changes its kind of place from ${prev.location.kind} to ${next.location.kind ?? 'none'}`
      : null,
    ...prev.caseNumbers.filter((n) => !next.caseNumbers.includes(n)).map((n) => `removes its link to case ${n}`),
  ].filter((x): x is string => x !== null);
  if (lowered.length === 0) return null;
  return {
    field: 'basis',
    message: `this write ${lowered.join(', ')} for recording ${next._id}: give basis, the reason (who determined it, on what)`,
  };
}

/**
 * What an administrator's write or an import line changes that can open a recording or shorten how long
 * it is kept, and so needs its basis (counsel session 14): a category (14b-3, 14c-2: out of unclassified,
 * or from one period to a shorter one, which may already have run), a case link added (14c-3: an inactive
 * case can open a recording the clerk's same link would not). A flag cleared is refused (evidenceOnly).
 */
function staffChanges(prev: StoredRecording, next: UnsavedRecording): string[] {
  const out: string[] = [];
  if (next.category !== prev.category && next.category !== 'unclassified')
    out.push(
      prev.category === 'unclassified' || prev.reviewSources?.category
        ? `classifies it ${next.category}, which the evidence system sent unclassified`
        : `changes its category from ${prev.category} to ${next.category}`,
    );
  for (const n of next.caseNumbers) if (!prev.caseNumbers.includes(n)) out.push(`adds a link to case ${n}`);
  return out;
}

/**
 * Counsel session 6, G4: removing a case link says that case's investigation does not concern the
 * recording; it can lift an active case's closure (610.100.2(1)) and, with no case left, open the
 * recording and start its destruction clock. Like non-evidentiary, that is for the prosecutor or the
 * investigating unit to say: an administrator's update needs their confirmation (noInvestigation);
 * the prosecutor's own removal of a clerk's link (the confirmation route) is that confirmation.
 */
function unconfirmedUnlinking(
  prev: StoredRecording | null,
  next: UnsavedRecording,
  input: RecordingInput,
  source: RevisionSource,
): { field: string; message: string } | null {
  if (!prev || source === 'confirmation' || input.noInvestigation) return null;
  const removed = prev.caseNumbers.filter((n) => !next.caseNumbers.includes(n));
  if (removed.length === 0) return null;
  return {
    field: 'noInvestigation',
    message: `this write removes recording ${next._id}'s link to case ${removed.join(', ')}, which says that investigation does not concern it: give noInvestigation (who confirmed it, prosecutor or investigating unit, on what date, with what reference)`,
  };
}

/** Whether writing `next` over `prev` would change its content (the update writes only then). */
function changes(prev: StoredRecording, next: UnsavedRecording): boolean {
  return prev.contentHash !== next.contentHash && prev.sha256 === next.sha256 && !prev.destruction;
}

/** A refused item as an error: what the body lacks is unprocessable, a clash with the stored record a conflict. */
const refusalCode = (field: string) =>
  ['cameraSerial', 'noInvestigation', 'noInvestigation.confirmedOn', 'basis'].includes(field) ? 'UNPROCESSABLE' : 'CONFLICT';

function derivedOf(d: Derivation, id: string) {
  const fields = d.derived.get(id);
  if (!fields) throw new Error(`no derived state computed for ${id}`);
  return fields;
}
