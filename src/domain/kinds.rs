//! The closed vocabularies of the product: roles, kinds, states and grades.
//!
//! Each is stored as its snake_case name in the database and in JSON, parsed
//! with `FromStr` at the edge, and shown to people through `label()`.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The value given could not be read as one of the allowed names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// What was being read, e.g. "role".
    pub what: &'static str,
    /// The text that was given.
    pub given: String,
    /// The names that would have been accepted.
    pub allowed: &'static [&'static str],
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "'{}' is not a {}; use one of: {}", self.given, self.what, self.allowed.join(", "))
    }
}

impl std::error::Error for UnknownName {}

/// Defines an enum whose variants each have a stored name and a label for people.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal, { $($(#[$vmeta:meta])* $variant:ident => $stored:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every value, in the order people see them.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];
            /// The stored names, in the same order as `ALL`.
            pub const NAMES: &'static [&'static str] = &[$($stored,)+];

            /// The name stored in the database and used in JSON and CSV.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $stored,)+ }
            }

            /// The words shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownName;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s.trim() {
                    $($stored => Ok($name::$variant),)+
                    other => Err(UnknownName { what: $what, given: other.to_string(), allowed: Self::NAMES }),
                }
            }
        }
    };
}

vocabulary!(
    /// What a signed-in person may do; each role includes the ones below it.
    Role, "role", {
    /// Lead members, scrutiny: read everything, change nothing.
    Viewer => "viewer", "Viewer";
    /// Action owners and QA officers: progress, evidence, results.
    Contributor => "contributor", "Contributor";
    /// Senior leaders: edit the plan and verify evidence.
    Leader => "leader", "Leader";
    /// Users and settings, and everything else.
    Admin => "admin", "Admin";
});

impl Role {
    /// Whether this role includes everything `other` may do.
    pub fn includes(self, other: Role) -> bool {
        self >= other
    }
}

vocabulary!(
    /// Any visit or review that can produce findings.
    InspectionKind, "kind of inspection", {
    StandardInspection => "standard_inspection", "Standard inspection";
    ShortInspection => "short_inspection", "Short inspection";
    FocusedVisit => "focused_visit", "Focused visit";
    MonitoringVisit => "monitoring_visit", "Monitoring visit";
    Jtai => "jtai", "Joint targeted area inspection";
    AnnualEngagementMeeting => "annual_engagement_meeting", "Annual engagement meeting";
    SelfEvaluation => "self_evaluation", "Self-evaluation";
    InternalReview => "internal_review", "Internal review";
    PeerReview => "peer_review", "Peer review";
    Other => "other", "Other";
});

vocabulary!(
    /// The Ofsted four-point scale, used for judgements and case-file audit grades.
    Grade, "grade", {
    Outstanding => "outstanding", "Outstanding";
    Good => "good", "Good";
    RequiresImprovement => "requires_improvement", "Requires improvement to be good";
    Inadequate => "inadequate", "Inadequate";
});

vocabulary!(
    /// What an inspection said about one thing.
    FindingKind, "kind of finding", {
    PriorityAction => "priority_action", "Area for priority action";
    AreaForImprovement => "area_for_improvement", "Area for improvement";
    Recommendation => "recommendation", "Recommendation";
    Strength => "strength", "Strength";
});

vocabulary!(
    /// Where a plan action stands.
    ActionState, "action state", {
    Planned => "planned", "Planned";
    InProgress => "in_progress", "In progress";
    Completed => "completed", "Completed";
    Blocked => "blocked", "Blocked";
    Cancelled => "cancelled", "Cancelled";
});

vocabulary!(
    /// The red-amber-green rating an owner gives in a progress update.
    Rag, "RAG rating", {
    Red => "red", "Red";
    Amber => "amber", "Amber";
    Green => "green", "Green";
});

vocabulary!(
    /// What sort of evidence of practice change an item is; triangulation needs several kinds.
    EvidenceKind, "kind of evidence", {
    CaseAudit => "case_audit", "Case audit";
    PerformanceData => "performance_data", "Performance data";
    CaseExample => "case_example", "Case example";
    ChildFamilyFeedback => "child_family_feedback", "Child and family feedback";
    StaffFeedback => "staff_feedback", "Staff feedback";
    ExternalReview => "external_review", "External review";
    PolicyProcedure => "policy_procedure", "Policy or procedure";
    Training => "training", "Training";
    Minutes => "minutes", "Minutes";
    Other => "other", "Other";
});

vocabulary!(
    /// Whether a leader has checked an evidence item.
    ReviewState, "review state", {
    Draft => "draft", "Draft";
    Verified => "verified", "Verified";
    Rejected => "rejected", "Rejected";
});

vocabulary!(
    /// Where a measure's results come from.
    MeasureKind, "kind of measure", {
    CaseAudit => "case_audit", "Case audit";
    Indicator => "indicator", "Performance indicator";
});

vocabulary!(
    /// The unit a measure's values are in.
    Unit, "unit", {
    Percent => "percent", "%";
    Count => "count", "count";
    Days => "days", "days";
    Ratio => "ratio", "ratio";
});

vocabulary!(
    /// Which way is better for a measure; `Neither` gives neutral signals.
    Direction, "direction", {
    HigherIsBetter => "higher_is_better", "Higher is better";
    LowerIsBetter => "lower_is_better", "Lower is better";
    Neither => "neither", "Neither";
});

vocabulary!(
    /// How often a measure is reported.
    Frequency, "frequency", {
    Monthly => "monthly", "Monthly";
    Quarterly => "quarterly", "Quarterly";
    Annual => "annual", "Annual";
});

vocabulary!(
    /// How a session was started: signing in to the pages, or asking for an API token.
    SessionKind, "kind of session", {
    Browser => "browser", "Browser";
    Api => "api", "API token";
});

vocabulary!(
    /// How an attempt to sign in (or to confirm one's current password) ended.
    SignInOutcome, "sign-in outcome", {
    /// Recorded before the password is checked; holds a slot of its address and account meanwhile.
    Pending => "pending", "Being checked";
    Succeeded => "succeeded", "Signed in";
    Failed => "failed", "Wrong email or password";
    /// Refused without checking, after too many failures.
    Throttled => "throttled", "Refused: too many failures";
    WrongCurrentPassword => "wrong_current_password", "Wrong current password";
});

vocabulary!(
    /// What sort of report was issued.
    ReportKind, "kind of report", {
    Progress => "progress", "Progress report";
    Pack => "pack", "Evidence pack";
});

vocabulary!(
    /// Which form of the progress report was issued: the whole report, or the
    /// one-page summary (the summary and the leaders' commentary only).
    ReportForm, "form of report", {
    Full => "full", "Full report";
    Summary => "summary", "One-page summary";
});

vocabulary!(
    /// The file an issued report was sent as.
    ReportFormat, "report format", {
    Html => "html", "Web page";
    Pdf => "pdf", "PDF";
    Docx => "docx", "Word document";
    Zip => "zip", "Zip file";
});

vocabulary!(
    /// Which import an uploaded spreadsheet waits for.
    ImportKind, "kind of import", {
    Plan => "plan", "Plan";
    Results => "results", "Results";
});

vocabulary!(
    /// Where a request for evidence stands: waiting, answered by an evidence
    /// item, or closed by a leader without one (with the reason).
    RequestState, "request state", {
    Open => "open", "Open";
    Answered => "answered", "Answered";
    Closed => "closed", "Closed unanswered";
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stored_name_reads_back_as_its_value() {
        for kind in EvidenceKind::ALL {
            assert_eq!(kind.as_str().parse::<EvidenceKind>(), Ok(*kind));
        }
        for role in Role::ALL {
            assert_eq!(role.to_string().parse::<Role>(), Ok(*role));
        }
    }

    #[test]
    fn an_unknown_name_lists_the_allowed_ones() {
        let err = "superuser".parse::<Role>().unwrap_err();
        assert_eq!(err.to_string(), "'superuser' is not a role; use one of: viewer, contributor, leader, admin");
    }

    #[test]
    fn a_leader_includes_a_contributor_but_not_an_admin() {
        assert!(Role::Leader.includes(Role::Contributor));
        assert!(!Role::Leader.includes(Role::Admin));
    }
}

vocabulary!(
    /// A leader's decision on a completed action.
    SignOffDecision, "sign-off decision", {
    /// Delivered as it stands; it counts from this day.
    SignedOff => "signed_off", "Signed off";
    /// Sent back to its owner with a reason; it is in progress again.
    Returned => "returned", "Returned";
});
