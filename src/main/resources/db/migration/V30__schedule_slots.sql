-- The scheduled slot each tenant last claimed (docs/architecture.md, "Schedules and replicas").
-- A replica loads a scheduled slot only after claiming it here, so replicas whose timers are not
-- aligned never load one slot twice: a claim succeeds only for a slot later than the stored one.
CREATE TABLE flowloader.schedule_slot (
    tenant      text         PRIMARY KEY,
    slot_at     timestamptz  NOT NULL,
    claimed_by  text         NOT NULL,
    claimed_at  timestamptz  NOT NULL
);

-- A fixed-delay tenant's next slot counts from its newest finished package.
CREATE INDEX load_package_tenant_finished_idx ON flowloader.load_package (tenant, finished_at);
