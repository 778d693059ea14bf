-- The service's own schema. Tables for load packages, jobs, state and locks arrive with the
-- features that use them (V2+); tenant datasets are separate schemas created on first load.
COMMENT ON SCHEMA flowloader IS 'boomi-flow-loader bookkeeping: load packages, jobs, state, locks';
