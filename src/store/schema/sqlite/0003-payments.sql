-- Epic Events CRM, SQLite, migration 3: payments and due dates.
-- Independent of migration 2 (users.is_active): it touches only contracts
-- and its own table, so the two apply in either order. Dates are TEXT
-- 'YYYY-MM-DD', which sorts as the calendar does; money INTEGER cents.

ALTER TABLE contracts ADD COLUMN payment_due_date TEXT
    CHECK (payment_due_date IS NULL OR length(payment_due_date) = 10);

CREATE TABLE payments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id INTEGER NOT NULL REFERENCES contracts(id),
    amount INTEGER NOT NULL,
    paid_on TEXT NOT NULL CHECK (length(paid_on) = 10),
    method TEXT,
    reference TEXT CHECK (reference IS NULL OR length(reference) <= 100),
    recorded_by_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    creation_date TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    voided_at TEXT,
    void_reason TEXT CHECK (void_reason IS NULL OR length(void_reason) <= 500),
    CONSTRAINT payments_amount_check CHECK (amount > 0 AND amount <= 9999999999),
    CONSTRAINT payments_method_check
        CHECK (method IN ('transfer', 'card', 'cash', 'cheque', 'other')),
    CONSTRAINT payments_void_check CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);

CREATE INDEX payments_contract_idx ON payments (contract_id, id);
CREATE INDEX payments_paid_on_idx ON payments (paid_on);
-- Written as the queries write it: SQLite matches partial indexes by text.
CREATE INDEX contracts_overdue_idx ON contracts (payment_due_date)
    WHERE remaining_amount > 0;
