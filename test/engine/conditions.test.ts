/**
 * The condition compiler writes JavaScript (conditions.ts, "compiler"). These tests hold it to what
 * its header promises, against a plain recursive evaluator written here: the three-valued logic of
 * reference section 3 (every condition of up to two levels on four facts, two of them tested against
 * lists of strings, in every state of those facts), the order in which facts are read (a fact getter
 * may do work, so the generated code reads what the evaluator reads and stops where it stops), the
 * chain's first-not-FALSE scan, a tested value always data, never code, and a source of nothing but the
 * code writer's own grammar.
 */
import { expect } from 'chai';
import { FALSE, TRUE, UNKNOWN, type Tri } from '../../src/engine/case-status';
import {
  chainSource,
  compileChain,
  compileCondition,
  conditionSource,
  FACTS,
  generatedFunction,
  newContext,
  SCAN_STRIDE,
  type FactContext,
  type Getter,
  type Test,
} from '../../src/engine/conditions';
import { createCourtCalendar } from '../../src/engine/court-days';
import { RecordingFacts, type Category, type RequesterKind } from '../../src/engine/facts';
import { FACT_NAMES, type Condition, type FactName } from '../../src/engine/rule-schema';
import { compileEpochs } from '../../src/engine/compile';
import { loadRuleSet } from '../../src/rules/load';

const ruleSet = loadRuleSet('rules/missouri');
const params = ruleSet.parameters.versions[0]!;
const court = createCourtCalendar([], params.courtDays);

interface State {
  nonpublic: boolean | null;
  /** null: the recording is not reviewed, so every flag is unknown. */
  flags: { juvenileSubject: boolean; mutilatedDeceased: boolean } | null;
  requester: RequesterKind;
  category: Category;
}

function contextWith(s: State): FactContext {
  const rec = RecordingFacts.parse({
    recordingId: 'BWC-1',
    category: s.category,
    recordedAt: '2026-01-10T20:00:00-06:00',
    nonpublic: s.nonpublic,
    locationKind: s.nonpublic === null ? null : 'public',
    flags: s.flags ?? {},
    redactionReview: s.flags === null ? null : { reviewedBy: 'records-clerk', reviewedAt: '2026-01-11T09:00:00-06:00' },
    caseNumbers: [],
  });
  const ctx = newContext(rec, params, court);
  ctx.requester = s.requester;
  ctx.reviewed = s.flags !== null;
  return ctx;
}

/** Every state of the four facts the atoms test: 15 of the recording's, times three requesters, times three categories. */
const CONTEXTS: FactContext[] = [];
for (const nonpublic of [null, true, false])
  for (const flags of [null, ...[true, false].flatMap((j) => [true, false].map((m) => ({ juvenileSubject: j, mutilatedDeceased: m })))])
    for (const requester of ['public', 'guardian', 'depicted_person'] as const)
      for (const category of ['arrest', 'traffic', 'other'] as const) CONTEXTS.push(contextWith({ nonpublic, flags, requester, category }));

/** Reference section 3's logic, evaluated directly: unknown unless a FALSE decides `all` or a TRUE decides `any`. `read` logs each fact read. */
function reference(c: Condition, ctx: FactContext, read: FactName[] = []): Tri {
  if (c.fact !== undefined) {
    read.push(c.fact);
    const v = FACTS[c.fact].get(ctx);
    if (v === null) return UNKNOWN;
    const accepted = Array.isArray(c.is) ? c.is : [c.is];
    return accepted.includes(v) ? TRUE : FALSE;
  }
  if (c.not !== undefined) {
    const t = reference(c.not, ctx, read);
    return t === UNKNOWN ? UNKNOWN : t === TRUE ? FALSE : TRUE;
  }
  const decisive = c.all !== undefined ? FALSE : TRUE;
  let out: Tri = decisive === FALSE ? TRUE : FALSE;
  for (const p of c.all ?? c.any ?? []) {
    const t = reference(p, ctx, read);
    if (t === decisive) return decisive;
    if (t === UNKNOWN) out = UNKNOWN;
  }
  return out;
}

const NONPUBLIC: Condition = { fact: 'nonpublic', is: true };
const JUVENILE: Condition = { fact: 'juvenileSubject', is: true };
const NOT_MUTILATED: Condition = { fact: 'mutilatedDeceased', is: [false] };
const INVOLVED: Condition = { fact: 'requester', is: ['guardian', 'depicted_person'] };
const ARREST_OR_TRAFFIC: Condition = { fact: 'category', is: ['homicide', 'arrest', 'traffic'] };
const ARREST: Condition = { fact: 'category', is: 'arrest' };
const ATOMS: Condition[] = [NONPUBLIC, JUVENILE, INVOLVED, ARREST_OR_TRAFFIC];

/** Every condition of up to `depth` levels over ATOMS: an atom, `not`, and `all`/`any` of two. */
function conditions(depth: number): Condition[] {
  if (depth === 0) return ATOMS;
  const below = conditions(depth - 1);
  const out: Condition[] = [...ATOMS, ...below.map((c) => ({ not: c }))];
  for (const a of below) for (const b of below) out.push({ all: [a, b] }, { any: [a, b] });
  return out;
}

/** The condition compiled with getters that log which fact each call reads. */
function spied(c: Condition, read: FactName[]): Test {
  const { source, getters } = conditionSource(c);
  const spies: Getter[] = getters.map((g) => {
    const name = FACT_NAMES.find((n) => FACTS[n].get === g)!;
    return (ctx) => {
      read.push(name);
      return g(ctx);
    };
  });
  return generatedFunction(source, spies, 'spied-condition') as Test;
}

describe('the condition compiler', () => {
  it('gives the three-valued result of reference section 3 for every condition of up to two levels, lists of values included, in every state of its facts', () => {
    const all = conditions(2);
    expect(all.length).to.equal(3244);
    let checked = 0;
    for (const c of all) {
      const test = compileCondition(c);
      for (const ctx of CONTEXTS) {
        if (test(ctx) !== reference(c, ctx)) expect.fail(`${JSON.stringify(c)}: ${test(ctx)} against ${reference(c, ctx)}`);
        checked++;
      }
    }
    expect(checked).to.equal(all.length * CONTEXTS.length);
  });

  it('evaluates an `all` or `any` of three or more parts, and of one, as the reference does', () => {
    const wide: Condition[] = [
      { all: ATOMS },
      { any: ATOMS },
      { all: [NONPUBLIC] },
      { any: [{ not: JUVENILE }] },
      { all: [...ATOMS, { any: [NOT_MUTILATED, ARREST] }] },
      { any: [ARREST, { all: [NOT_MUTILATED, { not: INVOLVED }, JUVENILE] }] },
    ];
    for (const c of wide) {
      const test = compileCondition(c);
      for (const ctx of CONTEXTS) expect(test(ctx), JSON.stringify(c)).to.equal(reference(c, ctx));
    }
  });

  it('reads the facts the reference reads, in its order, and stops where it stops', () => {
    const sample = conditions(2).filter((_, i) => i % 7 === 0);
    for (const c of sample) {
      for (const ctx of CONTEXTS.filter((_, i) => i % 5 === 0)) {
        const read: FactName[] = [];
        const expected: FactName[] = [];
        spied(c, read)(ctx);
        reference(c, ctx, expected);
        if (read.join() !== expected.join()) expect.fail(`${JSON.stringify(c)} read ${read.join()} against ${expected.join()}`);
      }
    }
  });

  it('scans a chain from any start to the first condition that is not FALSE, skipping the links that are no part of it', () => {
    const chains: (Condition | null)[][] = [
      [NONPUBLIC, null, JUVENILE, { not: NOT_MUTILATED }],
      [null, { all: [INVOLVED, { any: [JUVENILE, ARREST] }] }, { any: [{ not: ARREST_OR_TRAFFIC }, NONPUBLIC] }, null],
      [],
      [null, null],
    ];
    expect(SCAN_STRIDE).to.be.greaterThan(Math.max(FALSE, TRUE, UNKNOWN));
    for (const chain of chains) {
      const scan = compileChain(chain);
      for (const ctx of CONTEXTS) {
        for (let start = 0; start <= chain.length + 1; start++) {
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
          expect(scan(ctx, start), `${JSON.stringify(chain)} from ${start}`).to.equal(expected);
        }
      }
    }
  });

  it('leaves the counsel rule out of every epoch chain of the rule set', () => {
    const epochs = compileEpochs(ruleSet).filter((e) => e.counselIndex >= 0);
    expect(epochs.length).to.be.greaterThan(0);
    for (const e of epochs) {
      const source = e.scan.toString();
      expect(source).to.include(`if (start <= ${e.counselIndex + 1})`);
      expect(source).not.to.include(`if (start <= ${e.counselIndex})`);
    }
  });

  it('writes a tested value as data: a value that reads like code is compared, never run, alone or in a list', () => {
    const hostile = [
      '"); throw new Error("ran"); ("',
      'a\\',
      '\\"); throw new Error("ran"); //',
      "'",
      '`${process.abort()}`',
      '*/ throw 1; /*',
      'line\nbreak',
      'sep\u2028arator',
      'lone \ud800 surrogate',
      '</script>',
    ];
    for (const value of hostile) {
      for (const c of [
        { fact: 'category', is: value },
        { fact: 'category', is: ['arrest', value] },
      ] satisfies Condition[]) {
        const test = compileCondition(c);
        const ctx = contextWith({ nonpublic: false, flags: null, requester: 'public', category: 'other' });
        expect(test(ctx), value).to.equal(FALSE);
        // Out of the category vocabulary on purpose: the compiler's guard is its own, not only the rule schema's.
        ctx.rec = { ...ctx.rec, category: value } as RecordingFacts;
        expect(test(ctx), value).to.equal(TRUE);
      }
    }
  });

  it('refuses a condition the rule schema would refuse, naming what is wrong, rather than writing code for it', () => {
    expect(() => compileCondition({ fact: 'category', is: [] })).to.throw('`is` names no value');
    expect(() => compileCondition({ fact: 'category' })).to.throw('`is` names no value');
    expect(() => compileCondition({ fact: 'constructor', is: true } as unknown as Condition)).to.throw('unknown fact constructor');
    expect(() => compileCondition({ fact: 'category', is: [1] } as unknown as Condition)).to.throw('strings or booleans');
    expect(() => compileCondition({ all: [NONPUBLIC], not: JUVENILE })).to.throw('exactly one of fact, all, any, not');
    expect(() => compileCondition({})).to.throw('exactly one of fact, all, any, not');
  });

  it('writes nothing into the compiled code of the rule set but its own grammar: keywords, its names, numbers and the tested values as JSON', () => {
    const epochs = compileEpochs(ruleSet);
    const whens = ruleSet.release.flatMap((f) =>
      f.kind === 'decision' ? f.versions.map((v) => v.when) : f.versions.flatMap((v) => v.redactions.map((r) => r.when)),
    );
    const valuesOf = (c: Condition): unknown[] => [
      ...(c.is === undefined ? [] : Array.isArray(c.is) ? c.is : [c.is]),
      ...[...(c.all ?? []), ...(c.any ?? []), ...(c.not ? [c.not] : [])].flatMap(valuesOf),
    ];
    const compiled = [
      ...epochs.map((e) => ({ source: e.scan.toString(), values: e.rules.flatMap((r) => valuesOf(r.when)) })),
      ...whens.map((w) => ({ source: conditionSource(w).source, values: valuesOf(w) })),
    ];
    expect(compiled.length).to.be.greaterThan(20);
    expect(chainSource([NONPUBLIC]).source).to.equal(compileChain([NONPUBLIC]).toString());
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
    for (const { source, values } of compiled) {
      for (const literal of source.match(/"(?:[^"\\]|\\.)*"/g) ?? []) expect(values, source).to.deep.include(JSON.parse(literal));
      const code = source.replace(/"(?:[^"\\]|\\.)*"/g, '""');
      expect(code, source).to.match(/^[\s\w;:{}()=!|?+<,[\]"]*$/);
      for (const word of code.match(/[A-Za-z_]\w*/g) ?? []) {
        expect(allowed.has(word) || /^[tL]\d+$/.test(word), `${word} in ${source}`).to.equal(true);
      }
    }
  });
});
