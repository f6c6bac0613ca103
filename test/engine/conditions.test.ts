/**
 * The condition compiler writes JavaScript (conditions.ts, "compiler"). These tests hold it to what
 * its header promises: the three-valued logic of reference section 3 (checked against a plain
 * recursive evaluator over every condition of up to two levels on three facts, in every state of
 * those facts), the chain's first-not-FALSE scan, and a source that holds nothing but the code
 * writer's own grammar, with a tested value always data, never code.
 */
import { expect } from 'chai';
import { FALSE, TRUE, UNKNOWN, type Tri } from '../../src/engine/case-status';
import {
  chainSource,
  compileChain,
  compileCondition,
  conditionSource,
  FACTS,
  newContext,
  SCAN_STRIDE,
  type FactContext,
} from '../../src/engine/conditions';
import { createCourtCalendar } from '../../src/engine/court-days';
import { RecordingFacts } from '../../src/engine/facts';
import type { Condition } from '../../src/engine/rule-schema';
import { compileEpochs } from '../../src/engine/compile';
import { loadRuleSet } from '../../src/rules/load';

const ruleSet = loadRuleSet('rules/missouri');
const params = ruleSet.parameters.versions[0]!;
const court = createCourtCalendar([], params.courtDays);

/** A context whose nonpublic, juvenileSubject and mutilatedDeceased facts are as given (null: unknown). */
function contextWith(nonpublic: boolean | null, flags: { juvenileSubject: boolean; mutilatedDeceased: boolean } | null): FactContext {
  const rec = RecordingFacts.parse({
    recordingId: 'BWC-1',
    category: 'investigation',
    recordedAt: '2026-01-10T20:00:00-06:00',
    nonpublic,
    locationKind: nonpublic === null ? null : 'public',
    flags: flags ?? {},
    redactionReview: flags === null ? null : { reviewedBy: 'records-clerk', reviewedAt: '2026-01-11T09:00:00-06:00' },
    caseNumbers: [],
  });
  const ctx = newContext(rec, params, court);
  ctx.reviewed = flags !== null;
  return ctx;
}

const CONTEXTS: FactContext[] = [];
for (const nonpublic of [null, true, false]) {
  CONTEXTS.push(contextWith(nonpublic, null));
  for (const juvenileSubject of [true, false])
    for (const mutilatedDeceased of [true, false]) CONTEXTS.push(contextWith(nonpublic, { juvenileSubject, mutilatedDeceased }));
}

/** Reference section 3's logic, evaluated directly: unknown unless a FALSE decides `all` or a TRUE decides `any`. */
function reference(c: Condition, ctx: FactContext): Tri {
  if (c.fact !== undefined) {
    const v = FACTS[c.fact].get(ctx);
    if (v === null) return UNKNOWN;
    const accepted = Array.isArray(c.is) ? c.is : [c.is];
    return accepted.includes(v) ? TRUE : FALSE;
  }
  if (c.not !== undefined) {
    const t = reference(c.not, ctx);
    return t === UNKNOWN ? UNKNOWN : t === TRUE ? FALSE : TRUE;
  }
  const parts = (c.all ?? c.any ?? []).map((p) => reference(p, ctx));
  const decisive = c.all !== undefined ? FALSE : TRUE;
  if (parts.includes(decisive)) return decisive;
  return parts.includes(UNKNOWN) ? UNKNOWN : decisive === FALSE ? TRUE : FALSE;
}

const ATOMS: Condition[] = [
  { fact: 'nonpublic', is: true },
  { fact: 'juvenileSubject', is: true },
  { fact: 'mutilatedDeceased', is: [false] },
];

/** Every condition of up to `depth` levels over ATOMS: an atom, `not`, and `all`/`any` of two. */
function conditions(depth: number): Condition[] {
  if (depth === 0) return ATOMS;
  const below = conditions(depth - 1);
  const out: Condition[] = [...ATOMS, ...below.map((c) => ({ not: c }))];
  for (const a of below) for (const b of below) out.push({ all: [a, b] }, { any: [a, b] });
  return out;
}

describe('the condition compiler', () => {
  it('gives the three-valued result of reference section 3 for every condition of up to two levels, in every state of its facts', () => {
    const all = conditions(2);
    expect(all.length).to.be.greaterThan(1000);
    let checked = 0;
    for (const c of all) {
      const test = compileCondition(c);
      for (const ctx of CONTEXTS) {
        expect(test(ctx), JSON.stringify(c)).to.equal(reference(c, ctx));
        checked++;
      }
    }
    expect(checked).to.equal(all.length * CONTEXTS.length);
  });

  it('evaluates an `all` or `any` of three or more parts, and of one, as the reference does', () => {
    const wide: Condition[] = [
      { all: ATOMS },
      { any: ATOMS },
      { all: [ATOMS[0]!] },
      { any: [{ not: ATOMS[1]! }] },
      { all: [...ATOMS, { any: ATOMS }] },
    ];
    for (const c of wide) {
      const test = compileCondition(c);
      for (const ctx of CONTEXTS) expect(test(ctx), JSON.stringify(c)).to.equal(reference(c, ctx));
    }
  });

  it('scans a chain from any start to the first condition that is not FALSE, skipping the links that are no part of it', () => {
    const chain: (Condition | null)[] = [{ fact: 'nonpublic', is: true }, null, { fact: 'juvenileSubject', is: true }, { not: ATOMS[2]! }];
    const scan = compileChain(chain);
    for (const ctx of CONTEXTS) {
      for (let start = 0; start <= chain.length; start++) {
        let expected = SCAN_STRIDE * chain.length;
        for (let i = start; i < chain.length; i++) {
          const c = chain[i];
          if (c === null || c === undefined) continue;
          const t = reference(c, ctx);
          if (t !== FALSE) {
            expected = SCAN_STRIDE * i + t;
            break;
          }
        }
        expect(scan(ctx, start), `start ${start}`).to.equal(expected);
      }
    }
  });

  it('writes a tested value as data: a value that reads like code is compared, never run', () => {
    const hostile: string = '"); throw new Error("ran"); ("';
    const test = compileCondition({ fact: 'category', is: hostile });
    const ctx = contextWith(false, null);
    expect(test(ctx)).to.equal(FALSE);
    // Out of the category vocabulary on purpose: the compiler's guard is its own, not only the rule schema's.
    ctx.rec = { ...ctx.rec, category: hostile } as RecordingFacts;
    expect(test(ctx)).to.equal(TRUE);
  });

  it('writes nothing into the source of the rule set but its own grammar: keywords, its names, numbers and JSON literals', () => {
    const epochs = compileEpochs(ruleSet);
    const sources = [
      ...epochs.map((e) => chainSource(e.rules.map((r) => (r.counsel ? null : r.when))).source),
      ...ruleSet.release.flatMap((f) =>
        f.kind === 'decision'
          ? f.versions.map((v) => conditionSource(v.when).source)
          : f.versions.flatMap((v) => v.redactions.map((r) => conditionSource(r.when).source)),
      ),
    ];
    expect(sources.length).to.be.greaterThan(20);
    const allowed = new Set([
      'function',
      'test',
      'scan',
      'ctx',
      'start',
      'let',
      'v',
      'r',
      'G',
      'if',
      'break',
      'return',
      'true',
      'false',
      'null',
    ]);
    for (const source of sources) {
      const code = source.replace(/"(?:[^"\\]|\\.)*"/g, '""');
      expect(code, source).to.match(/^[\s\w;:{}()=!|?+<,[\]"]*$/);
      for (const word of code.match(/[A-Za-z_]\w*/g) ?? []) {
        expect(allowed.has(word) || /^[tL]\d+$/.test(word), `${word} in ${source}`).to.equal(true);
      }
    }
  });
});
