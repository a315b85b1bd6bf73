//! What Hartwell's leaders say about the plan in the progress report for the
//! demo's date: overall, and on the areas a councillor would ask about.

/// The commentary by area key (none: the overall words).
pub(super) fn commentary() -> Vec<(Option<String>, String)> {
    let words = |area: Option<&str>, text: &str| (area.map(str::to_string), text.to_string());
    vec![
        words(
            None,
            "The front door and management oversight have held as embedded, and case recording has been \
             delivered: its audits now need to hold for six months. Our concern is allegations management, \
             which slipped when LADO response times fell after a vacancy; the post is filled from January and \
             we will report weekly figures to the improvement board until they recover.",
        ),
        words(
            Some("lado"),
            "A LADO vacancy since August has slowed initial considerations. An interim officer starts in \
             January; the Assistant Director reviews every case open more than two days.",
        ),
        words(
            Some("qa"),
            "Two quality assurance actions are overdue because the external reviewer's visit moved to \
             February. Learning briefings restart this month.",
        ),
        words(
            Some("front_door"),
            "Decisions within one working day have stayed on target for over a year, through the summer \
             peak in contacts.",
        ),
    ]
}
