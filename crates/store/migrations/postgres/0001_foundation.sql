-- Organisation tree, accounts, sessions, audit. Identifiers are UUIDv7 made in Rust (no sequences: they are
-- hot spots on distributed engines). The same version exists for SQLite; keep the two in step.

CREATE TABLE units (
    id            UUID PRIMARY KEY,
    code          TEXT COLLATE "C" NOT NULL,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    level         TEXT NOT NULL,
    parent_id     UUID REFERENCES units(id),
    path          TEXT COLLATE "C" NOT NULL UNIQUE,
    search_text   TEXT NOT NULL,
    search_tsv    TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED,
    established_on DATE,
    dissolved_on  DATE,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
-- A code names one living unit; a dissolved unit keeps its code in history.
CREATE UNIQUE INDEX units_live_code ON units(code) WHERE dissolved_on IS NULL;
CREATE INDEX units_code ON units(code);
CREATE INDEX units_parent ON units(parent_id, code);

-- search_text is folded by the application (no unaccent extension needed, so Citus and friends work).
CREATE INDEX units_search ON units USING GIN (search_tsv);

CREATE TABLE unit_groups (
    id          UUID PRIMARY KEY,
    code        TEXT COLLATE "C" NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    owner_id    UUID NOT NULL REFERENCES units(id),
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE TABLE unit_group_members (
    group_id    UUID NOT NULL REFERENCES unit_groups(id),
    unit_id     UUID NOT NULL REFERENCES units(id),
    PRIMARY KEY (group_id, unit_id)
);
CREATE INDEX unit_group_members_unit ON unit_group_members(unit_id);

CREATE TABLE unit_events (
    id            UUID PRIMARY KEY,
    kind          TEXT NOT NULL,
    effective_on  DATE NOT NULL,
    reason        TEXT NOT NULL,
    unit_id       UUID REFERENCES units(id),
    old_name      TEXT,
    new_name      TEXT,
    actor_id      UUID,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX unit_events_unit ON unit_events(unit_id);
CREATE TABLE unit_lineage (
    event_id        UUID NOT NULL REFERENCES unit_events(id),
    predecessor_id  UUID NOT NULL REFERENCES units(id),
    successor_id    UUID NOT NULL REFERENCES units(id),
    PRIMARY KEY (event_id, predecessor_id, successor_id)
);
CREATE INDEX unit_lineage_predecessor ON unit_lineage(predecessor_id);
CREATE INDEX unit_lineage_successor ON unit_lineage(successor_id);

CREATE TABLE committees (
    unit_id                 UUID PRIMARY KEY REFERENCES units(id),
    name                    TEXT NOT NULL,
    standing_office_id      UUID REFERENCES units(id),
    decision                TEXT NOT NULL,
    updated_at              TIMESTAMPTZ NOT NULL
);

CREATE TABLE users (
    id                  UUID PRIMARY KEY,
    username            TEXT COLLATE "C" NOT NULL UNIQUE,
    display_name        TEXT NOT NULL,
    email               TEXT,
    unit_id             UUID NOT NULL REFERENCES units(id),
    password_hash       TEXT NOT NULL,
    disabled            BOOLEAN NOT NULL DEFAULT FALSE,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    locale              TEXT NOT NULL DEFAULT 'vi',
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX users_unit ON users(unit_id);

CREATE TABLE committee_members (
    id              UUID PRIMARY KEY,
    unit_id         UUID NOT NULL REFERENCES units(id),
    body            TEXT NOT NULL,
    role            TEXT NOT NULL,
    user_id         UUID REFERENCES users(id),
    person_name     TEXT NOT NULL,
    position        TEXT NOT NULL,
    portfolio       TEXT NOT NULL,
    sort_order      INTEGER NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX committee_members_unit ON committee_members(unit_id, body, sort_order);

CREATE TABLE role_grants (
    user_id     UUID NOT NULL REFERENCES users(id),
    role        TEXT NOT NULL,
    unit_id     UUID NOT NULL REFERENCES units(id),
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, role, unit_id)
);
CREATE INDEX role_grants_unit ON role_grants(unit_id);

CREATE TABLE sessions (
    token_hash      TEXT PRIMARY KEY,
    id              UUID NOT NULL UNIQUE,
    user_id         UUID NOT NULL REFERENCES users(id),
    csrf_token      TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    last_seen_at    TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    user_agent      TEXT NOT NULL,
    ip              TEXT NOT NULL,
    revoked_at      TIMESTAMPTZ
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id              UUID PRIMARY KEY,
    user_id         UUID NOT NULL REFERENCES users(id),
    name            TEXT NOT NULL,
    token_hash      TEXT NOT NULL UNIQUE,
    created_at      TIMESTAMPTZ NOT NULL,
    last_used_at    TIMESTAMPTZ,
    revoked_at      TIMESTAMPTZ
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE audit_log (
    seq             BIGINT PRIMARY KEY,
    at              TIMESTAMPTZ NOT NULL,
    actor_id        UUID,
    actor_name      TEXT NOT NULL,
    action          TEXT NOT NULL,
    object_type     TEXT NOT NULL,
    object_id       TEXT NOT NULL,
    unit_path       TEXT COLLATE "C",
    before_json     TEXT,
    after_json      TEXT,
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL
);
CREATE INDEX audit_log_object ON audit_log(object_type, object_id, seq);
CREATE INDEX audit_log_unit ON audit_log(unit_path, seq);

-- The end of the chain, updated in every audited transaction: it serialises audit writers and lets
-- verification notice entries removed from the tail.
CREATE TABLE audit_head (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    seq     BIGINT NOT NULL,
    hash    TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
