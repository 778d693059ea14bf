-- ShedLock's table (JDBC provider): one row per lock name, `load:<tenant>` and `slot:<tenant>`.
CREATE TABLE flowloader.shedlock (
    name       varchar(100)  NOT NULL PRIMARY KEY,
    lock_until timestamptz  NOT NULL,
    locked_at  timestamptz  NOT NULL,
    locked_by  varchar(255) NOT NULL
);
