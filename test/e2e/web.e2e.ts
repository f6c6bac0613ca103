/**
 * End-to-end tests of the staff web app in Debian's Chromium (headless, via playwright-core;
 * no browser is ever downloaded). One full flow per role at 1280×800 and 390×844, plus a
 * 200%-zoom pass; every screen is saved under screenshots/. Each screen is also checked for
 * labels on every field, no horizontal overflow, and no script or CSP errors, and scanned with
 * axe-core (WCAG 2.2 A/AA and axe's best practices): a flow with any violation fails, and the run
 * ends with every violation seen, by rule.
 * Run with scripts/e2e.sh. Ends with the line `e2e: N passed, M failed`.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import type { Role } from '../../src/auth/roles';
import { sunshineDueDate } from '../../src/domain/requests/due-date';
import { addBusinessDays } from '../../src/engine/business-days';
import { loadRules } from '../../src/rules';
import { freePort } from '../../src/persistence/embedded/processes';
import { TEST_CLIENT_ID, TEST_CLIENT_SECRET, TEST_ROLE_MAP, type TestProvider, startTestProvider } from '../support/oidc-provider';
import { ROOT, type Seeded, type Service, seed, startService } from './service';

/** Now in Kansas City as a datetime-local value (YYYY-MM-DDTHH:mm). */
function centralNowInput(): string {
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/Chicago',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const p = Object.fromEntries(fmt.formatToParts(new Date()).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** axe-core's browser bundle, evaluated in the page through the DevTools protocol (the app's CSP does not apply to that). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** What the scan checks: WCAG 2.0-2.2 A and AA, and axe's best practices (landmarks, heading order, …). */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];
const SHOTS = path.join(ROOT, 'screenshots');
const TIMEOUT = 60_000;

interface Viewport {
  name: string;
  width: number;
  height: number;
}
const VIEWPORTS: Viewport[] = [
  { name: 'desktop-1280x800', width: 1280, height: 800 },
  { name: 'phone-390x844', width: 390, height: 844 },
];

/**
 * The project compiles without the DOM library (it is a server), so the little browser API
 * the in-page checks use is declared here; those functions run in Chromium, not in Node.
 */
interface El {
  tagName: string;
  outerHTML: string;
  closest(sel: string): El | null;
  getAttribute(name: string): string | null;
}
interface FieldEl extends El {
  type: string;
  name: string;
  id: string;
  labels: { length: number } | null;
}
interface BrowserWindow {
  document: { querySelectorAll(sel: string): ArrayLike<El>; documentElement: { scrollWidth: number }; activeElement: El | null };
  innerWidth: number;
  getComputedStyle(el: El): { cursor: string; outlineStyle: string; outlineWidth: string };
  sessionStorage: { setItem(key: string, value: string): void };
  localStorage: { setItem(key: string, value: string): void; getItem(key: string): string | null };
}

/** 200% zoom of a 1280×800 window: the page lays out in 640×400 CSS pixels. */
const ZOOM: Viewport = { name: 'zoom-200pct-640x400', width: 640, height: 400 };

class Check extends Error {}
function expect(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Check(msg);
}

/**
 * Checks a condition on the page, waiting (up to 5 s) until it holds: what a screen shows can
 * still be settling after the element a flow waited for appeared (a list reloads, a count
 * arrives), so a single read can fail on a correct screen. A condition that never holds fails
 * with the message, as `expect` does.
 */
async function eventually(cond: () => Promise<unknown>, msg: string): Promise<void> {
  const until = Date.now() + 5_000;
  while (!(await cond())) {
    if (Date.now() > until) throw new Check(msg);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Ctx {
  page: Page;
  vp: Viewport;
  vi: number;
  errors: string[];
  /** axe-core violations found on this flow's screens (the flow fails when any is left at its end). */
  axe: string[];
  shot(name: string): Promise<void>;
}

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> }>;
}
/** Every violation of the run, by rule: for the summary at the end. */
const AXE_SEEN = new Map<string, { impact: string; help: string; nodes: number; screens: Set<string> }>();
/** How many screens were scanned. */
let axeScans = 0;

/** Scans the screen as it is now with axe-core; returns each violation as one line (rule, impact, where). */
async function axeScan(page: Page, where: string): Promise<string[]> {
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(
    async (tags) =>
      (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<AxeResult> } }).axe.run(
        (globalThis as unknown as { document: unknown }).document,
        {
          runOnly: { type: 'tag', values: tags },
          resultTypes: ['violations'],
        },
      ),
    AXE_TAGS,
  );
  axeScans += 1;
  return result.violations.map((v) => {
    const seen = AXE_SEEN.get(v.id) ?? { impact: v.impact ?? 'unknown', help: v.help, nodes: 0, screens: new Set<string>() };
    seen.nodes += v.nodes.length;
    seen.screens.add(where);
    AXE_SEEN.set(v.id, seen);
    const targets = v.nodes
      .slice(0, 3)
      .map((n) => n.target.join(' '))
      .join('; ');
    return `${where}: axe ${v.id} (${v.impact ?? 'unknown'}) ${v.help}: ${targets}${v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : ''}`;
  });
}

async function newCtx(browser: Browser, vp: Viewport, vi: number, label: string): Promise<{ ctx: Ctx; context: BrowserContext }> {
  const context = await browser.newContext({
    viewport: { width: vp.width, height: vp.height },
    acceptDownloads: true,
    locale: 'en-US',
    timezoneId: 'America/Chicago',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const errors: string[] = [];
  const axe: string[] = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // 4xx answers the flows provoke on purpose are logged by Chromium as "Failed to load resource".
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
  });
  const dir = path.join(SHOTS, vp.name);
  mkdirSync(dir, { recursive: true });
  let n = 0;
  const ctx: Ctx = {
    page,
    vp,
    vi,
    errors,
    axe,
    shot: async (name) => {
      await checkScreen(page, `${label} ${name}`);
      axe.push(...(await axeScan(page, `${label} ${name} @ ${vp.name}`)));
      n += 1;
      await page.screenshot({ path: path.join(dir, `${label}-${String(n).padStart(2, '0')}-${name}.png`), fullPage: true });
    },
  };
  return { ctx, context };
}

/** Quality checks on the screen as it is now. */
async function checkScreen(page: Page, where: string): Promise<void> {
  const r = await page.evaluate(() => {
    const w = globalThis as unknown as BrowserWindow;
    const unlabelled: string[] = [];
    for (const el of Array.from(w.document.querySelectorAll('input, select, textarea'))) {
      const c = el as FieldEl;
      if (c.type === 'hidden') continue;
      if ((c.labels?.length ?? 0) === 0 && !c.getAttribute('aria-label') && !c.getAttribute('aria-labelledby'))
        unlabelled.push(c.name || c.id || c.outerHTML.slice(0, 60));
    }
    // Anything that looks clickable must be a real control (keyboard-reachable).
    const fakeControls: string[] = [];
    for (const el of Array.from(w.document.querySelectorAll('body *'))) {
      if (el.closest('a, button, summary, label, input, select, textarea')) continue;
      if (w.getComputedStyle(el).cursor === 'pointer') fakeControls.push(el.tagName.toLowerCase());
    }
    return { unlabelled, overflow: w.document.documentElement.scrollWidth - w.innerWidth, fakeControls };
  });
  expect(r.unlabelled.length === 0, `${where}: fields without a label: ${r.unlabelled.join(', ')}`);
  expect(r.overflow <= 1, `${where}: the page is ${r.overflow}px wider than the window (horizontal scrolling)`);
  expect(r.fakeControls.length === 0, `${where}: clickable elements that are not buttons or links: ${r.fakeControls.join(', ')}`);
}

async function signIn(ctx: Ctx, s: Service, role: Role, sub: string): Promise<void> {
  const { page } = ctx;
  await page.goto(`${s.base}/`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Access token').fill(s.token(role, sub));
  await page.locator('.claims dd', { hasText: role }).first().waitFor();
  await ctx.shot('sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#identity', { hasText: sub }).waitFor();
}

async function clerkFlow(ctx: Ctx, s: Service, seeded: Seeded): Promise<void> {
  const { page } = ctx;
  // A bad token is refused by the server with its problem detail.
  await page.goto(`${s.base}/`);
  // Without OpenID Connect configured, the pasted-token page says it is a development mode.
  await page.locator('.notice.dev-mode', { hasText: 'Development mode' }).waitFor();
  await page.getByLabel('Access token').fill('not.a.token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.form-problem .problem').waitFor();
  await signIn(ctx, s, 'clerk', `clerk-${ctx.vi}`);
  await page.getByRole('heading', { name: 'Release check', level: 1 }).waitFor();
  await eventually(async () => await page.getByRole('link', { name: 'Requests' }).isVisible(), 'clerk navigation offers Requests');
  await eventually(async () => !(await page.getByRole('link', { name: 'Retention' }).count()), 'clerk navigation has no Retention');

  // Search by case, then check one recording by id with the keyboard (Enter submits).
  await page.getByLabel('Case number').fill(seeded.cases[ctx.vi] ?? '');
  await page.getByRole('button', { name: 'Search' }).click();
  await page
    .locator('table tbody tr')
    .nth(seeded.recordingsPerCase - 1)
    .waitFor();
  await ctx.shot('release-search');
  await page.getByRole('button', { name: 'Clear' }).click();
  // Officer and a date range (Central-time days, sent as ISO 8601 with offset).
  const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Officer id').fill('O-7001');
  await page.getByLabel('Recorded from').fill(day(60));
  await page.getByLabel('Recorded to').fill(day(0));
  await page.getByRole('button', { name: 'Search' }).click();
  // Only the 40-day-old recording falls in the last 60 days (the others are 90 and 700 days old).
  await page.getByRole('heading', { name: 'Recordings (1)' }).waitFor();
  await eventually(
    async () => (await page.locator('table tbody tr', { hasText: seeded.releasable }).count()) === 1,
    'the date range finds the recent recording',
  );
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.getByLabel('Recording id').fill(seeded.releasable);
  await page.getByLabel('Recording id').press('Enter');
  await page.locator('.outcome-label', { hasText: 'May be released' }).waitFor();
  await page.getByLabel('Who is asking?').selectOption('attorney');
  // Without what the attorney has shown, the involved-person route cannot be decided (A14).
  await page.locator('.outcome-label', { hasText: /review/i }).waitFor();
  await page.locator('summary', { hasText: 'What the requester has shown' }).click();
  await page.getByLabel('On behalf of (the person shown or involved)').fill('the driver stopped');
  await page.getByLabel('On behalf of (the person shown or involved)').press('Tab');
  await page.getByLabel('Request made in writing').selectOption('yes');
  await page.getByLabel('Relationship to (or representation of) that person verified').selectOption('yes');
  await page.locator('.outcome-label', { hasText: 'May be released' }).waitFor();
  await page.locator('.meta', { hasText: 'Attorney of a person shown' }).waitFor();
  // Whose answer it is, beside the public answer in the list, and the recording's content flags in words (problem 9).
  await page.locator('.outcome-for', { hasText: 'Answer for: Attorney of a person shown' }).waitFor();
  await eventually(
    async () => (await page.locator('th', { hasText: 'Answer for the public now' }).count()) === 1,
    "the list labels its answer as the public's",
  );
  await page.locator('aside.recording dd', { hasText: 'No content flags' }).waitFor();
  await eventually(async () => (await page.locator('.reasons li, .decision section').count()) > 0, 'the decision shows its reasons');
  const dl = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save as JSON' }).click();
  const saved = await dl;
  const json = JSON.parse(readFileSync(await saved.path(), 'utf8')) as { decision: { outcome: string; requester: string } };
  expect(json.decision.outcome === 'release' && json.decision.requester === 'attorney', 'saved JSON holds the decision shown');
  await ctx.shot('release-decision');

  // New request: first without a name (field error next to the field), then complete.
  await page.getByRole('link', { name: 'Requests' }).click();
  await page.getByRole('heading', { name: 'Request queue' }).waitFor();
  await page.getByRole('link', { name: 'New request' }).click();
  await page.getByRole('heading', { name: 'New request' }).waitFor();
  // The receipt time is not pre-filled: the clerk enters when the request reached KCPD.
  const receivedAt = page.getByLabel('Received by KCPD at (Central time)');
  await eventually(async () => (await receivedAt.inputValue()) === '', 'the receipt time starts empty');
  await eventually(async () => (await receivedAt.getAttribute('required')) !== null, 'the receipt time is required');
  await receivedAt.fill(centralNowInput());
  await page.getByLabel('Case number').fill(seeded.cases[ctx.vi] ?? '');
  await page.getByLabel('Recording ids').fill(seeded.releasable);
  await page.getByRole('button', { name: 'Log request' }).click();
  const nameError = page.locator('.field:has(input[name="name"]) .field-error');
  await nameError.waitFor();
  await eventually(
    async () => (await page.locator('input[name="name"]').getAttribute('aria-invalid')) === 'true',
    'the name field is marked invalid',
  );
  await ctx.shot('request-form-errors');
  await page.getByLabel('Name', { exact: true }).fill(`Reporter ${ctx.vi}`);
  await page.getByLabel('Kind of requester').selectOption('public');
  await page.getByLabel('Contact (email, phone or address)').fill('newsroom@example.com');
  // A mistyped case number (lower case, one digit too many) is refused next to its field, with
  // the near match offered as a button that fills it in.
  const caseNumber = seeded.cases[ctx.vi] ?? '';
  await page.getByLabel('Case number').fill(`${caseNumber.toLowerCase()}9`);
  await page.getByRole('button', { name: 'Log request' }).click();
  await page.locator('.field:has(input[name="caseNumber"]) .field-error', { hasText: `did you mean ${caseNumber}` }).waitFor();
  await ctx.shot('request-case-typo');
  await page.getByRole('button', { name: `Use ${caseNumber}`, exact: true }).click();
  await eventually(async () => (await page.getByLabel('Case number').inputValue()) === caseNumber, 'the suggestion fills the case number');
  await page.getByRole('button', { name: 'Log request' }).click();
  // The request is known by a number people can say (SR-<year>-<5 digits>), not its internal id.
  const title = page.getByRole('heading', { name: /^Request SR-\d{4}-\d{5}$/ });
  await title.waitFor();
  const requestId = ((await title.textContent()) ?? '').replace('Request ', '');
  // The recording table (paged by the server): what the clerk decides with, and each answer.
  const recTable = page.locator('table', { hasText: 'for Member of the public' }).first();
  await recTable.locator('caption', { hasText: `of ${seeded.recordingsPerCase + 1} recordings` }).waitFor();
  const answers = recTable.locator('tbody tr');
  await eventually(
    async () => (await answers.count()) === seeded.recordingsPerCase + 1,
    'the request page answers each recording in scope',
  );
  await eventually(
    async () => (await answers.filter({ hasText: seeded.releasable }).getByText('May be released').count()) === 1,
    'the open recording may be released',
  );
  const caseRow = answers.filter({ hasText: `${caseNumber}-R2` });
  await eventually(
    async () =>
      (await caseRow.getByText('Arrest').count()) === 1 &&
      (await caseRow.getByText('O-7001').count()) === 1 &&
      (await caseRow.getByText('1200 Main St').count()) === 1,
    'the table shows category, officer and place',
  );
  await ctx.shot('request-page');

  // Scope: the second case recording is not what was asked for; without a tick the form says so.
  const scope = page.locator('form', { has: page.getByRole('heading', { name: 'Mark not responsive' }) });
  await scope.getByLabel('Why they are not responsive').fill('Shows the booking room, not the stop the reporter asked about');
  await scope.getByRole('button', { name: 'Mark not responsive' }).click();
  await scope.locator('.field-error', { hasText: 'Tick at least one recording' }).waitFor();
  await page.getByLabel(`Select ${caseNumber}-R2`).check();
  await scope.getByRole('button', { name: 'Mark not responsive' }).click();
  await page.locator('.success', { hasText: 'marked not responsive' }).waitFor();
  await recTable
    .locator('tbody tr', { hasText: `${caseNumber}-R2` })
    .getByText('Not responsive', { exact: true })
    .waitFor();
  await eventually(
    async () => (await page.locator('.stat', { hasText: 'Not responsive' }).locator('.n', { hasText: '1' }).count()) === 1,
    'the totals count the recording not responsive',
  );
  await ctx.shot('request-not-responsive');

  // The bulk check: exported as CSV, then exported and attached to the request.
  const csvDl = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = readFileSync(await (await csvDl).path(), 'utf8');
  expect(
    csv.includes('Not responsive') && csv.split('\r\n').filter(Boolean).length === seeded.recordingsPerCase + 2,
    'the CSV has a header and one row per recording',
  );
  const attachDl = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export and attach to the request' }).click();
  await attachDl;
  await page.locator('.success', { hasText: 'attached to the request' }).waitFor();
  await page.locator('table', { hasText: 'Bulk-check exports attached' }).waitFor();
  await ctx.shot('request-attached');

  // Adding what a camera recorded over some days: none in a range long past (said at the form),
  // then the days around the open recording.
  const add = page.locator('form', { has: page.getByRole('heading', { name: 'Add recordings' }) });
  await add.getByLabel('Camera serial').fill('E2E-CAM-1');
  await add.getByLabel('Recorded from (day)').fill(day(2000));
  await add.getByLabel('Recorded to (day, included)').fill(day(1990));
  await add.getByRole('button', { name: 'Add recordings' }).click();
  await add.locator('.field-error', { hasText: 'no recording matches' }).waitFor();
  await add.getByLabel('Recorded from (day)').fill(day(41));
  await add.getByLabel('Recorded to (day, included)').fill(day(39));
  await add.getByRole('button', { name: 'Add recordings' }).click();
  await page.locator('.success', { hasText: 'in scope now' }).waitFor();

  // The queue: the new request is listed, the seeded one is marked overdue.
  await page.getByRole('link', { name: 'Back to the queue' }).click();
  await page.getByRole('link', { name: requestId }).waitFor();
  const overdueRow = page.locator('tr.row-overdue', { hasText: seeded.overdueRequest });
  await eventually(async () => (await overdueRow.count()) === 1, 'the overdue request is highlighted');
  await eventually(
    async () => (await overdueRow.getByText('Overdue', { exact: true }).count()) === 1,
    'the overdue request says so in words',
  );
  await ctx.shot('queue');

  // A requester quotes the number over the phone: typed in lower case without the leading zeros
  // it opens the request; an unknown number is answered next to the field.
  const find = page.locator('form[aria-label="Find a request by number"]');
  await find.getByLabel('Request number').fill('SR-1999-77777');
  await find.getByLabel('Request number').press('Enter');
  await find.locator('.field-error', { hasText: 'No request has the number SR-1999-77777' }).waitFor();
  await ctx.shot('request-number-unknown');
  await find.getByLabel('Request number').fill(requestId.toLowerCase().replace(/-0+(\d)/, '-$1'));
  await find.getByRole('button', { name: 'Open request' }).click();
  await title.waitFor();

  // Review; the response is refused while recordings need legal review (409, shown with its
  // detail), so the clerk records a delay with its cause and date; then the letter.
  await page.getByRole('button', { name: 'Start review' }).click();
  await page.locator('.success', { hasText: 'in review' }).waitFor();
  // Respond says what it will send and asks for confirmation before sending.
  await recTable.locator('caption').waitFor();
  await page.getByRole('button', { name: 'Respond now' }).click();
  await page.locator('.confirm', { hasText: 'Partly released' }).waitFor();
  await ctx.shot('respond-confirm');
  await page.getByRole('button', { name: 'Confirm and send the response' }).click();
  await page.locator('form .problem', { hasText: 'cannot decide' }).waitFor();
  await ctx.shot('respond-refused');
  const delay = page.locator('form', { has: page.getByRole('heading', { name: 'Delay' }) });
  await delay.getByLabel('Cause of the delay').fill('short');
  await delay.getByRole('button', { name: 'Record delay' }).click();
  await delay.locator('.field:has(textarea[name="cause"]) .field-error').waitFor();
  await delay.locator('.field:has(input[name="availableAt"]) .field-error').waitFor();
  await delay
    .getByLabel('Cause of the delay')
    .fill('The prosecutor has not yet recorded whether probation was completed; legal review is under way.');
  await delay
    .getByLabel('Available from (Central time)')
    .fill(`${new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10)}T12:00`);
  await delay.getByRole('button', { name: 'Record delay' }).click();
  await page.locator('.success', { hasText: 'delayed' }).waitFor();
  await page.getByRole('button', { name: 'Show letter' }).click();
  const letter = page.locator('pre.letter');
  await letter.waitFor();
  const text = (await letter.textContent()) ?? '';
  expect(/610\.023\.3/.test(text) && text.includes('legal review is under way'), 'the letter gives the delay, its cause and the statute');
  expect(
    text.replace(/\s+/g, ' ').includes(`Please quote request number ${requestId}.`) && text.includes('Custodian of Records'),
    'the letter names the custodian and how to reach the unit',
  );
  expect(!/DEC-|Decision references|to confirm/.test(text), 'the letter holds no decision id or placeholder');
  const pdf = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download letter (PDF)' }).click();
  const pdfFile = await pdf;
  await eventually(
    async () =>
      readFileSync(await pdfFile.path())
        .subarray(0, 5)
        .toString() === '%PDF-',
    'the PDF letter downloads',
  );
  await ctx.shot('letter');
}

async function prosecutorFlow(ctx: Ctx, s: Service, seeded: Seeded): Promise<void> {
  const { page } = ctx;
  const caseNumber = seeded.cases[ctx.vi] ?? '';
  await signIn(ctx, s, 'prosecutor', `prosecutor-${ctx.vi}`);
  await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
  await page.getByLabel('Case number').fill(caseNumber);
  await page.getByRole('button', { name: 'Open case' }).click();
  await page.getByRole('heading', { name: `Case ${caseNumber}` }).waitFor();
  await eventually(async () => (await page.locator('.timeline li').count()) === 2, 'the timeline shows the two seeded events');
  const table = page.locator('table', { hasText: 'answer for a member of the public' });
  await eventually(
    async () => (await table.locator('.badge', { hasText: 'Needs legal review' }).count()) === seeded.recordingsPerCase,
    'recordings need legal review before the event',
  );
  await ctx.shot('case');

  // Issue 16: the release check asks the question behind the missing fact (the recording is not yet
  // reviewed for its content) and names who answers it, instead of the raw path; the link to the case's
  // event form (the question of a missing defendant event) opens it with the event and defendant chosen.
  await table.locator('tbody a').first().click();
  const asked = page.locator('section.questions li[data-question="recording-content-review"]');
  await asked.waitFor();
  const askedText = (await asked.textContent()) ?? '';
  expect(
    askedText.includes('Has a person reviewed recording') && askedText.includes('Answered by: A records clerk'),
    `the missing fact is shown as its question with who answers it (got "${askedText}")`,
  );
  await ctx.shot('question');
  await page.evaluate((n) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash =
      `#/cases/${encodeURIComponent(n)}?event=probation_completed&defendant=${encodeURIComponent(`${n}-D1`)}`;
  }, caseNumber);
  const prefilled = page.locator('form.prefilled', { has: page.getByRole('heading', { name: 'Add an event' }) });
  await prefilled.waitFor();
  await eventually(
    async () => (await prefilled.locator('select[name="type"]').inputValue()) === 'probation_completed',
    'the link chooses the event',
  );
  await eventually(async () => (await prefilled.locator('[name="defendantId"]').inputValue()) === `${caseNumber}-D1`, 'and the defendant');
  await ctx.shot('question-form');
  await page.evaluate((n) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = `#/cases/${encodeURIComponent(n)}`;
  }, caseNumber);
  await page.locator('form:not(.prefilled)', { has: page.getByRole('heading', { name: 'Add an event' }) }).waitFor();

  // Validation: no event type and no date -> errors next to both fields.
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Add an event' }) });
  await form.getByRole('button', { name: 'Add event' }).click();
  await form.locator('.field:has(select[name="type"]) .field-error').waitFor();
  await form.locator('.field:has(input[name="date"]) .field-error').waitFor();
  await ctx.shot('event-errors');

  await form.getByLabel('Event', { exact: true }).selectOption('probation_completed');
  await form.getByLabel('Defendant').selectOption(`${caseNumber}-D1`);
  await form.getByLabel('Source').fill('Case.net');
  // A date after today (Chicago) is refused in the form's words, by the keyboard, before anything is sent.
  const tomorrow = new Date(Date.parse(`${centralNowInput().slice(0, 10)}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  await form.getByLabel('Date', { exact: true }).fill(tomorrow);
  await form.getByRole('button', { name: 'Add event' }).focus();
  await page.keyboard.press('Enter');
  const future = form.locator('.form-problem [role="alert"]');
  await future.waitFor();
  const futureText = (await future.textContent()) ?? '';
  expect(futureText.includes('Date: Must not be after today'), `a future event date is refused naming the field (got "${futureText}")`);
  expect(!/\/api\/|\b40\d\b|body\./.test(futureText), `the refusal shows no API path or HTTP code (got "${futureText}")`);
  await expectFocus(page, (f) => f.name === 'date', 'focus moves to the date');
  await ctx.shot('event-future-refused');
  await form.getByLabel('Date', { exact: true }).fill(new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10));
  // While the save is on its way the form says so (held here until seen), and the live region announces it.
  let letGo = (): void => undefined;
  const held = new Promise<void>((resolve) => {
    letGo = resolve;
  });
  await page.route('**/api/v1/cases/*/events', async (route) => {
    await held;
    await route.continue();
  });
  await form.getByRole('button', { name: 'Add event' }).focus();
  await page.keyboard.press('Enter');
  await form.locator('[data-testid="saving"]', { hasText: 'Saving…' }).waitFor();
  await page.locator('#announcer', { hasText: 'Saving…' }).waitFor();
  await eventually(async () => await form.getByRole('button', { name: 'Add event' }).isDisabled(), 'the button is disabled while saving');
  await ctx.shot('event-saving');
  letGo();
  const effect = page.locator('.effect .success');
  await effect.waitFor();
  await page.unroute('**/api/v1/cases/*/events');
  await eventually(
    async () => (await effect.locator('tbody tr').count()) === seeded.recordingsPerCase,
    'the effect lists every linked recording',
  );
  await eventually(
    async () => (await effect.locator('strong.changed', { hasText: 'Yes' }).count()) === seeded.recordingsPerCase,
    'every linked recording changed answer',
  );
  await eventually(async () => (await page.locator('.timeline li').count()) === 3, 'the timeline shows the new event');
  await ctx.shot('event-effect');

  // A court order: refused without a number (field error), then recorded.
  const order = page.locator('form', { has: page.getByRole('heading', { name: 'Record a court order' }) });
  await order.getByLabel('Court', { exact: true }).fill('');
  await order.getByRole('button', { name: 'Record order' }).click();
  await order.locator('.field:has(input[name="orderNumber"]) .field-error').waitFor();
  await order.locator('.field:has(input[name="court"]) .field-error').waitFor();
  await ctx.shot('order-errors');
  await order.getByLabel('Order number').fill(`E2E-ORDER-${ctx.vi + 1}`);
  await order.getByLabel('Court', { exact: true }).fill('Jackson County Circuit Court');
  // A release order must say to whom it releases: nothing chosen is refused (problem 2).
  await order.getByRole('button', { name: 'Record order' }).focus();
  await page.keyboard.press('Enter');
  const toProblem = order.locator('.form-problem [role="alert"]');
  await toProblem.waitFor();
  const toText = (await toProblem.textContent()) ?? '';
  expect(
    toText.includes('Release to: Choose “Everyone”'),
    `a release order without a choice of requesters is refused in words (got "${toText}")`,
  );
  await order.getByLabel('Everyone (the public and every requester)').focus();
  await page.keyboard.press('Space');
  await order.getByLabel('Notice days before release').fill('10');
  await order.getByLabel('Conditions').fill('Blur faces of bystanders');
  await order.getByRole('button', { name: 'Record order' }).focus();
  await page.keyboard.press('Enter');
  // The release order is confirmed in words first; the confirmation button has the focus.
  await order.locator('.confirm', { hasText: 'to everyone' }).waitFor();
  await expectFocus(page, (f) => f.text === 'Yes, record the order', 'focus moves to the confirmation');
  await ctx.shot('order-confirm');
  await page.keyboard.press('Enter');
  const orderEffect = page.locator('.effect .success', { hasText: `court order E2E-ORDER-${ctx.vi + 1}` });
  await orderEffect.waitFor();
  // The order's conditions show with each recording's answer, and count as a change (problem 1).
  await eventually(
    async () => (await orderEffect.locator('.order-line', { hasText: 'Blur faces of bystanders' }).count()) === seeded.recordingsPerCase,
    "the effect shows the order's conditions for every recording",
  );
  await eventually(
    async () => (await orderEffect.locator('strong.changed', { hasText: 'Yes' }).count()) === seeded.recordingsPerCase,
    'a new order counts as a change',
  );
  await eventually(
    async () => (await table.locator('.order-line', { hasText: 'Blur faces of bystanders' }).count()) === seeded.recordingsPerCase,
    "the case's recordings show the conditions",
  );
  await ctx.shot('order-effect');
}

/** What has the keyboard focus, and is its focus ring visible. */
async function focused(page: Page): Promise<{ tag: string; name: string; text: string; ring: boolean }> {
  return page.evaluate(() => {
    const w = globalThis as unknown as BrowserWindow;
    const el = w.document.activeElement as (FieldEl & { textContent: string | null }) | null;
    if (!el) return { tag: '', name: '', text: '', ring: false };
    const st = w.getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      name: el.name ?? '',
      text: (el.textContent ?? '').trim(),
      ring: st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2,
    };
  });
}

/**
 * Waits (up to 5 s) until the focused element satisfies `ok`: the app moves focus after its
 * asynchronous work (a save, a reload of a list), so the check waits for it the way a screen-reader
 * user does, and fails naming what had the focus instead.
 */
async function expectFocus(page: Page, ok: (f: Awaited<ReturnType<typeof focused>>) => boolean, msg: string): Promise<void> {
  const until = Date.now() + 5_000;
  let f = await focused(page);
  while (!ok(f) && Date.now() < until) {
    await page.waitForTimeout(50);
    f = await focused(page);
  }
  expect(ok(f), `${msg} (focus is on <${f.tag}${f.name ? ` name="${f.name}"` : ''}> "${f.text.slice(0, 60)}")`);
}

/** Signs in with the keyboard only: Tab to the token field, type, Tab to the button, Enter. */
async function signInWithKeyboard(ctx: Ctx, s: Service, role: Role, sub: string): Promise<void> {
  const { page } = ctx;
  await page.goto(`${s.base}/`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.keyboard.press('Tab');
  const field = await focused(page);
  expect(
    field.tag === 'textarea' && field.name === 'token',
    `Tab from the heading reaches the token field (got ${field.tag} ${field.name})`,
  );
  expect(field.ring, 'the focused field shows a focus ring');
  await page.keyboard.insertText(s.token(role, sub));
  await page.keyboard.press('Tab');
  const button = await focused(page);
  expect(
    button.tag === 'button' && button.text === 'Sign in',
    `the next Tab reaches the Sign in button (got ${button.tag} "${button.text}")`,
  );
  expect(button.ring, 'the focused button shows a focus ring');
  await ctx.shot('sign-in-keyboard');
  await page.keyboard.press('Enter');
  await page.locator('#identity', { hasText: sub }).waitFor();
}

async function auditorFlow(ctx: Ctx, s: Service, seeded: Seeded): Promise<void> {
  const { page } = ctx;
  await signInWithKeyboard(ctx, s, 'auditor', `auditor-${ctx.vi}`);
  await page.getByRole('heading', { name: 'Retention dashboard' }).waitFor();
  const total = page.locator('[data-status="total"]');
  await total.waitFor();
  await eventually(
    async () => Number(await total.textContent()) === seeded.total,
    `the dashboard counts ${seeded.total} recordings (saw ${await total.textContent()})`,
  );
  await eventually(async () => (await page.locator('svg.chart rect.bar').count()) === 12, 'the chart has 12 monthly bars');
  await page.getByRole('heading', { name: 'Classification backlog' }).waitFor();
  await page.locator('table', { hasText: 'E2E-UNCLASSIFIED-1' }).first().waitFor();
  const dl = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download retention.csv' }).click();
  const csv = readFileSync(await (await dl).path(), 'utf8');
  expect(csv.includes(seeded.releasable), 'the retention CSV lists the recordings');
  await ctx.shot('dashboard');
  // The unit is picked from the known units, and each count opens its list (server-paged search), by keyboard.
  const unitPicker = page.getByLabel('Unit', { exact: true });
  await eventually(
    async () => (await unitPicker.evaluate((el: { tagName: string }) => el.tagName)) === 'SELECT',
    'the unit is picked from a list, not typed',
  );
  await eventually(
    async () => (await unitPicker.locator('option', { hasText: 'All units' }).count()) === 1,
    'the unit list offers all units',
  );
  await page.locator('a[data-report="eligible_for_destruction"]').focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Search recordings' }).waitFor();
  await eventually(
    async () => (await page.getByLabel('Retention status').inputValue()) === 'eligible_for_destruction',
    'the list opened is filtered by the status counted',
  );
  await page
    .getByText(/Recordings found|No recording matches/)
    .first()
    .waitFor();
  await ctx.shot('dashboard-list');
  await page.goBack();
  await page.getByRole('heading', { name: 'Retention dashboard' }).waitFor();

  // "Kept while a request is open" is counted apart from "kept indefinitely"; its list says what
  // keeps each recording in words (the overdue request keeps the open recording).
  const requestCard = page.locator('a[data-report="request-open"]');
  await eventually(
    async () => Number(await requestCard.locator('.n').textContent()) >= 1,
    'recordings kept while a request is open are counted',
  );
  await requestCard.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Search recordings' }).waitFor();
  await eventually(
    async () => (await page.getByLabel('Kept from destruction by').inputValue()) === 'RET-REQUEST-2Y',
    'the list is of what a request keeps',
  );
  const keptRow = page.locator('.results tbody tr', { hasText: seeded.releasable });
  await keptRow.waitFor();
  const keptText = (await keptRow.textContent()) ?? '';
  expect(
    keptText.includes('Kept while a request is open') && keptText.includes('kept by: a Sunshine request naming it'),
    `the row says in words what keeps the recording (got "${keptText}")`,
  );
  await eventually(
    async () => !/RET-/.test((await page.locator('.results tbody').textContent()) ?? ''),
    'no retention rule id in the list',
  );
  await ctx.shot('dashboard-request-open');
  await page.goBack();
  await page.getByRole('heading', { name: 'Retention dashboard' }).waitFor();

  // Each month of the chart opens that month's list (by keyboard).
  const bar = page.locator(`svg.chart a[data-month="${seeded.retainingMonth}"]`);
  await bar.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Search recordings' }).waitFor();
  await eventually(
    async () =>
      (await page.getByLabel('Retention ends from').inputValue()) === `${seeded.retainingMonth}-01` &&
      (await page.getByLabel('Retention status').inputValue()) === 'retain',
    "the month's list is of the recordings kept whose retention ends that month",
  );
  await page.locator('.results tbody tr', { hasText: seeded.retaining }).waitFor();
  await ctx.shot('dashboard-month-list');
  await page.goBack();
  await page.getByRole('heading', { name: 'Retention dashboard' }).waitFor();

  // "As of" a date counts the whole day, to its end in Central time: 85 days on, the non-evidentiary
  // recording whose 180 days end in 80 is eligible for destruction, on top of today's count.
  const eligibleNow = Number(await page.locator('[data-status="eligible_for_destruction"]').textContent());
  const later = new Date(Date.now() + 85 * 86_400_000);
  const laterDay = centralInput(later.toISOString()).slice(0, 10);
  await page.getByLabel('As of (date)').fill(laterDay);
  await page.getByRole('button', { name: 'Update' }).click();
  await page.waitForURL((u) => u.hash.includes(`asOf=${laterDay}`));
  const dayText = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Chicago', dateStyle: 'medium' }).format(later);
  await page.getByText(`As of ${dayText}, 11:59 PM`).waitFor();
  await eventually(
    async () => Number(await page.locator('[data-status="eligible_for_destruction"]').textContent()) >= eligibleNow + 1,
    `as of ${laterDay} the recording whose period has ended by then counts as eligible (today ${eligibleNow})`,
  );
  await ctx.shot('dashboard-as-of');

  await page.getByRole('link', { name: 'Audit trail' }).click();
  await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
  await page.locator('table tbody tr').first().waitFor();
  await page.getByLabel('User (sub)').fill('e2e-clerk');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.locator('table caption', { hasText: 'Audit entries' }).waitFor();
  await page.getByRole('button', { name: 'Verify the chain' }).click();
  await page.locator('#verify-result[data-ok="true"]').waitFor();
  await ctx.shot('audit-verified');
  // Who saw a recording: the start of its id in lower case finds the clerk's views of it, newest
  // first, each action in words (keyboard only: Enter in the field searches).
  await page.getByLabel('User (sub)').fill('');
  await s.api('clerk', 'GET', `/api/v1/recordings/${seeded.releasable}/eligibility`);
  const target = page.getByLabel('Record (recording, case or request id)');
  await target.fill(seeded.releasable.toLowerCase().slice(0, -1));
  await target.press('Enter');
  await page.locator('table caption', { hasText: 'newest first' }).waitFor();
  const clerkView = page
    .locator('tbody tr', { hasText: 'e2e-clerk' })
    .filter({ hasText: `Viewed the release decision for ${seeded.releasable}` });
  await clerkView.first().waitFor();
  await eventually(
    async () => (await page.locator('tbody', { hasText: 'GET /api/v1' }).count()) === 0,
    'no action is shown as an API path',
  );
  const seqs = (await page.locator('tbody tr td:first-child').allTextContents()).map((t) => Number(t.replace(/\D+/g, '')));
  expect(
    seqs.every((n, i) => i === 0 || n < (seqs[i - 1] ?? Infinity)),
    `entries are newest first (${seqs.slice(0, 5).join(', ')}…)`,
  );
  await ctx.shot('audit-who-saw');
}

/**
 * Search by keyboard alone (clerk): an id prefix typed in lower case finds the case recordings in
 * id order; dates the wrong way round are refused in the form's words; a search by officer and
 * category, newest first, is paged by the service ("Show more" continues at the first new row);
 * the search survives a reload (it is in the address); a result opens the release check.
 */
async function searchFlow(ctx: Ctx, s: Service, seeded: Seeded): Promise<void> {
  const { page } = ctx;
  await signInWithKeyboard(ctx, s, 'clerk', `search-clerk-${ctx.vi}`);
  await page.getByRole('heading', { name: 'Release check', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'Search', exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Search recordings', level: 1 }).waitFor();
  await expectFocus(page, (f) => f.tag === 'h1', 'focus starts at the heading');
  await page.keyboard.press('Tab');
  await expectFocus(page, (f) => f.name === 'idPrefix', 'Tab from the heading reaches the id prefix');
  await page.keyboard.insertText('e2e-case-');
  await page.keyboard.press('Enter');
  const rows = page.locator('.results table tbody tr');
  await page.locator('.results h2', { hasText: 'recording' }).waitFor();
  const ids = await rows.locator('th').allTextContents();
  const expected = seeded.cases.flatMap((c) => Array.from({ length: seeded.recordingsPerCase }, (_, i) => `${c}-R${i + 1}`));
  expect(
    JSON.stringify(ids) === JSON.stringify(expected),
    `a lower-case prefix finds the case recordings in id order (got ${ids.join(', ')})`,
  );
  await eventually(async () => (await page.getByLabel('Order').inputValue()) === 'id', 'the order switched to recording id for a prefix');
  await ctx.shot('search-prefix');

  // Dates the wrong way round: refused in the form's own words, focus on the field.
  await page.getByRole('button', { name: 'Clear' }).focus();
  await page.keyboard.press('Enter');
  await page.getByLabel('Recorded from').focus();
  await page.keyboard.type('03012026');
  await page.getByLabel('Recorded to').focus();
  await page.keyboard.type('02012026');
  await page.keyboard.press('Enter');
  const problem = page.locator('.form-problem [role="alert"]');
  await problem.waitFor();
  const text = (await problem.textContent()) ?? '';
  expect(text.includes('Recorded from: Must not be after'), `the refusal names the field by its label (got "${text}")`);
  expect(!/\/api\/|\b40\d\b|query\./.test(text), `the refusal shows no API path or HTTP code (got "${text}")`);
  await expectFocus(page, (f) => f.name === 'from', 'focus moves to the field in error');
  await ctx.shot('search-dates-refused');

  // Officer and category, newest first: more than a page, continued with "Show more".
  await page.getByRole('button', { name: 'Clear' }).click();
  await page.getByLabel('Officer id').focus();
  await page.keyboard.insertText('O-7002');
  await page.getByLabel('Category').selectOption('traffic');
  await page.getByLabel('Answer for a member of the public').selectOption('');
  await page.getByLabel('Order').selectOption('-recordedAt');
  await page.getByRole('button', { name: 'Search', exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.locator('.results h2', { hasText: '50 recordings so far' }).waitFor();
  await eventually(
    async () => (await rows.first().locator('th').textContent())?.trim() === 'E2E-BULK-01',
    'newest first starts with the most recent recording',
  );
  expect(page.url().includes('officerId=O-7002') && page.url().includes('sort=-recordedAt'), 'the search is kept in the address');
  await ctx.shot('search-page-1');
  await page.getByTestId('search-more').focus();
  await page.keyboard.press('Enter');
  await page.locator('.results h2', { hasText: `${seeded.bulk} recordings` }).waitFor();
  const focusedRow = await focused(page);
  expect(
    focusedRow.tag === 'a' && focusedRow.text === 'E2E-BULK-51',
    `focus continues at the first new row (got ${focusedRow.tag} ${focusedRow.text})`,
  );
  const all = await rows.locator('th').allTextContents();
  expect(new Set(all).size === seeded.bulk && all[seeded.bulk - 1] === `E2E-BULK-${seeded.bulk}`, 'every recording once, oldest last');
  await ctx.shot('search-page-2');

  // The address brings the same search back (a reload, a new tab, a link sent to a colleague).
  await page.reload();
  await page.locator('.results h2', { hasText: '50 recordings so far' }).waitFor();
  await eventually(async () => (await page.getByLabel('Officer id').inputValue()) === 'O-7002', 'the form is filled from the address');
  await page.getByRole('link', { name: 'E2E-BULK-01' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Decision for E2E-BULK-01' }).waitFor();
}

/**
 * "Add to request" from the search results (clerk): the request page leads to the search with its
 * number filled in; nothing ticked, then an unknown number, are refused in words next to the
 * field; two ticked results are added, and the request then answers them too.
 */
async function addToRequestFlow(ctx: Ctx, s: Service): Promise<void> {
  const { page } = ctx;
  const request = await s.api<{ number: string }>('clerk', 'POST', '/api/v1/requests', {
    receivedAt: new Date(Date.now() - 3_600_000).toISOString().replace('Z', '+00:00'),
    requester: { name: `Traffic Desk ${ctx.vi}`, kind: 'public' },
    recordingIds: ['E2E-OPEN-1'],
    description: 'Traffic stops by officer O-7002 last month',
  });
  await signInWithKeyboard(ctx, s, 'clerk', `add-clerk-${ctx.vi}`);
  await page.getByRole('heading', { name: 'Release check', level: 1 }).waitFor();
  await page.goto(`${s.base}/#/requests/${request.number}`);
  await page.getByRole('heading', { name: `Request ${request.number}` }).waitFor();
  await page.getByRole('link', { name: 'Find recordings on the search screen' }).click();
  await page.getByRole('heading', { name: 'Search recordings', level: 1 }).waitFor();
  const add = page.locator('form', { has: page.getByRole('heading', { name: 'Add to a request' }) });
  await eventually(async () => (await add.getByLabel('Request number').inputValue()) === request.number, 'the request number is filled in');

  // Nothing ticked: refused in words, nothing sent.
  await add.getByRole('button', { name: 'Add to request' }).click();
  await add.locator('.form-problem [role="alert"]', { hasText: 'Recordings: Tick at least one recording in the results.' }).waitFor();

  await page.getByLabel('Officer id').fill('O-7002');
  await page.getByLabel('Category').selectOption('traffic');
  await page.getByLabel('Order').selectOption('-recordedAt');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.locator('.results h2', { hasText: '50 recordings so far' }).waitFor();
  for (const id of ['E2E-BULK-01', 'E2E-BULK-02']) {
    await page.getByRole('checkbox', { name: `Select ${id}` }).focus();
    await page.keyboard.press('Space');
  }
  await add.locator('[data-testid="add-selected-count"]', { hasText: '2 recordings selected' }).waitFor();
  await ctx.shot('add-selected');

  // A number nobody was given: refused next to the field, in words.
  await add.getByLabel('Request number').fill('SR-1999-77777');
  await add.getByRole('button', { name: 'Add to request' }).click();
  const unknown = add.locator('.field-error', { hasText: 'No request has the number SR-1999-77777' });
  await unknown.waitFor();
  await expectFocus(page, (f) => f.name === 'request', 'focus moves to the request number');
  const problem = (await add.locator('.form-problem').textContent()) ?? '';
  expect(!/\/api\/|\b40\d\b|params\./.test(problem), `the refusal shows no API path or HTTP code (got "${problem}")`);
  await ctx.shot('add-unknown-request');

  await add.getByLabel('Request number').fill(request.number.toLowerCase());
  await add.getByRole('button', { name: 'Add to request' }).focus();
  await page.keyboard.press('Enter');
  const done = add.locator('[data-testid="added-to-request"]', { hasText: `Added 2 recordings to request ${request.number}` });
  await done.waitFor();
  await eventually(
    async () => ((await done.textContent()) ?? '').includes('3 recordings in its scope now'),
    'the request now has three recordings',
  );
  await ctx.shot('add-done');
  await done.getByRole('link', { name: `Open request ${request.number}` }).click();
  const recTable = page.locator('table', { hasText: 'for Member of the public' }).first();
  await recTable.locator('caption', { hasText: 'of 3 recordings' }).waitFor();
  for (const id of ['E2E-BULK-01', 'E2E-BULK-02'])
    await eventually(async () => (await recTable.locator('tbody tr', { hasText: id }).count()) === 1, `the request answers ${id}`);
  await ctx.shot('add-request-page');
}

/**
 * "No responsive records" is a valid answer (clerk): the only recording in scope is marked not
 * responsive, Respond says what it will send and asks first, and the letter says the department
 * holds no responsive records, signed by the custodian, with no internal id.
 */
async function noResponsiveFlow(ctx: Ctx, s: Service, seeded: Seeded): Promise<void> {
  const { page } = ctx;
  const request = await s.api<{ number: string }>('clerk', 'POST', '/api/v1/requests', {
    receivedAt: new Date(Date.now() - 3_600_000).toISOString().replace('Z', '+00:00'),
    requester: { name: `Night Desk ${ctx.vi}`, kind: 'public' },
    recordingIds: [seeded.releasable],
    description: 'Video of the fire on Troost Avenue',
  });
  await signInWithKeyboard(ctx, s, 'clerk', `none-clerk-${ctx.vi}`);
  await page.getByRole('heading', { name: 'Release check', level: 1 }).waitFor();
  await page.goto(`${s.base}/#/requests/${request.number}`);
  await page.getByRole('heading', { name: `Request ${request.number}` }).waitFor();
  const scope = page.locator('form', { has: page.getByRole('heading', { name: 'Mark not responsive' }) });
  await page.getByLabel(`Select ${seeded.releasable}`).check();
  await scope.getByLabel('Why they are not responsive').fill('Shows a traffic stop on Main Street, not the fire on Troost Avenue');
  await scope.getByRole('button', { name: 'Mark not responsive' }).click();
  await page.locator('.success', { hasText: '1 recording marked not responsive' }).waitFor();
  await page.getByRole('button', { name: 'Start review' }).click();
  await page.locator('.success', { hasText: 'in review' }).waitFor();
  await page.getByRole('button', { name: 'Respond now' }).click();
  await page.locator('.confirm', { hasText: 'No responsive records' }).waitFor();
  await ctx.shot('no-responsive-confirm');
  await page.getByRole('button', { name: 'Confirm and send the response' }).click();
  await page.locator('.success', { hasText: 'no responsive records' }).waitFor();
  await page.getByRole('button', { name: 'Show letter' }).click();
  const letter = page.locator('pre.letter');
  await letter.waitFor();
  const text = ((await letter.textContent()) ?? '').replace(/\s+/g, ' ');
  expect(text.includes('holds no records responsive to your request'), 'the letter says no responsive records are held');
  expect(
    text.includes('Sincerely, Custodian of Records') && text.includes(`Please quote request number ${request.number}.`),
    'the letter is signed by the custodian and says how to reach the unit',
  );
  expect(!/DEC-|Decision references|to confirm|\{number\}/.test(text), `the letter holds no internal id or placeholder (got "${text}")`);
  expect(!text.includes('Payment'), 'nothing is billed, so no payment is asked for');
  await ctx.shot('no-responsive-letter');
}

/** An instant as a Central-time value for <input type="datetime-local" step="1"> (YYYY-MM-DDTHH:mm:ss). */
function centralInput(iso: string): string {
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/Chicago',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const p = Object.fromEntries(fmt.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

/**
 * Point-in-time check (clerk, keyboard): a case recording's answer as known before the
 * prosecutor recorded the probation and the release order (its own case, changed by the seed,
 * so it needs no other flow to run first), beside today's, with the difference said in words;
 * a "known at" in the future is refused next to its field.
 */
async function pointInTimeFlow(ctx: Ctx, s: Service, seeded: Seeded): Promise<void> {
  const { page } = ctx;
  const id = `${seeded.pitCases[ctx.vi] ?? ''}-R1`;
  await signInWithKeyboard(ctx, s, 'clerk', `pit-clerk-${ctx.vi}`);
  await page.getByRole('heading', { name: 'Release check', level: 1 }).waitFor();
  await page.getByLabel('Recording id').focus();
  await page.keyboard.insertText(id);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: `Decision for ${id}` }).waitFor();
  await page.locator('summary', { hasText: 'Point in time' }).focus();
  await page.keyboard.press('Enter');
  await page.getByLabel('As known at (Central time)').fill(centralInput(new Date(Date.now() + 2 * 86_400_000).toISOString()));
  const problem = page.locator('form[aria-label="Requester"] .form-problem [role="alert"]');
  await problem.waitFor();
  await eventually(
    async () => ((await problem.textContent()) ?? '').includes('As known at (Central time): Must not be later than now'),
    'a future "known at" is refused in the form\'s words',
  );
  await expectFocus(page, (f) => f.name === 'knownAt', 'focus moves to the field in error');
  await ctx.shot('pit-future-refused');

  await page.getByLabel('As known at (Central time)').fill(centralInput(seeded.casesKnownAt));
  const diff = page.getByTestId('pit-diff');
  await diff.locator('h3', { hasText: "Differs from today's answer: rules fired" }).waitFor();
  await page.getByRole('heading', { name: new RegExp(`^Decision for ${id} on .*, as known at `) }).waitFor();
  // The prosecutor's release order (recorded after casesKnownAt) fires today, not then.
  const rules = diff.locator('tbody tr', { hasText: 'Rules fired' });
  await eventually(
    async () => ((await rules.locator('td[data-label="Today"]').textContent()) ?? '').includes('MO-ORDER-RELEASE'),
    'today the release order fires',
  );
  await eventually(
    async () => !((await rules.locator('td[data-label="Then"]').textContent()) ?? '').includes('MO-ORDER-RELEASE'),
    'as known then, no order had been recorded',
  );
  await eventually(
    async () => ((await rules.locator('td[data-label="Changed"]').textContent()) ?? '').includes('since then: MO-ORDER-RELEASE'),
    'the change is said in words',
  );
  await eventually(
    async () =>
      ((await diff.locator('tbody tr', { hasText: 'Answer' }).locator('td[data-label="Then"]').textContent()) ?? '').includes(
        'Needs legal review',
      ),
    'the answer then is shown',
  );
  await ctx.shot('pit-differs');
}

/**
 * Upcoming changes (auditor, keyboard): a window the wrong way round is refused in the form's
 * words; a recording unclassified for 10 days is listed 20 days ahead, with its reason in words.
 */
async function upcomingFlow(ctx: Ctx, s: Service): Promise<void> {
  const { page } = ctx;
  const inDays = (n: number) => centralInput(new Date(Date.now() + n * 86_400_000).toISOString()).slice(0, 10);
  await signInWithKeyboard(ctx, s, 'auditor', `upcoming-auditor-${ctx.vi}`);
  await page.getByRole('heading', { name: 'Retention dashboard' }).waitFor();
  // The landing screen has finished (its counts are in): a link followed earlier could be overridden by the landing route.
  await page.locator('[data-status="total"]').waitFor();
  await page.getByRole('link', { name: 'Upcoming changes' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Upcoming changes', level: 1 }).waitFor();
  await page.locator('.results h2, .results p.empty').first().waitFor();
  await expectFocus(page, (f) => f.tag === 'h1', 'focus starts at the heading');
  await page.getByLabel('From').fill(inDays(10));
  await page.getByLabel('To').fill(inDays(5));
  await page.getByRole('button', { name: 'Show changes' }).focus();
  await page.keyboard.press('Enter');
  const problem = page.locator('.form-problem [role="alert"]');
  await problem.waitFor();
  await eventually(
    async () => ((await problem.textContent()) ?? '').includes('To: Must not be before "From"'),
    'the refusal names the field by its label',
  );
  await expectFocus(page, (f) => f.name === 'to', 'focus moves to the field in error');
  await ctx.shot('upcoming-refused');
  // E2E-UNCLASSIFIED-RECENT, unclassified for 10 days, joins the classification backlog in 20.
  await page.getByLabel('From').fill(inDays(18));
  await page.getByLabel('To').fill(inDays(22));
  await page.getByRole('button', { name: 'Show changes' }).focus();
  await page.keyboard.press('Enter');
  const row = page.locator('.results tbody tr', { hasText: 'E2E-UNCLASSIFIED-RECENT' });
  await row.waitFor();
  await eventually(
    async () => ((await row.locator('td[data-label="Why"]').textContent()) ?? '').includes('Unclassified for 30 days'),
    'the reason is said in words',
  );
  expect(page.url().includes(`from=${inDays(18)}`), 'the window is kept in the address');
  await ctx.shot('upcoming-window');
  // The whole window as CSV, the reasons in words.
  const dl = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV (whole window)' }).click();
  const csv = readFileSync(await (await dl).path(), 'utf8');
  const lines = csv.split('\r\n').filter(Boolean);
  expect(lines[0]?.includes('changesOn,recordingId') === true, `the CSV has its header (got "${lines[0] ?? ''}")`);
  expect(
    lines.some((l) => l.includes('E2E-UNCLASSIFIED-RECENT') && l.includes('Unclassified for 30 days')),
    'the CSV lists the recording with its reason in words',
  );
}

/**
 * Legal holds by keyboard alone (auditor): a hold refused without its fields, a hold placed on a
 * case (the effect table shows its recordings become held), a release refused without a reason,
 * then released with one (the recordings leave the hold).
 */
async function holdsFlow(ctx: Ctx, s: Service, seeded: Seeded): Promise<void> {
  const { page } = ctx;
  const caseNumber = seeded.cases[ctx.vi] ?? '';
  await signInWithKeyboard(ctx, s, 'auditor', `holds-auditor-${ctx.vi}`);
  await page.getByRole('heading', { name: 'Retention dashboard' }).waitFor();
  // The landing screen has finished (its counts are in): a link followed earlier could be overridden by the landing route.
  await page.locator('[data-status="total"]').waitFor();
  await page.getByRole('link', { name: 'Holds' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Legal holds', level: 1 }).waitFor();
  await page.locator('table caption, p.empty').first().waitFor();
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Place a hold' }) });
  await form.getByRole('button', { name: 'Place hold' }).focus();
  await page.keyboard.press('Enter');
  const problem = form.locator('.form-problem [role="alert"]');
  await problem.waitFor();
  const text = (await problem.textContent()) ?? '';
  expect(
    text.includes('Case number: Required') && text.includes('Reason: Required') && text.includes('Authority: Required'),
    `the refusal names the fields by their labels (got "${text}")`,
  );
  expect(!/\/api\/|\b40\d\b|body\./.test(text), `the refusal shows no API path or HTTP code (got "${text}")`);
  await expectFocus(page, (f) => f.name === 'caseNumber', 'focus moves to the first field in error');
  await ctx.shot('hold-errors');

  await page.keyboard.insertText(caseNumber);
  await page.keyboard.press('Tab');
  await expectFocus(page, (f) => f.name === 'reason', 'Tab from the case number reaches the reason');
  await form.getByLabel('Reason', { exact: true }).selectOption('litigation');
  await page.keyboard.press('Tab');
  await page.keyboard.insertText(`Doe v. KCPD, 4:26-cv-00${ctx.vi + 1}`);
  await page.keyboard.press('Enter');
  const effect = page.locator('[data-testid="hold-effect"]');
  await effect.locator('h2', { hasText: 'placed' }).waitFor();
  await eventually(
    async () => (await effect.locator('tbody tr').count()) === seeded.recordingsPerCase,
    'the effect lists every recording of the case',
  );
  await eventually(
    async () => (await effect.locator('td[data-label="Now"]', { hasText: 'On legal hold' }).count()) === seeded.recordingsPerCase,
    'every covered recording is now on legal hold',
  );
  await expectFocus(page, (f) => f.tag === 'h2', 'focus moves to the effect heading');
  await ctx.shot('hold-placed');

  // Releasing without a reason is refused in the form's own words; with one, the recordings leave the hold.
  const release = page.getByRole('button', { name: `Release hold on Case ${caseNumber}` });
  await release.focus();
  await page.keyboard.press('Enter');
  const rel = page.locator('form', { has: page.getByRole('heading', { name: `Release the hold on Case ${caseNumber}` }) });
  await rel.getByRole('button', { name: 'Release hold' }).focus();
  await page.keyboard.press('Enter');
  await rel.locator('.form-problem [role="alert"]', { hasText: 'Reason for release: Required' }).waitFor();
  await expectFocus(page, (f) => f.name === 'reason', 'focus moves to the reason');
  await ctx.shot('hold-release-refused');
  await page.keyboard.insertText('The lawsuit was dismissed with prejudice.');
  await rel.getByRole('button', { name: 'Release hold' }).focus();
  await page.keyboard.press('Enter');
  await effect.locator('h2', { hasText: 'released' }).waitFor();
  await eventually(
    async () => (await effect.locator('td[data-label="Before"]', { hasText: 'On legal hold' }).count()) === seeded.recordingsPerCase,
    'before the release every recording was on legal hold',
  );
  await eventually(
    async () => (await effect.locator('td[data-label="Now"]', { hasText: 'On legal hold' }).count()) === 0,
    'after the release no recording is on legal hold',
  );
  await page.getByLabel('Show').selectOption('false');
  await page.getByRole('button', { name: 'Show holds' }).click();
  await page.locator('td', { hasText: `by holds-auditor-${ctx.vi}: The lawsuit was dismissed with prejudice.` }).waitFor();
  await ctx.shot('hold-released');
  // The auditor reads the destruction screen but is offered nothing to record.
  await page.getByRole('link', { name: 'Destruction' }).click();
  await page.getByRole('heading', { name: 'Destruction log' }).waitFor();
  await eventually(
    async () => (await page.getByRole('heading', { name: 'Record a destruction' }).count()) === 0,
    'an auditor is not offered to record a destruction',
  );
  await eventually(async () => (await page.getByRole('checkbox').count()) === 0, 'an auditor has no selection boxes');
}

/**
 * Destruction by keyboard alone (admin): nothing selected is refused in words; two eligible
 * recordings are selected, one of them is put on hold meanwhile (a preservation letter
 * arrives), so one destruction is recorded (a tombstone in the log) and the other refused
 * with the hold as its reason; then a closed record is released by a manual review (A17).
 */
async function destructionFlow(ctx: Ctx, s: Service): Promise<void> {
  const { page } = ctx;
  const v = ctx.vi + 1;
  await signInWithKeyboard(ctx, s, 'admin', `records-officer-${ctx.vi}`);
  // The admin lands on the request queue; following a link before it has rendered was overridden by the landing route.
  await page.getByRole('heading', { name: 'Request queue' }).waitFor();
  await page.getByRole('link', { name: 'Destruction' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Destruction', level: 1 }).waitFor();
  await page.getByLabel('Category').selectOption('non_evidentiary');
  await page.getByRole('button', { name: 'Show eligible recordings' }).focus();
  await page.keyboard.press('Enter');
  await page.locator('table', { hasText: `E2E-ELIG-${v}-2` }).waitFor();
  await eventually(
    async () =>
      (await page.locator('table', { hasText: 'Eligible for destruction now' }).locator('tbody tr', { hasText: 'E2E-OPEN-1' }).count()) ===
      0,
    'a recording still in its period is not listed',
  );

  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Record a destruction' }) });
  await form.getByRole('button', { name: 'Record destruction' }).focus();
  await page.keyboard.press('Enter');
  const problem = form.locator('.form-problem [role="alert"]');
  await problem.waitFor();
  const text = (await problem.textContent()) ?? '';
  expect(
    text.includes('Recordings: Tick recordings') && text.includes('Authority: Required'),
    `the refusal names what is missing in words (got "${text}")`,
  );
  await ctx.shot('destruction-errors');

  for (const id of [`E2E-ELIG-${v}-1`, `E2E-ELIG-${v}-2`]) {
    await page.getByRole('checkbox', { name: `Select ${id}` }).focus();
    await page.keyboard.press('Space');
  }
  await page.locator('[data-testid="selected-count"]', { hasText: '2 recordings selected' }).waitFor();
  // A preservation letter arrives while the list is open: the service must refuse that one.
  await s.api('auditor', 'POST', '/api/v1/holds', {
    recordingIds: [`E2E-ELIG-${v}-2`],
    reason: 'preservation_request',
    authority: 'Preservation letter from counsel',
  });
  await form.getByLabel('Authority').focus();
  await page.keyboard.insertText('Disposition list 2026-12');
  await page.keyboard.press('Enter');
  const result = page.locator('[data-testid="destruction-result"]');
  await result.locator('h2', { hasText: '1 destruction recorded, 1 refused' }).waitFor();
  const refusedRow = result.locator('tbody tr', { hasText: `E2E-ELIG-${v}-2` });
  await eventually(
    async () => ((await refusedRow.textContent()) ?? '').includes('legal hold'),
    'the refused recording says it is under a legal hold',
  );
  await eventually(async () => !/\b409\b|\/api\//.test((await result.textContent()) ?? ''), 'no HTTP code or API path in the result');
  await page
    .locator('table', { hasText: 'tombstones' })
    .locator('tbody tr', { hasText: `E2E-ELIG-${v}-1` })
    .waitFor();
  await ctx.shot('destruction-result');

  // A17: a closed record is kept until a manual review releases it to its schedule.
  const lookup = page.locator('form', { has: page.getByRole('heading', { name: 'Closed-record review' }) });
  await lookup.getByLabel('Recording id').focus();
  await page.keyboard.insertText(`E2E-CLOSED-${v}`);
  await page.keyboard.press('Enter');
  const review = page.locator('[data-testid="review-result"]');
  await review.getByText('Kept as a closed record').waitFor();
  const rf = review.locator('form');
  await rf.getByRole('button', { name: 'Record review' }).focus();
  await page.keyboard.press('Enter');
  await rf.locator('.form-problem', { hasText: 'Citation: Required' }).waitFor();
  await ctx.shot('review-errors');
  await rf.getByLabel('Authority').selectOption('rsmo_610_124');
  await rf.getByLabel('Citation').fill('RSMo 610.124 procedure, step 2 recorded 2026-10');
  await rf.getByLabel('Reason').fill('No litigation or request pending; closed criminal record past its schedule.');
  await rf.getByRole('button', { name: 'Record review' }).focus();
  await page.keyboard.press('Enter');
  await review.locator('h3', { hasText: 'Eligible for destruction' }).waitFor();
  await review.getByText('RSMo 610.124 procedure, step 2 recorded 2026-10').waitFor();
  await ctx.shot('review-recorded');
}

/**
 * Sessions (development mode, keyboard only): the end of a short token is announced ahead, a link
 * opened in a new tab is signed in, and a half-filled form survives the session ending: the save is
 * refused, the sign-in page says why, and signing in again returns to the form with the entries back.
 */
async function sessionFlow(ctx: Ctx, s: Service): Promise<void> {
  const { page } = ctx;
  const sub = `session-clerk-${ctx.vi}`;
  // A token with four minutes left: the warning (five minutes ahead) shows at once, in words.
  await page.goto(`${s.base}/`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Access token').fill(s.token('clerk', sub, 240));
  await page.getByLabel('Access token').press('Tab');
  await page.keyboard.press('Enter');
  await page.locator('#identity', { hasText: sub }).waitFor();
  const warning = page.getByRole('region', { name: 'Session expiry' });
  await warning.getByText(/Your session ends at .*in about (4|5) minutes/).waitFor();
  await eventually(
    async () => (await warning.getByRole('button', { name: 'Stay signed in' }).count()) === 0,
    'a pasted token cannot be extended, so no "Stay signed in" is offered',
  );
  // The landing screen renders after the warning: the shot (and its axe scan) waits for its heading.
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await ctx.shot('session-warning');

  // A link opened in a new tab is signed in (same browser).
  const tab = await page.context().newPage();
  await tab.goto(`${s.base}/#/requests`);
  await tab.locator('#identity', { hasText: sub }).waitFor();
  await tab.getByRole('heading', { name: 'Request queue' }).waitFor();
  await tab.close();

  // A half-filled request, then the session ends (the token the browser holds is refused).
  await page.evaluate(() => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = '#/requests/new';
  });
  await page.getByRole('heading', { name: 'New request' }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill('Half-typed Reporter');
  await page.getByLabel('Description').fill('All footage from the traffic stop at 12th and Main');
  await page.evaluate(
    (t) => {
      (globalThis as unknown as BrowserWindow).localStorage.setItem('frrm.token', t);
    },
    s.token('clerk', sub, -60),
  );
  await page.getByLabel('Description').focus();
  await page.keyboard.press('Tab');
  await page.getByRole('button', { name: 'Log request' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.locator('.notice', { hasText: 'you will come back to the screen you were on' }).waitFor();
  await ctx.shot('session-ended');
  await page.keyboard.press('Tab');
  await page.keyboard.insertText(s.token('clerk', sub));
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'New request' }).waitFor();
  await page.locator('#draft-restored').waitFor();
  await eventually(
    async () => (await page.getByLabel('Name', { exact: true }).inputValue()) === 'Half-typed Reporter',
    'the name typed before signing in again is back',
  );
  await eventually(
    async () => (await page.getByLabel('Description').inputValue()).includes('12th and Main'),
    'the description typed before signing in again is back',
  );
  await eventually(async () => await warning.isHidden(), 'no warning with a fresh four-hour token');
  await ctx.shot('session-form-restored');
}

/**
 * A receipt time (Central, to the minute, in the past) at which a request is due soon as the
 * request queue reckons it (within REVIEW_DUE_SOON_BUSINESS_DAYS, default 1, business days of its
 * due date) while its due date is still at least `marginMs` away, by the rules' own clock. Between
 * about ten minutes before close of business and close itself no receipt gives both: it waits.
 */
async function dueSoonReceipt(marginMs: number): Promise<{ input: string; dueBy: Date }> {
  const rules = loadRules();
  for (let attempt = 0; attempt < 20; attempt++) {
    const now = DateTime.now().setZone(rules.holidays.zone).startOf('minute');
    for (let daysAgo = 1; daysAgo <= 12; daysAgo++) {
      const received = now.minus({ days: daysAgo });
      const { dueBy } = sunshineDueDate(rules, received);
      const soonFrom = addBusinessDays(rules.holidays, DateTime.fromJSDate(dueBy), -1);
      if (dueBy.getTime() > Date.now() + marginMs && soonFrom.toMillis() <= Date.now())
        return { input: received.toFormat("yyyy-MM-dd'T'HH:mm"), dueBy };
    }
    await new Promise((r) => setTimeout(r, 60_000));
  }
  throw new Check('no receipt time gives a request due soon but not yet due');
}

/**
 * Issue 16 end to end, through the screens: a press request for the recordings of a case whose
 * defendants had a mixed outcome → the request page says which recordings wait and who must act,
 * and the queue flags it due soon → the review queue lists the case under counsel's question →
 * counsel (keyboard) records a determination from the item's pre-filled link, the citation
 * required → the clerk answers in part before the due date (releases what is decided, delays the
 * recording still waiting for its content review, with the earliest date) → the letter cites
 * counsel's determination (citation and public statement, never the internal reasoning).
 */
async function reviewFlow(ctx: Ctx, s: Service, seeded: Seeded): Promise<void> {
  const { page } = ctx;
  const caseNumber = seeded.mixedCases[ctx.vi] ?? '';
  const [r1, r2] = [`${caseNumber}-R1`, `${caseNumber}-R2`];
  const receipt = await dueSoonReceipt(15 * 60_000);

  // The clerk logs the newspaper's request for the case's recordings, received two or three business days ago.
  await signIn(ctx, s, 'clerk', `review-clerk-${ctx.vi}`);
  await page.getByRole('heading', { name: 'Release check', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'Requests' }).click();
  await page.getByRole('heading', { name: 'Request queue' }).waitFor();
  await page.getByRole('link', { name: 'New request' }).click();
  await page.getByRole('heading', { name: 'New request' }).waitFor();
  await page.getByLabel('Received by KCPD at (Central time)').fill(receipt.input);
  await page.getByLabel('Name', { exact: true }).fill(`The Kansas City Star newsroom ${ctx.vi}`);
  await page.getByLabel('Kind of requester').selectOption('public');
  await page.getByLabel('Contact (email, phone or address)').fill('metro@kcstar.example');
  await page.getByLabel('Case number').fill(caseNumber);
  await page.getByRole('button', { name: 'Log request' }).click();
  const title = page.getByRole('heading', { name: /^Request SR-\d{4}-\d{5}$/ });
  await title.waitFor();
  const requestNumber = ((await title.textContent()) ?? '').replace('Request ', '');

  // Which recordings wait for review, under which question, and who must act: counsel for the
  // case's mixed outcome, the clerk for the content review of the one nobody has reviewed yet.
  const wait = page.getByTestId('review-wait');
  await wait.getByRole('heading', { name: '2 recordings waiting for legal review' }).waitFor();
  await wait.locator('li', { hasText: `Case ${caseNumber}` }).waitFor();
  const caseLine = wait.locator('li', { hasText: `Case ${caseNumber}` });
  await eventually(async () => (await caseLine.getByText('mixed outcome').count()) > 0, 'the case waits under the mixed-outcome question');
  await eventually(
    async () => (await caseLine.locator('strong', { hasText: 'Counsel' }).count()) === 1,
    'the case line says counsel must act',
  );
  const r2Line = wait.locator('li', { hasText: `Recording ${r2}` });
  await eventually(
    async () => (await r2Line.locator('strong', { hasText: 'Clerk' }).count()) === 1,
    'the unreviewed recording says the clerk must act',
  );
  await eventually(
    async () => (await wait.getByText('Due soon.').count()) === 1,
    'the request page says the request is due soon while they wait',
  );
  await ctx.shot('review-request-waits');

  // The request queue flags it: due soon, with recordings in review.
  await page.getByRole('link', { name: 'Back to the queue' }).click();
  const row = page.locator('tr', { has: page.getByRole('link', { name: requestNumber }) });
  await row.waitFor();
  await row.getByTestId('review-due-soon').filter({ hasText: 'Due soon, 2 recordings in review' }).waitFor();
  await ctx.shot('review-request-queue');

  // Counsel signs in (home: the review queue), filters by the request with the keyboard, and
  // finds the case under counsel's question.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(ctx, s, 'counsel', `review-counsel-${ctx.vi}`);
  await page.getByRole('heading', { name: 'Review queue', level: 1 }).waitFor();
  const filter = page.locator('form', { has: page.getByRole('heading', { name: 'Filter the queue' }) });
  await filter.getByLabel('Request', { exact: true }).focus();
  await page.keyboard.insertText(requestNumber);
  await page.keyboard.press('Enter');
  const group = page.locator('section.review-group[data-question="case-mixed-outcome"]');
  await group.waitFor();
  await eventually(async () => (await group.getByText('Answered by counsel').count()) === 1, 'the group says counsel answers it');
  const item = group.locator('li.review-item', { hasText: `Case ${caseNumber}` });
  await item.waitFor();
  await eventually(
    async () => (await item.getByRole('link', { name: requestNumber }).count()) === 1,
    'the item names the request that waits for it',
  );
  await ctx.shot('review-queue-counsel');
  await item.getByRole('link', { name: 'Answer it' }).focus();
  await page.keyboard.press('Enter');

  // The form is pre-filled from the question: the case, the fact it answers, the public.
  await page.getByRole('heading', { name: 'Record a determination', level: 1 }).waitFor();
  await eventually(async () => (await page.getByLabel('Case number').inputValue()) === caseNumber, 'the case is filled in');
  await eventually(
    async () => (await page.getByLabel('Questions it answers').inputValue()) === `cases.${caseNumber}.disposition.mixed`,
    'the fact it answers is filled in',
  );
  await eventually(async () => await page.getByLabel('Member of the public').isChecked(), 'it covers the public (the press) by default');
  await page.getByLabel('Outcome').selectOption('release');
  await page
    .getByLabel('Public statement')
    .fill('The investigation is inactive as to these recordings; the portions closed under RSMo 610.105 are redacted.');
  await page.getByLabel('Reasoning (internal)').fill('Internal note: the second defendant’s conviction is final; redact the first.');
  // Without a citation it is not saved, and the field says why.
  await page.getByRole('button', { name: 'Record determination' }).focus();
  await page.keyboard.press('Enter');
  await page.locator('.field:has(input[name="citation"]) .field-error', { hasText: 'the provision relied on' }).waitFor();
  await ctx.shot('review-determination-citation-required');
  await page.getByLabel('Citation').fill('RSMo 610.100.1(3)(c); RSMo 610.105');
  await page.getByRole('button', { name: 'Record determination' }).focus();
  await page.keyboard.press('Enter');
  const detTitle = page.getByRole('heading', { name: /^Determination CD-\d{4}-\d{5}$/ });
  await detTitle.waitFor();
  const determination = ((await detTitle.textContent()) ?? '').replace('Determination ', '');
  await ctx.shot('review-determination');

  // The clerk again: the case's first recording is decided now (counsel's release); the second
  // still waits for its content review, so the clerk answers in part before the due date.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(ctx, s, 'clerk', `review-clerk-${ctx.vi}`);
  await page.goto(`${s.base}/#/requests/${requestNumber}`);
  await title.waitFor();
  // The request keeps the answers it was decided with; starting the review decides every recording again.
  await page.getByRole('button', { name: 'Start review' }).click();
  await page.locator('.success', { hasText: 'in review' }).waitFor();
  await wait.getByRole('heading', { name: '1 recording waiting for legal review' }).waitFor();
  await wait.locator('li', { hasText: `Recording ${r2}` }).waitFor();
  await eventually(
    async () => (await wait.locator('li', { hasText: `Case ${caseNumber}` }).count()) === 0,
    "counsel's answer took the case out of the wait",
  );
  const recTable = page.locator('table', { hasText: 'for Member of the public' }).first();
  await recTable
    .locator('tbody tr', { hasText: r1 })
    .getByText(/May be released/)
    .waitFor();
  const partial = page.locator('form', { has: page.getByRole('heading', { name: 'Partial response' }) });
  await partial
    .getByLabel('Why the rest cannot be answered yet')
    .fill(`Recording ${r2} has not yet been reviewed for its content (victims, minors, protected material); the review is under way.`);
  const rest = new Date(Date.now() + 7 * 86_400_000);
  await partial.getByLabel('Rest available from (Central time)').fill(`${centralInput(rest.toISOString()).slice(0, 10)}T12:00`);
  await partial.getByRole('button', { name: 'Send partial response' }).focus();
  await page.keyboard.press('Enter');
  await page.locator('.success', { hasText: 'answered in part' }).waitFor();
  const answeredAt = Date.now();
  expect(answeredAt < receipt.dueBy.getTime(), `answered before the due date (${receipt.dueBy.toISOString()})`);
  await ctx.shot('review-partial-response');

  // The letter cites counsel's determination by its public parts, and delays the rest with its date.
  await page.getByRole('button', { name: 'Show letter' }).click();
  const letter = page.locator('pre.letter');
  await letter.waitFor();
  const text = ((await letter.textContent()) ?? '').replace(/\s+/g, ' ');
  expect(text.includes('RSMo 610.100.1(3)(c); RSMo 610.105'), `the letter cites counsel's citation (got "${text.slice(0, 400)}…")`);
  expect(text.includes('The investigation is inactive as to these recordings'), "the letter gives counsel's public statement");
  expect(!text.includes('Internal note'), "the letter never carries counsel's internal reasoning");
  expect(!text.includes(determination), 'the letter holds no internal determination number');
  expect(text.includes(r2) && /610\.023\.3/.test(text), 'the letter delays the recording still in review, citing 610.023.3');
  await ctx.shot('review-letter');
}

/** An identity provider redirects to /#access_token=…: the app keeps it and clears the address bar. */
async function identityProviderRedirect(ctx: Ctx, s: Service): Promise<void> {
  const { page } = ctx;
  await page.goto(`${s.base}/#access_token=${s.token('clerk', 'idp-user')}`);
  await page.locator('#identity', { hasText: 'idp-user' }).waitFor();
  await page.getByRole('heading', { name: 'Release check', level: 1 }).waitFor();
  expect(!page.url().includes('access_token'), `the token is removed from the address bar (${page.url()})`);
  await ctx.shot('idp-redirect');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  // A refused token from the identity provider is reported on the sign-in page.
  await page.goto(`${s.base}/?again=1#access_token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad`);
  await page.locator('.notice', { hasText: 'was refused' }).waitFor();
  await ctx.shot('idp-refused');
}

/** The staff member each role signs in as at the test identity provider (the login's first word picks the directory group). */
const OIDC_HOME: Array<[Role, string]> = [
  ['clerk', 'Release check'],
  ['prosecutor', 'Cases'],
  ['auditor', 'Retention dashboard'],
];

/** Screenshot of a page that is not the app's (the identity provider's own pages are not ours to check). */
async function rawShot(ctx: Ctx, name: string): Promise<void> {
  await ctx.page.screenshot({ path: path.join(SHOTS, ctx.vp.name, `oidc-${name}.png`), fullPage: true });
}

/** At the provider's own sign-in page: any password works; the login decides the groups. */
async function providerLogin(ctx: Ctx, op: TestProvider, login: string): Promise<void> {
  const { page } = ctx;
  await page.waitForURL((u) => u.href.startsWith(op.issuer));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await rawShot(ctx, `${login}-provider-login`);
  await page.getByRole('button', { name: 'Sign-in' }).click();
}

/**
 * Sign-in through the identity provider as each role, in the browser: the app offers no token
 * field, the provider's page signs the person in, the app opens the role's home screen with only
 * an HttpOnly cookie (nothing readable by script), and sign-out ends the session here and at the provider.
 */
async function oidcRoleFlow(ctx: Ctx, s: Service, op: TestProvider, role: Role, home: string): Promise<void> {
  const { page } = ctx;
  const login = `${role}-e2e-${ctx.vi}`;
  await page.goto(`${s.base}/`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await eventually(async () => (await page.getByLabel('Access token').count()) === 0, 'no token field when OpenID Connect is configured');
  await eventually(
    async () => (await page.locator('.dev-mode').count()) === 0,
    'no development-mode label when OpenID Connect is configured',
  );
  await ctx.shot(`${role}-signin`);
  await page.getByRole('link', { name: 'Sign in with your department account' }).click();
  await providerLogin(ctx, op, login);
  await page.waitForURL((u) => u.href.startsWith(s.base));
  await page.getByRole('heading', { name: home, level: 1 }).first().waitFor();
  await page.locator('#identity', { hasText: login }).waitFor();
  await page.locator('#identity', { hasText: role }).waitFor();
  const visible = await page.evaluate(() => {
    const w = globalThis as unknown as { document: { cookie: string }; sessionStorage: { length: number } };
    return { cookie: w.document.cookie, stored: w.sessionStorage.length };
  });
  expect(!visible.cookie.includes('frrm_session'), `the session cookie is not readable by script (document.cookie: ${visible.cookie})`);
  expect(visible.stored === 0, 'nothing is kept in sessionStorage');
  await ctx.shot(`${role}-home`);
  // The cookie alone does not make a state change: a POST without the session's CSRF token is refused.
  const forged = await page.evaluate(
    async () =>
      (await fetch('/api/v1/eligibility', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status,
  );
  expect(forged === 403, `a POST with the cookie but no CSRF token is refused (got ${forged})`);
  // A new tab of the same browser is signed in too (the cookie, not per-tab storage).
  const other = await page.context().newPage();
  await other.goto(`${s.base}/`);
  await other.locator('#identity', { hasText: login }).waitFor();
  await other.close();

  // Sign-out (a POST with the CSRF token), then the provider's logout page, then back to sign-in.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((u) => u.href.startsWith(op.issuer));
  await rawShot(ctx, `${role}-provider-logout`);
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await page.waitForURL((u) => u.href.startsWith(s.base));
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  const after = await page.evaluate(async () => (await fetch('/api/v1/whoami')).status);
  expect(after === 401, `the session is revoked after sign-out (whoami answered ${after})`);
  await ctx.shot(`${role}-signed-out`);
}

/** The OpenID Connect service's idle timeout in this run: short, so that the idle flow sees a session end. */
const OIDC_IDLE_SECONDS = 60;

/**
 * Idle expiry through the identity provider (clerk): the app announces the end before it comes and
 * offers "Stay signed in", which keeps the session; left alone, the session ends, the app says so on
 * the sign-in page, the service refuses the cookie, and the audit trail records the expiry with the
 * provider's subject.
 */
async function oidcIdleFlow(ctx: Ctx, s: Service, op: TestProvider): Promise<void> {
  const { page } = ctx;
  const login = `clerk-idle-${ctx.vi}`;
  await page.goto(`${s.base}/`);
  await page.getByRole('link', { name: 'Sign in with your department account' }).click();
  await providerLogin(ctx, op, login);
  await page.waitForURL((u) => u.href.startsWith(s.base));
  await page.locator('#identity', { hasText: login }).waitFor();
  // Announced before it happens (a third of a short idle time ahead), with a way to stay.
  const warning = page.getByRole('region', { name: 'Session expiry' });
  const stay = warning.getByRole('button', { name: 'Stay signed in' });
  await stay.waitFor({ timeout: OIDC_IDLE_SECONDS * 1000 });
  await eventually(
    async () => /Your session ends in about a minute/.test((await warning.textContent()) ?? ''),
    'the warning says when the session ends, in words',
  );
  await ctx.shot('oidc-idle-warning');
  await stay.click();
  await warning.getByText('Your session ends').waitFor({ state: 'detached' });
  const session = async () =>
    page.evaluate(async () => (await (await fetch('/auth/session')).json()) as { signedIn: boolean; sub: string | null });
  expect((await session()).signedIn, '"Stay signed in" keeps the session');
  // That check was a use too: the service's idle time runs from here (each call asking it restarts it).
  const lastUse = Date.now();
  // Left alone: the warning comes back, then the sign-in page says the session ended.
  await page
    .locator('.notice', { hasText: 'Your session has ended (signed out, or unused for too long)' })
    .waitFor({ timeout: 2 * OIDC_IDLE_SECONDS * 1000 });
  await ctx.shot('oidc-idle-ended');
  // The service itself refuses the cookie once its idle time has run from the last use (asked once, since asking is a use).
  await page.waitForTimeout(Math.max(0, lastUse + (OIDC_IDLE_SECONDS + 2) * 1000 - Date.now()));
  expect(!(await session()).signedIn, 'the service ends the idle session');
  const audit = await s.api<{ items: Array<{ actor: { sub: string }; outcome: { code: string | null } }> }>(
    'auditor',
    'GET',
    `/api/v1/audit?action=${encodeURIComponent('session expired')}&limit=100`,
  );
  expect(
    audit.items.some((e) => e.actor.sub === login && e.outcome.code === 'SESSION_IDLE_TIMEOUT'),
    'the audit trail records the idle expiry with the subject from the provider',
  );
}

/** Someone the provider signs in whose groups map to no role: a clear page, and no access. */
async function oidcNoRoleFlow(ctx: Ctx, s: Service, op: TestProvider): Promise<void> {
  const { page } = ctx;
  await page.goto(`${s.base}/`);
  await page.getByRole('link', { name: 'Sign in with your department account' }).click();
  await providerLogin(ctx, op, 'visitor-e2e');
  await page.getByRole('heading', { name: 'No access: your account has no role in this service' }).waitFor();
  await eventually(async () => (await page.locator('#nav a').count()) === 0, 'no navigation without a role');
  const status = await page.evaluate(async () => (await fetch('/api/v1/whoami')).status);
  expect(status === 401, `no session without a role (whoami answered ${status})`);
  await ctx.shot('no-role');
  // A tampered answer from the provider (state changed) is refused with a message in words.
  await page.goto(`${s.base}/auth/callback?code=forged&state=forged`);
  await page.locator('.problem', { hasText: 'Sign-in did not complete' }).waitFor();
  await ctx.shot('sign-in-refused');
}

/**
 * Every screen the router offers a role (the links of its navigation, so a screen added to the
 * router is scanned as soon as it is offered), opened by its link, loaded, checked and scanned
 * with axe-core like every other screen.
 */
async function screensFlow(ctx: Ctx, s: Service, role: Role): Promise<void> {
  const { page } = ctx;
  await page.goto(`${s.base}/`);
  await page.evaluate(
    ([t, r]) => {
      const store = (globalThis as unknown as BrowserWindow).localStorage;
      store.setItem('frrm.token', t ?? '');
      store.setItem('frrm.role', r ?? '');
    },
    [s.token(role, `screens-${role}-${ctx.vi}`), role],
  );
  await page.goto(`${s.base}/?screens=${role}`);
  await page.locator('#nav a').first().waitFor();
  const links = await page.locator('#nav a').evaluateAll((as) => as.map((a) => (a as unknown as El).getAttribute('href') ?? ''));
  expect(links.length > 0, `the ${role} is offered screens`);
  for (const href of links) {
    await page.locator(`#nav a[href="${href}"]`).click();
    await page.locator(`#nav a[href="${href}"][aria-current="page"]`).waitFor();
    await page.locator('main h1').first().waitFor();
    await page.waitForFunction(() => {
      const d = (globalThis as unknown as BrowserWindow).document;
      return d.querySelectorAll('main .loading').length === 0;
    });
    await ctx.shot(href.replace(/[^a-z]+/g, '-').replace(/^-|-$/g, ''));
  }
}

/** Each role's home screen at 640×400 CSS pixels: what a 1280×800 screen shows at 200% zoom. */
async function zoomPass(ctx: Ctx, s: Service, seeded: Seeded): Promise<void> {
  const { page } = ctx;
  const screens: Array<[Role, string, string]> = [
    ['clerk', '#/release/E2E-OPEN-1', 'May be released'],
    ['clerk', '#/requests', 'Request queue'],
    // A request page: its recording table (stacked at this width), scope forms and confirmations.
    ['clerk', `#/requests/${seeded.overdueRequest}`, 'Export and attach to the request'],
    ['prosecutor', '#/cases/E2E-CASE-1', 'Case E2E-CASE-1'],
    ['auditor', '#/retention', 'Becoming eligible'],
    ['auditor', '#/audit', 'Audit trail'],
    ['auditor', '#/holds', 'Place a hold'],
    ['auditor', '#/destruction', 'Destruction log'],
    ['admin', '#/destruction', 'Record a destruction'],
    ['clerk', '#/search?officerId=O-7002&sort=-recordedAt', '50 recordings so far'],
    ['auditor', '#/upcoming', 'Changes by date'],
    ['clerk', `#/release/E2E-OPEN-1?asOf=${centralInput(new Date(Date.now() - 86_400_000).toISOString())}`, 'Same answer as today'],
  ];
  for (const [i, [role, hash, text]] of screens.entries()) {
    await page.goto(`${s.base}/`);
    await page.evaluate(
      ([t, r]) => {
        const store = (globalThis as unknown as BrowserWindow).localStorage;
        store.setItem('frrm.token', t ?? '');
        store.setItem('frrm.role', r ?? '');
      },
      [s.token(role, `zoom-${role}`), role],
    );
    // A different query string makes this a full load, not a same-document hash change.
    await page.goto(`${s.base}/?screen=${i}${hash}`);
    await page.getByText(text).first().waitFor();
    await page.waitForLoadState('networkidle');
    await ctx.shot(`${role}-${hash.replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '')}`);
  }
}

async function main(): Promise<number> {
  let passed = 0;
  let failed = 0;
  const started = Date.now();
  let service: Service | null = null;
  let oidcService: Service | null = null;
  let op: TestProvider | null = null;
  let browser: Browser | null = null;
  try {
    for (const vp of [...VIEWPORTS, ZOOM]) rmSync(path.join(SHOTS, vp.name), { recursive: true, force: true });
    service = await startService();
    console.log(`e2e: service on ${service.base}`);
    const seeded = await seed(service, VIEWPORTS.length);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const flows: Array<[string, (ctx: Ctx, s: Service, d: Seeded) => Promise<void>]> = [
      ['clerk', clerkFlow],
      ['prosecutor', prosecutorFlow],
      ['auditor', auditorFlow],
      ['holds', holdsFlow],
      ['destruction', (ctx, svc) => destructionFlow(ctx, svc)],
      ['search', searchFlow],
      ['point-in-time', pointInTimeFlow],
      ['add-to-request', (ctx, svc) => addToRequestFlow(ctx, svc)],
      ['no-responsive', noResponsiveFlow],
      ['upcoming', (ctx, svc) => upcomingFlow(ctx, svc)],
      ['review-flow', reviewFlow],
    ];
    const runs: Array<{ name: string; vp: Viewport; vi: number; fn: (ctx: Ctx) => Promise<void> }> = [];
    VIEWPORTS.forEach((vp, vi) => {
      for (const [role, fn] of flows) runs.push({ name: role, vp, vi, fn: (ctx) => fn(ctx, service as Service, seeded) });
    });
    runs.push({
      name: 'idp-redirect',
      vp: VIEWPORTS[0] as Viewport,
      vi: 0,
      fn: (ctx) => identityProviderRedirect(ctx, service as Service),
    });
    VIEWPORTS.forEach((vp, vi) => runs.push({ name: 'session', vp, vi, fn: (ctx) => sessionFlow(ctx, service as Service) }));
    runs.push({ name: 'session', vp: ZOOM, vi: 2, fn: (ctx) => sessionFlow(ctx, service as Service) });
    runs.push({ name: 'zoom-200', vp: ZOOM, vi: 0, fn: (ctx) => zoomPass(ctx, service as Service, seeded) });
    // Every screen of the router, for each role, at both viewports (axe-core scans each).
    VIEWPORTS.forEach((vp, vi) => {
      for (const role of ['clerk', 'prosecutor', 'auditor', 'admin'] as const)
        runs.push({ name: `screens-${role}`, vp, vi, fn: (ctx) => screensFlow(ctx, service as Service, role) });
    });
    // The same app with OpenID Connect configured, against a real provider on loopback (second service, own database).
    const oidcPort = await freePort();
    const origin = `http://127.0.0.1:${oidcPort}`;
    op = await startTestProvider({ redirectUri: `${origin}/auth/callback`, postLogoutRedirectUri: `${origin}/` });
    oidcService = await startService({
      port: oidcPort,
      env: {
        OIDC_ISSUER: op.issuer,
        OIDC_CLIENT_ID: TEST_CLIENT_ID,
        OIDC_CLIENT_SECRET: TEST_CLIENT_SECRET,
        OIDC_REDIRECT_URI: `${origin}/auth/callback`,
        OIDC_SCOPES: 'openid profile email groups',
        ROLE_CLAIM: 'groups',
        ROLE_MAP: TEST_ROLE_MAP,
        SESSION_IDLE_TIMEOUT_SECONDS: String(OIDC_IDLE_SECONDS),
      },
    });
    console.log(`e2e: OpenID Connect service on ${oidcService.base}, provider ${op.issuer}`);
    const oidc = oidcService;
    const provider = op;
    VIEWPORTS.forEach((vp, vi) => {
      for (const [role, home] of OIDC_HOME)
        runs.push({ name: `oidc-${role}`, vp, vi, fn: (ctx) => oidcRoleFlow(ctx, oidc, provider, role, home) });
    });
    runs.push({ name: 'oidc-no-role', vp: VIEWPORTS[0] as Viewport, vi: 0, fn: (ctx) => oidcNoRoleFlow(ctx, oidc, provider) });
    runs.push({ name: 'oidc-idle', vp: VIEWPORTS[1] as Viewport, vi: 1, fn: (ctx) => oidcIdleFlow(ctx, oidc, provider) });
    // E2E_ONLY=clerk,zoom-200 runs only the flows whose names start with one of those words (while iterating).
    const only = (process.env.E2E_ONLY ?? '').split(',').filter(Boolean);
    for (const run of runs) {
      if (only.length && !only.some((o) => run.name.startsWith(o))) continue;
      const { ctx, context } = await newCtx(browser, run.vp, run.vi, run.name);
      const t0 = Date.now();
      try {
        await run.fn(ctx);
        expect(ctx.errors.length === 0, `script errors: ${ctx.errors.join(' | ')}`);
        expect(ctx.axe.length === 0, `${ctx.axe.length} accessibility violations (axe-core), listed below`);
        passed += 1;
        console.log(`  ✔ ${run.name} @ ${run.vp.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      } catch (e) {
        failed += 1;
        console.log(`  ✘ ${run.name} @ ${run.vp.name}: ${(e as Error).message.split('\n').slice(0, 6).join('\n    ')}`);
        if (ctx.errors.length) console.log(`    page errors: ${ctx.errors.join(' | ')}`);
        if (ctx.axe.length) console.log(`    axe: ${ctx.axe.join('\n    axe: ')}`);
        await ctx.page.screenshot({ path: path.join(SHOTS, run.vp.name, `${run.name}-FAILED.png`), fullPage: true }).catch(() => undefined);
      } finally {
        await context.close();
      }
    }
  } catch (e) {
    failed += 1;
    console.log(`  ✘ setup: ${(e as Error).message}`);
  } finally {
    await browser?.close().catch(() => undefined);
    await service?.stop().catch(() => undefined);
    await oidcService?.stop().catch(() => undefined);
    await op?.stop().catch(() => undefined);
  }
  console.log(`e2e: axe-core scanned ${axeScans} screens: ${AXE_SEEN.size === 0 ? 'no violations' : `${AXE_SEEN.size} rules violated`}`);
  for (const [id, v] of AXE_SEEN)
    console.log(
      `  axe ${id} (${v.impact}): ${v.help}: ${v.nodes} elements on ${v.screens.size} screens, e.g. ${[...v.screens].slice(0, 3).join(', ')}`,
    );
  console.log(`e2e: screenshots in ${path.relative(process.cwd(), SHOTS) || '.'}/ (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

// The browser and the spawned service are closed by main(); any handle left is a leak, so end
// the process once the summary is printed whatever is still open.
const finish = (code: number) => {
  process.exitCode = code;
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 2000).unref();
};
main().then(finish, (e: unknown) => {
  console.error(e);
  console.log('e2e: 0 passed, 1 failed');
  finish(1);
});
