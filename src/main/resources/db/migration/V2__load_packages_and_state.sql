-- Load packages (one per load of one tenant), their per-table jobs, and incremental cursor state.
-- Written by io.flowloader.pkg and io.flowloader.state; see design.md §2.

CREATE TABLE flowloader.load_package (
    id              bigserial    PRIMARY KEY,
    load_id         varchar(64)  NOT NULL,
    tenant          text         NOT NULL,
    dataset         text         NOT NULL,
    trigger         text         NOT NULL CHECK (trigger IN ('schedule', 'manual')),
    status          text         NOT NULL
                    CHECK (status IN ('extracting', 'staged', 'loaded', 'failed', 'aborted')),
    -- Resources this load covers: replace tables of these resources are emptied even when a
    -- resource yielded no rows.
    resources       jsonb        NOT NULL DEFAULT '[]',
    -- What the normalizer reported as new tables/columns (dlt's load_info schema updates).
    schema_changes  jsonb,
    -- Everything the commit needs, persisted when staging completes, so that a staged package can
    -- be committed by a later load without re-fetching (resume rule).
    final_schema    jsonb,
    cursor_updates  jsonb,
    error           text,
    started_at      timestamptz  NOT NULL,
    staged_at       timestamptz,
    finished_at     timestamptz,
    CONSTRAINT load_package_tenant_load_id_key UNIQUE (tenant, load_id)
);

CREATE INDEX load_package_tenant_status_idx ON flowloader.load_package (tenant, status);

CREATE TABLE flowloader.load_job (
    load_package  bigint  NOT NULL REFERENCES flowloader.load_package (id) ON DELETE CASCADE,
    table_name    text    NOT NULL,
    rows          bigint  NOT NULL,
    status        text    NOT NULL CHECK (status IN ('staged', 'loaded', 'failed', 'aborted')),
    error         text,
    PRIMARY KEY (load_package, table_name)
);

-- One cursor per tenant × resource (× parent key for child resources with their own cursor).
-- Advanced only inside the commit transaction of the load that read past it.
CREATE TABLE flowloader.cursor_state (
    tenant         text         NOT NULL,
    resource       text         NOT NULL,
    parent_key     text,
    cursor_path    text         NOT NULL,
    value_type     text         NOT NULL
                   CHECK (value_type IN ('text', 'bigint', 'double', 'decimal', 'timestamp', 'bool')),
    value          text         NOT NULL,
    -- Primary keys of the records seen AT the cursor value: an inclusive lower bound re-reads them.
    boundary_keys  jsonb        NOT NULL DEFAULT '[]',
    load_id        varchar(64)  NOT NULL,
    updated_at     timestamptz  NOT NULL
);

-- parent_key NULL means "the resource itself"; one row per (tenant, resource, parent_key) with
-- NULLs treated as equal (works on PostgreSQL 13, unlike NULLS NOT DISTINCT).
CREATE UNIQUE INDEX cursor_state_key_idx
    ON flowloader.cursor_state (tenant, resource, (coalesce(parent_key, '')));
