// @ts-check
/**
 * Which court made a release order (questions.yaml order-juvenile-court), on the release check of
 * a recording the order covers: the question links here with &order=<number>. The prosecutor reads
 * the face of the order and records whether the juvenile court made it (RSMo 211.021.1(3), 211.321):
 * POST /api/v1/court-orders/:n/juvenile-court, after which the covered recordings are decided again.
 * The service checks the role again.
 */
import { call, clearFieldErrors, handler } from './api.js';
import { announce, field, h, replace, uid, val } from './dom.js';
import { COURT_ORDER_KINDS, dateTime, label } from './format.js';
import { formProblem, withProgress } from './holds.js';

/** Who may record it (the service's access table says the same). */
export const canRecordOrderCourt = (/** @type {string} */ role) => ['prosecutor', 'admin'].includes(role);

const ANSWERS = /** @type {Array<[string, string]>} */ ([
  ['', 'Not recorded'],
  ['true', 'The juvenile court: entered in a juvenile-division case (JU/JV)'],
  ['false', 'Another court'],
]);

/** @param {string} orderNumber @param {{ saved: () => void }} opts @returns {HTMLElement} */
export function orderCourtPanel(orderNumber, opts) {
  const headingId = uid('oc-h');
  const box = h('section', { class: 'card no-print', 'aria-labelledby': headingId, 'data-testid': 'order-court' });
  const heading = () => h('h2', { id: headingId, tabindex: -1 }, `Which court made order ${orderNumber}?`);
  replace(box, heading(), h('p', { role: 'status' }, 'Loading…'));
  let first = true;
  void (async () => {
    try {
      draw(await call('GET /api/v1/court-orders/{orderNumber}', { params: { orderNumber } }));
    } catch {
      replace(box, heading(), h('p', { class: 'empty' }, `Court order ${orderNumber} could not be read.`));
    }
  })();

  /** @param {import('./api.js').Schemas['CourtOrder']} o */
  function draw(o) {
    const now = o.juvenileCourt === null ? '' : String(o.juvenileCourt);
    const form = /** @type {HTMLFormElement} */ (
      h(
        'form',
        { novalidate: true },
        h(
          'dl',
          { class: 'facts' },
          h('dt', {}, 'Order'),
          h('dd', {}, `${label(COURT_ORDER_KINDS, o.kind)} order of ${o.court}, issued ${dateTime(o.issuedAt)}`),
          h('dt', {}, 'Recorded now'),
          h('dd', {}, ANSWERS.find(([v]) => v === now)?.[1] ?? 'Not recorded'),
        ),
        h(
          'p',
          { class: 'hint' },
          "Read the face of the order: the court and division in the caption, and the case number with its type. Only the juvenile court's order opens a child's records (RSMo 211.321); a judge counts only while hearing juvenile cases (211.021.1(3)). Another court's order over a juvenile record goes to counsel.",
        ),
        field({ label: 'The order was made by', name: 'juvenileCourt', path: 'body.juvenileCourt', value: now, options: ANSWERS }),
        h('div', { class: 'form-problem' }),
        h('p', { class: 'progress', role: 'status' }),
        h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Record which court')),
      )
    );
    form.addEventListener(
      'submit',
      handler(async (ev) => {
        ev.preventDefault();
        clearFieldErrors(form);
        const answer = val(form, 'juvenileCourt');
        try {
          const next = await withProgress(form, 'Saving…', () =>
            call('POST /api/v1/court-orders/{orderNumber}/juvenile-court', {
              params: { orderNumber },
              // Nothing chosen is sent as such: the service names the field that needs an answer.
              body: answer ? { juvenileCourt: answer === 'true' } : {},
            }),
          );
          draw(next);
          const msg = h('p', { class: 'success', role: 'status' }, `Saved: order ${orderNumber}'s recordings are decided again.`);
          box.querySelector('h2')?.after(msg);
          announce(msg.textContent ?? '');
          opts.saved();
        } catch (err) {
          formProblem(form, err, 'Which court');
        }
      }),
    );
    replace(box, heading(), form);
    if (first) {
      first = false;
      box.scrollIntoView({ block: 'start' });
      /** @type {HTMLElement | null} */ (box.querySelector('h2'))?.focus();
    }
  }
  return box;
}
