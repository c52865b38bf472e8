-- Epic Events CRM, SQLite, migration 8: indexes for the lists' sort
-- parameter (sort=COLUMN, store-sort.c). A page of a list sorted by a
-- column is ORDER BY column, id LIMIT n: with an index on (column, id) it
-- reads n rows, not the whole table. Events by start_date and payments by
-- paid_on already have theirs (an SQLite index ends with the rowid, the
-- id); users by employee_id use its unique index. Creates indexes only:
-- independent of migrations 2 to 7.
CREATE INDEX clients_full_name_idx ON clients (full_name, id);
CREATE INDEX clients_company_idx ON clients (company_name, id);
CREATE INDEX contracts_total_idx ON contracts (total_amount, id);
CREATE INDEX contracts_remaining_idx ON contracts (remaining_amount, id);
-- NULLs (no due date) come first ascending, as the query asks on both.
CREATE INDEX contracts_due_idx ON contracts (payment_due_date, id);
CREATE INDEX events_attendees_idx ON events (attendees_count, id);
CREATE INDEX payments_amount_idx ON payments (amount, id);
CREATE INDEX users_name_idx ON users (name, id);
