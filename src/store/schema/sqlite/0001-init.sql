-- Epic Events CRM, SQLite, migration 1.
-- Same tables and columns as PostgreSQL; money is INTEGER cents and
-- instants are UTC text 'YYYY-MM-DD HH:MM:SS', which sorts as time does.
-- The entities' ids are AUTOINCREMENT: like PostgreSQL's SERIAL, an id is
-- never reused, so a deleted user's token (sub = id) cannot name a newer
-- user, nor an old journal entry a newer record.

CREATE TABLE departments (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 50),
    description TEXT CHECK (description IS NULL OR length(description) <= 200)
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    employee_id TEXT NOT NULL UNIQUE CHECK (length(employee_id) BETWEEN 1 AND 20),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    email TEXT NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 100),
    password_hash TEXT NOT NULL CHECK (length(password_hash) <= 255),
    department_id INTEGER NOT NULL REFERENCES departments(id),
    creation_date TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    tokens_valid_after INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE clients (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    full_name TEXT NOT NULL CHECK (length(full_name) BETWEEN 1 AND 100),
    email TEXT NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 100),
    phone TEXT NOT NULL CHECK (length(phone) BETWEEN 6 AND 20),
    company_name TEXT NOT NULL CHECK (length(company_name) BETWEEN 1 AND 100),
    creation_date TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_update TEXT,
    commercial_contact_id INTEGER REFERENCES users(id)
);

CREATE TABLE contracts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id INTEGER NOT NULL REFERENCES clients(id),
    commercial_contact_id INTEGER NOT NULL REFERENCES users(id),
    total_amount INTEGER NOT NULL,
    remaining_amount INTEGER NOT NULL,
    creation_date TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    is_signed INTEGER NOT NULL DEFAULT 0 CHECK (is_signed IN (0, 1)),
    CONSTRAINT contracts_amounts_check
        CHECK (remaining_amount >= 0 AND remaining_amount <= total_amount
               AND total_amount <= 9999999999)
);

CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id INTEGER NOT NULL REFERENCES contracts(id),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    support_contact_id INTEGER REFERENCES users(id),
    location TEXT NOT NULL CHECK (length(location) BETWEEN 1 AND 200),
    attendees_count INTEGER NOT NULL,
    notes TEXT,
    CONSTRAINT events_dates_check CHECK (end_date >= start_date),
    CONSTRAINT events_attendees_check CHECK (attendees_count BETWEEN 0 AND 1000000)
);

CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
CREATE UNIQUE INDEX clients_email_lower_key ON clients (lower(email));
CREATE INDEX users_department_idx ON users (department_id);
CREATE INDEX clients_commercial_idx ON clients (commercial_contact_id, id);
CREATE INDEX contracts_client_idx ON contracts (client_id, id);
CREATE INDEX contracts_commercial_idx ON contracts (commercial_contact_id, id);
-- Written as the queries write it: SQLite matches partial indexes by text.
CREATE INDEX contracts_unsigned_idx ON contracts (id) WHERE NOT is_signed;
CREATE INDEX contracts_unpaid_idx ON contracts (id) WHERE remaining_amount > 0;
CREATE INDEX events_contract_idx ON events (contract_id, id);
CREATE INDEX events_support_idx ON events (support_contact_id, id);
CREATE INDEX events_no_support_idx ON events (id) WHERE support_contact_id IS NULL;
CREATE INDEX events_start_idx ON events (start_date);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    actor_id INTEGER,
    actor_label TEXT,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    details TEXT
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);

CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    attempted_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    succeeded INTEGER NOT NULL
);
CREATE INDEX login_attempts_email_idx ON login_attempts (email, attempted_at);
