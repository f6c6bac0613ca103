/**
 * Fee estimate for copies of recordings (RSMo 610.026). PURE.
 *
 * 610.026.1(2): staff time for making copies at the average hourly rate of the staff needed,
 * plus the cost of the medium. Review and redaction time is never billed (Morales v. KCPD, 2024,
 * trial court): it may be reported for transparency but always at zero cost.
 * Amounts are integer cents; the only rounding is the staff minutes (to the nearest whole
 * minute) and each line's amount (to the nearest cent), both half up.
 */
import { z } from 'zod';
import type { FeeSchedule } from './calendar-schema';

const FeeRequest = z.object({
  /**
   * Recordings released. A view-only release (a court order limiting it to viewing) makes no
   * copy, so it bills neither staff copy time nor media (610.026.1(2): only copies are billed).
   */
  recordings: z.array(z.object({ durationSeconds: z.number().finite().min(0), viewOnly: z.boolean().default(false) })),
  /** Physical media wanted (USB drives, discs); 0 for electronic delivery. Billed only when a copy is made. */
  mediaItems: z.number().int().min(0).default(0),
  /** Staff minutes expected for review/redaction: shown on the estimate, never billed. */
  reviewMinutes: z.number().finite().min(0).default(0),
});
type FeeRequest = z.input<typeof FeeRequest>;

const MORALES_CITATION = 'Morales v. KCPD (2024, trial court)';

export interface FeeLine {
  item: 'staff_copy_time' | 'media' | 'review_redaction';
  description: string;
  unit: 'minute' | 'item';
  quantity: number;
  /** Cents per unit; a per-minute staff rate may be a fraction of a cent (hourly rate / 60). */
  unitCost: number;
  /** Integer cents. */
  amount: number;
  citation: string;
}

export interface FeeEstimate {
  currency: 'USD';
  lines: FeeLine[];
  /** Integer cents. */
  total: number;
  notes: string[];
}

export function estimateFees(schedule: FeeSchedule, request: FeeRequest): FeeEstimate {
  const req = FeeRequest.parse(request);
  const lines: FeeLine[] = [];
  const copies = req.recordings.filter((r) => !r.viewOnly);
  const viewOnly = req.recordings.length - copies.length;

  if (copies.length > 0) {
    const footageSeconds = copies.reduce((sum, r) => sum + r.durationSeconds, 0);
    const exactMinutes = copies.length * schedule.copyMinutesPerRecording + (footageSeconds / 3600) * schedule.copyMinutesPerFootageHour;
    const minutes = Math.round(exactMinutes);
    lines.push({
      item: 'staff_copy_time',
      description:
        `Staff time to copy ${copies.length} recording(s) (${formatDuration(footageSeconds)} of footage): ` +
        `${schedule.copyMinutesPerRecording} min per recording + ${schedule.copyMinutesPerFootageHour} min per hour of footage, ` +
        `at ${formatCents(schedule.staffHourlyRateCents)}/hour`,
      unit: 'minute',
      quantity: minutes,
      unitCost: schedule.staffHourlyRateCents / 60,
      amount: Math.round((minutes * schedule.staffHourlyRateCents) / 60),
      citation: `${schedule.citation}.1(2)`,
    });
  }

  if (req.mediaItems > 0 && copies.length > 0) {
    lines.push({
      item: 'media',
      description: `Physical media (${req.mediaItems} item(s)) at ${formatCents(schedule.mediaCostPerItemCents)} each`,
      unit: 'item',
      quantity: req.mediaItems,
      unitCost: schedule.mediaCostPerItemCents,
      amount: req.mediaItems * schedule.mediaCostPerItemCents,
      citation: `${schedule.citation}.1(2)`,
    });
  }

  if (req.reviewMinutes > 0) {
    lines.push({
      item: 'review_redaction',
      description: 'Staff time to review and redact the footage: not billed',
      unit: 'minute',
      quantity: Math.round(req.reviewMinutes),
      unitCost: 0,
      amount: 0,
      citation: MORALES_CITATION,
    });
  }

  const notes = [`Review and redaction time is not billed (${MORALES_CITATION}).`, ...schedule.notes.filter((n) => !n.includes('Morales'))];
  if (viewOnly > 0) {
    notes.push(
      `${viewOnly} recording(s) released for viewing only: no copy is made, so no copying time or media is billed for them (${schedule.citation}.1(2)).`,
    );
  }
  if (schedule.verify) notes.push(`Rates are ${schedule.policy}.`);
  return { currency: 'USD', lines, total: lines.reduce((sum, l) => sum + l.amount, 0), notes };
}

export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  return `${sign}$${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}h ${String(m).padStart(2, '0')}m`;
}
