/**
 * Rule-change impact preview: evaluates the whole catalog under the rules in force and a
 * candidate bundle, and reports transitions (public release outcome, retention status,
 * retain-until moving earlier/later) with sample recording ids. Writes nothing.
 */
import { AppError } from '../../errors';
import type { RecordingScans } from '../catalog/ports';
import type { StoredRecording } from '../catalog/records';
import { type Rules, rulesFromFiles } from '../../rules';
import { RuleSetError } from '../../rules/load';
import { ScheduleFileError } from '../../rules/load-schedules';
import { DerivedService } from '../derived/derived.service';
import type { FactsGatherer } from '../derived/facts.gatherer';

const SAMPLES = 5;
const BATCH = 500;

interface Tally {
  count: number;
  samples: string[];
}
export interface ImpactReport {
  currentRulesVersion: string;
  candidateRulesVersion: string;
  asOf: string;
  recordings: number;
  release: Record<string, Tally>;
  retentionStatus: Record<string, Tally>;
  retainUntil: { earlier: Tally; later: Tally; unchanged: number };
  seconds: number;
}

function bump(map: Record<string, Tally>, key: string, id: string): void {
  const t = (map[key] ??= { count: 0, samples: [] });
  t.count += 1;
  if (t.samples.length < SAMPLES) t.samples.push(id);
}

/** Builds a candidate bundle from uploaded files, turning rule-file errors into a 422 naming each problem. */
export function candidateFromFiles(files: Record<string, string>): Rules {
  try {
    return rulesFromFiles(files, 'candidate');
  } catch (e) {
    if (e instanceof RuleSetError) {
      throw new AppError('UNPROCESSABLE', 'The candidate rule files are invalid', e.problems.map((p) => ({ path: 'files', message: p })));
    }
    if (e instanceof ScheduleFileError) {
      throw new AppError('UNPROCESSABLE', 'The candidate rule files are invalid', [{ path: `files.${e.file}`, message: e.message }]);
    }
    if (e instanceof Error && /is missing/.test(e.message)) throw new AppError('UNPROCESSABLE', e.message, [{ path: 'files', message: e.message }]);
    throw e;
  }
}

export class ImpactService {
  constructor(
    private readonly scans: RecordingScans,
    private readonly gatherer: FactsGatherer,
    private readonly current: Rules,
  ) {}

  async preview(candidate: Rules, now: Date, onProgress?: (n: number) => void): Promise<ImpactReport> {
    const t0 = performance.now();
    const report: ImpactReport = {
      currentRulesVersion: this.current.rulesVersion,
      candidateRulesVersion: candidate.rulesVersion,
      asOf: now.toISOString(),
      recordings: 0,
      release: {},
      retentionStatus: {},
      retainUntil: { earlier: { count: 0, samples: [] }, later: { count: 0, samples: [] }, unchanged: 0 },
      seconds: 0,
    };
    let batch: StoredRecording[] = [];
    const flush = async () => {
      const bundles = await this.gatherer.forDocs(batch);
      for (const d of batch) {
        const b = bundles.get(d._id);
        if (!b) continue;
        const a = DerivedService.compute(this.current, b, now, { review: false });
        const c = DerivedService.compute(candidate, b, now, { review: false });
        bump(report.release, `${a.decision.outcome} → ${c.decision.outcome}`, d._id);
        bump(report.retentionStatus, `${a.retention.status} → ${c.retention.status}`, d._id);
        const ua = a.retention.retainUntil ? Date.parse(a.retention.retainUntil) : Infinity;
        const uc = c.retention.retainUntil ? Date.parse(c.retention.retainUntil) : Infinity;
        if (uc === ua) report.retainUntil.unchanged += 1;
        else {
          const t = uc < ua ? report.retainUntil.earlier : report.retainUntil.later;
          t.count += 1;
          if (t.samples.length < SAMPLES) t.samples.push(d._id);
        }
        report.recordings += 1;
      }
      onProgress?.(report.recordings);
      batch = [];
    };
    for await (const docs of this.scans.all()) {
      for (const doc of docs) {
        batch.push(doc);
        if (batch.length >= BATCH) await flush();
      }
    }
    if (batch.length) await flush();
    report.seconds = Math.round((performance.now() - t0) / 10) / 100;
    return report;
  }
}
