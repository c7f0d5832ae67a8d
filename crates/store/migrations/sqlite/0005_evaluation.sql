-- Evaluation: scorecards and index methodologies (whole definitions as JSON), period closings with
-- the figures they froze, and what is published on the public portal.
-- The same version exists for PostgreSQL; keep the two in step.

-- A scorecard belongs to a unit: that unit manages it, and it and the units below it use it.
CREATE TABLE scorecards (
    id              BLOB PRIMARY KEY,
    owner_id        BLOB NOT NULL REFERENCES units(id),
    owner_path      TEXT NOT NULL,
    code            TEXT NOT NULL,
    version         INTEGER NOT NULL,
    definition      TEXT NOT NULL,
    created_by      BLOB,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (owner_id, code)
);

-- Each version of a methodology is its own row and never changes, so two versions can be computed
-- side by side and a closed period names the version it used.
CREATE TABLE methodologies (
    id              BLOB PRIMARY KEY,
    owner_id        BLOB NOT NULL REFERENCES units(id),
    owner_path      TEXT NOT NULL,
    code            TEXT NOT NULL,
    version         INTEGER NOT NULL,
    definition      TEXT NOT NULL,
    created_by      BLOB,
    created_at      TEXT NOT NULL,
    UNIQUE (owner_id, code, version)
);

-- A period closed for a unit's subtree. Reopening keeps the row (and what it froze) for the record.
CREATE TABLE period_closings (
    id              BLOB PRIMARY KEY,
    unit_id         BLOB NOT NULL REFERENCES units(id),
    unit_path       TEXT NOT NULL,
    period_label    TEXT NOT NULL,
    starts_on       TEXT NOT NULL,
    ends_on         TEXT NOT NULL,
    closed_at       TEXT NOT NULL,
    closed_by       BLOB,
    reopened_at     TEXT,
    reopened_by     BLOB,
    reopen_reason   TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX period_closings_in_force ON period_closings(unit_id, period_label) WHERE reopened_at IS NULL;
CREATE INDEX period_closings_ends ON period_closings(ends_on);

-- Each unit's figures (tasks by status and colour, indicators against targets) when the period closed.
CREATE TABLE period_unit_facts (
    closing_id      BLOB NOT NULL REFERENCES period_closings(id),
    unit_id         BLOB NOT NULL REFERENCES units(id),
    facts           TEXT NOT NULL,
    PRIMARY KEY (closing_id, unit_id)
);
CREATE INDEX period_unit_facts_unit ON period_unit_facts(unit_id);

-- Rankings as they stood when the period closed: `subject` names the scorecard or methodology,
-- `peers` the peer group.
CREATE TABLE period_rankings (
    closing_id      BLOB NOT NULL REFERENCES period_closings(id),
    subject         TEXT NOT NULL,
    peers           TEXT NOT NULL,
    ranking         TEXT NOT NULL,
    PRIMARY KEY (closing_id, subject, peers)
);

-- Items a coordinator chose to show on the public portal. Withdrawing deletes the row (audited).
CREATE TABLE publications (
    id              BLOB PRIMARY KEY,
    kind            TEXT NOT NULL,
    subject         TEXT NOT NULL,
    unit_id         BLOB NOT NULL REFERENCES units(id),
    unit_path       TEXT NOT NULL,
    title           TEXT NOT NULL,
    published_by    BLOB,
    published_at    TEXT NOT NULL,
    UNIQUE (kind, subject)
);
