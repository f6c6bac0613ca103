/**
 * A deterministic synthetic department for seeding, tests and benchmarks: the same
 * options give the same items, in an order the domain services accept: cameras, cases
 * with their event histories, court orders and holds, then recordings in recording order.
 * Orders and holds come before the recordings they cover (planned by recording index), so
 * each recording's derived state is computed once, at insert, with its orders and holds
 * known, instead of every order re-deriving its recordings afterwards. Items are API input
 * shapes (z.input of the catalog schemas): callers validate them with the same schemas
 * as the HTTP routes. Recordings are produced one at a time, so a large department is
 * streamed in constant memory apart from the camera and case tables.
 */
import type { z } from 'zod';
import type { Category, OffenseClass } from '../../src/engine/facts';
import { legalIso } from '../../src/engine/legal-time';
import type {
  CameraInput,
  CaseEventInput,
  CaseInput,
  CourtOrderInput,
  HoldInput,
  RecordingImportLine,
} from '../../src/domain/catalog/catalog.schemas';
import { CATEGORY_TITLES, COURTS, DETECTIVE_UNITS, PATROL_UNITS, PATROL_UNIT_WEIGHTS, Rng, STREETS, TAGS } from './synthetic-tables';
import { type CaseScenario, type SyntheticCase, generateCases } from './synthetic-cases';

export type SyntheticItem =
  | { kind: 'camera'; serial: string; input: z.input<typeof CameraInput> }
  | { kind: 'case'; caseNumber: string; input: z.input<typeof CaseInput>; events: z.input<typeof CaseEventInput>[] }
  | { kind: 'recording'; line: z.input<typeof RecordingImportLine> }
  | { kind: 'order'; input: z.input<typeof CourtOrderInput> }
  | { kind: 'hold'; input: z.input<typeof HoldInput> };

export interface DepartmentOptions {
  seed: number;
  recordings: number;
  /** End of the generated period; recordings fall in the `years` before it. */
  asOf: Date;
  years?: number;
  patrolCameras?: number;
  detectiveCameras?: number;
  officers?: number;
}

export interface DepartmentCounts {
  cameras: number;
  cases: number;
  recordings: number;
  orders: number;
  holds: number;
}

const DAY = 86_400_000;

export function departmentCounts(o: DepartmentOptions): DepartmentCounts {
  const n = o.recordings;
  return {
    cameras: (o.patrolCameras ?? 900) + (o.detectiveCameras ?? 400),
    cases: Math.max(10, Math.round(n * 0.07)),
    recordings: n,
    orders: Math.max(2, Math.round(n / 4000)) + 2 * Math.max(1, Math.round(n / 10_000)),
    holds: Math.max(2, Math.round(n / 2000)),
  };
}

interface Camera {
  serial: string;
  unit: string;
  detective: boolean;
  officerId: string | null;
  officers: readonly string[];
  retiredAtMs: number | null;
}

function makeCameras(rng: Rng, o: DepartmentOptions, startMs: number, asOfMs: number): Camera[] {
  const patrol = o.patrolCameras ?? 900;
  const detective = o.detectiveCameras ?? 400;
  const officers = o.officers ?? 1500;
  const patrolOfficers = Math.round((officers * 7) / 10);
  const units = [
    ...PATROL_UNITS.map((unit, i) => ({ unit, detective: false, weight: PATROL_UNIT_WEIGHTS[i] ?? 1 })),
    ...DETECTIVE_UNITS.map((unit) => ({ unit, detective: true, weight: 1 })),
  ];
  const share = (total: number, list: typeof units) => {
    const sum = list.reduce((a, u) => a + u.weight, 0);
    let left = total;
    return list.map((u, i) => {
      const k = i === list.length - 1 ? left : Math.round((total * u.weight) / sum);
      left -= k;
      return { ...u, k: Math.max(0, k) };
    });
  };
  const patrolUnits = units.filter((u) => !u.detective);
  const detUnits = units.filter((u) => u.detective);
  let officerSeq = 10_001;
  const officersOf = new Map<string, string[]>();
  for (const u of [...share(patrolOfficers, patrolUnits), ...share(officers - patrolOfficers, detUnits)]) {
    officersOf.set(
      u.unit,
      Array.from({ length: Math.max(1, u.k) }, () => `O-${officerSeq++}`),
    );
  }
  const cams: Camera[] = [];
  let seq = { P: 0, D: 0 };
  for (const u of [...share(patrol, patrolUnits), ...share(detective, detUnits)]) {
    const list = officersOf.get(u.unit) ?? [];
    for (let j = 0; j < u.k; j++) {
      const letter = u.detective ? 'D' : 'P';
      seq = { ...seq, [letter]: seq[letter] + 1 };
      const pool = rng.chance(0.08);
      cams.push({
        serial: `X6${letter}${String(seq[letter]).padStart(5, '0')}`,
        unit: u.unit,
        detective: u.detective,
        officerId: pool ? null : (list[j % list.length] ?? null),
        officers: list,
        retiredAtMs: rng.chance(0.03) ? startMs + rng.next() * (asOfMs - startMs) * 0.5 : null,
      });
    }
  }
  return cams;
}

const LINKED_CATEGORY: Record<OffenseClass, Partial<Record<Category, number>>> = {
  no_limitation: { investigation: 60, arrest: 40 },
  felony_5y: { investigation: 60, arrest: 40 },
  murder: { homicide: 70, investigation: 25, officer_involved_shooting: 5 },
  class_a_felony: { investigation: 40, arrest: 35, use_of_force: 15, officer_involved_shooting: 3, other: 7 },
  felony: { arrest: 45, investigation: 40, use_of_force: 8, other: 7 },
  misdemeanor: { arrest: 50, traffic: 30, investigation: 15, use_of_force: 3, complaint: 2 },
  infraction: { traffic: 90, other: 10 },
};
const UNLINKED_CATEGORY: Partial<Record<Category, number>> = {
  non_evidentiary: 58,
  unclassified: 32,
  traffic: 4,
  other: 3,
  complaint: 1.5,
  use_of_force: 1,
  investigation: 0.5,
};
const MEDIAN_SECONDS: Partial<Record<Category, number>> = {
  traffic: 600,
  arrest: 1800,
  non_evidentiary: 300,
  homicide: 3600,
  investigation: 1500,
};
const OPEN_SCENARIOS: ReadonlySet<CaseScenario> = new Set(['pending_investigation', 'charged_pending', 'declined_reopened']);

const isoAt = (ms: number) => legalIso(Math.floor(ms / 1000) * 1000, { suppressMilliseconds: true });

/** Index of the last case whose offense is at or before `ms` (cases sorted by offense), or -1. */
function lastCaseBefore(cases: readonly SyntheticCase[], ms: number): number {
  let lo = 0;
  let hi = cases.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cases[mid]?.offenseMs ?? Infinity) <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

export function* generateDepartment(o: DepartmentOptions): Generator<SyntheticItem> {
  const rng = new Rng(o.seed);
  const side = new Rng(o.seed ^ 0x5eed);
  const asOfMs = o.asOf.getTime();
  const startMs = asOfMs - (o.years ?? 4) * 365 * DAY;
  const counts = departmentCounts(o);

  const cameras = makeCameras(rng, o, startMs, asOfMs);
  for (const c of cameras) {
    yield {
      kind: 'camera',
      serial: c.serial,
      input: {
        assignment: c.detective ? 'detective' : 'patrol',
        model: c.detective ? rng.pick(['Axon Body 4', 'Axon Flex 2']) : rng.chance(0.4) ? 'Axon Body 3' : 'Axon Body 4',
        unit: c.unit,
        ...(c.officerId ? { officerId: c.officerId } : {}),
        status: c.retiredAtMs === null ? 'active' : 'retired',
      },
    };
  }
  const patrolCams = cameras.filter((c) => !c.detective);
  const detCams = cameras.filter((c) => c.detective);

  const cases = generateCases(rng, counts.cases, startMs, asOfMs);
  for (const c of cases) yield { kind: 'case', caseNumber: c.caseNumber, input: c.input, events: c.events };

  const span = asOfMs - DAY - startMs;
  const plan = planOrdersAndHolds(side, counts, cases, startMs, span, asOfMs);
  yield* plan.items;

  for (let i = 0; i < o.recordings; i++) {
    const t = startMs + ((i + rng.next()) / o.recordings) * span;
    const idx = rng.chance(0.3) ? lastCaseBefore(cases, t) : -1;
    const kase = plan.link.get(i) ?? (idx >= 0 ? cases[idx - Math.floor(rng.next() ** 2 * Math.min(idx + 1, 25))] : undefined);
    const forced = plan.category.get(i);
    const category = forced ?? rng.weighted(kase ? LINKED_CATEGORY[kase.offenseClass] : UNLINKED_CATEGORY);
    const detectiveWork = category === 'investigation' || category === 'homicide';
    let cam = rng.pick(detectiveWork && rng.chance(0.6) && detCams.length ? detCams : patrolCams.length ? patrolCams : cameras);
    for (let k = 0; k < 5 && cam.retiredAtMs !== null && t > cam.retiredAtMs; k++) cam = rng.pick(patrolCams.length ? patrolCams : cameras);
    const officerId = cam.officerId && rng.chance(0.92) ? cam.officerId : rng.pick(cam.officers);
    const duration = Math.min(6 * 3600, Math.max(5, Math.round(rng.around(MEDIAN_SECONDS[category] ?? 900, 1.8))));
    const nonpublic = rng.chance(detectiveWork ? 0.2 : 0.04);
    const street = rng.pick(STREETS);
    const address = rng.chance(0.3) ? `${street} & ${rng.pick(STREETS)}` : `${rng.int(100, 9999)} ${street}`;
    const flags: Record<string, boolean> = {};
    const flag = (name: string, p: number) => {
      if (rng.chance(p)) flags[name] = true;
    };
    if (kase?.input.juvenile) flags.juvenileSubject = true;
    else flag('juvenileSubject', 0.005);
    flag('depictsMinor', 0.02);
    flag('protectedVictim', kase && kase.offenseClass !== 'infraction' ? 0.02 : 0.002);
    flag('undercoverOfficer', 0.002);
    flag('confidentialSource', 0.002);
    flag('suspectNotInCustody', kase && OPEN_SCENARIOS.has(kase.scenario) ? 0.05 : 0.002);
    flag('dangerToPerson', 0.004);
    flag('investigativeTechniques', 0.002);
    flag('jeopardizesInvestigation', 0.002);
    flag('audio911', 0.005);
    if (category === 'homicide') flag('mutilatedDeceased', 0.1);
    const caseNumbers = kase ? [kase.caseNumber] : [];
    const other = idx > 0 && kase && rng.chance(0.01) ? cases[idx - 1] : undefined;
    if (other && other.caseNumber !== kase?.caseNumber) caseNumbers.push(other.caseNumber);
    const id = recordingIdOf(i);
    yield {
      kind: 'recording',
      line: {
        recordingId: id,
        cameraSerial: cam.serial,
        officerId,
        recordedAt: isoAt(t),
        durationSeconds: duration,
        sha256: rng.hex(64),
        sizeBytes: Math.round(duration * rng.around(1.2e6, 1.2)),
        ...(rng.chance(0.85) ? { title: `${CATEGORY_TITLES[category] ?? 'Recording'} – ${street}` } : {}),
        category,
        location: {
          nonpublic,
          ...(nonpublic
            ? { kind: rng.weighted({ dwelling: 70, medical: 12, school: 8, other_private: 10 }) }
            : rng.chance(0.7)
              ? { kind: 'public' as const }
              : {}),
          ...(rng.chance(0.9) ? { address } : {}),
          ...(rng.chance(0.8)
            ? { lat: Math.round((39.0 + rng.next() * 0.3) * 1e5) / 1e5, lon: Math.round((-94.7 + rng.next() * 0.3) * 1e5) / 1e5 }
            : {}),
        },
        caseNumbers,
        flags,
        // A clerk has reviewed every recording whose flags the seed sets, and most others; the rest wait for review.
        ...(Object.keys(flags).length > 0 || rng.chance(0.85)
          ? { redactionReview: { reviewedBy: 'records-clerk', reviewedAt: isoAt(t + 3_600_000) } }
          : {}),
        ...(flags.protectedVictim ? { protectedVictimKind: rng.weighted({ ch566: 40, dv: 50, stalking: 10 }) } : {}),
        ...(flags.mutilatedDeceased ? { crimeScene: true } : {}),
        tags: rng.chance(0.3) ? [rng.pick(TAGS), ...(rng.chance(0.3) ? [rng.pick(TAGS)] : [])] : [],
      },
    };
  }
}

const recordingIdOf = (index: number) => `BWC-${String(index + 1).padStart(9, '0')}`;

interface Plan {
  items: SyntheticItem[];
  /** Recording index -> the (open) case a release order's recording is linked to. */
  link: Map<number, SyntheticCase>;
  /** Recording index -> category forced for recordings under a hold. */
  category: Map<number, Category>;
}

/** Court orders and holds, with the recordings they cover chosen by index before those recordings exist. */
function planOrdersAndHolds(
  rng: Rng,
  counts: DepartmentCounts,
  cases: readonly SyntheticCase[],
  startMs: number,
  span: number,
  asOfMs: number,
): Plan {
  const n = counts.recordings;
  const plan: Plan = { items: [], link: new Map(), category: new Map() };
  const latest = asOfMs - DAY;
  const approxMs = (i: number) => startMs + ((i + 0.5) / n) * span;
  let seq = 0;
  const orderNumber = (ms: number) => `CO-${new Date(ms).getUTCFullYear()}-${String(++seq).padStart(5, '0')}`;
  const per = Math.max(1, Math.round(n / 10_000));

  for (let k = 0; n > 0 && k < counts.orders - 2 * per; k++) {
    const i = rng.int(0, n - 1);
    const t = approxMs(i);
    let j = lastCaseBefore(cases, t);
    while (j >= 0 && !OPEN_SCENARIOS.has(cases[j]?.scenario ?? 'declined')) j--;
    const kase = cases[j];
    if (!kase || plan.link.has(i)) continue;
    plan.link.set(i, kase);
    const issued = Math.min(latest, t + rng.int(20, 300) * DAY);
    plan.items.push({
      kind: 'order',
      input: {
        orderNumber: orderNumber(issued),
        court: rng.pick(COURTS),
        issuedAt: isoAt(issued),
        kind: 'release',
        recordingIds: [recordingIdOf(i)],
        releaseTo: ['public'],
        ...(rng.chance(0.7) ? { noticeDays: 10 } : {}),
        ...(rng.chance(0.3) ? { viewOnly: true } : {}),
        ...(rng.chance(0.5) ? { redactions: ['faces of bystanders', 'license plates'] } : {}),
      },
    });
  }
  const closable = cases.filter((c) => c.scenario === 'charged_pending' || c.input.juvenile);
  for (let k = 0; k < per && closable.length; k++) {
    const c = rng.pick(closable);
    const issued = Math.min(latest, c.offenseMs + rng.int(30, 200) * DAY);
    plan.items.push({
      kind: 'order',
      input: {
        orderNumber: orderNumber(issued),
        court: rng.pick(COURTS),
        issuedAt: isoAt(issued),
        kind: 'closure',
        caseNumber: c.caseNumber,
        releaseTo: ['agency'],
        conditions: 'Sealed pending trial',
      },
    });
  }
  const expungeable = cases.filter((c) => c.scenario === 'dismissed' || c.scenario === 'nolle_prosequi' || c.scenario === 'acquitted');
  for (let k = 0; k < per && expungeable.length; k++) {
    const c = rng.pick(expungeable);
    const issued = Math.min(latest, c.lastEventMs + rng.int(60, 400) * DAY);
    plan.items.push({
      kind: 'order',
      input: {
        orderNumber: orderNumber(issued),
        court: rng.pick(COURTS),
        issuedAt: isoAt(issued),
        kind: 'expungement',
        caseNumber: c.caseNumber,
        conditions: 'RSMo 610.140 expungement',
      },
    });
  }

  const serious = cases.filter((c) => c.offenseClass === 'murder' || c.offenseClass === 'class_a_felony');
  for (let k = 0; k < counts.holds; k++) {
    const reason = rng.weighted({ litigation: 40, preservation_request: 30, internal_investigation: 25, other: 5 });
    const authority = {
      litigation: `Litigation hold: ${rng.pick(['Doe', 'Roe', 'Smith', 'Johnson', 'Williams'])} v. Board of Police Commissioners of Kansas City, No. ${rng.int(2200, 2699)}-CV${rng.int(10000, 39999)}`,
      preservation_request: `Preservation letter from counsel for a depicted person, ref. PL-${rng.int(1000, 9999)}`,
      internal_investigation: `Internal Affairs Unit case IA-${rng.int(2022, 2026)}-${String(rng.int(1, 999)).padStart(3, '0')}`,
      other: `Records custodian: records audit RA-${rng.int(100, 999)}`,
    }[reason];
    if (n > 0 && (rng.chance(0.75) || !serious.length)) {
      const first = rng.int(0, n - 1);
      const indices = [...new Set(Array.from({ length: rng.int(1, 4) }, (_, m) => Math.min(n - 1, first + m * rng.int(0, 3))))];
      for (const i of indices) plan.category.set(i, rng.weighted({ use_of_force: 60, complaint: 30, officer_involved_shooting: 10 }));
      plan.items.push({ kind: 'hold', input: { recordingIds: indices.map(recordingIdOf), reason, authority } });
    } else if (serious.length) {
      plan.items.push({ kind: 'hold', input: { caseNumber: rng.pick(serious).caseNumber, reason, authority } });
    }
  }
  return plan;
}
