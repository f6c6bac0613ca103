/**
 * Answers "may this recording be released to this requester?" for any legal date (asOf)
 * and any state of knowledge (knownAt), logs every answer with the facts it used so it
 * can be replayed, and reports whether a replay gives the identical decision.
 */
import { randomUUID } from 'node:crypto';
import type { DateTime } from 'luxon';
import type { Actor } from '../../auth/roles';
import { type Decision, RequesterClaim, type RequesterKind } from '../../engine/facts';
import { legalDateTime, legalIso, parseLegalMoment } from '../../engine/legal-time';
import { AppError, notFound } from '../../errors';
import type { Rules } from '../../rules';
import { counselOf } from '../derived/derive';
import type { FactsGatherer, RecordingFactBundle } from '../derived/facts.gatherer';
import { GroupCommit } from '../group-commit';
import type { DecisionLogEntry, DecisionStore, LoggedDecision } from './ports';

export type { LoggedDecision } from './ports';

export interface DecisionOptions {
  /** The legal moment to decide for (default now); the HTTP schema turns a plain date into the start of that Chicago day. */
  asOf?: Date | undefined;
  /** The state of knowledge to decide with (default now). */
  knownAt?: Date | undefined;
  /** What the requester has shown (request fields); omitted = nothing recorded. */
  claim?: Partial<Record<keyof RequesterClaim, unknown>> | null;
  /** The Sunshine request being answered: counsel's determinations for a recording in it apply. */
  requestNumber?: string | null;
}

/** The engine's claim from what was recorded (absent fields = not recorded). */
function claimOf(input: DecisionOptions['claim']): RequesterClaim | null {
  return input ? RequesterClaim.parse(input) : null;
}

/**
 * A decision as comparable text. One logged before answers carried their orders has no `orders`
 * key: it compares as having none, so it still replays identical unless the replay names an order.
 */
function comparable(d: Decision): string {
  return `${JSON.stringify({ ...d, orders: undefined })}${JSON.stringify(Object.hasOwn(d, 'orders') ? d.orders : [])}`;
}

export class EligibilityService {
  /**
   * Decision-log writes of concurrent requests share one insert (group commit); each answer is
   * still given only after its entry is stored.
   */
  private readonly log: GroupCommit<DecisionLogEntry>;
  /**
   * Fact reads of concurrent requests (as of now) are shared the same way: requests that arrive
   * while a gathering is in flight are gathered together by the next one, a handful of queries
   * for all of them instead of the same handful for each. Every request's facts are still read
   * after it arrived; a lone request is read at once.
   */
  private readonly reads: GroupCommit<string, RecordingFactBundle | null>;

  constructor(
    private readonly decisions: DecisionStore,
    private readonly gatherer: FactsGatherer,
    private readonly rules: Rules,
    private readonly onDecision: (outcome: string) => void = () => undefined,
  ) {
    this.log = new GroupCommit((entries) => this.decisions.insertMany(entries));
    this.reads = new GroupCommit(async (ids) => {
      const bundles = await this.gatherer.forIds([...new Set(ids)]);
      return ids.map((id) => bundles.get(id) ?? null);
    });
  }

  private async currentFacts(ids: readonly string[]): Promise<Map<string, RecordingFactBundle>> {
    const found = await this.reads.add(ids);
    const out = new Map<string, RecordingFactBundle>();
    ids.forEach((id, i) => {
      const b = found[i];
      if (b) out.set(id, b);
    });
    return out;
  }

  private evaluate(
    b: RecordingFactBundle,
    requester: RequesterKind,
    asOf: DateTime,
    knownAt: DateTime,
    claim: RequesterClaim | null,
    requestNumber: string | null,
  ): Decision {
    return this.rules.release.decide(
      b.recording,
      b.cases,
      b.orders,
      requester,
      asOf,
      knownAt,
      claim ?? undefined,
      counselOf(b, requestNumber),
    );
  }

  /** Decisions for the recordings found, each logged (stored) before this resolves. */
  async decide(
    ids: readonly string[],
    requester: RequesterKind,
    opts: DecisionOptions,
    actor: Actor,
    now: Date,
  ): Promise<{ decisions: LoggedDecision[]; notFound: string[] }> {
    const { logged, ...answer } = await this.decideLogging(ids, requester, opts, actor, now);
    await logged;
    return answer;
  }

  /**
   * As `decide`, without waiting for the decision log: `logged` settles once the entries are
   * stored, and no decision may be shown before it has resolved. The HTTP route waits for it side
   * by side with the request's audit entry (RouteInput.durable) instead of one after the other.
   */
  async decideLogging(
    ids: readonly string[],
    requester: RequesterKind,
    opts: DecisionOptions,
    actor: Actor,
    now: Date,
  ): Promise<{ decisions: LoggedDecision[]; notFound: string[]; logged: Promise<void> }> {
    const asOf = legalDateTime(opts.asOf ?? now);
    const knownAt = legalDateTime(opts.knownAt ?? now);
    if (knownAt.toMillis() > now.getTime()) {
      throw new AppError('VALIDATION_FAILED', 'knownAt cannot be in the future: nothing is known yet', [
        { path: 'knownAt', message: 'must not be after now' },
      ]);
    }
    const unique = [...new Set(ids)];
    // With knownAt, each recording's content is the revision current then (later edits of its
    // category, flags, location or case links hidden, like later events and orders).
    const bundles = opts.knownAt ? await this.gatherer.forIdsKnownAt(unique, knownAt.toJSDate()) : await this.currentFacts(unique);
    const decisions: LoggedDecision[] = [];
    const logs: DecisionLogEntry[] = [];
    const knownAtIso = legalIso(knownAt);
    const claim = claimOf(opts.claim);
    const requestNumber = opts.requestNumber ?? null;
    for (const id of unique) {
      const b = bundles.get(id);
      if (!b) continue;
      const decision = this.evaluate(b, requester, asOf, knownAt, claim, requestNumber);
      const decisionId = `DEC-${randomUUID()}`;
      decisions.push({ decisionId, ...decision, knownAt: knownAtIso });
      logs.push({
        _id: decisionId,
        recordingId: id,
        actor: { sub: actor.sub, role: actor.role },
        requester,
        claim,
        requestNumber,
        asOf: decision.asOf,
        knownAt: knownAtIso,
        outcome: decision.outcome,
        rulesVersion: decision.rulesVersion,
        engineVersion: decision.engineVersion,
        facts: b,
        decision,
        createdAt: now,
      });
      this.onDecision(decision.outcome);
    }
    const logged = this.log.add(logs).then(() => undefined);
    return { decisions, notFound: unique.filter((id) => !bundles.has(id)), logged };
  }

  async get(decisionId: string) {
    const d = await this.decisions.get(decisionId);
    if (!d) throw notFound('Decision', decisionId);
    return d;
  }

  /**
   * Re-evaluates a logged decision with the rules in force now, from its stored facts, except the
   * recording's own content, which is taken from the revision current at the decision's knownAt
   * (so an entry logged with content edited after its knownAt replays as it should have been
   * decided). A recording without revisions (stored before they were kept) replays as logged.
   */
  async replay(decisionId: string) {
    const d = await this.get(decisionId);
    const stored = d.decision;
    const knownAt = parseLegalMoment(d.knownAt);
    const facts = {
      ...d.facts,
      recording: (await this.gatherer.recordingFactsKnownAt(d.recordingId, knownAt.toJSDate())) ?? d.facts.recording,
    };
    const replayed = this.evaluate(facts, d.requester, parseLegalMoment(d.asOf), knownAt, d.claim ?? null, d.requestNumber ?? null);
    const identical = comparable(replayed) === comparable(stored);
    const withoutVersions = (x: Decision): string => comparable({ ...x, rulesVersion: '', engineVersion: '' });
    const sameExceptVersion = withoutVersions(replayed) === withoutVersions(stored);
    return {
      decisionId,
      identical,
      sameOutcome: replayed.outcome === stored.outcome,
      /** Same decision apart from the two version stamps (rules files and engine code). */
      sameExceptRulesVersion: sameExceptVersion,
      storedRulesVersion: stored.rulesVersion,
      currentRulesVersion: this.rules.rulesVersion,
      storedEngineVersion: d.engineVersion ?? stored.engineVersion ?? null,
      currentEngineVersion: this.rules.engineVersion,
      stored,
      replayed,
    };
  }
}
