//! An inspection's evidence pack as at a date: for each finding (strengths
//! included, last), whether it is ready and why, its area's verdict, the actions answering it with their
//! latest progress, the verified evidence linked to it with kinds, dates and
//! files, the area's case-audit results and a chart per measure. The page,
//! the ZIP's offline `index.html`, its PDF and a shared link all render this.

use super::area_page::{measure_charts, MeasureChart};
use super::cache::Snapshot;
use super::lines::{action_line, finding_lines, reference_key, ActionLine, EvidenceLine, FindingLine};
use super::readiness::{self, InspectionReadiness};
use crate::db::attachments::AttachmentSummary;
use crate::db::measures::ResultRow;
use crate::domain::ids::{FindingId, InspectionId};
use crate::domain::kinds::{MeasureKind, Rag, ReviewState};
use crate::domain::status::{FindingReadiness, Verdict};
use chrono::NaiveDate;

/// An action answering a finding, with its latest progress update by the date.
#[derive(Debug, Clone)]
pub struct PackAction {
    pub line: ActionLine,
    /// (date, RAG rating, note) of the latest update on or before the date.
    pub latest_update: Option<(NaiveDate, Rag, String)>,
}

/// A verified evidence item with its files.
#[derive(Debug, Clone)]
pub struct PackEvidence {
    pub line: EvidenceLine,
    pub files: Vec<AttachmentSummary>,
}

/// A case audit's results up to the date.
#[derive(Debug, Clone)]
pub struct AuditResults {
    pub name: String,
    pub results: Vec<ResultRow>,
}

/// One finding's part of the pack.
#[derive(Debug, Clone)]
pub struct FindingPack {
    pub finding: FindingLine,
    /// Its folder in the ZIP: `APA1`, made safe for a file name and unique in the pack.
    pub folder: String,
    pub verdict: Option<Verdict>,
    /// Judged on its own; none for a strength.
    pub readiness: Option<FindingReadiness>,
    pub actions: Vec<PackAction>,
    pub evidence: Vec<PackEvidence>,
    pub audits: Vec<AuditResults>,
    pub charts: Vec<MeasureChart>,
}

/// The whole pack.
#[derive(Debug, Clone)]
pub struct EvidencePack {
    pub as_at: NaiveDate,
    pub readiness: InspectionReadiness,
    pub findings: Vec<FindingPack>,
}

impl EvidencePack {
    /// The pack's title.
    pub fn title(&self) -> String {
        format!("Evidence pack: {}", self.readiness.inspection.title)
    }

    /// Every file of the pack once per finding folder it belongs to: (path in the ZIP, file).
    pub fn files(&self) -> Vec<(String, &AttachmentSummary)> {
        self.findings
            .iter()
            .flat_map(|f| {
                f.evidence.iter().flat_map(move |e| e.files.iter().map(move |file| (file_path(&f.folder, file), file)))
            })
            .collect()
    }
}

/// A file's path in the ZIP: its finding's folder, then the attachment id
/// (so two files of one name never collide) and its name.
pub fn file_path(folder: &str, file: &AttachmentSummary) -> String {
    format!("findings/{folder}/{}-{}", file.id, safe_name(&file.file_name))
}

/// A name safe in a ZIP on any system: letters, digits, dot, dash and underscore.
pub fn safe_name(name: &str) -> String {
    let cleaned: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect();
    let trimmed = cleaned.trim_matches('.');
    if trimmed.is_empty() {
        "file".to_string()
    } else {
        trimmed.chars().take(100).collect()
    }
}

/// The pack of a live inspection as at `as_at`; none for one the plan does not hold.
pub fn build(snapshot: &Snapshot, inspection: InspectionId, as_at: NaiveDate) -> Option<EvidencePack> {
    let plan = &snapshot.plan;
    let row = plan.inspection(inspection)?;
    let readiness = readiness::for_inspection(snapshot, row, as_at);
    let judged_by_id: std::collections::HashMap<_, _> =
        readiness.readiness.findings.iter().map(|f| (f.finding_id, f)).collect();
    let mut folders = std::collections::HashSet::new();
    let findings = finding_lines(plan, plan.findings_of_inspection(inspection))
        .into_iter()
        .map(|finding| {
            // References that differ only in characters a name cannot keep
            // ("R/1", "R 1") give one name: the finding's id, then a count,
            // keeps each folder apart, since a ZIP cannot hold one name twice.
            let base = safe_name(&finding.reference);
            let mut folder = base.clone();
            let mut n = 0;
            while !folders.insert(folder.clone()) {
                n += 1;
                folder = if n == 1 { format!("{base}-{}", finding.id) } else { format!("{base}-{}-{n}", finding.id) };
            }
            let judged = judged_by_id.get(&finding.id).map(|f| (*f).clone());
            finding_pack(snapshot, finding, folder, judged, as_at)
        })
        .collect();
    Some(EvidencePack { as_at, readiness, findings })
}

fn finding_pack(
    snapshot: &Snapshot,
    finding: FindingLine,
    folder: String,
    readiness: Option<FindingReadiness>,
    as_at: NaiveDate,
) -> FindingPack {
    let plan = &snapshot.plan;
    let id: FindingId = finding.id;
    let area = finding.area.0;
    let verdict = snapshot.verdict(area, as_at);
    let mut actions: Vec<PackAction> = plan
        .actions_of_finding
        .get(&id)
        .into_iter()
        .flatten()
        .filter_map(|a| plan.action(*a))
        .map(|a| PackAction {
            line: action_line(plan, a, as_at),
            latest_update: plan
                .updates
                .get(&a.id)
                .into_iter()
                .flatten()
                .filter(|u| u.update_date <= as_at)
                .max_by_key(|u| (u.update_date, u.id))
                .map(|u| (u.update_date, u.rag, u.note.clone())),
        })
        .collect();
    actions.sort_by_cached_key(|a| (reference_key(&a.line.reference), a.line.id));
    let items = plan.evidence_of_finding.get(&id).into_iter().flatten().filter_map(|e| plan.evidence_item(*e));
    let evidence = super::lines::evidence_lines(plan, items, as_at)
        .into_iter()
        .filter(|l| l.review == ReviewState::Verified)
        .map(|line| PackEvidence { files: plan.attachments.get(&line.id).map(<[_]>::to_vec).unwrap_or_default(), line })
        .collect();
    let audits = plan
        .measures_of_area(area)
        .filter(|m| m.kind == MeasureKind::CaseAudit)
        .map(|m| AuditResults {
            name: m.name.clone(),
            results: plan.results.get(&m.id).into_iter().flatten().filter(|r| r.period_end <= as_at).cloned().collect(),
        })
        .collect();
    let charts = verdict.as_ref().map(|v| measure_charts(plan, area, v)).unwrap_or_default();
    FindingPack { finding, folder, verdict, readiness, actions, evidence, audits, charts }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_in_the_pack_are_safe_on_any_system() {
        assert_eq!(safe_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_name("Audit résumé (v2).pdf"), "Audit_r_sum___v2_.pdf");
        assert_eq!(safe_name("..."), "file");
    }
}
