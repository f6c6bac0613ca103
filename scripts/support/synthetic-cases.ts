/**
 * Synthetic cases with event histories covering every path the release rules distinguish
 * (shared/domain/missouri-law.md): open investigations, declined (and reopened) cases,
 * pending charges, convictions with and without appeals, recorded finality, dismissals,
 * nolle prosequi, acquittals, SIS with and without completed probation, juvenile matters
 * and co-defendants with mixed outcomes. Events that would fall after `asOf` are not
 * generated, so recent cases are naturally still pending.
 */
import type { z } from 'zod';
import type { CaseEventType, OffenseClass } from '../../src/engine/facts';
import type { CaseEventInput, CaseInput } from '../../src/domain/catalog/catalog.schemas';
import type { Rng } from './synthetic-tables';

export type CaseScenario =
  | 'pending_investigation'
  | 'declined'
  | 'declined_reopened'
  | 'charged_pending'
  | 'convicted'
  | 'convicted_appeal_pending'
  | 'convicted_appeal_decided'
  | 'conviction_final'
  | 'dismissed'
  | 'nolle_prosequi'
  | 'acquitted'
  | 'sis_running'
  | 'sis_completed'
  | 'codefendants_mixed'
  | 'juvenile';

type DefendantPath = Exclude<CaseScenario, 'pending_investigation' | 'declined' | 'declined_reopened' | 'codefendants_mixed' | 'juvenile'>;

export interface SyntheticCase {
  caseNumber: string;
  offenseMs: number;
  offenseClass: OffenseClass;
  scenario: CaseScenario;
  input: z.input<typeof CaseInput>;
  events: z.input<typeof CaseEventInput>[];
  lastEventMs: number;
}

const DAY = 86_400_000;

const SCENARIOS: Record<CaseScenario, number> = {
  pending_investigation: 22,
  declined: 12,
  declined_reopened: 3,
  charged_pending: 12,
  convicted: 14,
  convicted_appeal_pending: 3,
  convicted_appeal_decided: 3,
  conviction_final: 6,
  dismissed: 7,
  nolle_prosequi: 6,
  acquitted: 3,
  sis_running: 3,
  sis_completed: 3,
  codefendants_mixed: 3,
  juvenile: 1,
};
// The classes added in 2026-12 weigh 0 (listed first, so the weighted pick never lands on them) to keep seeded data as it was.
const CLASSES: Record<OffenseClass, number> = {
  no_limitation: 0,
  felony_5y: 0,
  infraction: 10,
  misdemeanor: 45,
  felony: 35,
  class_a_felony: 7,
  murder: 3,
};
const DESCRIPTIONS: Record<OffenseClass, readonly string[]> = {
  murder: ['Murder in the first degree', 'Murder in the second degree'],
  class_a_felony: ['Robbery in the first degree', 'Assault in the first degree', 'Kidnapping in the first degree'],
  felony: [
    'Burglary in the second degree',
    'Stealing a motor vehicle',
    'Unlawful possession of a firearm',
    'Domestic assault in the second degree',
    'Distribution of a controlled substance',
  ],
  misdemeanor: [
    'Driving while intoxicated',
    'Peace disturbance',
    'Stealing',
    'Assault in the fourth degree',
    'Trespass in the first degree',
  ],
  infraction: ['Speeding', 'Failure to yield', 'Seat belt violation'],
  no_limitation: ['Statutory sodomy in the first degree'],
  felony_5y: ['Arson in the second degree'],
};
/** The limitation basis the prosecutor records for each class (RSMo 556.036), so seeded cases carry the fact. */
const LIMITATION: Record<OffenseClass, z.input<typeof CaseInput>['limitation']> = {
  murder: { basis: '556.036.1', period: null },
  class_a_felony: { basis: '556.036.1', period: null },
  no_limitation: { basis: '556.037', period: null },
  felony_5y: { basis: '556.036.2(4)', period: { years: 5 } },
  felony: { basis: '556.036.2(1)', period: { years: 3 } },
  misdemeanor: { basis: '556.036.2(2)', period: { years: 1 } },
  infraction: { basis: '556.036.2(3)', period: { months: 6 } },
};
const MIXES: readonly (readonly DefendantPath[])[] = [
  ['conviction_final', 'acquitted'],
  ['convicted_appeal_pending', 'conviction_final'],
  ['convicted', 'dismissed'],
  ['sis_running', 'nolle_prosequi'],
  ['conviction_final', 'conviction_final', 'acquitted'],
];

const isoDate = (ms: number) => new Date(ms - 6 * 3600_000).toISOString().slice(0, 10);

export function generateCases(rng: Rng, count: number, startMs: number, asOfMs: number): SyntheticCase[] {
  const lastDay = asOfMs - DAY;
  const offenses = Array.from({ length: count }, () => startMs - 180 * DAY + rng.next() * (lastDay - startMs + 180 * DAY)).sort(
    (a, b) => a - b,
  );
  const perYear = new Map<number, number>();
  return offenses.map((offenseMs) => {
    const year = new Date(offenseMs).getUTCFullYear();
    const seq = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, seq);
    const caseNumber = `KC${String(year % 100).padStart(2, '0')}-${String(seq).padStart(6, '0')}`;
    const scenario = rng.weighted(SCENARIOS);
    const offenseClass: OffenseClass = scenario === 'juvenile' ? rng.pick(['misdemeanor', 'felony'] as const) : rng.weighted(CLASSES);
    const events: z.input<typeof CaseEventInput>[] = [];
    let lastEventMs = offenseMs;
    let open = true;
    /** Adds an event unless it would be in the future; once one is, the history stops there. */
    const add = (type: CaseEventType, ms: number, defendantId?: string): number | null => {
      if (!open || ms > lastDay) {
        open = false;
        return null;
      }
      events.push({
        type,
        date: isoDate(ms),
        ...(defendantId ? { defendantId } : {}),
        ...(type === 'appeal_decided' ? { result: 'affirmed' as const, court: 'court_of_appeals' as const } : {}),
        source: type === 'declined' ? 'Jackson County Prosecutor' : 'Case.net',
      });
      lastEventMs = Math.max(lastEventMs, ms);
      return ms;
    };
    const path = (p: DefendantPath, def: string, charged: number) => {
      open = true;
      if (add('charged', charged, def) === null || p === 'charged_pending') return;
      const disposed = charged + rng.int(30, 400) * DAY;
      if (p === 'dismissed' || p === 'nolle_prosequi' || p === 'acquitted') return void add(p, disposed, def);
      if (p === 'sis_running' || p === 'sis_completed') {
        if (add('sis', disposed, def) !== null && p === 'sis_completed')
          add('probation_completed', disposed + rng.int(365, 730) * DAY, def);
        return;
      }
      if (add('convicted', disposed, def) === null) return;
      const sentenced = add('sentenced', disposed + rng.int(14, 60) * DAY, def);
      if (sentenced === null) return;
      if (p === 'conviction_final') add('conviction_final', sentenced + rng.int(20, 60) * DAY, def);
      if (p === 'convicted_appeal_pending' || p === 'convicted_appeal_decided') {
        const filed = add('appeal_filed', sentenced + rng.int(2, 9) * DAY, def);
        if (filed !== null && p === 'convicted_appeal_decided') add('appeal_decided', filed + rng.int(150, 500) * DAY, def);
      }
    };
    const d = (k: number) => `${caseNumber}-D${k}`;
    let defendants: string[];
    const charged = offenseMs + rng.int(1, 60) * DAY;
    switch (scenario) {
      case 'pending_investigation':
        defendants = rng.chance(0.4) ? [d(1)] : [];
        break;
      case 'declined':
      case 'declined_reopened': {
        defendants = rng.chance(0.7) ? [d(1)] : [];
        const declined = add('declined', offenseMs + rng.int(10, 120) * DAY);
        if (declined !== null && scenario === 'declined_reopened') add('reopened', declined + rng.int(30, 300) * DAY);
        break;
      }
      case 'codefendants_mixed': {
        const mix = rng.pick(MIXES);
        defendants = mix.map((_, k) => d(k + 1));
        mix.forEach((p, k) => path(p, d(k + 1), charged));
        break;
      }
      case 'juvenile':
        defendants = [d(1)];
        add('juvenile_petition', offenseMs + rng.int(5, 60) * DAY, d(1));
        break;
      default:
        defendants = [d(1)];
        path(scenario, d(1), charged);
    }
    return {
      caseNumber,
      offenseMs,
      offenseClass,
      scenario,
      input: {
        offenseClass,
        offenseDate: isoDate(offenseMs),
        limitation: LIMITATION[offenseClass],
        juvenile: scenario === 'juvenile',
        description: rng.pick(DESCRIPTIONS[offenseClass]),
        defendants: defendants.map((defendantId) => ({ defendantId })),
      },
      events,
      lastEventMs,
    };
  });
}
