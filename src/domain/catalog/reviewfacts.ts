/**
 * The clerks' review facts as an overlay on the feed's content (counsel review session 5, F3): the
 * evidence system does not know the links and marks a clerk records here, so each write of the
 * recording's content merges them in, conservatively, instead of taking the feed's values whole.
 * A feed update can add to them, never take them away: an active case's closure (610.100.2(1)) or a
 * nonpublic place's (610.100.2(3)) cannot be lifted by a feed that never heard of it. Pure.
 */
import { createHash } from 'node:crypto';
import { PRIVATE_LOCATION_KINDS } from '../../engine/facts';
import type { RecordingContent, ReviewFactsOverlay } from './records';

const isPrivate = (k: string | null): boolean => k !== null && PRIVATE_LOCATION_KINDS.has(k);

/**
 * `content` with `o` merged in: cases = both sources' links; nonpublic if either says so; the
 * clerk's private kind of place where the content records none or a public one; the clerk's
 * category only while the content is unclassified. The hash covers the overlay, so an identical
 * feed re-send over an unchanged overlay is still "unchanged".
 */
export function withReviewFacts<T extends RecordingContent>(content: T, o: ReviewFactsOverlay | null | undefined): T {
  if (!o) return content;
  const kind =
    o.kind !== null && (content.location.kind === null || (isPrivate(o.kind) && !isPrivate(content.location.kind)))
      ? o.kind
      : content.location.kind;
  const merged = {
    caseNumbers: [...new Set([...content.caseNumbers, ...o.caseNumbers])].sort(),
    nonpublic: content.location.nonpublic || o.nonpublic === true,
    kind,
    category: content.category === 'unclassified' && o.category !== null ? o.category : content.category,
  };
  return {
    ...content,
    category: merged.category,
    caseNumbers: merged.caseNumbers,
    location: { ...content.location, nonpublic: merged.nonpublic, kind: merged.kind },
    contentHash: createHash('sha256')
      .update(content.contentHash)
      .update(JSON.stringify(o.caseNumbers))
      .update(JSON.stringify([o.nonpublic, o.kind, o.category]))
      .digest('hex'),
  };
}

/** The overlay after a clerk's answer: what was there, plus the new links and marks. */
export function addReviewFacts(
  o: ReviewFactsOverlay | null | undefined,
  answer: { caseNumbers?: string[]; nonpublic?: boolean; kind?: string; category?: string },
  by: string,
  at: Date,
): ReviewFactsOverlay {
  return {
    caseNumbers: [...new Set([...(o?.caseNumbers ?? []), ...(answer.caseNumbers ?? [])])].sort(),
    nonpublic: answer.nonpublic === true || o?.nonpublic === true ? true : (answer.nonpublic ?? o?.nonpublic ?? null),
    kind: answer.kind ?? o?.kind ?? null,
    category: answer.category ?? o?.category ?? null,
    by,
    at,
  };
}

/** Whether two overlays say the same (who and when aside; none is the same as an empty one). */
export function sameReviewFacts(a: ReviewFactsOverlay | null | undefined, b: ReviewFactsOverlay | null | undefined): boolean {
  const key = (o: ReviewFactsOverlay | null | undefined) =>
    JSON.stringify([o?.caseNumbers ?? [], o?.nonpublic ?? null, o?.kind ?? null, o?.category ?? null]);
  return key(a) === key(b);
}
