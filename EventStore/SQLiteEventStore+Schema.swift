import GRDB

extension SQLiteEventStore {
    /// The schema version this build writes; a store with migrations this build does not know
    /// was written by a newer `stance` and is refused rather than guessed at.
    public static let schemaVersion = 5

    /// The migrations, one per schema version. Never edit a shipped one: add the next.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        register("v1", schemaV1, in: &migrator)
        register("v2-keys", schemaV2Keys, in: &migrator)
        register("v3-keys-occurred", schemaV3KeysOccurred, in: &migrator)
        register("v4-clustered-copies", schemaV4ClusteredCopies, in: &migrator)
        register("v5-timeless-retractions", schemaV5TimelessRetractions, in: &migrator)
        return migrator
    }

    /// The tables, the indexes and the triggers that make SQLite itself refuse to rewrite the past.
    static let schemaV1 = """
        CREATE TABLE events (
            seq            INTEGER PRIMARY KEY CHECK (seq >= 1),
            id             TEXT    NOT NULL UNIQUE CHECK (length(id) = 36),
            stream         TEXT    NOT NULL CHECK (stream <> ''),
            stream_version INTEGER NOT NULL CHECK (stream_version >= 1),
            type           TEXT    NOT NULL CHECK (type <> ''),
            schema_version INTEGER NOT NULL CHECK (schema_version >= 1),
            occurred_at    INTEGER NOT NULL,
            precision      TEXT    NOT NULL CHECK (precision IN ('day', 'instant')),
            recorded_at    INTEGER NOT NULL,
            payload        TEXT    NOT NULL,
            metadata       TEXT    NOT NULL,
            prev_hash      BLOB    NOT NULL CHECK (length(prev_hash) = 32),
            hash           BLOB    NOT NULL CHECK (length(hash) = 32),
            UNIQUE (stream, stream_version)
        );
        CREATE INDEX events_by_occurred_at ON events(occurred_at);

        CREATE TRIGGER events_are_never_updated BEFORE UPDATE ON events
        BEGIN
            SELECT RAISE(ABORT, 'stance: the event log is append-only; an event cannot be changed. Record a correction as a new event.');
        END;
        CREATE TRIGGER events_are_never_deleted BEFORE DELETE ON events
        BEGIN
            SELECT RAISE(ABORT, 'stance: the event log is append-only; an event cannot be deleted. Record a retraction as a new event.');
        END;
        CREATE TRIGGER events_are_appended_in_order BEFORE INSERT ON events
        WHEN NEW.seq IS NOT (SELECT IFNULL(MAX(seq), 0) + 1 FROM events)
          OR NEW.prev_hash IS NOT IFNULL((SELECT hash FROM events ORDER BY seq DESC LIMIT 1), zeroblob(32))
          OR NEW.recorded_at < IFNULL((SELECT recorded_at FROM events ORDER BY seq DESC LIMIT 1), NEW.recorded_at)
          OR NEW.stream_version IS NOT (SELECT IFNULL(MAX(stream_version), 0) + 1 FROM events WHERE stream = NEW.stream)
          OR EXISTS (SELECT 1 FROM events WHERE id = NEW.id)
        BEGIN
            SELECT RAISE(ABORT, 'stance: events are appended in order: seq and stream_version one past the last, prev_hash the last hash, recorded_at never earlier, and an id never reused (INSERT OR REPLACE would delete an event).');
        END;

        CREATE TABLE store_settings (
            key   TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TRIGGER store_settings_are_never_replaced BEFORE INSERT ON store_settings
        WHEN EXISTS (SELECT 1 FROM store_settings WHERE key = NEW.key)
        BEGIN
            SELECT RAISE(ABORT, 'stance: store settings are fixed when the store is created.');
        END;
        CREATE TRIGGER store_settings_are_never_updated BEFORE UPDATE ON store_settings
        BEGIN
            SELECT RAISE(ABORT, 'stance: store settings are fixed when the store is created.');
        END;
        CREATE TRIGGER store_settings_are_never_deleted BEFORE DELETE ON store_settings
        BEGIN
            SELECT RAISE(ABORT, 'stance: store settings are fixed when the store is created.');
        END;
        """

    /// The key index: which events bear on which question (see ``NewEvent/keys``). Keys are
    /// interned, so each (key, event) pair costs two integers. The head says up to which `seq`
    /// the index is complete; a store upgraded from schema 1 starts at 0 and is caught up by
    /// its caller. Keys are derived data, outside the hash chain: an audit recomputes them.
    static let schemaV2Keys = """
        -- Nothing reads events by occurred_at through SQL (questions go through the key
        -- index), so the index only slowed appends and took space.
        DROP INDEX events_by_occurred_at;

        CREATE TABLE index_keys (
            id  INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE
        );
        CREATE TABLE event_keys (
            key INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            PRIMARY KEY (key, seq)
        ) WITHOUT ROWID;
        CREATE TABLE key_index_head (
            one INTEGER PRIMARY KEY CHECK (one = 1),
            seq INTEGER NOT NULL CHECK (seq >= 0)
        );
        INSERT INTO key_index_head (one, seq) VALUES (1, 0);

        CREATE TRIGGER event_keys_are_never_updated BEFORE UPDATE ON event_keys
        BEGIN
            SELECT RAISE(ABORT, 'stance: the key index is append-only.');
        END;
        CREATE TRIGGER event_keys_are_never_deleted BEFORE DELETE ON event_keys
        BEGIN
            SELECT RAISE(ABORT, 'stance: the key index is append-only.');
        END;
        CREATE TRIGGER key_index_head_only_moves_forward BEFORE UPDATE ON key_index_head
        WHEN NEW.seq < OLD.seq OR NEW.seq > IFNULL((SELECT MAX(seq) FROM events), 0)
        BEGIN
            SELECT RAISE(ABORT, 'stance: the key index head only moves forward, and never past the log.');
        END;
        """

    /// Each key row carries its event's `occurred_at`, so that a read of the events under a key
    /// that occurred in a window (the signals an answer shows since its last change) filters in
    /// the index and reads only the rows it keeps: an institution with 75 speakers has ~15,000
    /// signals, of which an answer shows a handful. The rows already indexed take the column
    /// from their events; a key row whose event is gone (a store cut short) keeps NULL, which
    /// every window reads and the audit reports. The append-only triggers are made again as
    /// they were.
    static let schemaV3KeysOccurred = """
        CREATE TABLE event_keys_v3 (
            key         INTEGER NOT NULL,
            seq         INTEGER NOT NULL,
            occurred_at INTEGER,
            PRIMARY KEY (key, seq)
        ) WITHOUT ROWID;
        INSERT INTO event_keys_v3 (key, seq, occurred_at)
            SELECT event_keys.key, event_keys.seq, events.occurred_at
            FROM event_keys LEFT JOIN events ON events.seq = event_keys.seq;
        DROP TABLE event_keys;
        ALTER TABLE event_keys_v3 RENAME TO event_keys;

        \(eventKeysTriggers)
        """

    /// The triggers that keep `event_keys` append-only, made again when v3 rebuilds the table
    /// and when v5 updates it (v2 keeps its own copy of the text: a shipped migration never
    /// changes; these two must make the same triggers).
    static let eventKeysTriggers = """
        CREATE TRIGGER event_keys_are_never_updated BEFORE UPDATE ON event_keys
        BEGIN
            SELECT RAISE(ABORT, 'stance: the key index is append-only.');
        END;
        CREATE TRIGGER event_keys_are_never_deleted BEFORE DELETE ON event_keys
        BEGIN
            SELECT RAISE(ABORT, 'stance: the key index is append-only.');
        END;
        """

    /// Copies of the events under the clustered keys (``clusteredKeyPrefix``), kept in key
    /// order beside the log. A question reads every role event of the institution it asks
    /// about: 586 for the busiest of the benchmark's, spread over the log one per page, which
    /// cost ~2 ms of its ~19. Read from here they sit on a few dozen pages. The copies are
    /// derived data, outside the hash chain, like the key index they follow: one for each key
    /// row under a clustered key, written with it, and the audit compares each with its event.
    /// The copied columns have no declared type, so that no affinity converts a value on the
    /// way in: a copy holds each value exactly as its event does, damage included. The key and
    /// the seq are typed, or SQLite could not search the primary key for an integer.
    static let schemaV4ClusteredCopies = """
        CREATE TABLE clustered_events (
            key INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            id, stream, stream_version, type, schema_version, occurred_at, precision, recorded_at,
            payload, metadata, prev_hash, hash,
            PRIMARY KEY (key, seq)
        ) WITHOUT ROWID;
        INSERT INTO clustered_events
            SELECT event_keys.key, events.seq, events.id, events.stream, events.stream_version, events.type,
                   events.schema_version, events.occurred_at, events.precision, events.recorded_at,
                   events.payload, events.metadata, events.prev_hash, events.hash
            FROM event_keys
            JOIN index_keys ON index_keys.id = event_keys.key
            JOIN events ON events.seq = event_keys.seq
            WHERE substr(index_keys.key, 1, 6) = 'roles:'
            ORDER BY event_keys.key, event_keys.seq;

        CREATE TRIGGER clustered_events_are_never_updated BEFORE UPDATE ON clustered_events
        BEGIN
            SELECT RAISE(ABORT, 'stance: the clustered copies are append-only.');
        END;
        CREATE TRIGGER clustered_events_are_never_deleted BEFORE DELETE ON clustered_events
        BEGIN
            SELECT RAISE(ABORT, 'stance: the clustered copies are append-only.');
        END;
        """

    /// A retraction's key rows carry no occurred_at (see ``KeyWindow/timelessKeyPrefix``): a
    /// window over a statement's key then reads whatever withdraws it, and a question no longer
    /// looks up `retracts:` for each event it read through a window (218 lookups, ~1 ms, for
    /// the busiest question of the benchmark). A retraction is the event with a `retracts:`
    /// key row. The append-only triggers are dropped for the update and made again as they were.
    static let schemaV5TimelessRetractions = """
        DROP TRIGGER event_keys_are_never_updated;
        DROP TRIGGER event_keys_are_never_deleted;
        UPDATE event_keys SET occurred_at = NULL
            WHERE seq IN (
                SELECT event_keys.seq FROM index_keys JOIN event_keys ON event_keys.key = index_keys.id
                WHERE index_keys.key >= 'retracts:' AND index_keys.key < 'retracts;');

        \(eventKeysTriggers)
        """
}
