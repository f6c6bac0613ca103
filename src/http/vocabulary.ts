/**
 * Every enumeration the API speaks, as the one schema instance the routes and views use, so
 * openapi.ts can publish each once as a named component (`#/components/schemas/<Name>`) and
 * every use refers to it. The lists themselves live in the engine and domain; nothing is retyped.
 */
import { z } from 'zod';
import { Role } from '../auth/roles';
import { CameraAssignment, CameraStatus, CourtOrderKind, HoldReason } from '../domain/catalog/catalog.schemas';
import { RecordingAnswer, RequestOutcome, RequestStatus, ResponseKind } from '../domain/requests/requests.schemas';
import {
  AppealCourt, AppealResult, CaseEventType, Category, INACTIVE_GROUNDS, LimitationBasis, LocationKind, OffenseClass, Outcome, REDACTION_KINDS,
  RequesterKind, RetentionStatus, Route, TollingBasis,
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
} as const;
