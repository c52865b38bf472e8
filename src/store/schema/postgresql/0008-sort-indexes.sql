-- Epic Events CRM, PostgreSQL, migration 8: indexes for the lists' sort
-- parameter (sort=COLUMN, store-sort.c). A page of a list sorted by a
-- column is ORDER BY column, id LIMIT n: with an index on (column, id) it
-- reads n rows, not the whole table. Users by employee_id use its unique
-- index. Touches indexes only: independent of migrations 2 to 7.
CREATE INDEX clients_full_name_idx ON clients (full_name, id);
CREATE INDEX clients_company_idx ON clients (company_name, id);
CREATE INDEX contracts_total_idx ON contracts (total_amount, id);
CREATE INDEX contracts_remaining_idx ON contracts (remaining_amount, id);
-- NULLs (no due date) first ascending, as SQLite orders them: the query
-- says NULLS FIRST (NULLS LAST descending, the same index backwards).
CREATE INDEX contracts_due_idx ON contracts (payment_due_date NULLS FIRST, id);
CREATE INDEX events_attendees_idx ON events (attendees_count, id);
CREATE INDEX payments_amount_idx ON payments (amount, id);
CREATE INDEX users_name_idx ON users (name, id);
-- start_date and paid_on gain the id, for the tie-break; the window and
-- date filters they served keep their index, under the same name.
DROP INDEX events_start_idx;
CREATE INDEX events_start_idx ON events (start_date, id);
DROP INDEX payments_paid_on_idx;
CREATE INDEX payments_paid_on_idx ON payments (paid_on, id);
