/// SQL that turns a current store back into one an earlier `stance` wrote, for tests of the
/// upgrade path. Each script undoes the migrations after its schema, the latest first.
public enum OlderSchemas {
    /// Schema 4: a retraction's key rows carry its own occurred_at (v5 undone).
    public static let schema4 = script(undoing: [undoTimeless], version: 4)

    /// Schema 3: no clustered copies either (v5 and v4 undone).
    public static let schema3 = script(undoing: [undoTimeless, undoClustered], version: 3)

    /// Schema 2: key rows without `occurred_at` (v5, v4 and v3 undone; the append-only
    /// triggers are made again on the old table, as v2 made them).
    public static let schema2 = script(undoing: [undoTimeless, undoClustered, undoOccurred], version: 2)

    private static func script(undoing steps: [String], version: Int) -> String {
        "BEGIN;\n" + steps.joined(separator: "\n") + "\nCOMMIT;\nPRAGMA user_version = \(version);\n"
    }

    private static let undoTimeless = """
        DROP TRIGGER event_keys_are_never_updated;
        UPDATE event_keys SET occurred_at = (SELECT occurred_at FROM events WHERE events.seq = event_keys.seq)
            WHERE occurred_at IS NULL;
        CREATE TRIGGER event_keys_are_never_updated BEFORE UPDATE ON event_keys
        BEGIN
            SELECT RAISE(ABORT, 'stance: the key index is append-only.');
        END;
        DELETE FROM grdb_migrations WHERE identifier = 'v5-timeless-retractions';
        """

    private static let undoClustered = """
        DROP TABLE clustered_events;
        DELETE FROM grdb_migrations WHERE identifier = 'v4-clustered-copies';
        """

    private static let undoOccurred = """
        CREATE TABLE old_keys (key INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (key, seq)) WITHOUT ROWID;
        INSERT INTO old_keys SELECT key, seq FROM event_keys;
        DROP TABLE event_keys;
        ALTER TABLE old_keys RENAME TO event_keys;
        CREATE TRIGGER event_keys_are_never_updated BEFORE UPDATE ON event_keys
        BEGIN
            SELECT RAISE(ABORT, 'stance: the key index is append-only.');
        END;
        CREATE TRIGGER event_keys_are_never_deleted BEFORE DELETE ON event_keys
        BEGIN
            SELECT RAISE(ABORT, 'stance: the key index is append-only.');
        END;
        DELETE FROM grdb_migrations WHERE identifier = 'v3-keys-occurred';
        """
}
