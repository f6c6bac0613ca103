/**
 * Counsel determinations as the engine sees them (issue 16, part 3): what counsel decided for a
 * recording, a case, or a recording for one request, on which facts, and which of them a decision
 * takes. PURE: no clock; which determinations count comes from the decision's asOf and knownAt.
 *
 * A determination records the facts it was made on as a digest per part: the recording (its
 * content as known), each case linked to it (with the events known), and the court orders covering
 * it. A decision applies a determination only while every part still digests the same; otherwise
 * it names what changed, so the item returns to counsel instead of being decided on a reading of
 * facts counsel never saw.
 */
import { z } from 'zod';
import type { CaseFacts, CourtOrderFacts, RecordingFacts, RequesterClaim, RequesterKind } from './facts';
import { IsoDate, IsoDateTime, RequesterKind as RequesterKindSchema } from './facts';
import { parseIsoDay, parseIsoInstant } from './day-math';

export const DETERMINATION_NUMBER = /^CD-\d{4}-\d{5}$/;
export const DeterminationNumber = z.string().regex(DETERMINATION_NUMBER, 'a determination number like CD-2026-00001');

export const DETERMINATION_SCOPE_KINDS = ['recording', 'case', 'recording_request'] as const;
export const DeterminationScope = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('recording'), recordingId: z.string().min(1).max(128) }),
  z.strictObject({ kind: z.literal('case'), caseNumber: z.string().min(1).max(64) }),
  z.strictObject({
    kind: z.literal('recording_request'),
    recordingId: z.string().min(1).max(128),
    requestNumber: z.string().min(1).max(32),
  }),
]);
export type DeterminationScope = z.infer<typeof DeterminationScope>;

export const DETERMINATION_OUTCOMES = ['release', 'withhold'] as const;
export const DeterminationOutcome = z.enum(DETERMINATION_OUTCOMES);
export type DeterminationOutcome = z.infer<typeof DeterminationOutcome>;

/** Digest per part, each a SHA-256 hex of the part's canonical JSON as known at entry. */
export const FactsDigest = z.strictObject({
  /** recordingId → the recording's facts. */
  recordings: z.record(z.string(), z.string()),
  /** caseNumber → the case's facts with the events known (a case not in the catalog digests as "absent"). */
  cases: z.record(z.string(), z.string()),
  /** recordingId → the court orders covering that recording, as known. */
  orders: z.record(z.string(), z.string()),
  /**
   * The law it was read under: the rulesVersion of the rule set in force when it was entered
   * (finding 9). A new rule set (a change in law, an opt-in reading switched, a new parameter
   * epoch) makes the determination stale: counsel read the law as it then stood.
   */
  law: z.string().min(1),
  /**
   * For a recording_request scope, the requester's claim (identity, relationship, purpose) as
   * recorded for that request (finding 9); null for the other scopes. A corrected claim makes it stale.
   */
  claim: z.string().nullable().default(null),
});
export type FactsDigest = z.infer<typeof FactsDigest>;

/**
 * A provision of law, as 610.023.4 requires a denial to cite ("the specific provision of law under
 * which access is denied"): an RSMo section, a Supreme Court Rule, a constitution, or a court order
 * by number. Each `;`-separated part of a determination's citation must be one (finding 7): a
 * counsel memo or a policy is not a ground a letter may cite. Each part must be the provision
 * alone, matched whole (counsel re-check N1): a part that only starts like one ("RSMo 610.105
 * because J. Doe was acquitted") would carry names into the letter.
 */
export const PROVISION_OF_LAW_SOURCE = String.raw`(?:RSMo \d+\.\d+(?:\.\d+)?(?:\([0-9a-z]+\))*|Supreme Court Rule \d+(?:\.\d+)*(?:\([0-9a-z]+\))*|Mo\. Const\. art\. [IVX]+, (?:§ ?|sec\. )\d+(?:\([0-9a-z]+\))*|U\.S\. Const\. amend\. [IVX]+|\d+ U\.S\.C\. (?:§ ?)?\d+[a-z]*(?:\([0-9a-z]+\))*|Court order [0-9A-Z][0-9A-Za-z-]*)`;
const PROVISION_OF_LAW = new RegExp(`^${PROVISION_OF_LAW_SOURCE}$`);
export const isProvisionOfLaw = (citation: string): boolean => citation.split(';').every((part) => PROVISION_OF_LAW.test(part.trim()));
export const LawCitation = z.string().min(1).max(500).refine(isProvisionOfLaw, {
  message:
    'each ";"-separated part must be a provision of law: "RSMo 610.100.3", "Supreme Court Rule 84.17", "Court order 26CV-1" (610.023.4)',
});

/**
 * A redaction counsel names: what the public is told (`publicDescription`, printed in the letter
 * beside its citation) and what staff cut (`instruction`, with names: never printed, it would state
 * the very facts a closure protects, e.g. that a named person was charged and acquitted: finding 6).
 */
export const DeterminationRedaction = z.strictObject({
  publicDescription: z.string().min(1).max(300),
  instruction: z.string().min(1).max(500),
});
export type DeterminationRedaction = z.infer<typeof DeterminationRedaction>;

/**
 * Counsel's determination as the engine applies it (counsel review, session 4). It is counsel's
 * reading of the law, not a court order: it answers only the needs_legal_review questions that are
 * counsel's (questions.yaml `determination`), every one of which it must name in `answers`, and it
 * never lifts a closure the rules decide (211.321, 610.205.1, 610.105, 610.100.2, 610.150: only a
 * court can) nor the statutory redactions, the content-review gate or a claimant's conditions.
 *
 * It is split in two (finding 6): the PUBLIC part (`citation`, a provision of law, and
 * `publicStatement`, counsel-approved words; each redaction's `publicDescription`) is what decisions
 * and letters carry; the INTERNAL part (`reasoning`, each redaction's `instruction`, `enteredBy`) is
 * counsel's privileged analysis and the staff's working notes (610.021(1)), kept in the
 * determination record and never put in a decision's reasons or redactions.
 */
export const CounselDeterminationFacts = z.strictObject({
  number: DeterminationNumber,
  scope: DeterminationScope,
  requesterKinds: z.array(RequesterKindSchema).min(1),
  outcome: DeterminationOutcome,
  /** What a release must redact, besides the statutory redactions (never instead of them: finding 3). */
  redactions: z.array(DeterminationRedaction).default([]),
  /** Public: the provision of law counsel relies on (finding 7). */
  citation: LawCitation,
  /** Public: the statement a decision and its letter give as the ground, in counsel's approved words. */
  publicStatement: z.string().min(1).max(1000),
  /** Internal: counsel's reasoning (privileged); never in a decision or a letter. */
  reasoning: z.string().min(1).max(5000),
  /** The first day (America/Chicago) on which it no longer applies; null = no expiry. */
  expiresOn: IsoDate.nullable().default(null),
  /**
   * The missing facts (names, e.g. `cases.KC-1.disposition.mixed`) or question ids it answers:
   * required, since a determination resolves a review only when it names every missing fact of it (finding 1).
   */
  answers: z.array(z.string().min(1).max(300)).min(1),
  factsDigest: FactsDigest,
  enteredAt: IsoDateTime,
  /** Internal: who entered it. */
  enteredBy: z.string().min(1).max(128),
  /** The determination this one replaces, of the same scope (finding 5): it stops applying from this one's entry. */
  supersedes: DeterminationNumber.nullable().default(null),
  /** Withdrawn from this moment on (it applies to decisions as of an earlier moment: finding 10). */
  withdrawnAt: IsoDateTime.nullable().default(null),
});
export type CounselDeterminationFacts = z.infer<typeof CounselDeterminationFacts>;

/** What a decision is given about counsel: the determinations that may concern it, and the request it answers (if any). */
export interface CounselInput {
  readonly determinations: readonly CounselDeterminationFacts[];
  readonly requestNumber: string | null;
}

// ------------------------------------------------------------------ digest

/** Canonical JSON: object keys sorted, arrays in order, undefined members left out. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/**
 * SHA-256 of a string's UTF-8 bytes, hex (FIPS 180-4). Written here because the engine may not
 * import node's crypto (it stays pure and portable); test/engine/counsel.test.ts checks it against
 * the standard vectors and node's implementation.
 */
export function sha256Hex(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const bitLen = bytes.length * 8;
  const total = (((bytes.length + 9 + 63) >> 6) << 6) >>> 0;
  const buf = new Uint8Array(total);
  buf.set(bytes);
  buf[bytes.length] = 0x80;
  const view = new DataView(buf.buffer);
  view.setUint32(total - 8, Math.floor(bitLen / 0x100000000));
  view.setUint32(total - 4, bitLen >>> 0);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = [h[0]!, h[1]!, h[2]!, h[3]!, h[4]!, h[5]!, h[6]!, h[7]!];
    for (let i = 0; i < 64; i++) {
      const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K[i]! + w[i]!) >>> 0;
      const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] = (h[0]! + a) >>> 0;
    h[1] = (h[1]! + b) >>> 0;
    h[2] = (h[2]! + c) >>> 0;
    h[3] = (h[3]! + d) >>> 0;
    h[4] = (h[4]! + e) >>> 0;
    h[5] = (h[5]! + f) >>> 0;
    h[6] = (h[6]! + g) >>> 0;
    h[7] = (h[7]! + hh) >>> 0;
  }
  return [...h].map((x) => x.toString(16).padStart(8, '0')).join('');
}

const known = (iso: string, knownMs: number): boolean => parseIsoInstant(iso) <= knownMs;
const ABSENT = 'absent';

/** The recording part: its facts as given (the caller passes the content known at knownAt). */
export const recordingDigest = (rec: RecordingFacts): string => sha256Hex(canonicalJson(rec));

/** A case part: its facts with the events entered by knownAt, in id order; "absent" when the case is not in the catalog. */
export function caseDigest(c: CaseFacts | null, knownMs: number): string {
  if (c === null) return ABSENT;
  const events = c.events.filter((e) => known(e.recordedAt, knownMs)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return sha256Hex(canonicalJson({ ...c, events }));
}

/** Whether an order covers the recording (its listed recordings, else every recording of its case). */
export const orderCovers = (o: CourtOrderFacts, rec: RecordingFacts): boolean =>
  o.recordingIds.length > 0 ? o.recordingIds.includes(rec.recordingId) : o.caseNumber !== null && rec.caseNumbers.includes(o.caseNumber);

/** The orders part: every order covering the recording entered by knownAt (with the juvenile-court entries known), in number order. */
export function ordersDigest(rec: RecordingFacts, orders: readonly CourtOrderFacts[], knownMs: number): string {
  const list = orders
    .filter((o) => orderCovers(o, rec) && known(o.recordedAt, knownMs))
    .map((o) => ({ ...o, juvenileCourtAmendments: o.juvenileCourtAmendments.filter((a) => known(a.recordedAt, knownMs)) }))
    .sort((a, b) => (a.orderNumber < b.orderNumber ? -1 : a.orderNumber > b.orderNumber ? 1 : 0));
  return sha256Hex(canonicalJson(list));
}

/** One recording's facts bundle, as the domain gathers it for a decision. */
export interface FactBundle {
  readonly recording: RecordingFacts;
  readonly cases: readonly CaseFacts[];
  readonly orders: readonly CourtOrderFacts[];
}

/** The claim part of a request-scope determination: the requester's claim as recorded for that request. */
export const claimDigest = (claim: RequesterClaim): string => sha256Hex(canonicalJson(claim));

/**
 * The digest a determination stores: for each recording it covers (one, or every recording of a
 * case), its part, the part of each case linked to it, and its orders part, as known at knownAt
 * (the moment of entry); the law it was read under (the rule set's rulesVersion); and, for a
 * request scope, the requester's claim. Pure: the same facts give the same digest on every machine.
 */
export function factsDigest(
  bundles: readonly FactBundle[],
  knownMs: number,
  law: string,
  claim: RequesterClaim | null = null,
): FactsDigest {
  const out: FactsDigest = { recordings: {}, cases: {}, orders: {}, law, claim: claim === null ? null : claimDigest(claim) };
  for (const b of bundles) {
    const id = b.recording.recordingId;
    out.recordings[id] = recordingDigest(b.recording);
    out.orders[id] = ordersDigest(b.recording, b.orders, knownMs);
    for (const n of b.recording.caseNumbers) out.cases[n] ??= caseDigest(b.cases.find((c) => c.caseNumber === n) ?? null, knownMs);
  }
  return out;
}

// ------------------------------------------------------------------ which determination counts

export type CounselState =
  | { readonly kind: 'none' }
  | { readonly kind: 'apply'; readonly determinations: readonly CounselDeterminationFacts[] }
  | { readonly kind: 'stale'; readonly determinations: readonly CounselDeterminationFacts[]; readonly changes: readonly string[] }
  | { readonly kind: 'conflict'; readonly determinations: readonly CounselDeterminationFacts[] };

export const NO_COUNSEL: CounselState = Object.freeze({ kind: 'none' });

/** What one decision (one recording, one linked case or none, one requester) needs to pick its determinations. */
export interface CounselQuery {
  readonly rec: RecordingFacts;
  readonly caseNumber: string | null;
  readonly cases: readonly CaseFacts[];
  readonly orders: readonly CourtOrderFacts[];
  readonly requester: RequesterKind;
  readonly claim: RequesterClaim;
  /** The rulesVersion deciding: the law part of the digest. */
  readonly law: string;
  readonly asOfMs: number;
  readonly asOfDay: number;
  readonly knownMs: number;
}

const sameScope = (a: DeterminationScope, b: DeterminationScope): boolean => canonicalJson(a) === canonicalJson(b);

/**
 * Whether d is counsel's word for this decision, facts aside: entered by asOf and knownAt; not
 * withdrawn, and not superseded by a determination of the same scope naming this requester kind
 * (finding 5, re-check N5), each effective
 * from its own instant as known at knownAt (a replay as of an earlier moment still sees d: finding
 * 10); not expired on asOf's day; its scope covering the recording (this case's evaluation for a
 * case scope, this request for a request scope); and the requester a kind it names.
 */
function inForce(
  d: CounselDeterminationFacts,
  q: CounselQuery,
  all: readonly CounselDeterminationFacts[],
  requestNumber: string | null,
): boolean {
  const upTo = Math.min(q.asOfMs, q.knownMs);
  if (parseIsoInstant(d.enteredAt) > upTo) return false;
  if (d.withdrawnAt !== null && parseIsoInstant(d.withdrawnAt) <= upTo) return false;
  if (d.expiresOn !== null && q.asOfDay >= parseIsoDay(d.expiresOn)) return false;
  if (!d.requesterKinds.includes(q.requester)) return false;
  const s = d.scope;
  if (s.kind === 'recording' && s.recordingId !== q.rec.recordingId) return false;
  if (s.kind === 'case' && s.caseNumber !== q.caseNumber) return false;
  if (
    s.kind === 'recording_request' &&
    (s.recordingId !== q.rec.recordingId || requestNumber === null || s.requestNumber !== requestNumber)
  )
    return false;
  // A supersession ends d only for the requester kinds the new one names (counsel re-check N5): a
  // public-only release must not silently end a withhold that also covered defendants.
  return !all.some(
    (x) =>
      x.supersedes === d.number &&
      sameScope(x.scope, d.scope) &&
      x.requesterKinds.includes(q.requester) &&
      parseIsoInstant(x.enteredAt) <= upTo,
  );
}

/** What changed, in words, between the facts d was made on and the facts now; empty = none. */
export function changesSince(d: CounselDeterminationFacts, q: CounselQuery): string[] {
  const out: string[] = [];
  const id = q.rec.recordingId;
  const fd = d.factsDigest;
  const rec = fd.recordings[id];
  if (rec === undefined) out.push(`recording ${id} is not one determination ${d.number} was made on`);
  else if (rec !== recordingDigest(q.rec)) out.push(`recording ${id} changed since determination ${d.number}`);
  for (const n of q.rec.caseNumbers) {
    const was = fd.cases[n];
    const now = caseDigest(q.cases.find((c) => c.caseNumber === n) ?? null, q.knownMs);
    if (was === undefined) out.push(`case ${n} was not linked when determination ${d.number} was made`);
    else if (was !== now) out.push(`case ${n} changed since determination ${d.number}`);
  }
  const ord = fd.orders[id];
  if (ord !== undefined && ord !== ordersDigest(q.rec, q.orders, q.knownMs))
    out.push(`the court orders covering recording ${id} changed since determination ${d.number}`);
  if (fd.law !== q.law) out.push(`the rules in force changed since determination ${d.number} (rulesVersion ${fd.law} then, ${q.law} now)`);
  if (d.scope.kind === 'recording_request' && fd.claim !== claimDigest(q.claim))
    out.push(`the requester's claim recorded for request ${d.scope.requestNumber} changed since determination ${d.number}`);
  return out;
}

const enteredMs = (d: CounselDeterminationFacts): number => parseIsoInstant(d.enteredAt);

/**
 * The determinations a decision takes (finding 5). Among those in force whose facts are unchanged:
 * a withhold at any scope wins over a release unless a release entered later than every withhold
 * (and superseding none of them, or it would have ended it) says otherwise, which is a conflict for
 * counsel to settle; a stale withhold also stops a fresh release (counsel's ground to withhold may
 * still stand). With none unchanged, the ones that changed are named (stale).
 */
export function counselStateFor(input: CounselInput | null, q: CounselQuery): CounselState {
  if (input === null || input.determinations.length === 0) return NO_COUNSEL;
  const all = input.determinations;
  const live = all.filter((d) => inForce(d, q, all, input.requestNumber));
  if (live.length === 0) return NO_COUNSEL;
  const fresh: CounselDeterminationFacts[] = [];
  const stale: CounselDeterminationFacts[] = [];
  const changes: string[] = [];
  for (const d of live) {
    const c = changesSince(d, q);
    if (c.length === 0) fresh.push(d);
    else {
      stale.push(d);
      changes.push(...c);
    }
  }
  const staleState: CounselState = { kind: 'stale', determinations: byNumber(stale), changes: [...new Set(changes)] };
  if (fresh.length === 0) return staleState;
  const withholds = fresh.filter((d) => d.outcome === 'withhold');
  const releases = fresh.filter((d) => d.outcome === 'release');
  if (withholds.length === 0) {
    if (stale.some((d) => d.outcome === 'withhold')) return staleState;
    return { kind: 'apply', determinations: byNumber(releases) };
  }
  const lastWithhold = Math.max(...withholds.map(enteredMs));
  if (releases.some((d) => enteredMs(d) > lastWithhold)) return { kind: 'conflict', determinations: byNumber(fresh) };
  return { kind: 'apply', determinations: byNumber(withholds) };
}

const byNumber = (ds: readonly CounselDeterminationFacts[]): CounselDeterminationFacts[] =>
  [...ds].sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0));

/** The missing fact a changed determination names (the questions table maps it to counsel). */
export const factsChangedFact = (number: string): string => `determinations.${number}.factsChanged`;
/** The missing fact two determinations in force that disagree name (a release entered after a withhold it does not supersede). */
export const conflictFact = (number: string): string => `determinations.${number}.conflict`;
