/**
 * A self-contained HTML page of a retention summary: recordings by status and destruction
 * eligibility over the coming 12 months as inline SVG bar charts, then the same numbers as
 * tables. No script, no CDN, no external asset; plain shapes and text labels that stay
 * readable in black and white when printed.
 */
import { RETENTION_STATUSES, type RetentionStatus } from '../../engine/facts';
import type { RetentionSummary } from './retention-summary';

const STATUS_LABEL: Record<RetentionStatus, string> = {
  retain: 'Retain (period running)',
  eligible_for_destruction: 'Eligible for destruction',
  held: 'Held (legal hold)',
  indefinite: 'Indefinite (active case, permanent, order)',
  classification_needed: 'Classification needed',
  destroyed: 'Destroyed (tombstone)',
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const fmt = (n: number): string => n.toLocaleString('en-US');

function monthLabel(key: string): { short: string; year: string } {
  const [y, m] = key.split('-');
  return { short: MONTHS[Number(m) - 1] ?? key, year: y ?? '' };
}

function statusChart(s: RetentionSummary): string {
  const rowH = 30;
  const labelW = 300;
  const barW = 360;
  const width = labelW + barW + 90;
  const max = Math.max(1, ...RETENTION_STATUSES.map((k) => s.byStatus[k]));
  const height = RETENTION_STATUSES.length * rowH + 10;
  const bars = RETENTION_STATUSES.map((k, i) => {
    const n = s.byStatus[k];
    const w = Math.round((n / max) * barW);
    const y = 5 + i * rowH;
    return (
      `<text x="${labelW - 10}" y="${y + 19}" text-anchor="end">${escapeHtml(STATUS_LABEL[k])}</text>` +
      `<rect x="${labelW}" y="${y + 4}" width="${Math.max(w, n > 0 ? 2 : 0)}" height="${rowH - 10}" class="bar s-${k}"><title>${escapeHtml(STATUS_LABEL[k])}: ${fmt(n)}</title></rect>` +
      `<text x="${labelW + Math.max(w, 0) + 8}" y="${y + 19}" class="value">${fmt(n)}</text>`
    );
  }).join('');
  return `<svg role="img" aria-labelledby="status-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title id="status-title">Recordings by retention status</title><line x1="${labelW}" y1="0" x2="${labelW}" y2="${height}" class="axis"/>${bars}</svg>`;
}

function monthChart(s: RetentionSummary): string {
  const colW = 56;
  const chartH = 200;
  const top = 24;
  const left = 10;
  const width = left + s.eligibleByMonth.length * colW + 10;
  const height = top + chartH + 44;
  const max = Math.max(1, ...s.eligibleByMonth.map((m) => m.count));
  const cols = s.eligibleByMonth
    .map((m, i) => {
      const h = Math.round((m.count / max) * chartH);
      const x = left + i * colW;
      const y = top + chartH - h;
      const { short, year } = monthLabel(m.month);
      return (
        `<rect x="${x + 8}" y="${y}" width="${colW - 16}" height="${Math.max(h, m.count > 0 ? 2 : 0)}" class="bar month"><title>${short} ${year}: ${fmt(m.count)}</title></rect>` +
        `<text x="${x + colW / 2}" y="${y - 6}" text-anchor="middle" class="value">${fmt(m.count)}</text>` +
        `<text x="${x + colW / 2}" y="${top + chartH + 18}" text-anchor="middle">${short}</text>` +
        `<text x="${x + colW / 2}" y="${top + chartH + 34}" text-anchor="middle" class="year">${year}</text>`
      );
    })
    .join('');
  return `<svg role="img" aria-labelledby="month-title" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title id="month-title">Recordings whose retention ends in each of the coming 12 months</title><line x1="${left}" y1="${top + chartH}" x2="${width - 10}" y2="${top + chartH}" class="axis"/>${cols}</svg>`;
}

function table(head: string[], rows: (string | number)[][]): string {
  const th = head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const tr = rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(String(c))}</th>` : `<td>${typeof c === 'number' ? fmt(c) : escapeHtml(c)}</td>`)).join('')}</tr>`,
    )
    .join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}

export function renderSummaryHtml(s: RetentionSummary, title = 'Body-worn camera retention summary'): string {
  const categories = [...new Set(RETENTION_STATUSES.flatMap((k) => Object.keys(s.byStatusCategory[k])))];
  const byCategory = table(
    ['Category', ...RETENTION_STATUSES.map((k) => k.replace(/_/g, ' ')), 'Total'],
    categories.map((c) => {
      const counts = RETENTION_STATUSES.map((k) => s.byStatusCategory[k][c] ?? 0);
      return [c.replace(/_/g, ' '), ...counts, counts.reduce((a, b) => a + b, 0)];
    }),
  );
  const byUnit = table(
    ['Unit', ...RETENTION_STATUSES.map((k) => k.replace(/_/g, ' ')), 'Total'],
    Object.entries(s.byUnit).map(([u, v]) => [u, ...RETENTION_STATUSES.map((k) => v.byStatus[k]), v.total]),
  );
  const filters =
    Object.entries(s.filters)
      .map(([k, v]) => `${k} = ${v}`)
      .join(', ') || 'none';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#111;margin:2rem;max-width:1100px}
h1{font-size:1.5rem;margin-bottom:.25rem} h2{font-size:1.15rem;margin-top:2rem}
.meta{color:#333;margin:.1rem 0} svg{max-width:100%;height:auto;display:block;margin:.5rem 0}
svg text{font-size:13px;fill:#111} svg .value{font-weight:600} svg .year{fill:#444;font-size:11px}
.axis{stroke:#111;stroke-width:1} .bar{fill:#1f4e79;stroke:#111;stroke-width:.5}
.s-eligible_for_destruction{fill:#8a1c1c} .s-held{fill:#7a5c00} .s-classification_needed{fill:#5a2d82} .s-destroyed{fill:#555} .month{fill:#8a1c1c}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem} th,td{border:1px solid #888;padding:.25rem .5rem} td{text-align:right} thead th{background:#eee}
@media print{body{margin:0} .bar{fill:#fff;stroke:#000;stroke-width:1.2} .s-eligible_for_destruction,.month{fill:#000} .s-held{fill:#777} thead th{background:#fff} h2{break-after:avoid} svg,table{break-inside:avoid}}
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">As of <strong>${escapeHtml(s.asOf.slice(0, 16).replace('T', ' '))}</strong> America/Chicago (${escapeHtml(s.asOf)}) · rules ${escapeHtml(s.rulesVersion)} · filters: ${escapeHtml(filters)}</p>
<p class="meta">${fmt(s.total)} recordings${s.recomputed ? ` (${fmt(s.recomputed)} computed for this report)` : ''}</p>
<h2>Recordings by retention status</h2>
${statusChart(s)}
<h2>Destruction eligibility over the coming 12 months</h2>
<p class="meta">Recordings kept today (status retain) whose retention period ends in each month, unless a hold, request or case intervenes.</p>
${monthChart(s)}
<h2>By category</h2>
${byCategory}
<h2>By unit</h2>
${byUnit}
</body></html>
`;
}
