/*
 * raw-sqlite: the raw SQLite reference for Benchmarks/run.sh.
 *
 *   raw-sqlite STORE WORKDIR [PRAGMA=VALUE]...
 *
 * Reads every row of STORE's `events` table into memory (not timed), then, in WORKDIR:
 *   insert-indexed   inserts them into a fresh file database whose `events` table is created
 *                    with stance's own CREATE TABLE and CREATE INDEX statements (read from
 *                    STORE's sqlite_schema, so the same columns, constraints and indexes), but
 *                    without its triggers; one transaction, one prepared statement; timed from
 *                    BEGIN to the end of COMMIT.
 *   insert-bare      the same into a table with the same columns and primary key only (no
 *                    UNIQUE constraint, no secondary index), for context.
 *   insert-select    SQLite's own copy of the same rows: a fresh database with stance's schema
 *                    as for insert-indexed, STORE attached, and one INSERT INTO events (columns)
 *                    SELECT columns FROM store.events ORDER BY seq, timed from BEGIN to the end
 *                    of COMMIT. No call per row; but the rows are read from STORE's file (with
 *                    SQLite's default cache) within the timing, which insert-indexed, reading
 *                    them from memory, does not pay. The column list (and the ORDER BY) keep
 *                    SQLite from copying the b-trees whole (its transfer optimisation), which
 *                    no writer of new rows could do.
 *   read             a new connection reads every row of the indexed copy back in seq order
 *                    with sqlite3_step and touches each column (type and bytes, no decoding).
 *
 * PRAGMAs: journal_mode=WAL and synchronous=FULL, which is what a stance store runs with (run.sh adds
 * cache_size=-65536, stance's page cache)
 * (stance creates WAL stores; GRDB leaves synchronous at SQLite's default, FULL). The values in
 * force are printed. Further PRAGMAs given as arguments (such as cache_size=-65536) are run on
 * every connection after those, for when stance sets more.
 *
 * Output, one figure a line, for report.py:  KEY VALUE...
 *   sqlite_version 3.40.1
 *   pragma NAME VALUE
 *   figure NAME ROWS SECONDS ROWS_PER_SECOND
 *
 * Build: cc -O2 -o raw-sqlite raw-sqlite.c -lsqlite3
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void die(sqlite3 *db, const char *what) {
    fprintf(stderr, "raw-sqlite: %s: %s\n", what, db ? sqlite3_errmsg(db) : "out of memory");
    exit(1);
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void exec(sqlite3 *db, const char *sql) {
    char *error = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &error) != SQLITE_OK) {
        fprintf(stderr, "raw-sqlite: %s: %s\n", sql, error ? error : "?");
        exit(1);
    }
}

/* The rows, packed in one buffer: per column a type byte, then an int64, a double, or a
 * length (uint32) and the bytes. */
static unsigned char *arena;
static size_t arena_used, arena_size;

static void *take(size_t n) {
    if (arena_used + n > arena_size) {
        arena_size = (arena_size + n) * 2;
        arena = realloc(arena, arena_size);
        if (!arena) die(NULL, "reading the rows");
    }
    void *p = arena + arena_used;
    arena_used += n;
    return p;
}

static int load(sqlite3 *src, int *columns) {
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(src, "SELECT * FROM events ORDER BY seq", -1, &st, NULL) != SQLITE_OK) die(src, "select");
    *columns = sqlite3_column_count(st);
    int rows = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int c = 0; c < *columns; c++) {
            unsigned char type = (unsigned char)sqlite3_column_type(st, c);
            *(unsigned char *)take(1) = type;
            if (type == SQLITE_INTEGER) {
                int64_t v = sqlite3_column_int64(st, c);
                memcpy(take(8), &v, 8);
            } else if (type == SQLITE_FLOAT) {
                double v = sqlite3_column_double(st, c);
                memcpy(take(8), &v, 8);
            } else if (type == SQLITE_TEXT || type == SQLITE_BLOB) {
                const void *bytes = type == SQLITE_TEXT ? (const void *)sqlite3_column_text(st, c) : sqlite3_column_blob(st, c);
                uint32_t n = (uint32_t)sqlite3_column_bytes(st, c);
                memcpy(take(4), &n, 4);
                if (n) memcpy(take(n), bytes, n);
            }
        }
        rows++;
    }
    if (rc != SQLITE_DONE) die(src, "reading the rows");
    sqlite3_finalize(st);
    return rows;
}

static char **extra_pragmas;
static int extra_count;

static void apply_extra_pragmas(sqlite3 *db) {
    for (int i = 0; i < extra_count; i++) {
        char sql[512];
        snprintf(sql, sizeof sql, "PRAGMA %s", extra_pragmas[i]);
        exec(db, sql);
    }
}

static sqlite3 *create(const char *path, const char *const *schema, int statements) {
    remove(path);
    char side[4096];
    snprintf(side, sizeof side, "%s-wal", path); remove(side);
    snprintf(side, sizeof side, "%s-shm", path); remove(side);
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK) die(db, path);
    exec(db, "PRAGMA journal_mode=WAL");
    exec(db, "PRAGMA synchronous=FULL");
    apply_extra_pragmas(db);
    for (int i = 0; i < statements; i++) exec(db, schema[i]);
    return db;
}

static void print_pragmas(sqlite3 *db) {
    const char *names[] = {"journal_mode", "synchronous", "page_size", "cache_size"};
    for (int i = 0; i < 4; i++) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA %s", names[i]);
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) die(db, sql);
        if (sqlite3_step(st) == SQLITE_ROW) printf("pragma %s %s\n", names[i], (const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
}

/* Inserts every row into db's events table; returns the seconds from BEGIN to COMMIT. */
static double insert(sqlite3 *db, int rows, int columns) {
    char sql[1024] = "INSERT INTO events VALUES (";
    for (int c = 0; c < columns; c++) strcat(sql, c ? ",?" : "?");
    strcat(sql, ")");
    sqlite3_stmt *st;
    double start = now();
    exec(db, "BEGIN");
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) die(db, "prepare insert");
    const unsigned char *p = arena;
    for (int r = 0; r < rows; r++) {
        for (int c = 0; c < columns; c++) {
            unsigned char type = *p++;
            if (type == SQLITE_INTEGER) {
                int64_t v; memcpy(&v, p, 8); p += 8;
                sqlite3_bind_int64(st, c + 1, v);
            } else if (type == SQLITE_FLOAT) {
                double v; memcpy(&v, p, 8); p += 8;
                sqlite3_bind_double(st, c + 1, v);
            } else if (type == SQLITE_TEXT || type == SQLITE_BLOB) {
                uint32_t n; memcpy(&n, p, 4); p += 4;
                if (type == SQLITE_TEXT) sqlite3_bind_text(st, c + 1, (const char *)p, (int)n, SQLITE_STATIC);
                else sqlite3_bind_blob(st, c + 1, p, (int)n, SQLITE_STATIC);
                p += n;
            } else {
                sqlite3_bind_null(st, c + 1);
            }
        }
        if (sqlite3_step(st) != SQLITE_DONE) die(db, "insert");
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    exec(db, "COMMIT");
    return now() - start;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: raw-sqlite STORE WORKDIR [PRAGMA=VALUE]...\n");
        return 64;
    }
    extra_pragmas = argv + 3;
    extra_count = argc - 3;
    const char *store = argv[1], *workdir = argv[2];
    sqlite3 *src;
    if (sqlite3_open_v2(store, &src, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) die(src, store);

    /* stance's CREATE TABLE and CREATE INDEX statements for events; no triggers. */
    const char *schema[32];
    int statements = 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(src, "SELECT sql FROM sqlite_master WHERE tbl_name = 'events' AND type IN ('table', 'index') "
                                "AND sql IS NOT NULL ORDER BY type = 'index', name", -1, &st, NULL) != SQLITE_OK) die(src, "schema");
    while (sqlite3_step(st) == SQLITE_ROW && statements < 32) schema[statements++] = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (statements == 0) { fprintf(stderr, "raw-sqlite: %s has no events table\n", store); return 1; }

    /* The bare table: the same column names and declared types, the primary key, nothing else. */
    char bare[4096] = "CREATE TABLE events (";
    if (sqlite3_prepare_v2(src, "SELECT name, type, pk FROM pragma_table_info('events') ORDER BY cid", -1, &st, NULL) != SQLITE_OK) die(src, "table_info");
    for (int c = 0; sqlite3_step(st) == SQLITE_ROW; c++) {
        char column[256];
        snprintf(column, sizeof column, "%s\"%s\" %s%s", c ? ", " : "", sqlite3_column_text(st, 0),
                 sqlite3_column_text(st, 1), sqlite3_column_int(st, 2) ? " PRIMARY KEY" : "");
        strcat(bare, column);
    }
    strcat(bare, ")");
    sqlite3_finalize(st);

    int columns;
    int rows = load(src, &columns);
    sqlite3_close(src);
    printf("sqlite_version %s\n", sqlite3_libversion());
    printf("rows %d\ncolumns %d\nloaded_bytes %zu\n", rows, columns, arena_used);

    char path[4096];
    snprintf(path, sizeof path, "%s/raw-indexed.sqlite", workdir);
    sqlite3 *db = create(path, schema, statements);
    print_pragmas(db);
    double seconds = insert(db, rows, columns);
    printf("figure insert-indexed %d %.4f %.0f\n", rows, seconds, rows / seconds);
    double start = now();
    sqlite3_close(db);
    double closing = now() - start;
    printf("figure close-indexed %d %.4f %.0f\n", rows, closing, rows / closing);

    /* SQLite's own copy: the column names, listed and quoted, so that the transfer
     * optimisation stays off. */
    char *names = sqlite3_mprintf("");
    if (sqlite3_open_v2(store, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) die(src, store);
    if (sqlite3_prepare_v2(src, "SELECT name FROM pragma_table_info('events') ORDER BY cid", -1, &st, NULL) != SQLITE_OK) die(src, "names");
    for (int c = 0; sqlite3_step(st) == SQLITE_ROW; c++) {
        names = sqlite3_mprintf("%z%s\"%w\"", names, c ? ", " : "", (const char *)sqlite3_column_text(st, 0));
        if (names == NULL) die(NULL, "names");
    }
    sqlite3_finalize(st);
    sqlite3_close(src);
    char select_path[4096];
    snprintf(select_path, sizeof select_path, "%s/raw-select.sqlite", workdir);
    db = create(select_path, schema, statements);
    char *attach = sqlite3_mprintf("ATTACH %Q AS store", store);
    exec(db, attach);
    sqlite3_free(attach);
    char *copy = sqlite3_mprintf("INSERT INTO main.events (%s) SELECT %s FROM store.events ORDER BY seq", names, names);
    start = now();
    exec(db, "BEGIN");
    exec(db, copy);
    exec(db, "COMMIT");
    seconds = now() - start;
    sqlite3_free(copy);
    sqlite3_free(names);
    printf("figure insert-select %d %.4f %.0f\n", rows, seconds, rows / seconds);
    sqlite3_close(db);
    remove(select_path);

    char bare_path[4096];
    snprintf(bare_path, sizeof bare_path, "%s/raw-bare.sqlite", workdir);
    const char *bare_schema[1] = {bare};
    db = create(bare_path, bare_schema, 1);
    seconds = insert(db, rows, columns);
    printf("figure insert-bare %d %.4f %.0f\n", rows, seconds, rows / seconds);
    sqlite3_close(db);

    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) die(db, path);
    apply_extra_pragmas(db);
    start = now();
    if (sqlite3_prepare_v2(db, "SELECT * FROM events ORDER BY seq", -1, &st, NULL) != SQLITE_OK) die(db, "select");
    int read = 0, rc;
    uint64_t touched = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int c = 0; c < columns; c++) {
            int type = sqlite3_column_type(st, c);
            if (type == SQLITE_TEXT || type == SQLITE_BLOB) {
                const unsigned char *bytes = sqlite3_column_blob(st, c);
                int n = sqlite3_column_bytes(st, c);
                touched += n ? bytes[0] + (uint64_t)n : 0;
            } else {
                touched += (uint64_t)sqlite3_column_int64(st, c);
            }
        }
        read++;
    }
    if (rc != SQLITE_DONE) die(db, "read");
    sqlite3_finalize(st);
    seconds = now() - start;
    sqlite3_close(db);
    printf("figure read %d %.4f %.0f\n", read, seconds, read / seconds);
    printf("checksum %llu\n", (unsigned long long)touched);
    free(arena);
    return 0;
}
