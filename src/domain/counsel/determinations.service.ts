/**
 * Counsel's determinations (issue 16, part 3): recorded, superseded, withdrawn, listed. A
 * determination stores a digest of the facts it was made on, computed by the engine over the facts
 * as they are when it is entered, and re-decides the recordings it concerns through the refresh
 * journal (derived.change): the journal's intent, the insert (one document), then each recording's
 * conditional refresh, so a crash in between leaves an intent the sweep finishes. No multi-document
 * transaction: a determination is one insert; supersession is the new one's `supersedes` (what the
 * engine reads) plus an informational mark on the old; a withdrawal is one conditional update.
 *
 * Facts read before the insert may change before it lands: the digest is then of the older facts, so
 * the determination applies to nothing and the decision names the change. That errs toward review.
 */
import type { Actor } from '../../auth/roles';
import { factsDigest, type DeterminationScope } from '../../engine/counsel';
import { RequesterClaim } from '../../engine/facts';
import type { Rules } from '../../rules';
import { legalDateTime } from '../../engine/legal-time';
import { AppError, notFound } from '../../errors';
import type { CaseStore, RecordingStore } from '../catalog/ports';
import type { DerivedRefresher } from '../derived/refresher';
import type { FactsGatherer } from '../derived/facts.gatherer';
import type { RequestStore } from '../requests/ports';
import { parseRequestNumber } from '../requests/request-number';
import type { DeterminationInput, DeterminationScopeInput, SupersedeInput } from './determinations.schemas';
import { refreshScope, scopeOf, storedDigest } from './determination-facts';
import type { DeterminationFilter, DeterminationStore, StoredDetermination } from './ports';

export const determinationCounterKey = (year: number): string => `CD-${year}`;
export const formatDeterminationNumber = (year: number, seq: number): string => `CD-${year}-${String(seq).padStart(5, '0')}`;

/** What a caller types, as the canonical number (letter case and zero padding do not matter); null when it is not one. */
export function parseDeterminationNumber(text: string): string | null {
  const m = /^\s*CD-(\d{4})-(\d{1,9})\s*$/i.exec(text);
  if (!m) return null;
  const seq = Number(m[2]);
  return seq > 0 && seq <= 99999 ? formatDeterminationNumber(Number(m[1]), seq) : null;
}

export class CounselDeterminationsService {
  constructor(
    private readonly store: DeterminationStore,
    private readonly recordings: Pick<RecordingStore, 'existing' | 'idsByCase'>,
    private readonly cases: Pick<CaseStore, 'known'>,
    private readonly requests: Pick<RequestStore, 'getByNumber'>,
    private readonly gatherer: Pick<FactsGatherer, 'forIds'>,
    private readonly derived: DerivedRefresher,
    /** The rules deciding now: their rulesVersion is the law a determination is read under (its digest's law part). */
    private readonly rules: () => Pick<Rules, 'release'>,
  ) {}

  /** Records a determination; its facts digest is of the facts as they are now. */
  async create(input: DeterminationInput, actor: Actor, now: Date): Promise<StoredDetermination> {
    const scope = await this.checkScope(input.scope);
    return this.enter(scope, input, null, actor, now);
  }

  /** Records a determination replacing `number` (same scope); the old one stops applying once this is known. */
  async supersede(number: string, input: SupersedeInput, actor: Actor, now: Date): Promise<StoredDetermination> {
    const old = await this.require(number);
    if (old.withdrawal) throw conflict(`Determination ${old._id} was withdrawn; record a new determination instead`, 'number');
    const later = await this.store.list(old.recordingId ? { recordingId: old.recordingId } : { caseNumber: old.caseNumber ?? '' }, 1000);
    const by = old.supersededBy ?? later.find((d) => d.supersedes === old._id)?._id;
    if (by) throw conflict(`Determination ${old._id} is already superseded by ${by}; supersede ${by} instead`, 'number');
    const stored = await this.enter(scopeOf(old), input, old._id, actor, now);
    // Informational; the engine reads the new one's `supersedes`. A crash before this leaves it unmarked, nothing more.
    await this.store.markSuperseded(old._id, stored._id);
    return (await this.store.get(stored._id)) ?? stored;
  }

  /** Withdraws a determination from now on; the recordings it concerns are re-decided. */
  async withdraw(number: string, reason: string, actor: Actor, now: Date): Promise<StoredDetermination> {
    const d = await this.require(number);
    if (d.withdrawal) throw conflict(`Determination ${d._id} was already withdrawn`, 'number');
    const done = await this.derived.change(refreshScope(scopeOf(d)), now, () =>
      this.store.withdraw(d._id, { at: now, by: actor.sub, reason: reason.trim() }),
    );
    if (!done) throw conflict(`Determination ${d._id} was already withdrawn`, 'number');
    return this.require(d._id);
  }

  async get(number: string): Promise<StoredDetermination | null> {
    const n = parseDeterminationNumber(number);
    return n ? this.store.get(n) : null;
  }

  /** Determinations for a recording (its own and its request-scoped ones), a case, or a request; newest first. */
  async list(f: DeterminationFilter, limit = 200): Promise<StoredDetermination[]> {
    if (!f.recordingId && !f.caseNumber && !f.requestNumber) {
      throw new AppError('VALIDATION_FAILED', 'query: name a recordingId, a caseNumber or a requestNumber', [
        { path: 'query.recordingId', message: 'one of recordingId, caseNumber, requestNumber is required' },
      ]);
    }
    const requestNumber = f.requestNumber === undefined ? undefined : (parseRequestNumber(f.requestNumber) ?? f.requestNumber);
    return this.store.list({ ...f, requestNumber }, limit);
  }

  private async require(number: string): Promise<StoredDetermination> {
    const d = await this.get(number);
    if (!d) throw notFound('Determination', number);
    return d;
  }

  /** The scope as stored, once what it names exists (a typo would leave the intended recording undecided). */
  private async checkScope(s: DeterminationScopeInput): Promise<DeterminationScope> {
    if (s.kind === 'case') {
      if (!(await this.cases.known([s.caseNumber])).has(s.caseNumber))
        throw unprocessable(`Case ${s.caseNumber} is not in the catalog`, 'scope.caseNumber');
      return s;
    }
    if (!(await this.recordings.existing([s.recordingId])).has(s.recordingId))
      throw unprocessable(`Recording ${s.recordingId} is not in the catalog`, 'scope.recordingId');
    if (s.kind === 'recording') return s;
    const requestNumber = parseRequestNumber(s.requestNumber);
    const request = requestNumber ? await this.requests.getByNumber(requestNumber) : null;
    if (!request || !requestNumber) throw unprocessable(`Request ${s.requestNumber} does not exist`, 'scope.requestNumber');
    if (!request.recordingIds.includes(s.recordingId))
      throw unprocessable(`Request ${requestNumber} does not include recording ${s.recordingId}`, 'scope.recordingId');
    return { kind: 'recording_request', recordingId: s.recordingId, requestNumber };
  }

  private async claimOf(requestNumber: string): Promise<RequesterClaim> {
    const r = await this.requests.getByNumber(requestNumber);
    return RequesterClaim.parse(r?.requester.claim ?? NO_CLAIM_INPUT);
  }

  private async enter(
    scope: DeterminationScope,
    input: SupersedeInput,
    supersedes: string | null,
    actor: Actor,
    now: Date,
  ): Promise<StoredDetermination> {
    const ids = scope.kind === 'case' ? await this.recordings.idsByCase(scope.caseNumber) : [scope.recordingId];
    const bundles = await this.gatherer.forIds(ids);
    // A request scope is made on the requester's claim as recorded for that request (the engine compares it too).
    const claim = scope.kind === 'recording_request' ? await this.claimOf(scope.requestNumber) : null;
    const digest = storedDigest(factsDigest([...bundles.values()], now.getTime(), this.rules().release.rulesVersion, claim));
    const year = legalDateTime(now).year;
    const number = formatDeterminationNumber(year, await this.store.nextSeq(determinationCounterKey(year)));
    const doc: StoredDetermination = {
      _id: number,
      scopeKind: scope.kind,
      recordingId: scope.kind === 'case' ? null : scope.recordingId,
      caseNumber: scope.kind === 'case' ? scope.caseNumber : null,
      requestNumber: scope.kind === 'recording_request' ? scope.requestNumber : null,
      requesterKinds: [...new Set(input.requesterKinds)],
      outcome: input.outcome,
      redactions:
        input.outcome === 'release'
          ? (input.redactions ?? []).map((r) => ({ publicDescription: r.publicDescription.trim(), instruction: r.instruction.trim() }))
          : [],
      citation: input.citation.trim(),
      publicStatement: input.publicStatement.trim(),
      reasoning: input.reasoning.trim(),
      expiresOn: input.expiresOn ?? null,
      answers: [...new Set(input.answers)],
      factsDigest: digest,
      enteredAt: now,
      enteredBy: actor.sub,
      supersedes,
      supersededBy: null,
      withdrawal: null,
    };
    await this.derived.change(refreshScope(scope), now, () => this.store.insert(doc));
    return doc;
  }
}

/** The engine's claim for a request, as the eligibility service builds it (nothing recorded: every field null). */
const NO_CLAIM_INPUT = {};

const unprocessable = (message: string, path: string): AppError => new AppError('UNPROCESSABLE', message, [{ path, message }]);
const conflict = (message: string, path: string): AppError => new AppError('CONFLICT', message, [{ path, message }]);
