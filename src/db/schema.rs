// One schema for both backends; see migrations/sqlite and migrations/postgres.
// Kept by hand: a test compares it with what each backend's migrations create.

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::columns::sql::*;

    users (id) {
        id -> BigInt,
        email -> Text,
        display_name -> Text,
        role -> RoleName,
        password_hash -> Nullable<Text>,
        active -> Bool,
        token_version -> Integer,
        last_login_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    owners (id) {
        id -> BigInt,
        name -> Text,
        job_title -> Text,
        team -> Text,
        email -> Nullable<Text>,
        user_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
        archived_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::columns::sql::*;

    inspections (id) {
        id -> BigInt,
        kind -> InspectionKindName,
        title -> Text,
        inspectorate -> Text,
        start_date -> Date,
        end_date -> Date,
        published_on -> Nullable<Date>,
        overall_judgement -> Nullable<OverallJudgementName>,
        report_url -> Nullable<Text>,
        draft_plan_due -> Nullable<Date>,
        final_plan_due -> Nullable<Date>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
        archived_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::columns::sql::*;

    judgements (id) {
        id -> BigInt,
        inspection_id -> BigInt,
        area -> Text,
        grade -> JudgementGradeName,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
        archived_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    practice_areas (id) {
        id -> BigInt,
        name -> Text,
        description -> Text,
        lead_owner_id -> Nullable<BigInt>,
        evidence_window_months -> Nullable<Integer>,
        evidence_min_items -> Nullable<Integer>,
        evidence_min_kinds -> Nullable<Integer>,
        results_window_months -> Nullable<Integer>,
        results_min_count -> Nullable<Integer>,
        slipping_lookback_months -> Nullable<Integer>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
        archived_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::columns::sql::*;

    findings (id) {
        id -> BigInt,
        inspection_id -> BigInt,
        practice_area_id -> BigInt,
        kind -> FindingKindName,
        reference -> Text,
        text -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
        archived_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::columns::sql::*;

    actions (id) {
        id -> BigInt,
        reference -> Text,
        title -> Text,
        description -> Text,
        owner_id -> Nullable<BigInt>,
        practice_area_id -> BigInt,
        start_date -> Nullable<Date>,
        due_date -> Nullable<Date>,
        completed_date -> Nullable<Date>,
        state -> ActionStateName,
        success_measure -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
        archived_at -> Nullable<Timestamp>,
        cancelled_on -> Nullable<Date>,
    }
}

diesel::table! {
    finding_actions (finding_id,action_id) {
        finding_id -> BigInt,
        action_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::columns::sql::*;

    action_updates (id) {
        id -> BigInt,
        action_id -> BigInt,
        update_date -> Date,
        rag -> RagName,
        note -> Text,
        author_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::columns::sql::*;

    evidence (id) {
        id -> BigInt,
        title -> Text,
        kind -> EvidenceKindName,
        description -> Text,
        observed_on -> Date,
        period_start -> Nullable<Date>,
        period_end -> Nullable<Date>,
        practice_area_id -> BigInt,
        review_state -> ReviewStateName,
        reviewed_by -> Nullable<BigInt>,
        reviewed_on -> Nullable<Date>,
        rejection_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
        archived_at -> Nullable<Timestamp>,
        reviewed_by_name -> Nullable<Text>,
        returned_by -> Nullable<BigInt>,
        returned_on -> Nullable<Date>,
        return_reason -> Nullable<Text>,
        result_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    evidence_findings (evidence_id,finding_id) {
        evidence_id -> BigInt,
        finding_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    evidence_actions (evidence_id,action_id) {
        evidence_id -> BigInt,
        action_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    attachments (id) {
        id -> BigInt,
        evidence_id -> BigInt,
        file_name -> Text,
        media_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
        content -> Binary,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        archived_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::columns::sql::*;

    measures (id) {
        id -> BigInt,
        practice_area_id -> BigInt,
        name -> Text,
        description -> Text,
        kind -> MeasureKindName,
        unit -> UnitName,
        direction -> DirectionName,
        target -> Nullable<Double>,
        frequency -> FrequencyName,
        is_key -> Bool,
        baseline_points -> Nullable<Integer>,
        screen_moving_ranges -> Bool,
        published_indicator_code -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
        archived_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    recalculation_points (id) {
        id -> BigInt,
        measure_id -> BigInt,
        starts_on -> Date,
        reason -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    results (id) {
        id -> BigInt,
        measure_id -> BigInt,
        period_end -> Date,
        value -> Double,
        outstanding -> Nullable<Integer>,
        good -> Nullable<Integer>,
        requires_improvement -> Nullable<Integer>,
        inadequate -> Nullable<Integer>,
        sample_size -> Nullable<Integer>,
        note -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
        archived_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    change_history (id) {
        id -> BigInt,
        at -> Timestamp,
        user_id -> Nullable<BigInt>,
        actor -> Text,
        entity -> Text,
        entity_id -> BigInt,
        what -> Text,
        before_json -> Nullable<Text>,
        after_json -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::columns::sql::*;

    sign_in_attempts (id) {
        id -> BigInt,
        email -> Text,
        client_address -> Text,
        succeeded -> Bool,
        at -> Timestamp,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        outcome -> SignInOutcomeName,
        device -> Nullable<Text>,
    }
}

diesel::joinable!(owners -> users (user_id));
diesel::joinable!(judgements -> inspections (inspection_id));
diesel::joinable!(practice_areas -> owners (lead_owner_id));
diesel::joinable!(findings -> inspections (inspection_id));
diesel::joinable!(findings -> practice_areas (practice_area_id));
diesel::joinable!(actions -> owners (owner_id));
diesel::joinable!(actions -> practice_areas (practice_area_id));
diesel::joinable!(finding_actions -> findings (finding_id));
diesel::joinable!(finding_actions -> actions (action_id));
diesel::joinable!(action_updates -> actions (action_id));
diesel::joinable!(action_updates -> users (author_id));
diesel::joinable!(action_sign_offs -> actions (action_id));
diesel::joinable!(evidence -> practice_areas (practice_area_id));
diesel::joinable!(evidence -> users (reviewed_by));
diesel::joinable!(evidence_findings -> evidence (evidence_id));
diesel::joinable!(evidence_findings -> findings (finding_id));
diesel::joinable!(evidence_actions -> evidence (evidence_id));
diesel::joinable!(evidence_actions -> actions (action_id));
diesel::joinable!(attachments -> evidence (evidence_id));
diesel::joinable!(measures -> practice_areas (practice_area_id));
diesel::joinable!(recalculation_points -> measures (measure_id));
diesel::joinable!(results -> measures (measure_id));
diesel::joinable!(change_history -> users (user_id));

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::columns::sql::*;

    sessions (id) {
        id -> Text,
        user_id -> BigInt,
        kind -> SessionKindName,
        client_address -> Text,
        user_agent -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
        ended_at -> Nullable<Timestamp>,
        ended_reason -> Nullable<Text>,
    }
}

diesel::table! {
    council (id) {
        id -> Integer,
        name -> Text,
        la_number -> Nullable<Text>,
        colour -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
        sign_off -> Bool,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::columns::sql::*;

    action_sign_offs (id) {
        id -> BigInt,
        action_id -> BigInt,
        decision -> SignOffDecisionName,
        note -> Text,
        decided_by -> Nullable<BigInt>,
        own_action -> Bool,
        completed_date -> Nullable<Date>,
        due_date -> Nullable<Date>,
        success_measure -> Text,
        latest_update_id -> Nullable<BigInt>,
        decided_at -> Timestamp,
    }
}

diesel::table! {
    published_inspections (id) {
        id -> BigInt,
        ons_code -> Text,
        la_name -> Text,
        inspection_type -> Text,
        start_date -> Nullable<Date>,
        published_date -> Nullable<Date>,
        overall -> Text,
        help_and_protection -> Nullable<Text>,
        in_care -> Nullable<Text>,
        care_leavers -> Nullable<Text>,
        leadership -> Nullable<Text>,
    }
}

diesel::table! {
    data_generation (id) {
        id -> Integer,
        generation -> BigInt,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::columns::sql::*;

    pending_imports (id) {
        id -> Text,
        user_id -> BigInt,
        kind -> ImportKindName,
        file_name -> Text,
        sheet -> Nullable<Text>,
        create_missing -> Bool,
        content -> Binary,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    digests (id) {
        id -> BigInt,
        owner_id -> BigInt,
        email -> Text,
        sent_on -> Date,
        reminder_count -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    digest_reminders (id) {
        id -> BigInt,
        digest_id -> BigInt,
        owner_id -> BigInt,
        subject -> Text,
        subject_id -> BigInt,
        milestone -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::columns::sql::*;

    reports (id) {
        id -> BigInt,
        kind -> ReportKindName,
        format -> ReportFormatName,
        as_at -> Date,
        since -> Nullable<Date>,
        inspection_id -> Nullable<BigInt>,
        generation -> BigInt,
        sha256 -> Text,
        issued_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        form -> ReportFormName,
        commentary -> Nullable<Text>,
    }
}

diesel::table! {
    report_commentary (id) {
        id -> BigInt,
        as_at -> Date,
        practice_area_id -> Nullable<BigInt>,
        text -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    pack_shares (id) {
        id -> BigInt,
        inspection_id -> BigInt,
        token_hash -> Text,
        label -> Text,
        expires_on -> Date,
        revoked_at -> Nullable<Timestamp>,
        uses -> Integer,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    published_indicators (id) {
        id -> BigInt,
        code -> Text,
        name -> Text,
        publication -> Text,
        source_file -> Text,
        column_name -> Text,
        unit -> Text,
        polarity -> Text,
        lait_code -> Nullable<Text>,
        loaded_at -> Timestamp,
    }
}

diesel::table! {
    published_values (indicator_id, time_period, level, area_code) {
        indicator_id -> BigInt,
        time_period -> Text,
        level -> Text,
        area_code -> Text,
        value -> Nullable<Double>,
        suppressed -> Nullable<Text>,
        release -> Text,
    }
}

diesel::table! {
    published_areas (code) {
        code -> Text,
        level -> Text,
        name -> Text,
        ons_code -> Nullable<Text>,
        region_code -> Nullable<Text>,
        region_name -> Nullable<Text>,
        named_in -> Text,
    }
}

diesel::table! {
    statistical_neighbours (la_code, position) {
        la_code -> Text,
        position -> Integer,
        neighbour_code -> Text,
        closeness -> Text,
        la_name -> Text,
        region_name -> Text,
        model -> Text,
    }
}

diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(published_values -> published_indicators (indicator_id));
diesel::joinable!(digests -> owners (owner_id));
diesel::joinable!(digest_reminders -> digests (digest_id));
diesel::joinable!(pending_imports -> users (user_id));
diesel::joinable!(report_commentary -> practice_areas (practice_area_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    owners,
    inspections,
    judgements,
    practice_areas,
    findings,
    actions,
    finding_actions,
    action_updates,
    action_sign_offs,
    evidence,
    evidence_findings,
    evidence_actions,
    attachments,
    measures,
    recalculation_points,
    results,
    change_history,
    sign_in_attempts,
    sessions,
    data_generation,
    pending_imports,
    digests,
    digest_reminders,
    reports,
    report_commentary,
    pack_shares,
    council,
    published_indicators,
    published_values,
    published_areas,
    statistical_neighbours,
);

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::columns::sql::*;

    evidence_requests (id) {
        id -> BigInt,
        finding_id -> Nullable<BigInt>,
        action_id -> Nullable<BigInt>,
        practice_area_id -> Nullable<BigInt>,
        owner_id -> BigInt,
        asked_by -> Nullable<BigInt>,
        asked_on -> Date,
        due_on -> Date,
        wanted -> Text,
        state -> RequestStateName,
        evidence_id -> Nullable<BigInt>,
        answered_on -> Nullable<Date>,
        closed_by -> Nullable<BigInt>,
        closed_on -> Nullable<Date>,
        close_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    identities (id) {
        id -> BigInt,
        user_id -> BigInt,
        provider -> Text,
        issuer -> Text,
        subject -> Text,
        last_sign_in_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    provider_sign_ins (id) {
        id -> BigInt,
        provider -> Text,
        subject -> Nullable<Text>,
        user_id -> Nullable<BigInt>,
        refused -> Bool,
        reason -> Nullable<Text>,
        client_address -> Text,
        at -> Timestamp,
        created_at -> Timestamp,
    }
}

diesel::table! {
    invitations (id) {
        id -> BigInt,
        user_id -> BigInt,
        token_hash -> Text,
        sent_to -> Text,
        invited_by -> Nullable<BigInt>,
        expires_at -> Timestamp,
        accepted_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::joinable!(invitations -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(invitations, users);

diesel::table! {
    api_allowances (user_id) {
        user_id -> BigInt,
        full_at -> Timestamp,
    }
}

diesel::joinable!(api_allowances -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(api_allowances, users);
