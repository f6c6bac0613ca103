/**
 * The clerks' review facts as an overlay on the feed's content (counsel review session 5, F3): the
 * evidence system does not know the links and marks a clerk records here, so each write of the
 * recording's content merges them in, conservatively, instead of taking the feed's values whole.
 * A feed update can add to them, never take them away: an active case's closure (610.100.2(1)) or a
 * nonpublic place's (610.100.2(3)) cannot be lifted by a feed that never heard of it. Pure.
 *
 * The merge also says which category and case links came from a clerk rather than the feed, and
 * whether the prosecutor confirmed them (`reviewSources`, counsel re-check session 5, F1/F4): the
 * engine lets no unconfirmed clerk's link open a recording, nor a clerk's category or link start its
 * destruction clock.
 */
import { createHash } from 'node:crypto';
import { PRIVATE_LOCATION_KINDS } from '../../engine/facts';
import type { RecordingContent, ReviewEntry, ReviewFactsOverlay, ReviewSource, ReviewSources } from './records';

const isPrivate = (k: string | null): boolean => k !== null && PRIVATE_LOCATION_KINDS.has(k);

/** The entry of each of the overlay's links (an overlay stored before entries were kept: its `by` and `at`, unconfirmed). */
export function linkEntries(o: ReviewFactsOverlay): (ReviewEntry & { caseNumber: string })[] {
  return o.caseNumbers.map(
    (n) => o.links?.find((l) => l.caseNumber === n) ?? { caseNumber: n, by: o.by, at: o.at, basis: null, confirmation: null },
  );
}

/** An overlay stored before its entries were kept (counsel session 6, G2): its links and category have no sources yet. */
export const needsReviewSources = (o: ReviewFactsOverlay | null | undefined): boolean => !!o && o.links === undefined;

/**
 * The sources of content whose own were never worked out (an overlay stored before its entries were
 * kept, or a revision written before sources were; counsel session 8, H1): every link the overlay
 * gives that the content has, and the overlay's category where the content's is it, as the clerk's,
 * confirmed only where the overlay's entry was confirmed by `knownAt`. The reading that opens no
 * recording and starts no destruction clock on a clerk's word before the sweep backfills the entries.
 */
export function inferredSources(
  content: { caseNumbers?: readonly string[] | null; category: string },
  o: ReviewFactsOverlay,
  knownAt: Date | null = null,
): ReviewSources | null {
  const confirmedBy = (e: ReviewEntry): ReviewEntry =>
    e.confirmation && knownAt && e.confirmation.at.getTime() > knownAt.getTime() ? { ...e, confirmation: null } : e;
  const has = new Set(content.caseNumbers ?? []);
  const category = o.category !== null && o.category === content.category ? categoryEntry(o) : null;
  const sources: ReviewSources = {
    category: category ? sourceOf(confirmedBy(category)) : null,
    caseLinks: linkEntries(o)
      .filter((l) => has.has(l.caseNumber))
      .map((l) => ({ caseNumber: l.caseNumber, ...sourceOf(confirmedBy(l)) })),
  };
  return sources.category !== null || sources.caseLinks.length > 0 ? sources : null;
}

/** One revision of the content, as the backfill reads it (oldest first). */
export interface RevisionStep {
  source: string | null;
  recordedBy: string;
  recordedAt: Date;
  content: { caseNumbers: readonly string[]; category: string };
}

/**
 * The entries of an overlay stored before they were kept, rebuilt from the revisions (counsel session
 * 6, G2): each link and the category as the clerk's answer that first added it (a review_facts
 * revision's change over the one before), else the overlay's own `by` and `at`; none confirmed, so
 * none opens the recording or starts a destruction clock until the prosecutor confirms it.
 */
export function rebuildEntries(o: ReviewFactsOverlay, chain: readonly RevisionStep[]): ReviewFactsOverlay {
  const clerkStep = (added: (prev: RevisionStep['content'] | null, cur: RevisionStep['content']) => boolean): ReviewEntry => {
    for (let i = 0; i < chain.length; i++) {
      const r = chain[i]!;
      if (r.source === 'review_facts' && added(i === 0 ? null : chain[i - 1]!.content, r.content))
        return { by: r.recordedBy, at: r.recordedAt, basis: null, confirmation: null };
    }
    return { by: o.by, at: o.at, basis: null, confirmation: null };
  };
  const links = o.caseNumbers.map((n) => ({
    caseNumber: n,
    ...clerkStep((prev, cur) => cur.caseNumbers.includes(n) && !(prev?.caseNumbers.includes(n) ?? false)),
  }));
  const category = o.category;
  return {
    ...o,
    links,
    categoryEntry:
      category === null ? null : clerkStep((prev, cur) => cur.category === category && (prev === null || prev.category !== category)),
  };
}

/** The category's entry (none when the overlay gives no category). */
export function categoryEntry(o: ReviewFactsOverlay): ReviewEntry | null {
  if (o.category === null) return null;
  return o.categoryEntry ?? { by: o.by, at: o.at, basis: null, confirmation: null };
}

const sourceOf = (e: ReviewEntry): ReviewSource => ({
  source: e.confirmation ? 'confirmed' : 'clerk',
  by: e.by,
  at: e.at,
  confirmedBy: e.confirmation?.by ?? null,
  confirmedAt: e.confirmation?.at ?? null,
});

/**
 * `content` with `o` merged in: cases = both sources' links; nonpublic if either says so; the
 * clerk's private kind of place where the content records none or a public one; the clerk's
 * category only while the content is unclassified. The hash covers the overlay, so an identical
 * feed re-send over an unchanged overlay is still "unchanged".
 */
export function withReviewFacts<T extends RecordingContent>(content: T, o: ReviewFactsOverlay | null | undefined): T {
  if (!o) return { ...content, reviewSources: null, feedPlace: null };
  const kind =
    o.kind !== null && (content.location.kind === null || (isPrivate(o.kind) && !isPrivate(content.location.kind)))
      ? o.kind
      : content.location.kind;
  const clerkCategory = content.category === 'unclassified' && o.category !== null;
  const merged = {
    caseNumbers: [...new Set([...content.caseNumbers, ...o.caseNumbers])].sort(),
    nonpublic: content.location.nonpublic || o.nonpublic === true,
    kind,
    category: clerkCategory ? o.category! : content.category,
  };
  // What the feed does not send itself is the clerk's.
  const feedCases = new Set(content.caseNumbers);
  const category = clerkCategory ? categoryEntry(o) : null;
  const sources: ReviewSources = {
    category: category ? sourceOf(category) : null,
    caseLinks: linkEntries(o)
      .filter((l) => !feedCases.has(l.caseNumber))
      .map((l) => ({ caseNumber: l.caseNumber, ...sourceOf(l) })),
  };
  return {
    ...content,
    category: merged.category,
    caseNumbers: merged.caseNumbers,
    location: { ...content.location, nonpublic: merged.nonpublic, kind: merged.kind },
    // What the feed itself said, so a correction of the clerk's answer never lifts it (counsel session 6, G3).
    feedPlace: { nonpublic: content.location.nonpublic, kind: content.location.kind },
    reviewSources: sources.category !== null || sources.caseLinks.length > 0 ? sources : null,
    contentHash: createHash('sha256')
      .update(content.contentHash)
      .update(JSON.stringify(o.caseNumbers))
      .update(JSON.stringify([o.nonpublic, o.kind, o.category]))
      .update(JSON.stringify([linkEntries(o), categoryEntry(o)]))
      .digest('hex'),
  };
}

/** The overlay after a clerk's answer: what was there, plus the new links and marks, each new one with who, when and the basis. */
export function addReviewFacts(
  o: ReviewFactsOverlay | null | undefined,
  answer: { caseNumbers?: string[]; nonpublic?: boolean; kind?: string; category?: string },
  by: string,
  at: Date,
  basis: string | null = null,
): ReviewFactsOverlay {
  const entry = (): ReviewEntry => ({ by, at, basis, confirmation: null });
  const links = o ? linkEntries(o) : [];
  for (const n of answer.caseNumbers ?? []) if (!links.some((l) => l.caseNumber === n)) links.push({ caseNumber: n, ...entry() });
  links.sort((a, b) => (a.caseNumber < b.caseNumber ? -1 : a.caseNumber > b.caseNumber ? 1 : 0));
  const category = answer.category ?? o?.category ?? null;
  const before = o ? categoryEntry(o) : null;
  return {
    caseNumbers: links.map((l) => l.caseNumber),
    nonpublic: answer.nonpublic === true || o?.nonpublic === true ? true : (answer.nonpublic ?? o?.nonpublic ?? null),
    kind: answer.kind ?? o?.kind ?? null,
    category,
    by,
    at,
    links,
    categoryEntry: category === null ? null : answer.category !== undefined && answer.category !== o?.category ? entry() : before,
  };
}

/** What a prosecutor's confirmation is about: one of the clerk's case links, or the clerk's category. */
export type ConfirmationTarget = { field: 'caseNumbers'; caseNumber: string } | { field: 'category' };

/**
 * The overlay after the prosecutor confirmed (or, `confirmed` false, removed as wrong) a clerk's
 * link or category; null when the overlay holds no such answer of a clerk.
 */
export function confirmReviewFact(
  o: ReviewFactsOverlay | null | undefined,
  target: ConfirmationTarget,
  confirmed: boolean,
  confirmation: { by: string; at: Date; basis: string },
): ReviewFactsOverlay | null {
  if (!o) return null;
  if (target.field === 'caseNumbers') {
    const links = linkEntries(o);
    if (!links.some((l) => l.caseNumber === target.caseNumber)) return null;
    const kept = confirmed
      ? links.map((l) => (l.caseNumber === target.caseNumber ? { ...l, confirmation: { ...confirmation } } : l))
      : links.filter((l) => l.caseNumber !== target.caseNumber);
    return { ...o, caseNumbers: kept.map((l) => l.caseNumber), links: kept, categoryEntry: categoryEntry(o) };
  }
  const entry = categoryEntry(o);
  if (entry === null) return null;
  return confirmed
    ? { ...o, links: linkEntries(o), categoryEntry: { ...entry, confirmation: { ...confirmation } } }
    : { ...o, links: linkEntries(o), category: null, categoryEntry: null };
}

/** Whether two overlays say the same (who last answered and when aside; none is the same as an empty one). */
export function sameReviewFacts(a: ReviewFactsOverlay | null | undefined, b: ReviewFactsOverlay | null | undefined): boolean {
  const key = (o: ReviewFactsOverlay | null | undefined) =>
    JSON.stringify([
      o?.caseNumbers ?? [],
      o?.nonpublic ?? null,
      o?.kind ?? null,
      o?.category ?? null,
      o ? linkEntries(o) : [],
      o ? categoryEntry(o) : null,
    ]);
  return key(a) === key(b);
}

/**
 * The overlay after a correction of a clerk's answer (counsel re-check session 5, F2; session 6,
 * G3/G4): the clerk's nonpublic mark taken out, or the clerk's kind of place replaced by the
 * corrected one (it still only fills in where the feed gives no kind, or closes a public one); null
 * when the overlay holds no such answer. A clerk's case link is removed by the prosecutor's
 * confirmation route, never here: removing it can lift an active case's closure.
 */
export function correctReviewFact(
  o: ReviewFactsOverlay | null | undefined,
  correction: { field: 'location.nonpublic' } | { field: 'location.kind'; value: string },
): ReviewFactsOverlay | null {
  if (!o) return null;
  const base = { ...o, links: linkEntries(o), categoryEntry: categoryEntry(o) };
  if (correction.field === 'location.nonpublic') return o.nonpublic === true ? { ...base, nonpublic: null } : null;
  return o.kind !== null ? { ...base, kind: correction.value } : null;
}
