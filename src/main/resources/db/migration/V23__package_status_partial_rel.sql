-- A load whose failed resources were left out, the others committed: status 'partial', the failed
-- resources and their causes in error.
ALTER TABLE flowloader.load_package DROP CONSTRAINT IF EXISTS load_package_status_check;
ALTER TABLE flowloader.load_package ADD CONSTRAINT load_package_status_check
    CHECK (status IN ('extracting', 'staged', 'loaded', 'partial', 'failed', 'aborted'));
