-- Epic Events CRM, PostgreSQL, migration 4: the journal's indexes for
-- `history` and `audit list`'s criteria (SPEC.md, "Import, history and
-- people who leave"). A record's history reads its rows in id order: the
-- entity index gains id, so that it is one range scan, already sorted,
-- however long the journal. Touches only audit_log's indexes: independent
-- of migrations 2 and 3.

DROP INDEX audit_log_entity_idx;
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id);
CREATE INDEX audit_log_action_idx ON audit_log (action, id);
CREATE INDEX audit_log_created_idx ON audit_log (created_at);
