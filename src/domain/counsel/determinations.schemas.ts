/** What a caller sends to record, supersede or withdraw a counsel determination (validated at the edge). */
import { z } from 'zod';
import { DETERMINATION_OUTCOMES, PROVISION_OF_LAW_SOURCE } from '../../engine/counsel';
import { IsoDate, REQUESTER_KINDS, RequesterKind } from '../../engine/facts';
import { Id, NonBlank, Text } from '../catalog/catalog.schemas';

export const DeterminationScopeInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('recording'), recordingId: Id }),
  z.strictObject({ kind: z.literal('case'), caseNumber: Id }),
  z.strictObject({ kind: z.literal('recording_request'), recordingId: Id, requestNumber: Id }),
]);
export type DeterminationScopeInput = z.infer<typeof DeterminationScopeInput>;

/**
 * The engine's provision of law (src/engine/counsel.ts, 610.023.4) for each ";"-separated part, as
 * one pattern so OpenAPI publishes exactly what is enforced.
 */
const PROVISION = PROVISION_OF_LAW_SOURCE;
export const LawCitationInput = z
  .string()
  .max(500)
  .regex(
    new RegExp(String.raw`^\s*${PROVISION}(?:\s*;\s*${PROVISION})*\s*$`),
    'each ";"-separated part must be a provision of law: "RSMo 610.100.3", "Supreme Court Rule 84.17", "Court order 26CV-1" (610.023.4)',
  );

const determinationFields = {
  /** The requester kinds it covers (at least one); an agency only when named (MO-AGENCY otherwise). */
  requesterKinds: z.array(RequesterKind).min(1).max(REQUESTER_KINDS.length),
  outcome: z.enum(DETERMINATION_OUTCOMES),
  /**
   * With a release: what to redact besides the statutory redactions (which always apply): what the
   * public is told (printed in the letter) and the staff's instruction (names; never printed).
   */
  redactions: z
    .array(z.strictObject({ publicDescription: NonBlank(300), instruction: NonBlank(500) }))
    .max(50)
    .optional(),
  /** Public: the provision of law relied on (required: 610.023.4 asks a denial to cite it). */
  citation: LawCitationInput,
  /** Public: the ground a decision and its letter give, in counsel's approved words. */
  publicStatement: NonBlank(1000),
  /** Internal: counsel's reasoning (privileged), kept in the record, never in a decision or letter. */
  reasoning: NonBlank(5000),
  /** The first day it no longer applies (America/Chicago). */
  expiresOn: IsoDate.optional(),
  /**
   * The missing facts (e.g. cases.KC-1.disposition.mixed) or question ids it answers: a determination
   * resolves a review only when it names every missing fact of it (counsel review, session 4).
   */
  answers: z.array(Text(300).min(1)).min(1).max(50),
};

const noRedactionsOnWithhold = (d: { outcome: string; redactions?: readonly unknown[] | undefined }) =>
  d.outcome === 'release' || (d.redactions?.length ?? 0) === 0;
const REDACTIONS_MESSAGE = { message: 'only a release carries redactions', path: ['redactions'] };

export const DeterminationInput = z
  .strictObject({ scope: DeterminationScopeInput, ...determinationFields })
  .refine(noRedactionsOnWithhold, REDACTIONS_MESSAGE);
export type DeterminationInput = z.infer<typeof DeterminationInput>;

/** A superseding determination keeps the scope of the one it replaces. */
export const SupersedeInput = z.strictObject(determinationFields).refine(noRedactionsOnWithhold, REDACTIONS_MESSAGE);
export type SupersedeInput = z.infer<typeof SupersedeInput>;

export const WithdrawInput = z.strictObject({ reason: NonBlank(2000) });
export type WithdrawInput = z.infer<typeof WithdrawInput>;
