/**
 * Every enumeration the API speaks, as the one schema instance the routes and views use, so
 * openapi.ts can publish each once as a named component (`#/components/schemas/<Name>`) and
 * every use refers to it. The lists themselves live in the engine and domain; nothing is retyped.
 */
import { z } from 'zod';
import { Role } from '../auth/roles';
import { LEGAL_ZONE } from '../engine/legal-time';
import { AnsweredBy } from '../engine/question-schema';
import { DETERMINATION_OUTCOMES, DETERMINATION_SCOPE_KINDS } from '../engine/counsel';
import { DIGEST_PARTS } from '../domain/counsel/ports';
import { DETERMINATION_STATUSES } from '../domain/counsel/determination-facts';
import { CameraAssignment, CameraStatus, CourtOrderKind, HoldReason } from '../domain/catalog/catalog.schemas';
import { RecordingAnswer, RequestOutcome, RequestStatus, ResponseKind } from '../domain/requests/requests.schemas';
import { CONFLICT_KINDS } from '../domain/retention/conflicts.service';
import { REVIEW_ITEM_KINDS } from '../domain/review/ports';
import {
  AppealCourt,
  AppealResult,
  CaseEventType,
  Category,
  FamilyRelationship,
  INACTIVE_GROUNDS,
  LimitationBasis,
  LocationKind,
  NokRank,
  OffenseClass,
  Outcome,
  REDACTION_KINDS,
  RequesterKind,
  RetentionStatus,
  Route,
  STATUTORY_REDACTION_MODES,
  TollingBasis,
  VictimRole,
} from '../engine/facts';

// The engine's and domain's own instances where they exist, so their schemas (Decision, facts) refer to the same component.
export const RequesterKindEnum = RequesterKind;
export const OutcomeEnum = Outcome;
export const RetentionStatusEnum = RetentionStatus;
export const RequestStatusEnum = RequestStatus;
export const RequestOutcomeEnum = RequestOutcome;
export const ResponseKindEnum = ResponseKind;
export const RecordingAnswerEnum = RecordingAnswer;
export const CaseEventTypeEnum = CaseEventType;
export const AppealResultEnum = AppealResult;
export const AppealCourtEnum = AppealCourt;
export const TollingBasisEnum = TollingBasis;
export const LimitationBasisEnum = LimitationBasis;
export const CategoryEnum = Category;
export const LocationKindEnum = LocationKind;
export const OffenseClassEnum = OffenseClass;
export const CourtOrderKindEnum = CourtOrderKind;
export const HoldReasonEnum = HoldReason;
export const RedactionKindEnum = z.enum(REDACTION_KINDS);
export const ReleaseRouteEnum = Route;
export const InactiveGroundEnum = z.enum(INACTIVE_GROUNDS);
export const RoleEnum = Role;
export const CameraAssignmentEnum = CameraAssignment;
export const CameraStatusEnum = CameraStatus;
export const StatutoryRedactionModeEnum = z.enum(STATUTORY_REDACTION_MODES);
export const FamilyRelationshipEnum = FamilyRelationship;
export const NokRankEnum = NokRank;
export const VictimRoleEnum = VictimRole;
export const ConflictKindEnum = z.enum(CONFLICT_KINDS);
export const AnsweredByEnum = AnsweredBy;
export const ReviewItemKindEnum = z.enum(REVIEW_ITEM_KINDS);
export const DeterminationOutcomeEnum = z.enum(DETERMINATION_OUTCOMES);
export const DeterminationScopeKindEnum = z.enum(DETERMINATION_SCOPE_KINDS);
export const DeterminationStatusEnum = z.enum(DETERMINATION_STATUSES);
export const DigestPartEnum = z.enum(DIGEST_PARTS);

/** Component name -> schema; openapi.ts registers these, so each appears once in the document. */
export const VOCABULARY_COMPONENTS = {
  RequesterKind: RequesterKindEnum,
  Outcome: OutcomeEnum,
  RetentionStatus: RetentionStatusEnum,
  RequestStatus: RequestStatusEnum,
  RequestOutcome: RequestOutcomeEnum,
  ResponseKind: ResponseKindEnum,
  RecordingAnswer: RecordingAnswerEnum,
  CaseEventType: CaseEventTypeEnum,
  AppealResult: AppealResultEnum,
  AppealCourt: AppealCourtEnum,
  TollingBasis: TollingBasisEnum,
  LimitationBasis: LimitationBasisEnum,
  Category: CategoryEnum,
  LocationKind: LocationKindEnum,
  OffenseClass: OffenseClassEnum,
  CourtOrderKind: CourtOrderKindEnum,
  HoldReason: HoldReasonEnum,
  RedactionKind: RedactionKindEnum,
  ReleaseRoute: ReleaseRouteEnum,
  InactiveGround: InactiveGroundEnum,
  Role: RoleEnum,
  CameraAssignment: CameraAssignmentEnum,
  CameraStatus: CameraStatusEnum,
  StatutoryRedactionMode: StatutoryRedactionModeEnum,
  FamilyRelationship: FamilyRelationshipEnum,
  NokRank: NokRankEnum,
  VictimRole: VictimRoleEnum,
  ConflictKind: ConflictKindEnum,
  AnsweredBy: AnsweredByEnum,
  ReviewItemKind: ReviewItemKindEnum,
  DeterminationOutcome: DeterminationOutcomeEnum,
  DeterminationScopeKind: DeterminationScopeKindEnum,
  DeterminationStatus: DeterminationStatusEnum,
  DigestPart: DigestPartEnum,
} as const;
type Vocabularies = typeof VOCABULARY_COMPONENTS;
type Name = keyof Vocabularies;
type Code<N extends Name> = z.infer<Vocabularies[N]>;

/**
 * Words for people, per code, where staff read them (the web app shows these): typed so that a
 * code added to a list in the engine or domain without its words here fails the type check.
 * A vocabulary without an entry is shown by its codes.
 */
const LABELS: { [N in Name]?: Record<Code<N>, string> } = {
  RequesterKind: {
    public: 'Member of the public or the press',
    depicted_person: 'Person shown in the recording',
    guardian: 'Parent or guardian of a person shown',
    family_first_degree: 'Close family member of a person shown',
    attorney: 'Attorney of a person shown',
    insurer: 'Insurer of a person shown',
    defendant: 'Defendant in the case',
    next_of_kin: 'Next of kin of a deceased person',
    nok_release_holder: 'Holder of a written release from the next of kin',
    agency: 'Another government agency',
  },
  ReviewItemKind: { recording: 'Recording', case: 'Case' },
  Outcome: { release: 'May be released', withhold: 'Withhold', needs_legal_review: 'Needs legal review' },
  ReleaseRoute: {
    court_order: 'Any person may ask a court to order its release (RSMo 610.100.5)',
    juvenile_court_order: 'Only the juvenile court may order its release (RSMo 211.321)',
    involved_person_request: 'A person shown in it (or their family, guardian, attorney or insurer) may request it',
    next_of_kin_request: 'Next of kin of a deceased person shown may request it',
    defendant_request: 'A defendant in the case may request it',
  },
  RedactionKind: {
    undercover_officer: 'Undercover officer',
    confidential_source: 'Confidential source',
    suspect_not_in_custody: 'Suspect not in custody',
    danger_to_person: 'Information that would endanger a person',
    investigative_techniques: 'Investigative techniques or procedures',
    jeopardizes_investigation: 'Information that would jeopardize an investigation',
    victim_identity: 'Victim identity',
    minor_identity: 'Identity of a minor',
    audio_911: '911 caller audio',
    court_ordered: 'Ordered by a court',
    counsel_determined: "Named in counsel's determination",
  },
  Category: {
    unclassified: 'Unclassified',
    non_evidentiary: 'Non-evidentiary',
    traffic: 'Traffic',
    arrest: 'Arrest',
    investigation: 'Investigation',
    homicide: 'Homicide',
    use_of_force: 'Use of force',
    officer_involved_shooting: 'Officer-involved shooting',
    complaint: 'Complaint',
    other: 'Other',
  },
  RetentionStatus: {
    retain: 'Retain',
    eligible_for_destruction: 'Eligible for destruction',
    held: 'On legal hold',
    indefinite: 'Kept indefinitely',
    classification_needed: 'Needs classification',
    destroyed: 'Destroyed',
  },
  CaseEventType: {
    charged: 'Charged',
    declined: 'Prosecution declined',
    nolle_prosequi: 'Nolle prosequi (dropped)',
    dismissed: 'Dismissed',
    acquitted: 'Acquitted',
    convicted: 'Convicted',
    sentenced: 'Sentenced',
    sis: 'Suspended imposition of sentence (SIS)',
    probation_completed: 'Probation completed',
    appeal_filed: 'Appeal filed',
    appeal_decided: 'Appeal decided',
    conviction_final: 'Conviction final',
    reopened: 'Reopened',
    juvenile_petition: 'Juvenile petition',
    mandate_issued: 'Appellate mandate issued',
    certified_adult: 'Certified for trial as an adult (211.071)',
    post_disposition_motion: 'Rehearing/transfer motion filed (Rule 84.17)',
    post_disposition_overruled: 'Rehearing/transfer motion overruled (Rule 83.04)',
    transfer_denied: 'Transfer denied by the Supreme Court of Missouri',
  },
  AppealCourt: { court_of_appeals: 'Missouri Court of Appeals', supreme_court_mo: 'Supreme Court of Missouri' },
  TollingBasis: {
    absence: 'Accused absent from the state',
    concealment: 'Accused concealing himself',
    prosecution_pending: 'Prosecution for the offense pending',
  },
  AppealResult: { affirmed: 'Affirmed', reversed: 'Reversed', remanded: 'Remanded', dismissed: 'Appeal dismissed' },
  LimitationBasis: {
    '556.036.1': 'No limitation: murder, listed rapes and sodomies, class A felonies (556.036.1)',
    '556.037': 'No limitation: sexual offense involving a person 18 or under (556.037)',
    '556.036.2(1)': 'Felony: 3 years (556.036.2(1))',
    '556.036.2(2)': 'Misdemeanor: 1 year (556.036.2(2))',
    '556.036.2(3)': 'Infraction: 6 months (556.036.2(3))',
    '556.036.2(4)': 'Arson / knowingly burning: 5 years (556.036.2(4))',
    other: 'Other statute (explain)',
  },
  RequestStatus: {
    received: 'Received',
    in_review: 'In review',
    delayed: 'Delayed',
    partially_responded: 'Answered in part',
    responded: 'Responded',
    withdrawn: 'Withdrawn',
  },
  ResponseKind: { partial: 'Partial response', supplemental: 'Supplemental response', final: 'Final response' },
  RequestOutcome: {
    released: 'Released',
    partially_released: 'Partly released',
    denied: 'Denied',
    no_responsive_records: 'No responsive records',
  },
  ConflictKind: {
    blocked_after_schedule: 'Schedule has run, but blocked',
    eligible_while_open: 'Marked eligible while something is open (integrity alarm)',
    eligible_no_longer: 'Marked eligible but no longer is (integrity alarm)',
  },
  CourtOrderKind: { release: 'Release (RSMo 610.100.5)', closure: 'Closure', expungement: 'Expungement' },
  HoldReason: {
    litigation: 'Litigation',
    preservation_request: 'Preservation request',
    internal_investigation: 'Internal investigation',
    other: 'Other',
  },
  StatutoryRedactionMode: {
    apply: 'Still apply (911 audio, victims, undercover officers…)',
    order_controls: 'The order controls: only its own redactions',
  },
  DeterminationOutcome: { release: 'Release (with the redactions named)', withhold: 'Withhold' },
  DeterminationScopeKind: {
    recording: 'This recording',
    case: 'Every recording of the case',
    recording_request: 'This recording, for one request only',
  },
  DeterminationStatus: {
    in_force: 'In force',
    superseded: 'Superseded',
    withdrawn: 'Withdrawn',
    expired: 'Expired',
  },
  DigestPart: { recording: 'The recording', case: 'A case', orders: 'The court orders covering the recording' },
  FamilyRelationship: {
    parent: 'Parent',
    child: 'Child',
    spouse: 'Spouse',
    sibling: 'Sibling',
    grandparent: 'Grandparent',
    grandchild: 'Grandchild',
    other: 'Other relative',
  },
  NokRank: { spouse: 'Spouse', adult_child: 'Adult child', parent: 'Parent', other: 'Other relative' },
  VictimRole: {
    victim: 'The victim (depicted person)',
    parent_or_guardian_of_minor_victim: 'Parent or guardian of a minor victim (guardian)',
  },
  AnsweredBy: { prosecutor: 'The prosecutor', clerk: 'A records clerk', counsel: 'Counsel' },
};

/** Longer words for a code, where one label is not enough (the release check's lead sentence). */
const DESCRIPTIONS: { [N in Name]?: Record<Code<N>, string> } = {
  Outcome: {
    release: 'This recording may be released to this requester.',
    withhold: 'Do not release this recording to this requester.',
    needs_legal_review: 'The rules cannot decide this on the facts recorded: send it to legal review before answering.',
  },
};

const Term = <E extends z.ZodEnum>(codes: E) => z.object({ code: codes, label: z.string(), description: z.string().optional() });

/** `GET /api/v1/vocabulary`: every list, in its order, with the words for people; the zone dates are shown in. */
export const VocabularyView = z
  .object({
    zone: z.literal(LEGAL_ZONE).describe('The zone legal clocks run in: dates are shown and entered in it'),
    terms: z.object(
      Object.fromEntries(Object.entries(VOCABULARY_COMPONENTS).map(([name, e]) => [name, z.array(Term(e))])) as {
        [N in Name]: z.ZodArray<ReturnType<typeof Term<Vocabularies[N]>>>;
      },
    ),
  })
  .meta({ id: 'Vocabulary' });
export type VocabularyView = z.infer<typeof VocabularyView>;

const humanize = (code: string): string => code.charAt(0).toUpperCase() + code.slice(1).replace(/_/g, ' ');

function termsOf(name: Name): { code: string; label: string; description?: string }[] {
  const labels: Record<string, string> | undefined = LABELS[name];
  const descriptions: Record<string, string> | undefined = DESCRIPTIONS[name];
  const codes: readonly string[] = VOCABULARY_COMPONENTS[name].options;
  return codes.map((code) => {
    const description = descriptions?.[code];
    return { code, label: labels?.[code] ?? humanize(code), ...(description === undefined ? {} : { description }) };
  });
}

/** Built (and checked against its own schema) once: the lists do not change while the service runs. */
export const VOCABULARY: VocabularyView = VocabularyView.parse({
  zone: LEGAL_ZONE,
  terms: Object.fromEntries((Object.keys(VOCABULARY_COMPONENTS) as Name[]).map((name) => [name, termsOf(name)])),
});
