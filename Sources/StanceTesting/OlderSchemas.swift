/// SQL that turns a current store back into one an earlier `stance` wrote, for tests of the
/// upgrade path.
public enum OlderSchemas {
    /// Schema 2: key rows without `occurred_at` (the triggers go with the dropped table, as an
    /// upgrade makes them again).
    public static let schema2 = """
        BEGIN;
        DROP TABLE clustered_events;
        DELETE FROM grdb_migrations WHERE identifier = 'v4-clustered-copies';
        CREATE TABLE old_keys (key INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (key, seq)) WITHOUT ROWID;
        INSERT INTO old_keys SELECT key, seq FROM event_keys;
        DROP TABLE event_keys;
        ALTER TABLE old_keys RENAME TO event_keys;
        DELETE FROM grdb_migrations WHERE identifier = 'v3-keys-occurred';
        COMMIT;
        PRAGMA user_version = 2;
        """

    /// Schema 3: no clustered copies; every keyed read takes its events from the log.
    public static let schema3 = """
        BEGIN;
        DROP TABLE clustered_events;
        DELETE FROM grdb_migrations WHERE identifier = 'v4-clustered-copies';
        COMMIT;
        PRAGMA user_version = 3;
        """
}
