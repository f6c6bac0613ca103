import { expect } from 'chai';
import { DateTime } from 'luxon';
import { createReleaseEngine } from '../../src/engine/decide';
import { retentionStatus } from '../../src/engine/retention';
import { loadRules } from '../../src/rules';
import { currentEngineVersion, hashEngineFiles, readEngineFiles } from '../../src/rules/engine-version';
import { buildRuleSet, readRuleFiles } from '../../src/rules/load';
import { loadReleaseCases } from '../../src/rules/release-cases';

describe('engine version (content hash of src/engine)', () => {
  const files = readEngineFiles();

  it('hashes every TypeScript file of the engine, including the case-status, retention and business-day logic', () => {
    expect(Object.keys(files)).to.include.members(['case-status.ts', 'retention.ts', 'business-days.ts', 'decide.ts']);
    expect(currentEngineVersion()).to.equal(hashEngineFiles(files)).and.to.match(/^eng-[0-9a-f]{16}$/);
  });

  it('changes when the content of one engine file changes, even by one character', () => {
    const edited = { ...files, 'case-status.ts': `${files['case-status.ts'] ?? ''} ` };
    expect(hashEngineFiles(edited)).to.not.equal(hashEngineFiles(files));
  });

  it('changes when an engine file is added or renamed, and not when the same files are listed in another order', () => {
    expect(hashEngineFiles({ ...files, 'new-rule.ts': 'export {};' })).to.not.equal(hashEngineFiles(files));
    const renamed: Record<string, string> = { ...files, 'status.ts': files['case-status.ts'] ?? '' };
    delete renamed['case-status.ts'];
    expect(hashEngineFiles(renamed)).to.not.equal(hashEngineFiles(files));
    const reversed = Object.fromEntries(Object.entries(files).reverse());
    expect(hashEngineFiles(reversed)).to.equal(hashEngineFiles(files));
  });

  it('is independent of the rules version: a rule-file change moves only rulesVersion, an engine change only engineVersion', () => {
    const ruleFiles = readRuleFiles('rules/missouri');
    const base = buildRuleSet(ruleFiles, 'missouri', 'eng-a');
    const otherEngine = buildRuleSet(ruleFiles, 'missouri', 'eng-b');
    const otherRules = buildRuleSet({ ...ruleFiles, 'parameters.yaml': `${ruleFiles['parameters.yaml'] ?? ''}\n# edited\n` }, 'missouri', 'eng-a');
    expect([otherEngine.rulesVersion, otherEngine.engineVersion]).to.deep.equal([base.rulesVersion, 'eng-b']);
    expect(otherRules.rulesVersion).to.not.equal(base.rulesVersion);
    expect(otherRules.engineVersion).to.equal('eng-a');
  });

  it('is recorded beside rulesVersion in every release decision and retention result', () => {
    const rules = loadRules('rules/missouri');
    expect(rules.engineVersion).to.equal(currentEngineVersion());
    const c = loadReleaseCases('rules/missouri/cases')[0]!.case;
    const engine = createReleaseEngine(buildRuleSet(readRuleFiles('rules/missouri'), 'missouri', 'eng-given'));
    const d = engine.decide(c.facts.recording, c.facts.cases, c.facts.orders, c.requester, DateTime.fromISO('2026-11-20T12:00:00-06:00', { setZone: true }));
    expect(d).to.include({ rulesVersion: rules.rulesVersion, engineVersion: 'eng-given' });
    const r = retentionStatus(rules.retention, { rulesVersion: 'mo-x', engineVersion: 'eng-y' }, c.facts.recording, [], [], [], [], DateTime.fromISO('2026-11-20T12:00:00-06:00', { setZone: true }));
    expect(r).to.include({ rulesVersion: 'mo-x', engineVersion: 'eng-y' });
  });
});
