CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'leader', 'contributor', 'viewer')),
    password_hash TEXT,
    active BOOLEAN NOT NULL DEFAULT 1,
    token_version INTEGER NOT NULL DEFAULT 0,
    last_login_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX users_email_unique ON users (lower(email));

CREATE TABLE owners (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    job_title TEXT NOT NULL,
    team TEXT NOT NULL,
    email TEXT,
    user_id BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    archived_at TIMESTAMP
);
CREATE UNIQUE INDEX owners_user_unique ON owners (user_id);

CREATE TABLE inspections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('standard_inspection', 'short_inspection', 'focused_visit',
        'monitoring_visit', 'jtai', 'annual_engagement_meeting', 'self_evaluation', 'internal_review',
        'peer_review', 'other')),
    title TEXT NOT NULL,
    inspectorate TEXT NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    published_on DATE,
    overall_judgement TEXT CHECK (overall_judgement IN ('outstanding', 'good', 'requires_improvement', 'inadequate')),
    report_url TEXT,
    draft_plan_due DATE,
    final_plan_due DATE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    archived_at TIMESTAMP,
    CHECK (end_date >= start_date)
);

CREATE TABLE judgements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    inspection_id BIGINT NOT NULL REFERENCES inspections (id),
    area TEXT NOT NULL,
    grade TEXT NOT NULL CHECK (grade IN ('outstanding', 'good', 'requires_improvement', 'inadequate')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    archived_at TIMESTAMP
);
CREATE UNIQUE INDEX judgements_area_unique ON judgements (inspection_id, area);

CREATE TABLE practice_areas (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    lead_owner_id BIGINT REFERENCES owners (id),
    evidence_window_months INTEGER CHECK (evidence_window_months > 0),
    evidence_min_items INTEGER CHECK (evidence_min_items > 0),
    evidence_min_kinds INTEGER CHECK (evidence_min_kinds > 0),
    results_window_months INTEGER CHECK (results_window_months > 0),
    results_min_count INTEGER CHECK (results_min_count > 0),
    slipping_lookback_months INTEGER CHECK (slipping_lookback_months > 0),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    archived_at TIMESTAMP
);
CREATE UNIQUE INDEX practice_areas_name_unique ON practice_areas (name);

CREATE TABLE findings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    inspection_id BIGINT NOT NULL REFERENCES inspections (id),
    practice_area_id BIGINT NOT NULL REFERENCES practice_areas (id),
    kind TEXT NOT NULL CHECK (kind IN ('priority_action', 'area_for_improvement', 'recommendation', 'strength')),
    reference TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    archived_at TIMESTAMP
);
CREATE UNIQUE INDEX findings_reference_unique ON findings (inspection_id, reference);
CREATE INDEX findings_area ON findings (practice_area_id);

CREATE TABLE actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    reference TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    owner_id BIGINT REFERENCES owners (id),
    practice_area_id BIGINT NOT NULL REFERENCES practice_areas (id),
    start_date DATE,
    due_date DATE,
    completed_date DATE,
    state TEXT NOT NULL CHECK (state IN ('planned', 'in_progress', 'completed', 'blocked', 'cancelled')),
    success_measure TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    archived_at TIMESTAMP
);
CREATE INDEX actions_area ON actions (practice_area_id);
CREATE INDEX actions_owner ON actions (owner_id);
CREATE INDEX actions_due ON actions (due_date);

CREATE TABLE finding_actions (
    finding_id BIGINT NOT NULL REFERENCES findings (id),
    action_id BIGINT NOT NULL REFERENCES actions (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (finding_id, action_id)
);
CREATE INDEX finding_actions_action ON finding_actions (action_id);

CREATE TABLE action_updates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    action_id BIGINT NOT NULL REFERENCES actions (id),
    update_date DATE NOT NULL,
    rag TEXT NOT NULL CHECK (rag IN ('red', 'amber', 'green')),
    note TEXT NOT NULL,
    author_id BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX action_updates_action ON action_updates (action_id, update_date);

CREATE TABLE evidence (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('case_audit', 'performance_data', 'case_example', 'child_family_feedback',
        'staff_feedback', 'external_review', 'policy_procedure', 'training', 'minutes', 'other')),
    description TEXT NOT NULL DEFAULT '',
    observed_on DATE NOT NULL,
    period_start DATE,
    period_end DATE,
    practice_area_id BIGINT NOT NULL REFERENCES practice_areas (id),
    review_state TEXT NOT NULL DEFAULT 'draft' CHECK (review_state IN ('draft', 'verified', 'rejected')),
    reviewed_by BIGINT REFERENCES users (id),
    reviewed_on DATE,
    rejection_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    archived_at TIMESTAMP,
    CHECK (review_state <> 'rejected' OR rejection_reason IS NOT NULL)
);
CREATE INDEX evidence_area ON evidence (practice_area_id, observed_on);

CREATE TABLE evidence_findings (
    evidence_id BIGINT NOT NULL REFERENCES evidence (id),
    finding_id BIGINT NOT NULL REFERENCES findings (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (evidence_id, finding_id)
);
CREATE INDEX evidence_findings_finding ON evidence_findings (finding_id);

CREATE TABLE evidence_actions (
    evidence_id BIGINT NOT NULL REFERENCES evidence (id),
    action_id BIGINT NOT NULL REFERENCES actions (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (evidence_id, action_id)
);
CREATE INDEX evidence_actions_action ON evidence_actions (action_id);

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    evidence_id BIGINT NOT NULL REFERENCES evidence (id),
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL CHECK (size_bytes >= 0),
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    archived_at TIMESTAMP
);
CREATE INDEX attachments_evidence ON attachments (evidence_id);

CREATE TABLE measures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    practice_area_id BIGINT NOT NULL REFERENCES practice_areas (id),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('case_audit', 'indicator')),
    unit TEXT NOT NULL CHECK (unit IN ('percent', 'count', 'days', 'ratio')),
    direction TEXT NOT NULL CHECK (direction IN ('higher_is_better', 'lower_is_better', 'neither')),
    target DOUBLE PRECISION,
    frequency TEXT NOT NULL CHECK (frequency IN ('monthly', 'quarterly', 'annual')),
    is_key BOOLEAN NOT NULL DEFAULT 0,
    baseline_points INTEGER CHECK (baseline_points >= 2),
    screen_moving_ranges BOOLEAN NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    archived_at TIMESTAMP
);
CREATE INDEX measures_area ON measures (practice_area_id);

CREATE TABLE recalculation_points (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    measure_id BIGINT NOT NULL REFERENCES measures (id),
    starts_on DATE NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX recalculation_points_unique ON recalculation_points (measure_id, starts_on);

CREATE TABLE results (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    measure_id BIGINT NOT NULL REFERENCES measures (id),
    period_end DATE NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    outstanding INTEGER CHECK (outstanding >= 0),
    good INTEGER CHECK (good >= 0),
    requires_improvement INTEGER CHECK (requires_improvement >= 0),
    inadequate INTEGER CHECK (inadequate >= 0),
    sample_size INTEGER CHECK (sample_size >= 0),
    note TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    archived_at TIMESTAMP
);
CREATE UNIQUE INDEX results_period_unique ON results (measure_id, period_end);

CREATE TABLE change_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TIMESTAMP NOT NULL,
    user_id BIGINT REFERENCES users (id),
    actor TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    what TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX change_history_entity ON change_history (entity, entity_id);
CREATE INDEX change_history_at ON change_history (at);
