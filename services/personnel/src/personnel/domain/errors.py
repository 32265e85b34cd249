"""Every rule of personnel that a command can break, each with its stable code (the API's `code`)."""

from __future__ import annotations

from shared.domain import DomainError, NotFoundError

# --- not found (404) ------------------------------------------------------------------------------


class OfficerNotFoundError(NotFoundError):
    code = "officer_not_found"


class CertificateNotFoundError(NotFoundError):
    code = "certificate_not_found"


class TrainingSessionNotFoundError(NotFoundError):
    code = "training_session_not_found"


class UnitNotFoundError(NotFoundError):
    code = "unit_not_found"


class LeadershipGroupNotFoundError(NotFoundError):
    code = "leadership_group_not_found"


class TargetLetterNotFoundError(NotFoundError):
    code = "target_letter_not_found"


class PowerItemNotFoundError(NotFoundError):
    code = "power_item_not_found"


class RosterPublicationNotFoundError(NotFoundError):
    code = "roster_publication_not_found"


class AssetNotFoundError(NotFoundError):
    code = "asset_not_found"


# --- officers, posts, training and exams (409) ----------------------------------------------------


class StaffNotCertifiableError(DomainError):
    code = "staff_not_certifiable"


class AlreadyPostedError(DomainError):
    code = "officer_already_posted"


class NoPostError(DomainError):
    code = "officer_has_no_post"


class TransferChangesNothingError(DomainError):
    code = "transfer_changes_nothing"


class RemovedFromEnforcementPostError(DomainError):
    code = "removed_from_enforcement_post"


class PrePostTrainingRequiredError(DomainError):
    code = "pre_post_training_required"


class NotOnEnforcementPostError(DomainError):
    code = "not_on_enforcement_post"


class OfficerDepartedError(DomainError):
    """The officer has left the bureau (retired, resigned, transferred out): the record is closed."""

    code = "officer_departed"


class NotRemovedError(DomainError):
    code = "not_removed_from_enforcement_post"


class NoScheduledSanctionError(DomainError):
    code = "no_scheduled_sanction"


class QuarterlyExamMustBeClosedBookError(DomainError):
    code = "quarterly_exam_must_be_closed_book"


class FirstAttemptAlreadyRecordedError(DomainError):
    code = "first_attempt_already_recorded"


class RetakeRequiresFailedFirstAttemptError(DomainError):
    code = "retake_requires_failed_first_attempt"


class NoSecondRetakeError(DomainError):
    code = "no_second_retake"


class WeeklyStudyNotOnFridayError(DomainError):
    code = "weekly_study_must_be_on_friday"


# --- certificates (409) ---------------------------------------------------------------------------


class PassedExamRequiredError(DomainError):
    code = "passed_exam_required"


class ApplicationAlreadyOpenError(DomainError):
    code = "certificate_application_already_open"


class CertificateApplicationRequiredError(DomainError):
    code = "certificate_application_required"


class IssuedBeforeQualificationError(DomainError):
    code = "issued_before_qualification"


class IssuedBeforeTrainingError(DomainError):
    code = "issued_before_training"


class CertificateAlreadyHeldError(DomainError):
    code = "certificate_already_held"


class ReapplicationBarredError(DomainError):
    code = "reapplication_barred"


class CertificateNumberTakenError(DomainError):
    code = "certificate_number_taken"


class ReviewRequiresCertificateInForceError(DomainError):
    code = "review_requires_certificate_in_force"


class PeriodAlreadyReviewedError(DomainError):
    code = "period_already_reviewed"


class SuspensionRequiresActiveCertificateError(DomainError):
    code = "suspension_requires_active_certificate"


class SuspensionAlreadyRunningError(DomainError):
    code = "suspension_already_running"


class ReinstatementRequiresSuspensionError(DomainError):
    code = "reinstatement_requires_suspension"


class SuspensionToReinstateAmbiguousError(DomainError):
    code = "suspension_to_reinstate_ambiguous"


class SanctionSuspensionNotReinstatedError(DomainError):
    code = "sanction_suspension_ends_with_its_sanction"


class CertificateAlreadyEndedError(DomainError):
    code = "certificate_already_ended"


class ReplacementRequiresCertificateInForceError(DomainError):
    code = "replacement_requires_certificate_in_force"


class CertificateAlreadyReplacedError(DomainError):
    code = "certificate_already_replaced"


class CertificateNotYetExpiredError(DomainError):
    code = "certificate_not_yet_expired"


# --- organisation, target letters, powers, assets (409) -------------------------------------------


class UnitAlreadyRegisteredError(DomainError):
    code = "unit_already_registered"


class UnitHeadNotInUnitError(DomainError):
    code = "unit_head_not_in_unit"


class LeadershipGroupAlreadyEstablishedError(DomainError):
    code = "leadership_group_already_established"


class LeaderMustBeDirectorError(DomainError):
    code = "leader_must_be_director"


class OfficeHeadMustBeDeputyDirectorError(DomainError):
    code = "office_head_must_be_deputy_director"


class MeetingChairError(DomainError):
    code = "meeting_chair_must_lead_the_office"


class AttendeeNotMemberError(DomainError):
    code = "attendee_not_a_member"


class MonthlyMeetingAlreadyHeldError(DomainError):
    code = "monthly_meeting_already_held"


class TargetLetterAlreadySignedError(DomainError):
    code = "target_letter_already_signed"


class UnitHasNoHeadError(DomainError):
    code = "unit_has_no_head"


class SignatoryNotUnitHeadError(DomainError):
    code = "signatory_not_unit_head"


class SignatoryNotDirectorError(DomainError):
    code = "signatory_not_director"


class EnforcementSubjectNotConfirmedError(DomainError):
    code = "enforcement_subject_not_confirmed"


class EnforcementSubjectAlreadyConfirmedError(DomainError):
    code = "enforcement_subject_already_confirmed"


class PowerItemAlreadyPublishedError(DomainError):
    code = "power_item_already_published"


class AssetNumberTakenError(DomainError):
    code = "asset_number_taken"


class AssetAlreadyAssignedThereError(DomainError):
    code = "asset_already_assigned_there"


class TrainingNotAttendedError(DomainError):
    code = "training_not_attended"


class NoCertificateToSanctionError(DomainError):
    code = "no_certificate_in_force"


# --- the published roster -----------------------------------------------------------------------------


class NobodyMayEnforceError(DomainError):
    code = "nobody_may_enforce"
