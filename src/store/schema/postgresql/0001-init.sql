-- Epic Events CRM, PostgreSQL, migration 1.
-- Creates the original Python project's five tables when they are missing
-- (same names, types and constraint names as its SQLAlchemy models), then
-- adds what this program needs. On a database made by the original project
-- the CREATE TABLE IF NOT EXISTS statements do nothing and every row stays.

CREATE TABLE IF NOT EXISTS departments (
    id SERIAL CONSTRAINT departments_pkey PRIMARY KEY,
    name VARCHAR(50) NOT NULL CONSTRAINT departments_name_key UNIQUE,
    description VARCHAR(200)
);

CREATE TABLE IF NOT EXISTS users (
    id SERIAL CONSTRAINT users_pkey PRIMARY KEY,
    employee_id VARCHAR(20) NOT NULL CONSTRAINT uq_employee_id UNIQUE,
    name VARCHAR(100) NOT NULL,
    email VARCHAR(100) NOT NULL CONSTRAINT uq_email UNIQUE,
    password_hash VARCHAR(255) NOT NULL,
    department_id INTEGER NOT NULL
        CONSTRAINT users_department_id_fkey REFERENCES departments(id),
    creation_date TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS clients (
    id SERIAL CONSTRAINT clients_pkey PRIMARY KEY,
    full_name VARCHAR(100) NOT NULL,
    email VARCHAR(100) NOT NULL CONSTRAINT clients_email_key UNIQUE,
    phone VARCHAR(20) NOT NULL,
    company_name VARCHAR(100) NOT NULL,
    creation_date TIMESTAMP NOT NULL,
    last_update TIMESTAMP,
    commercial_contact_id INTEGER
        CONSTRAINT clients_commercial_contact_id_fkey REFERENCES users(id)
);

CREATE TABLE IF NOT EXISTS contracts (
    id SERIAL CONSTRAINT contracts_pkey PRIMARY KEY,
    client_id INTEGER NOT NULL
        CONSTRAINT contracts_client_id_fkey REFERENCES clients(id),
    commercial_contact_id INTEGER NOT NULL
        CONSTRAINT contracts_commercial_contact_id_fkey REFERENCES users(id),
    total_amount NUMERIC(10,2) NOT NULL,
    remaining_amount NUMERIC(10,2) NOT NULL,
    creation_date TIMESTAMP NOT NULL,
    is_signed BOOLEAN NOT NULL
);

CREATE TABLE IF NOT EXISTS events (
    id SERIAL CONSTRAINT events_pkey PRIMARY KEY,
    contract_id INTEGER NOT NULL
        CONSTRAINT events_contract_id_fkey REFERENCES contracts(id),
    name VARCHAR(200) NOT NULL,
    start_date TIMESTAMP NOT NULL,
    end_date TIMESTAMP NOT NULL,
    support_contact_id INTEGER
        CONSTRAINT events_support_contact_id_fkey REFERENCES users(id),
    location VARCHAR(200) NOT NULL,
    attendees_count INTEGER NOT NULL,
    notes TEXT
);

-- What this program adds to the original tables.
ALTER TABLE users ALTER COLUMN creation_date SET DEFAULT (now() AT TIME ZONE 'UTC');
ALTER TABLE clients ALTER COLUMN creation_date SET DEFAULT (now() AT TIME ZONE 'UTC');
ALTER TABLE contracts ALTER COLUMN creation_date SET DEFAULT (now() AT TIME ZONE 'UTC');
ALTER TABLE contracts ALTER COLUMN is_signed SET DEFAULT FALSE;

-- Tokens issued (iat, epoch seconds) before this instant are refused:
-- set on a password change and by `logout --all`.
ALTER TABLE users ADD COLUMN tokens_valid_after BIGINT NOT NULL DEFAULT 0;

ALTER TABLE contracts ADD CONSTRAINT contracts_amounts_check
    CHECK (remaining_amount >= 0 AND remaining_amount <= total_amount
           AND total_amount <= 99999999.99);
ALTER TABLE events ADD CONSTRAINT events_dates_check CHECK (end_date >= start_date);
ALTER TABLE events ADD CONSTRAINT events_attendees_check
    CHECK (attendees_count BETWEEN 0 AND 1000000);

CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
CREATE UNIQUE INDEX clients_email_lower_key ON clients (lower(email));
CREATE INDEX users_department_idx ON users (department_id);
CREATE INDEX clients_commercial_idx ON clients (commercial_contact_id, id);
CREATE INDEX contracts_client_idx ON contracts (client_id, id);
CREATE INDEX contracts_commercial_idx ON contracts (commercial_contact_id, id);
CREATE INDEX contracts_unsigned_idx ON contracts (id) WHERE NOT is_signed;
CREATE INDEX contracts_unpaid_idx ON contracts (id) WHERE remaining_amount > 0;
CREATE INDEX events_contract_idx ON events (contract_id, id);
CREATE INDEX events_support_idx ON events (support_contact_id, id);
CREATE INDEX events_no_support_idx ON events (id) WHERE support_contact_id IS NULL;
CREATE INDEX events_start_idx ON events (start_date);

CREATE TABLE settings (
    key VARCHAR(50) CONSTRAINT settings_pkey PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE audit_log (
    id BIGSERIAL CONSTRAINT audit_log_pkey PRIMARY KEY,
    created_at TIMESTAMP NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
    actor_id INTEGER,            -- no foreign key: the journal outlives users
    actor_label TEXT,            -- "Bill Boquet <bill.boquet@epic.com>" at the time
    action VARCHAR(30) NOT NULL, -- create, update, delete, sign, assign, login, login_failed, ...
    entity VARCHAR(20) NOT NULL, -- client, contract, event, user, session
    entity_id INTEGER,
    details TEXT                 -- JSON object of changed fields, never a secret
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);

CREATE TABLE login_attempts (
    id BIGSERIAL CONSTRAINT login_attempts_pkey PRIMARY KEY,
    email VARCHAR(100) NOT NULL,
    attempted_at TIMESTAMP NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
    succeeded BOOLEAN NOT NULL
);
CREATE INDEX login_attempts_email_idx ON login_attempts (email, attempted_at);
