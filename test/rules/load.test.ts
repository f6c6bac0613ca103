import { expect } from 'chai';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { RuleSet } from '../../src/engine/rule-schema';
import { loadRuleSet, RuleSetError } from '../../src/rules/load';

describe('loadRuleSet', () => {
  let dir = '';
  beforeEach(() => {
    dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'rules-')), 'missouri');
    cpSync('rules/missouri', dir, { recursive: true });
  });
  afterEach(() => rmSync(path.dirname(dir), { recursive: true, force: true }));

  const edit = (file: string, f: (text: string) => string): void => {
    const p = path.join(dir, file);
    writeFileSync(p, f(readFileSync(p, 'utf8')));
  };

  it('returns a plain, schema-valid rule set with the release rules in reference order', () => {
    const rs = loadRuleSet(dir);
    expect(RuleSet.safeParse(rs).success).to.equal(true);
    expect(rs.release.filter((r) => r.kind === 'decision').map((r) => r.id)).to.deep.equal([
      'MO-ORDER-EXPUNGED-AGENCY', 'MO-ORDER-CLOSE', 'MO-ORDER-RELEASE', 'MO-COUNSEL', 'MO-AGENCY', 'MO-MUTILATED', 'MO-JUVENILE', 'MO-LINK-UNCONFIRMED', 'MO-TERMINATED-VICTIM', 'MO-TERMINATED',
      'MO-ACTIVE', 'MO-NONPUBLIC', 'MO-OPEN', 'MO-UNCLASSIFIED', 'MO-UNLINKED',
    ]);
    expect(JSON.parse(JSON.stringify(rs))).to.deep.equal(rs);
  });

  it('hands other loaders the raw text and parsed YAML of every rule file except cases/', () => {
    const rs = loadRuleSet(dir);
    expect(rs.files['holidays.yaml']).to.equal(readFileSync(path.join(dir, 'holidays.yaml'), 'utf8'));
    expect(rs.documents['retention.yaml']).to.deep.equal(parseYaml(rs.files['retention.yaml']!));
    expect(Object.keys(rs.files).some((p) => p.startsWith('cases/'))).to.equal(false);
    expect(Object.keys(rs.files)).to.deep.equal([...Object.keys(rs.files)].sort());
  });

  it('versions the rules by content: stable, changed by any rule file, unchanged by test cases', () => {
    const v1 = loadRuleSet(dir).rulesVersion;
    expect(v1).to.match(/^mo-[0-9a-f]{16}$/);
    expect(loadRuleSet(dir).rulesVersion).to.equal(v1);
    edit('cases/example-1-traffic-stop-misdemeanor-pending.yaml', (t) => `${t}\n# a comment\n`);
    expect(loadRuleSet(dir).rulesVersion).to.equal(v1);
    edit('holidays.yaml', (t) => `${t}\n# a comment\n`);
    expect(loadRuleSet(dir).rulesVersion).not.to.equal(v1);
  });

  it('rejects a rule testing a value its fact cannot take, naming the file and field', () => {
    edit('release/090-open.yaml', (t) => t.replace('{ fact: category, is: non_evidentiary }', '{ fact: category, is: body_cam }'));
    expect(() => loadRuleSet(dir)).to.throw(RuleSetError, /release\/090-open\.yaml: versions\.0\.when\.any\.1\.all\.1\.is/);
  });

  it('rejects an explanation using an unknown template variable', () => {
    edit('release/030-agency.yaml', (t) => t.replace('{recordingId}', '{recording}'));
    expect(() => loadRuleSet(dir)).to.throw(RuleSetError, /unknown template variable \{recording\}/);
  });

  it('rejects two rules sharing an order and versions appended out of date order', () => {
    edit('release/100-unclassified.yaml', (t) => t.replace('order: 100', 'order: 90'));
    edit('parameters.yaml', (t) =>
      [
        t.trimEnd(),
        '  - effectiveFrom: "2015-01-01"',
        '    citations: [RSMo 556.036]',
        '    appealWindowDays: 10',
        '    transferWindowDays: 30',
        '    transferAfterRulingDays: 15',
        '    certiorari: { wait: true, days: 90, citation: U.S. Sup. Ct. R. 13 }',
        '    absenceTollingCap: { years: 3 }',
        '    courtOrderNoticeDays: 10',
        '    involvedPersonResponseDays: 30',
        '    limitationPeriods: { murder: null, class_a_felony: null, no_limitation: null, felony_5y: { years: 5 }, felony: { years: 3 }, misdemeanor: { years: 1 }, infraction: { months: 6 } }',
        '    limitationBases: { "556.036.1": { period: null, classes: [murder] }, "556.037": { period: null, classes: [felony] }, "556.036.2(1)": { period: { years: 3 }, classes: [felony] }, "556.036.2(2)": { period: { years: 1 }, classes: [misdemeanor] }, "556.036.2(3)": { period: { months: 6 }, classes: [infraction] }, "556.036.2(4)": { period: { years: 5 }, classes: [felony_5y] } }',
        '    limitationCap: { years: 10 }',
        '    tenYearsWhileCharged: { apply: false, citation: RSMo 610.100.1(3)(b) }',
        '    juvenileClosureScope: { scope: case, citation: RSMo 211.321 }',
        '    courtDays: { saturdayHolidayFriday: non_filing, citation: Rule 20.01(a) }',
        '',
      ].join('\n'),
    );
    try {
      loadRuleSet(dir);
      expect.fail('should throw');
    } catch (e) {
      expect(e).to.be.instanceOf(RuleSetError);
      expect((e as RuleSetError).problems.join('\n')).to.contain('share order 90').and.contain('increasing effectiveFrom');
    }
  });
});
