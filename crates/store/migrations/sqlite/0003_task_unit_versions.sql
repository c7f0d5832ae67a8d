-- A version per presiding unit, bumped by triggers on every change of a task row, so that counts
-- by status and colour can be kept per unit and "as of" date outside the database and reused until
-- one of that unit's tasks changes. Triggers rather than application code: no write path can forget.
CREATE TABLE task_unit_versions (
    unit_id BLOB PRIMARY KEY NOT NULL,
    unit_path TEXT NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX task_unit_versions_path ON task_unit_versions(unit_path);

INSERT INTO task_unit_versions (unit_id, unit_path, version)
SELECT presiding_id, MIN(presiding_path), 1 FROM tasks GROUP BY presiding_id;

CREATE TRIGGER tasks_bump_unit_version_insert AFTER INSERT ON tasks BEGIN
    INSERT INTO task_unit_versions (unit_id, unit_path, version) VALUES (NEW.presiding_id, NEW.presiding_path, 1)
    ON CONFLICT (unit_id) DO UPDATE SET version = task_unit_versions.version + 1, unit_path = excluded.unit_path;
END;

CREATE TRIGGER tasks_bump_unit_version_update AFTER UPDATE ON tasks BEGIN
    UPDATE task_unit_versions SET version = version + 1 WHERE unit_id = OLD.presiding_id;
    INSERT INTO task_unit_versions (unit_id, unit_path, version) VALUES (NEW.presiding_id, NEW.presiding_path, 1)
    ON CONFLICT (unit_id) DO UPDATE SET version = task_unit_versions.version + 1, unit_path = excluded.unit_path;
END;

CREATE TRIGGER tasks_bump_unit_version_delete AFTER DELETE ON tasks BEGIN
    UPDATE task_unit_versions SET version = version + 1 WHERE unit_id = OLD.presiding_id;
END;
