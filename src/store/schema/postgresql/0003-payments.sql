-- Epic Events CRM, PostgreSQL, migration 3: payments and due dates.
-- Independent of migration 2 (users.is_active): it touches only contracts
-- and its own table, so the two apply in either order.

-- The date a contract's remaining amount is due; NULL = no due date.
ALTER TABLE contracts ADD COLUMN payment_due_date DATE;

-- One row per payment received against a contract. The contract's
-- remaining_amount is kept true by the same transaction (the original
-- column stays the one `unpaid` reads); a voided payment stays, marked,
-- and its amount is owed again.
CREATE TABLE payments (
    id SERIAL CONSTRAINT payments_pkey PRIMARY KEY,
    contract_id INTEGER NOT NULL
        CONSTRAINT payments_contract_id_fkey REFERENCES contracts(id),
    amount NUMERIC(10,2) NOT NULL,
    paid_on DATE NOT NULL,
    method VARCHAR(20),
    reference VARCHAR(100),
    -- SET NULL: a user who recorded payments can still be deleted; the
    -- journal keeps who it was.
    recorded_by_id INTEGER
        CONSTRAINT payments_recorded_by_id_fkey REFERENCES users(id) ON DELETE SET NULL,
    creation_date TIMESTAMP NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
    voided_at TIMESTAMP,
    void_reason VARCHAR(500),
    CONSTRAINT payments_amount_check CHECK (amount > 0 AND amount <= 99999999.99),
    CONSTRAINT payments_method_check
        CHECK (method IN ('transfer', 'card', 'cash', 'cheque', 'other')),
    CONSTRAINT payments_void_check CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);

-- payments list --contract ID (and the contract's own payments).
CREATE INDEX payments_contract_idx ON payments (contract_id, id);
-- payments list --since/--until.
CREATE INDEX payments_paid_on_idx ON payments (paid_on);
-- contracts overdue: unpaid and due before today. "IS NOT NULL" (implied by
-- the query's payment_due_date < $1) keeps the planner from taking this
-- index for the plain unpaid listing, which contracts_unpaid_idx serves in
-- id order.
CREATE INDEX contracts_overdue_idx ON contracts (payment_due_date)
    WHERE remaining_amount > 0 AND payment_due_date IS NOT NULL;
