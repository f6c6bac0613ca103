import { expect } from 'chai';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CounselList, loadCounselList, README_END, README_START, renderCounselMarkdown, renderCounselText, uncoveredRefs, withCounselBlock } from '../../src/rules/counsel';
import { loadRuleSet } from '../../src/rules/load';

const list = loadCounselList('rules/missouri');

describe('the counsel list (rules/missouri/counsel.yaml)', () => {
  it('names every part C row (C1-C27) and every further point (F1-F3) of the December legal review', () => {
    expect(uncoveredRefs(list)).to.deep.equal([]);
  });

  it('prints every open question with its default, why and citations, and every settled or replaced entry with what settled or replaced it', () => {
    const text = renderCounselText(list);
    for (const e of list.entries) {
      expect(text, e.id).to.contain(`[${e.id}]`);
      if (e.status === 'open') expect(text).to.contain(`default: ${e.default}`).and.contain(`why: ${e.why}`);
      if (e.status === 'settled') expect(text).to.contain(`Settled by ${(e.settledBy ?? '').replace(/[.:;]+$/, '')}. Now: ${e.default}`);
      if (e.status === 'replaced') expect(text).to.contain(`Now asked in [${e.replacedBy}]`);
    }
  });

  it('is copied into the README rules section exactly as npm run rules:check writes it', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme, 'README.md is out of date with counsel.yaml: run npm run rules:check').to.equal(withCounselBlock(readme, list));
    const block = readme.slice(readme.indexOf(README_START) + README_START.length, readme.indexOf(README_END)).trim();
    expect(block).to.equal(renderCounselMarkdown(list));
  });

  it('refuses a settled entry without the fix that settled it and a replaced entry pointing nowhere', () => {
    const base = { id: 'x', question: 'q?', default: 'd', why: 'w', citations: ['RSMo 1.040'], findings: ['C1'] };
    expect(CounselList.safeParse({ id: 'l', review: 'r', entries: [{ ...base, status: 'settled' }] }).success).to.equal(false);
    expect(CounselList.safeParse({ id: 'l', review: 'r', entries: [{ ...base, status: 'replaced', replacedBy: 'nowhere' }] }).success).to.equal(false);
    expect(CounselList.safeParse({ id: 'l', review: 'r', entries: [{ ...base, findings: ['Z9'], status: 'open' }] }).success).to.equal(false);
    expect(CounselList.safeParse({ id: 'l', review: 'r', entries: [{ ...base, status: 'open' }] }).success).to.equal(true);
  });

  it('does not change rulesVersion when an entry is edited: decisions never read it', () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'counsel-')), 'missouri');
    try {
      cpSync('rules/missouri', dir, { recursive: true });
      const before = loadRuleSet(dir).rulesVersion;
      writeFileSync(path.join(dir, 'counsel.yaml'), `${readFileSync(path.join(dir, 'counsel.yaml'), 'utf8')}\n# edited\n`);
      expect(loadRuleSet(dir).rulesVersion).to.equal(before);
      expect(Object.keys(loadRuleSet(dir).files)).not.to.include('counsel.yaml');
    } finally {
      rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });
});
