import { expect } from 'chai';
import { DateTime } from 'luxon';
import { readFileSync } from 'node:fs';
import {
  CaseFacts,
  CaseStatus,
  CourtOrderFacts,
  HoldFacts,
  RecordingFacts,
  RequestFacts,
  RetentionResult,
  RetentionReviewFacts,
  type Category,
  type OffenseClass,
} from '../../src/engine/facts';
import { retentionStatus, rowsInForce, type LinkedCase } from '../../src/engine/retention';
import { RetentionSchedule } from '../../src/engine/retention-schema';
import { loadSchedules, parseRetentionSchedule, ScheduleFileError } from '../../src/rules/load-schedules';
import { LEGAL_ZONE } from '../../src/engine/legal-time';

const schedule = loadSchedules('rules/missouri').retention;
const VERSION = { rulesVersion: 'test-rules-v1', engineVersion: 'eng-test' };
const at = (iso: string): DateTime => DateTime.fromISO(iso, { zone: LEGAL_ZONE });

/**
 * A recording whose content a person reviewed when it was recorded: an unreviewed one is never
 * destroyable (counsel review addendum 2), which the tests of that say themselves.
 */
function recording(over: Partial<Record<keyof RecordingFacts, unknown>> = {}): RecordingFacts {
  const recordedAt = over.recordedAt ?? '2025-01-10T14:00:00-06:00';
  return RecordingFacts.parse({
    recordingId: 'BWC-1',
    category: 'non_evidentiary',
    recordedAt,
    redactionReview: { reviewedBy: 'records.clerk', reviewedAt: recordedAt },
    nonpublic: false,
    flags: {},
    ...over,
  });
}

function linkedCase(
  caseNumber: string,
  inactive: boolean | 'unknown',
  inactiveSince: string | null = null,
  extra: { offenseClass?: OffenseClass | null; terminated?: boolean; missingFacts?: string[] } = {},
): LinkedCase {
  return {
    facts: CaseFacts.parse({
      caseNumber,
      offenseClass: extra.offenseClass === undefined ? 'felony' : extra.offenseClass,
      offenseDate: '2025-01-10',
    }),
    status: CaseStatus.parse({
      caseNumber,
      inactive,
      inactiveSince,
      inactiveGround: inactiveSince ? 'convictions_final' : null,
      terminated: extra.terminated ?? false,
      terminatedSince: extra.terminated ? inactiveSince : null,
      reviewAt: null,
      timeToFileEnds: null,
      missingFacts: extra.missingFacts ?? [],
      reasons: [],
    }),
  };
}

const hold = (over: Partial<Record<keyof HoldFacts, unknown>>): HoldFacts =>
  HoldFacts.parse({ id: 'H-1', reason: 'litigation', authority: 'City Law Dept', placedAt: '2025-03-01T09:00:00-06:00', ...over });
const request = (over: Partial<Record<keyof RequestFacts, unknown>>): RequestFacts =>
  RequestFacts.parse({ requestId: 'SR-1', receivedAt: '2025-02-01T10:00:00-06:00', ...over });
const order = (over: Partial<Record<keyof CourtOrderFacts, unknown>>): CourtOrderFacts =>
  CourtOrderFacts.parse({
    orderNumber: 'CO-1',
    kind: 'expungement',
    issuedAt: '2025-04-01T09:00:00-05:00',
    recordedAt: '2025-04-02T09:00:00-05:00',
    recordingIds: ['BWC-1'],
    ...over,
  });

interface Inputs {
  rec?: RecordingFacts;
  cases?: LinkedCase[];
  holds?: HoldFacts[];
  requests?: RequestFacts[];
  orders?: CourtOrderFacts[];
  sched?: RetentionSchedule;
}
function run(asOf: string, i: Inputs = {}): RetentionResult {
  const result = retentionStatus(
    i.sched ?? schedule,
    VERSION,
    i.rec ?? recording(),
    i.cases ?? [],
    i.holds ?? [],
    i.requests ?? [],
    i.orders ?? [],
    at(asOf),
  );
  return RetentionResult.parse(result); // the output honours the shared contract
}
const ruleIds = (r: RetentionResult): string[] => r.reasons.map((x) => x.ruleId);
const until = (r: RetentionResult): string | null => (r.retainUntil === null ? null : r.retainUntil.slice(0, 10));

describe('retention', () => {
  describe('schedule data', () => {
    it('loads every row the law reference names, each with a citation and an effective date', () => {
      const ids = new Set(schedule.rows.map((r) => r.id));
      for (const id of [
        'RET-STATE-MIN-30D',
        'RET-UNCLASSIFIED',
        'RET-NONEVIDENTIARY-180D',
        'RET-CASE-INACTIVE-1Y',
        'RET-PERMANENT-HOMICIDE',
        'RET-UOF-5Y',
        'RET-REQUEST-2Y',
        'RET-HOLD',
      ]) {
        expect(ids.has(id), id).to.equal(true);
      }
      expect(schedule.rows.every((r) => r.citation.length > 0 && /^\d{4}-\d{2}-\d{2}$/.test(r.effectiveFrom))).to.equal(true);
    });

    it('rejects a row whose period does not fit its condition and names the file and row', () => {
      const bad = readFileSync('rules/missouri/retention.yaml', 'utf8').replace(
        'period: { type: after, from: recorded, duration: { years: 5 } }',
        'period: { type: indefinite }',
      );
      expect(() => parseRetentionSchedule(bad, 'retention.yaml')).to.throw(
        ScheduleFileError,
        /retention\.yaml: rows\[6\]\.period: a "category" row needs a period of shape after:recorded/,
      );
    });

    it('rejects two versions of one row taking effect on the same day', () => {
      const dup = { ...schedule, rows: [...schedule.rows, schedule.rows[0]] };
      expect(RetentionSchedule.safeParse(dup).success).to.equal(false);
    });

    it('rejects a schedule without a legal-hold row', () => {
      const noHold = { ...schedule, rows: schedule.rows.filter((r) => r.condition.kind !== 'legal_hold') };
      const parsed = RetentionSchedule.safeParse(noHold);
      expect(parsed.success).to.equal(false);
      expect(JSON.stringify(parsed.error?.issues)).to.contain('legal_hold');
    });
  });

  describe('row versions', () => {
    const v2 = RetentionSchedule.parse({
      ...schedule,
      rows: [
        ...schedule.rows,
        {
          ...schedule.rows.find((r) => r.id === 'RET-NONEVIDENTIARY-180D'),
          effectiveFrom: '2026-01-01',
          period: { type: 'after', from: 'recorded', duration: { days: 365 } },
          text: 'Non-evidentiary video is kept 365 days after it was recorded.',
        },
      ],
    });

    it('applies the version in force on asOf: the old 180-day row before the change, the new 365-day row after', () => {
      expect(rowsInForce(v2, '2025-12-31').filter((r) => r.id === 'RET-NONEVIDENTIARY-180D')[0]?.effectiveFrom).to.equal('2016-08-28');
      expect(until(run('2025-12-31T12:00', { sched: v2 }))).to.equal('2025-07-09');
      expect(until(run('2026-01-02T12:00', { sched: v2 }))).to.equal('2026-01-10');
    });

    it('blocks destruction when a required rule has no version in force (schedule gap)', () => {
      const late = RetentionSchedule.parse({
        ...schedule,
        rows: schedule.rows.map((r) => (r.condition.kind === 'all_recordings' ? { ...r, effectiveFrom: '2030-01-01' } : r)),
      });
      const r = run('2026-06-01T12:00', { sched: late });
      expect(r.status).to.equal('indefinite');
      expect(r.blockers.map((b) => b.ruleId)).to.deep.equal(['RET-SCHEDULE-GAP']);
    });
  });

  describe('schedule rows', () => {
    it('keeps non-evidentiary video 180 days after recording, then makes it eligible for destruction', () => {
      const before = run('2025-07-09T13:59');
      expect(before).to.include({ status: 'retain', retainUntil: '2025-07-09T14:00:00-05:00' });
      expect(ruleIds(before)).to.include.members(['RET-STATE-MIN-30D', 'RET-NONEVIDENTIARY-180D']);
      const after = run('2025-07-09T14:00');
      expect(after.status).to.equal('eligible_for_destruction');
      expect(after.blockers).to.deep.equal([]);
    });

    it('falls back to the 30-day state minimum when no KCPD row covers the recording', () => {
      const stateOnly = RetentionSchedule.parse({ ...schedule, rows: schedule.rows.filter((r) => r.id !== 'RET-NONEVIDENTIARY-180D') });
      const r = run('2025-02-10T12:00', { sched: stateOnly });
      expect(until(r)).to.equal('2025-02-09');
      expect(r.status).to.equal('eligible_for_destruction');
      expect(r.reasons[0]).to.include({ ruleId: 'RET-STATE-MIN-30D' });
    });

    it('keeps use-of-force, officer-involved-shooting and complaint recordings five years after recording', () => {
      for (const category of ['use_of_force', 'officer_involved_shooting', 'complaint'] as Category[]) {
        const r = run('2029-01-01T12:00', { rec: recording({ category, recordedAt: '2024-02-29T10:00:00-06:00' }) });
        expect(r.status, category).to.equal('retain');
        expect(until(r), category).to.equal('2029-02-28');
        expect(ruleIds(r)).to.include('RET-UOF-5Y');
      }
      expect(
        run('2029-03-01T12:00', { rec: recording({ category: 'complaint', recordedAt: '2024-02-29T10:00:00-06:00' }) }).status,
      ).to.equal('eligible_for_destruction');
    });

    it('keeps homicide recordings permanently without listing the schedule itself as a blocker', () => {
      const r = run('2045-01-01T12:00', {
        rec: recording({ category: 'homicide', caseNumbers: ['K-1'] }),
        cases: [linkedCase('K-1', true, '2030-01-01')],
      });
      expect(r).to.include({ status: 'indefinite', retainUntil: null });
      expect(ruleIds(r)).to.include('RET-PERMANENT-HOMICIDE');
      expect(r.blockers).to.deep.equal([]);
    });

    it('keeps recordings of murder and class A felony cases permanently whatever their category', () => {
      for (const offenseClass of ['murder', 'class_a_felony'] as OffenseClass[]) {
        const r = run('2045-01-01T12:00', {
          rec: recording({ category: 'arrest', caseNumbers: ['K-1'] }),
          cases: [linkedCase('K-1', true, '2026-01-01', { offenseClass })],
        });
        expect(r.status, offenseClass).to.equal('indefinite');
        expect(r.reasons.find((x) => x.ruleId === 'RET-PERMANENT-HOMICIDE')?.text).to.contain(offenseClass);
      }
    });

    it('keeps a case recording indefinitely when the offense class is unrecorded, because a permanent class cannot be ruled out', () => {
      const r = run('2030-01-01T12:00', {
        rec: recording({ category: 'arrest', caseNumbers: ['K-1'] }),
        cases: [linkedCase('K-1', true, '2026-01-01', { offenseClass: null })],
      });
      expect(r.status).to.equal('indefinite');
      expect(r.blockers[0]?.text).to.contain('offense class of case K-1 is not recorded');
    });
  });

  describe('unclassified recordings', () => {
    const rec = recording({ category: 'unclassified' });

    it('keeps a new unclassified recording with no end date and says classification is pending', () => {
      const r = run('2025-01-20T12:00', { rec });
      expect(r).to.include({ status: 'retain', retainUntil: null });
      expect(r.reasons.find((x) => x.ruleId === 'RET-UNCLASSIFIED')?.text).to.contain('pending');
    });

    it('flags an unclassified recording for classification once it is older than 30 days', () => {
      expect(run('2025-02-09T13:59', { rec }).status).to.equal('retain');
      expect(run('2025-02-09T14:01', { rec }).status).to.equal('classification_needed');
    });

    it('never makes an unclassified recording eligible, even years later', () => {
      const r = run('2035-01-01T12:00', { rec });
      expect(r).to.include({ status: 'classification_needed', retainUntil: null });
    });

    it('flags an evidentiary recording with no case linked instead of letting it expire', () => {
      const r = run('2026-01-01T12:00', { rec: recording({ category: 'arrest' }) });
      expect(r.status).to.equal('classification_needed');
      expect(ruleIds(r)).to.include('RET-EVIDENTIARY-UNLINKED');
    });
  });

  describe('linked cases', () => {
    const rec = recording({ category: 'arrest', caseNumbers: ['K-1'] });

    it('keeps the recording indefinitely while the case is active and lists the active case as a blocker', () => {
      const r = run('2026-01-01T12:00', { rec, cases: [linkedCase('K-1', false)] });
      expect(r).to.include({ status: 'indefinite', retainUntil: null });
      expect(r.blockers.map((b) => b.text)).to.deep.equal([
        'Case K-1 is an active investigation; the recording is kept indefinitely while it is active.',
      ]);
    });

    it('moves from indefinite to retain until inactive date + 1 year once the case becomes inactive', () => {
      expect(run('2026-01-01T12:00', { rec, cases: [linkedCase('K-1', false)] }).status).to.equal('indefinite');
      const r = run('2026-01-01T12:00', { rec, cases: [linkedCase('K-1', true, '2025-11-03')] });
      expect(r).to.include({ status: 'retain', retainUntil: '2026-11-03T00:00:00-06:00' });
      expect(r.blockers).to.deep.equal([]);
      expect(run('2026-11-03T00:00', { rec, cases: [linkedCase('K-1', true, '2025-11-03')] }).status).to.equal('eligible_for_destruction');
    });

    it('keeps a case recording at least 180 days after recording when the case went inactive long before', () => {
      const r = run('2025-03-01T12:00', { rec, cases: [linkedCase('K-1', true, '2023-05-01')] });
      expect(until(r)).to.equal('2025-07-09');
    });

    it('treats an unknown case status as indefinite and names the missing facts', () => {
      const r = run('2026-01-01T12:00', {
        rec,
        cases: [linkedCase('K-1', 'unknown', null, { missingFacts: ['offenseDate', 'sentencing date'] })],
      });
      expect(r.status).to.equal('indefinite');
      expect(r.blockers[0]?.text).to.contain('missing: offenseDate, sentencing date');
    });

    it('treats a linked case whose facts were not supplied as a blocker rather than ignoring it', () => {
      const r = run('2026-01-01T12:00', {
        rec: recording({ category: 'arrest', caseNumbers: ['K-1', 'K-2'] }),
        cases: [linkedCase('K-1', true, '2025-02-01')],
      });
      expect(r.status).to.equal('indefinite');
      expect(r.blockers[0]?.text).to.contain('Case K-2 is linked but not in the catalog');
    });

    it('takes the longest period across several cases and categories', () => {
      const r = run('2026-06-01T12:00', {
        rec: recording({ category: 'use_of_force', caseNumbers: ['K-2', 'K-1'] }),
        cases: [linkedCase('K-1', true, '2025-03-01'), linkedCase('K-2', true, '2026-02-15')],
      });
      expect(r.status).to.equal('retain');
      // UOF: 2030-01-10 beats K-2 inactive + 1 y (2027-02-15) and K-1 (2026-03-01).
      expect(until(r)).to.equal('2030-01-10');
      expect(r.reasons.at(-1)?.text).to.contain('The longest applicable period is RET-UOF-5Y');
      const noUof = run('2026-06-01T12:00', {
        rec: recording({ category: 'arrest', caseNumbers: ['K-2', 'K-1'] }),
        cases: [linkedCase('K-1', true, '2025-03-01'), linkedCase('K-2', true, '2026-02-15')],
      });
      expect(until(noUof)).to.equal('2027-02-15');
      expect(
        noUof.reasons
          .filter((x) => x.ruleId === 'RET-CASE-INACTIVE-1Y' && /Case K-/.test(x.text))
          .map((x) => x.text.match(/Case (K-\d)/)?.[1]),
      ).to.deep.equal(['K-1', 'K-2']);
    });

    it('keeps a record closed under 610.105 with no end date and blocks its destruction (A17, 610.120.1)', () => {
      const closed = run('2026-01-01T12:00', { rec, cases: [linkedCase('K-1', true, '2025-11-03', { terminated: true })] });
      expect(closed).to.include({ status: 'indefinite', retainUntil: null });
      expect(closed.blockers.map((b) => b.ruleId)).to.deep.equal(['RET-CLOSED-RETAINED']);
      expect(closed.blockers[0]?.citation).to.contain('RSMo 610.120.1').and.contain('RSMo 610.105');
      expect(closed.blockers[0]?.text).to.contain('case K-1 finally terminated');
    });

    it('releases a closed record to its normal retention only by a recorded manual review under the 610.124 procedure made after it was closed (A17, counsel review 8)', () => {
      const cases = [linkedCase('K-1', true, '2025-01-03', { terminated: true })];
      const review = (over: Partial<Record<keyof RetentionReviewFacts, unknown>> = {}): RetentionReviewFacts =>
        RetentionReviewFacts.parse({
          id: 'RV-1',
          recordingId: 'BWC-1',
          authority: 'rsmo_610_124',
          citation: '610.124 procedure, step recorded 2026-04',
          reviewedBy: 'records.officer',
          reviewedAt: '2026-05-01T10:00:00-05:00',
          recordedAt: '2026-05-01T10:05:00-05:00',
          reason: 'Reviewed under 610.124.',
          ...over,
        });
      const released = retentionStatus(schedule, VERSION, rec, cases, [], [], [], at('2026-06-01T12:00'), [review()]);
      expect(released.status).to.equal('eligible_for_destruction');
      expect(released.reasons.find((r) => r.ruleId === 'RET-CLOSED-RETAINED')?.text)
        .to.contain('released to its normal retention by manual review RV-1')
        .and.contain('under the RSMo 610.124 procedure')
        .and.contain('step recorded 2026-04');
      // A Local Records Board authority does not release it unless the schedule's opt-in is on, and then the result says so.
      const lrb = review({ authority: 'local_records_board', citation: 'LRB approval 2026-04 (closed criminal records)' });
      expect(retentionStatus(schedule, VERSION, rec, cases, [], [], [], at('2026-06-01T12:00'), [lrb]).status).to.equal('indefinite');
      const optIn = {
        ...schedule,
        rows: schedule.rows.map((r) =>
          r.condition.kind === 'closed_record'
            ? { ...r, condition: { ...r.condition, localRecordsBoard: { accept: true, citation: 'Counsel letter (test)' } } }
            : r,
        ),
      };
      const underOptIn = retentionStatus(optIn, VERSION, rec, cases, [], [], [], at('2026-06-01T12:00'), [lrb]);
      expect(underOptIn.status).to.equal('eligible_for_destruction');
      expect(underOptIn.reasons.find((r) => r.ruleId === 'RET-CLOSED-RETAINED')?.text).to.contain(
        'opt-in parameter localRecordsBoard (Counsel letter (test))',
      );
      // Not yet entered at asOf, for another recording, or made before the record was closed: still retained.
      expect(retentionStatus(schedule, VERSION, rec, cases, [], [], [], at('2026-05-01T10:01'), [review()]).status).to.equal('indefinite');
      expect(
        retentionStatus(schedule, VERSION, rec, cases, [], [], [], at('2026-06-01T12:00'), [review({ recordingId: 'BWC-2' })]).status,
      ).to.equal('indefinite');
      expect(
        retentionStatus(schedule, VERSION, rec, cases, [], [], [], at('2026-06-01T12:00'), [
          review({ reviewedAt: '2024-12-01T10:00:00-06:00' }),
        ]).status,
      ).to.equal('indefinite');
    });
  });

  describe('legal holds', () => {
    it('holds a recording the schedule would release, keeping the schedule date and listing the hold as a blocker', () => {
      const r = run('2026-01-01T12:00', { holds: [hold({ recordingIds: ['BWC-1'] })] });
      expect(r).to.include({ status: 'held', retainUntil: '2025-07-09T14:00:00-05:00' });
      expect(r.blockers.map((b) => b.ruleId)).to.deep.equal(['RET-HOLD']);
      // In words: the hold's reason and authority, never its internal id.
      expect(r.blockers[0]?.text).to.contain('A legal hold (litigation: City Law Dept) placed');
      expect(r.blockers[0]?.text).not.to.contain('H-1');
    });

    it('holds every recording of a case when the hold is scoped by case number', () => {
      const r = run('2026-01-01T12:00', {
        rec: recording({ caseNumbers: ['K-9'] }),
        cases: [linkedCase('K-9', true, '2024-01-01')],
        holds: [hold({ caseNumber: 'K-9' })],
      });
      expect(r.status).to.equal('held');
    });

    it('ignores a hold on another recording or case', () => {
      expect(run('2026-01-01T12:00', { holds: [hold({ recordingIds: ['BWC-2'], caseNumber: 'K-7' })] }).status).to.equal(
        'eligible_for_destruction',
      );
    });

    it('ignores a hold placed after asOf and releases the recording to the schedule once the hold is released', () => {
      expect(run('2025-02-28T12:00', { holds: [hold({ recordingIds: ['BWC-1'] })] }).status).to.equal('retain');
      const released = run('2026-01-01T12:00', { holds: [hold({ recordingIds: ['BWC-1'], releasedAt: '2025-12-01T09:00:00-06:00' })] });
      expect(released.status).to.equal('eligible_for_destruction');
      expect(released.reasons.some((x) => x.text.includes('released 2025-12-01'))).to.equal(true);
      expect(
        run('2025-11-30T12:00', { holds: [hold({ recordingIds: ['BWC-1'], releasedAt: '2025-12-01T09:00:00-06:00' })] }).status,
      ).to.equal('held');
    });

    it('reports held over indefinite when an active case and a hold both apply, listing both blockers', () => {
      const r = run('2026-01-01T12:00', {
        rec: recording({ category: 'arrest', caseNumbers: ['K-1'] }),
        cases: [linkedCase('K-1', false)],
        holds: [hold({ recordingIds: ['BWC-1'] })],
      });
      expect(r.status).to.equal('held');
      expect(r.blockers.map((b) => b.ruleId)).to.deep.equal(['RET-CASE-INACTIVE-1Y', 'RET-HOLD']);
    });
  });

  describe('Sunshine requests', () => {
    it('protects a recording with no end date while a request naming it is open', () => {
      const r = run('2026-01-01T12:00', { requests: [request({})] });
      expect(r).to.include({ status: 'indefinite', retainUntil: null });
      expect(r.blockers[0]).to.include({ ruleId: 'RET-REQUEST-2Y' });
      expect(r.blockers[0]?.text).to.contain('still open');
    });

    it('protects it until two years after the final response, then lets the schedule apply (A18, 610.027.5)', () => {
      const requests = [request({ finalResponseAt: '2025-03-15T11:00:00-05:00' })];
      const during = run('2027-03-15T10:59', { requests });
      expect(during).to.include({ status: 'retain', retainUntil: '2027-03-15T11:00:00-05:00' });
      expect(during.blockers.map((b) => b.ruleId)).to.deep.equal(['RET-REQUEST-2Y']);
      const after = run('2027-03-15T11:00', { requests });
      expect(after.status).to.equal('eligible_for_destruction');
      expect(after.blockers).to.deep.equal([]);
    });

    it('measures the two years from the later of the final response and the withdrawal (A18)', () => {
      const both = [request({ finalResponseAt: '2025-03-15T11:00:00-05:00', withdrawnAt: '2025-06-01T09:00:00-05:00' })];
      expect(until(run('2026-06-01T12:00', { requests: both }))).to.equal('2027-06-01');
    });

    it('treats a request as open at an asOf before its final response was given', () => {
      expect(run('2025-03-01T12:00', { requests: [request({ finalResponseAt: '2025-03-15T11:00:00-05:00' })] }).status).to.equal(
        'indefinite',
      );
    });

    it('measures the two years from the withdrawal date of a withdrawn request', () => {
      expect(until(run('2025-06-01T12:00', { requests: [request({ withdrawnAt: '2025-02-10T09:00:00-06:00' })] }))).to.equal('2027-02-10');
    });

    it('ignores a request received after asOf', () => {
      expect(run('2025-01-20T12:00', { requests: [request({ receivedAt: '2025-02-01T10:00:00-06:00' })] }).blockers).to.deep.equal([]);
    });
  });

  describe('court orders', () => {
    it('blocks automatic destruction under an expungement order and sends it to manual review', () => {
      const r = run('2026-01-01T12:00', { orders: [order({})] });
      expect(r).to.include({ status: 'indefinite', retainUntil: null });
      expect(r.blockers[0]).to.include({ ruleId: 'RET-EXPUNGEMENT-ORDER' });
      expect(r.blockers[0]?.text).to.contain('Order CO-1 (expungement)');
    });

    it('ignores an expungement order not yet entered in the system at asOf', () => {
      const late = order({ issuedAt: '2025-07-20T09:00:00-05:00', recordedAt: '2025-09-01T09:00:00-05:00' });
      expect(run('2025-08-01T12:00', { orders: [late] }).status).to.equal('eligible_for_destruction');
      expect(run('2025-09-01T12:00', { orders: [late] }).status).to.equal('indefinite');
    });

    it('keeps a recording under a closure order with no end date and blocks its destruction (A17: a closed record is not destroyed)', () => {
      const r = run('2025-06-01T12:00', { orders: [order({ kind: 'closure' })] });
      expect(r).to.include({ status: 'indefinite', retainUntil: null });
      expect(r.blockers.map((b) => b.ruleId)).to.deep.equal(['RET-CLOSED-RETAINED']);
      expect(r.blockers[0]?.text).to.contain('closure order CO-1');
    });
  });

  describe('destroyed recordings', () => {
    it('reports a destroyed recording as destroyed, with no blocker when the schedule allowed it', () => {
      const r = run('2026-01-01T12:00', { rec: recording({ destroyedAt: '2025-08-01T09:00:00-05:00' }) });
      expect(r.status).to.equal('destroyed');
      expect(r.blockers).to.deep.equal([]);
      expect(r.reasons[0]?.text).to.contain('when the schedule allowed it');
    });

    it('shows what should have stopped a destruction done under an active hold', () => {
      const r = run('2026-01-01T12:00', {
        rec: recording({ destroyedAt: '2025-08-01T09:00:00-05:00' }),
        holds: [hold({ recordingIds: ['BWC-1'] })],
      });
      expect(r.status).to.equal('destroyed');
      expect(r.blockers.map((b) => b.ruleId)).to.deep.equal(['RET-HOLD']);
      expect(r.reasons[0]?.text).to.contain('did not yet allow it (status then: held)');
    });

    it('is not destroyed yet at an asOf before destroyedAt', () => {
      expect(run('2025-07-20T12:00', { rec: recording({ destroyedAt: '2025-08-01T09:00:00-05:00' }) }).status).to.equal(
        'eligible_for_destruction',
      );
    });
  });

  describe('determinism', () => {
    it('gives byte-identical JSON for the same inputs, whatever order and zone they arrive in', () => {
      const inputs: Inputs = {
        rec: recording({ category: 'use_of_force', caseNumbers: ['K-2', 'K-1'] }),
        cases: [linkedCase('K-1', true, '2025-03-01'), linkedCase('K-2', false)],
        holds: [hold({ id: 'H-2', recordingIds: ['BWC-1'] }), hold({ id: 'H-1', caseNumber: 'K-1' })],
        requests: [request({ requestId: 'SR-2' }), request({ requestId: 'SR-1', finalResponseAt: '2025-03-01T10:00:00-06:00' })],
      };
      const a = JSON.stringify(run('2026-01-01T12:00', inputs));
      const b = JSON.stringify(run('2026-01-01T12:00', inputs));
      const reversed = JSON.stringify(
        retentionStatus(
          schedule,
          VERSION,
          inputs.rec!,
          [...inputs.cases!].reverse(),
          [...inputs.holds!].reverse(),
          [...inputs.requests!].reverse(),
          [],
          at('2026-01-01T12:00').toUTC(),
        ),
      );
      expect(b).to.equal(a);
      expect(reversed).to.equal(a);
      expect((JSON.parse(a) as { rulesVersion: string }).rulesVersion).to.equal(VERSION.rulesVersion);
    });

    it('gives every reason and blocker a rule id, a citation and a sentence', () => {
      const r = run('2026-01-01T12:00', {
        rec: recording({ category: 'complaint', caseNumbers: ['K-1'] }),
        cases: [linkedCase('K-1', false)],
        holds: [hold({ recordingIds: ['BWC-1'] })],
        requests: [request({})],
        orders: [order({})],
      });
      for (const reason of [...r.reasons, ...r.blockers]) {
        expect(reason.ruleId).to.match(/^RET-/);
        expect(reason.citation.length).to.be.greaterThan(0);
        expect(reason.text).to.match(/\.$/);
      }
    });
  });
});
