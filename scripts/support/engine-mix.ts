/**
 * A deterministic, realistic mix of release requests for the engine benchmarks: mostly
 * non-evidentiary and unclassified recordings, cases in every state the engine knows,
 * about 5% nonpublic locations, a few court orders, multi-case recordings and the usual
 * spread of requester kinds. Same seed, same mix.
 */
import { DateTime } from 'luxon';
import {
  CaseFacts,
  CourtOrderFacts,
  RecordingFacts,
  RequesterClaim,
  type CaseEventType,
  type Category,
  type OffenseClass,
  type RequesterKind,
} from '../../src/engine/facts';
import { LEGAL_ZONE } from '../../src/engine/legal-time';

export interface MixItem {
  recording: RecordingFacts;
  cases: CaseFacts[];
  orders: CourtOrderFacts[];
  requester: RequesterKind;
  /** What the requester has shown (most involved requesters have shown the statute's conditions). */
  claim: RequesterClaim;
}

export const MIX_AS_OF = DateTime.fromISO('2026-06-15T12:00:00', { zone: LEGAL_ZONE });

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rnd: () => number, weighted: ReadonlyArray<readonly [T, number]>): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let x = rnd() * total;
  for (const [v, w] of weighted) {
    x -= w;
    if (x < 0) return v;
  }
  return weighted[weighted.length - 1]![0];
}

const asOfDay = MIX_AS_OF.startOf('day');
const dateAgo = (days: number): string => asOfDay.minus({ days }).toISODate()!;
const instantAgo = (days: number): string => asOfDay.minus({ days }).plus({ hours: 10 }).toISO()!;

type CaseShape =
  | 'uncharged_running'
  | 'uncharged_run'
  | 'declined'
  | 'reopened'
  | 'pending'
  | 'window_open'
  | 'window_closed'
  | 'appeal_pending'
  | 'appeal_decided'
  | 'final_recorded'
  | 'nolle'
  | 'dismissed'
  | 'acquitted'
  | 'sis_running'
  | 'sis_done'
  | 'mixed'
  | 'no_class'
  | 'juvenile'
  | 'two_defendants_pending'
  | 'unsentenced';

const CASE_SHAPES: ReadonlyArray<readonly [CaseShape, number]> = [
  ['uncharged_running', 14],
  ['uncharged_run', 8],
  ['declined', 8],
  ['reopened', 2],
  ['pending', 16],
  ['window_open', 3],
  ['window_closed', 10],
  ['appeal_pending', 3],
  ['appeal_decided', 2],
  ['final_recorded', 3],
  ['nolle', 5],
  ['dismissed', 4],
  ['acquitted', 2],
  ['sis_running', 2],
  ['sis_done', 2],
  ['mixed', 1],
  ['no_class', 2],
  ['juvenile', 2],
  ['two_defendants_pending', 3],
  ['unsentenced', 1],
];

function makeCase(rnd: () => number, n: number): CaseFacts {
  const shape = pick(rnd, CASE_SHAPES);
  const cls: OffenseClass = pick(rnd, [
    ['misdemeanor', 45],
    ['felony', 40],
    ['infraction', 8],
    ['class_a_felony', 5],
    ['murder', 2],
  ] as const);
  const offenseAgo = shape === 'uncharged_run' ? 400 + Math.floor(rnd() * 4000) : 30 + Math.floor(rnd() * 300);
  const events: Array<{ id: string; type: CaseEventType; date: string; defendantId: string | null; recordedAt: string }> = [];
  let k = 0;
  const ev = (type: CaseEventType, ago: number, def: string | null = 'D1'): void => {
    events.push({ id: `${n}-e${k++}`, type, date: dateAgo(ago), defendantId: def, recordedAt: instantAgo(Math.max(0, ago - 1)) });
  };
  const t = offenseAgo - 5;
  switch (shape) {
    case 'uncharged_running':
    case 'uncharged_run':
    case 'no_class':
      break;
    case 'declined':
      ev('declined', t - 10, null);
      break;
    case 'reopened':
      ev('declined', t - 10, null);
      ev('reopened', t - 15, null);
      break;
    case 'pending':
      ev('charged', t);
      break;
    case 'window_open':
      ev('charged', t);
      ev('convicted', 12);
      ev('sentenced', 5);
      break;
    case 'window_closed':
      ev('charged', t);
      ev('convicted', 20);
      ev('sentenced', 15);
      break;
    case 'appeal_pending':
      ev('charged', t);
      ev('convicted', 20);
      ev('sentenced', 15);
      ev('appeal_filed', 10);
      break;
    case 'appeal_decided':
      ev('charged', t);
      ev('convicted', 24);
      ev('sentenced', 20);
      ev('appeal_filed', 15);
      ev('appeal_decided', 3);
      break;
    case 'final_recorded':
      ev('charged', t);
      ev('convicted', 20);
      ev('conviction_final', 4);
      break;
    case 'nolle':
      ev('charged', t);
      ev('nolle_prosequi', 8);
      break;
    case 'dismissed':
      ev('charged', t);
      ev('dismissed', 8);
      break;
    case 'acquitted':
      ev('charged', t);
      ev('acquitted', 8);
      break;
    case 'sis_running':
      ev('charged', t);
      ev('sis', 8);
      break;
    case 'sis_done':
      ev('charged', t);
      ev('sis', 20);
      ev('probation_completed', 2);
      break;
    case 'mixed':
      ev('charged', t);
      ev('charged', t, 'D2');
      ev('acquitted', 20, 'D1');
      ev('convicted', 20, 'D2');
      ev('conviction_final', 2, 'D2');
      break;
    case 'juvenile':
      ev('juvenile_petition', t, null);
      break;
    case 'two_defendants_pending':
      ev('charged', t);
      ev('charged', t, 'D2');
      ev('convicted', 20);
      ev('conviction_final', 4);
      break;
    case 'unsentenced':
      ev('charged', t);
      ev('convicted', 6);
      break;
  }
  return CaseFacts.parse({
    caseNumber: `KC-${String(n).padStart(6, '0')}`,
    offenseClass: shape === 'no_class' ? null : cls,
    offenseDate: dateAgo(offenseAgo),
    juvenile: shape === 'juvenile' && rnd() < 0.5,
    defendants:
      shape === 'mixed' || shape === 'two_defendants_pending' ? [{ defendantId: 'D1' }, { defendantId: 'D2' }] : [{ defendantId: 'D1' }],
    events,
  });
}

const REQUESTERS: ReadonlyArray<readonly [RequesterKind, number]> = [
  ['public', 70],
  ['depicted_person', 10],
  ['attorney', 4],
  ['insurer', 3],
  ['guardian', 2],
  ['family_first_degree', 2],
  ['defendant', 3],
  ['next_of_kin', 1],
  ['agency', 5],
];

/** `count` requests over a pool of count/5 cases. */
export function generateMix(count: number, seed = 20260615): MixItem[] {
  const rnd = prng(seed);
  const pool = Array.from({ length: Math.max(10, Math.floor(count / 5)) }, (_, i) => makeCase(rnd, i));
  const items: MixItem[] = [];
  for (let i = 0; i < count; i++) {
    const category: Category = pick(rnd, [
      ['non_evidentiary', 45],
      ['unclassified', 18],
      ['traffic', 12],
      ['arrest', 9],
      ['investigation', 8],
      ['use_of_force', 3],
      ['homicide', 1],
      ['complaint', 2],
      ['other', 2],
    ] as const);
    const evidentiary = category !== 'non_evidentiary' && category !== 'unclassified';
    const linked: CaseFacts[] = [];
    if (evidentiary && rnd() < 0.97) {
      linked.push(pool[Math.floor(rnd() * pool.length)]!);
      if (rnd() < 0.06) linked.push(pool[Math.floor(rnd() * pool.length)]!);
    }
    const np = rnd();
    const nonpublic = np < 0.05 ? true : np < 0.06 ? null : false;
    const recordingId = `BWC-${String(i).padStart(7, '0')}`;
    const recording = RecordingFacts.parse({
      recordingId,
      category,
      recordedAt: instantAgo(1 + Math.floor(rnd() * 300)),
      nonpublic,
      locationKind:
        nonpublic === true
          ? pick(rnd, [
              ['dwelling', 6],
              ['medical', 2],
              ['school', 1],
            ] as const)
          : nonpublic === false
            ? 'public'
            : null,
      flags: {
        mutilatedDeceased: rnd() < 0.002,
        juvenileSubject: rnd() < 0.01,
        depictsMinor: rnd() < 0.05,
        protectedVictim: rnd() < 0.01,
        undercoverOfficer: rnd() < 0.005,
        confidentialSource: rnd() < 0.003,
        suspectNotInCustody: rnd() < 0.02,
        dangerToPerson: rnd() < 0.01,
        investigativeTechniques: rnd() < 0.003,
        jeopardizesInvestigation: rnd() < 0.003,
        audio911: rnd() < 0.03,
      },
      // Most recordings are reviewed for redactions by the time they are requested.
      redactionReview: rnd() < 0.9 ? { reviewedBy: 'records-clerk', reviewedAt: instantAgo(0) } : null,
      crimeScene: rnd() < 0.5 ? true : rnd() < 0.8 ? false : null,
      caseNumbers: linked.map((c) => c.caseNumber),
    });
    const orders: CourtOrderFacts[] = [];
    const o = rnd();
    if (o < 0.015) {
      orders.push(
        CourtOrderFacts.parse({
          orderNumber: `CO-${i}`,
          kind: 'release',
          issuedAt: instantAgo(Math.floor(rnd() * 20)),
          recordingIds: [recordingId],
          viewOnly: rnd() < 0.3,
          noticeDays: rnd() < 0.5 ? null : 0,
          redactions: rnd() < 0.3 ? ['faces of bystanders'] : [],
          statutoryRedactions: rnd() < 0.2 ? 'order_controls' : 'apply',
          recordedAt: instantAgo(0),
        }),
      );
    } else if (o < 0.02) {
      orders.push(
        CourtOrderFacts.parse({
          orderNumber: `CO-${i}`,
          kind: rnd() < 0.5 ? 'closure' : 'expungement',
          issuedAt: instantAgo(30),
          recordingIds: linked.length ? [] : [recordingId],
          caseNumber: linked[0]?.caseNumber ?? null,
          recordedAt: instantAgo(29),
        }),
      );
    }
    const shown = rnd() < 0.8;
    const claim = RequesterClaim.parse(
      shown
        ? {
            onBehalfOf: 'the depicted person',
            subjectMinor: rnd() < 0.3,
            subjectDeceasedOrIncompetent: rnd() < 0.3,
            writtenRequest: rnd() < 0.9,
            relationshipVerified: rnd() < 0.9,
            identityVerified: rnd() < 0.9,
            relationship: pick(rnd, [
              ['parent', 2],
              ['child', 1],
              ['spouse', 1],
            ] as const),
            protectedVictimIsSubject: rnd() < 0.5,
            nokRank: pick(rnd, [
              ['spouse', 2],
              ['parent', 1],
              ['other', 1],
            ] as const),
            noHigherRankLiving: rnd() < 0.7,
            relationshipProven: true,
            writtenReleaseOnFile: true,
          }
        : {},
    );
    items.push({ recording, cases: linked, orders, requester: pick(rnd, REQUESTERS), claim });
  }
  return items;
}
