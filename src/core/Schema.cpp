#include "Schema.h"

#include "Database.h"
#include "MessageIndexSchema.h"

#include <QStringList>

namespace mood::Schema {

using namespace Qt::StringLiterals;

namespace {
constexpr int kMoodVersionStep = 10;  // written in code: see moodVersionStep()
constexpr int kMessageIndexStep = 11; // written in code: see MessageIndexSchema

// %ID% becomes the dialect's auto-increment key; a statement that starts with %PG% runs on PostgreSQL only, one
// that starts with %SQLITE% on SQLite only.
// Never edit a released step: add a new one.
const QList<QStringList>& migrations()
{
    static const QList<QStringList> steps{
        // 1: the whole domain
        {
            u"CREATE TABLE users (id %ID%, username TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,"
            " email TEXT NOT NULL DEFAULT '', timezone TEXT NOT NULL,"
            " share_level TEXT NOT NULL DEFAULT 'milestones', is_admin INTEGER NOT NULL DEFAULT 0,"
            " longest_streak INTEGER NOT NULL DEFAULT 0, created_at BIGINT NOT NULL)"_s,
            u"CREATE INDEX users_email ON users(email)"_s,
            // How many users have each longest streak: the percentile without scanning users.
            u"CREATE TABLE streak_histogram (streak_length INTEGER PRIMARY KEY, user_count BIGINT NOT NULL)"_s,
            u"CREATE TABLE moods (id %ID%, user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
            " mood TEXT NOT NULL, at_epoch BIGINT NOT NULL, local_day TEXT NOT NULL,"
            " note TEXT NOT NULL DEFAULT '', recorded_at BIGINT NOT NULL)"_s,
            u"CREATE INDEX moods_user_time ON moods(user_id, at_epoch, id)"_s,
            u"CREATE INDEX moods_user_day ON moods(user_id, local_day)"_s,
            u"CREATE TABLE follows (follower_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
            " followee_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE, created_at BIGINT NOT NULL,"
            " PRIMARY KEY (follower_id, followee_id))"_s,
            u"CREATE INDEX follows_followee ON follows(followee_id)"_s,
            u"CREATE TABLE activities (id %ID%, actor_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
            " verb TEXT NOT NULL, object_text TEXT, target TEXT NOT NULL, created_at BIGINT NOT NULL)"_s,
            u"CREATE INDEX activities_actor ON activities(actor_id, id)"_s,
            u"CREATE TABLE events (seq %ID%, uuid TEXT NOT NULL UNIQUE, component TEXT NOT NULL,"
            " data_json TEXT NOT NULL, email TEXT NOT NULL, environment TEXT NOT NULL, message TEXT NOT NULL,"
            " created_us BIGINT NOT NULL)"_s,
            u"CREATE INDEX events_email ON events(email, seq)"_s,
            u"CREATE INDEX events_component ON events(component, seq)"_s,
            u"CREATE INDEX events_environment ON events(environment, seq)"_s,
            u"CREATE INDEX events_created ON events(created_us)"_s,
            u"CREATE TABLE ui_logs (id %ID%, user_name TEXT NOT NULL, session_id TEXT NOT NULL,"
            " UNIQUE (user_name, session_id))"_s,
            u"CREATE TABLE ui_actions (id %ID%, log_id BIGINT NOT NULL REFERENCES ui_logs(id) ON DELETE CASCADE,"
            " time_text TEXT NOT NULL, time_us BIGINT NOT NULL, action_type TEXT NOT NULL,"
            " properties_json TEXT NOT NULL)"_s,
            u"CREATE INDEX ui_actions_log ON ui_actions(log_id, id)"_s,
            u"CREATE INDEX ui_actions_time ON ui_actions(time_us)"_s,
            u"CREATE TABLE auth_tokens (token_hash TEXT PRIMARY KEY,"
            " user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE, expires_at BIGINT NOT NULL)"_s,
            u"CREATE INDEX auth_tokens_user ON auth_tokens(user_id)"_s,
        },
        // Streak milestones already posted, per run (a run is known by its first day): posted once per run.
        {
            u"CREATE TABLE streak_milestones (user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
            " milestone INTEGER NOT NULL, run_start TEXT NOT NULL, PRIMARY KEY (user_id, milestone, run_start))"_s,
        },
        // The first answer to each Idempotency-Key, stored in the transaction of the write it answers.
        // user_id 0: requests without a user, whose key is prefixed with the request's fingerprint.
        {
            u"CREATE TABLE idempotency_keys (user_id BIGINT NOT NULL, idem_key TEXT NOT NULL,"
            " fingerprint TEXT NOT NULL, status INTEGER NOT NULL, content_type TEXT NOT NULL, body TEXT NOT NULL,"
            " created_at BIGINT NOT NULL, PRIMARY KEY (user_id, idem_key))"_s,
            u"CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at)"_s,
        },
        // Event numbers handed out under a row lock, so they follow commit order and a cursor never skips one.
        {
            u"CREATE TABLE event_counter (id INTEGER PRIMARY KEY, last_seq BIGINT NOT NULL)"_s,
            u"INSERT INTO event_counter (id, last_seq) SELECT 1, COALESCE(MAX(seq), 0) FROM events"_s,
        },
        // Checking and rebuilding the streak histogram from users reads an index, not a million rows.
        {
            u"CREATE INDEX users_longest_streak ON users(longest_streak)"_s,
        },
        // yearend: the year-end mail ledger, one row per user and year (see YearEndLedger.h)
        {
            u"CREATE TABLE yearend_mail (user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
            " board_year INTEGER NOT NULL, state TEXT NOT NULL, claim_token TEXT NOT NULL, claimed_by TEXT NOT NULL,"
            " claimed_at BIGINT NOT NULL, recipient TEXT NOT NULL, message_id TEXT NOT NULL,"
            " attempts INTEGER NOT NULL, detail TEXT NOT NULL DEFAULT '', updated_at BIGINT NOT NULL,"
            " PRIMARY KEY (user_id, board_year))"_s,
            u"CREATE INDEX yearend_mail_year ON yearend_mail(board_year, state)"_s,
        },
        // registrations per client in the last hour, for the registration throttle (older rows are deleted)
        {
            u"CREATE TABLE registration_attempts (client TEXT NOT NULL, at_epoch BIGINT NOT NULL)"_s,
            u"CREATE INDEX registration_attempts_client ON registration_attempts(client, at_epoch)"_s,
        },
        // Who posted each event: non-admins read the events they posted, whatever email the events carry
        // (NULL: the product's own events). Older events go to the one user whose email they carry, when exactly
        // one user has it: what that user could read before, except events whose email several users share.
        {
            u"ALTER TABLE events ADD COLUMN poster_id BIGINT"_s,
            u"UPDATE events SET poster_id = (SELECT MIN(u.id) FROM users u WHERE u.email = events.email)"
            " WHERE events.email <> '' AND events.component <> 'moodboard'"
            " AND (SELECT COUNT(*) FROM users u WHERE u.email = events.email) = 1"_s,
            u"CREATE INDEX events_poster ON events(poster_id, seq)"_s,
        },
        // Indexes for reads at scale (issue 7).
        // GET /user?q=<prefix> reads a range of user names in code point order (UserService::searchByPrefix).
        // SQLite's UNIQUE index on username is in that order already; PostgreSQL's follows the database's
        // collation, so it gets one in "C" order. IF NOT EXISTS: a replayed step finds the index there.
        {
            u"%PG%CREATE INDEX IF NOT EXISTS users_username_c ON users (username COLLATE \"C\")"_s,
            // A feed page is chosen from the index alone (ActivityStore::page): actor, id and the verb that the
            // actor's share level filters. It starts with activities_actor's columns, which it replaces.
            u"CREATE INDEX IF NOT EXISTS activities_actor_verb ON activities (actor_id, id, verb)"_s,
            u"DROP INDEX IF EXISTS activities_actor"_s,
            // GET /events?from_date=: while events are stored in time order (one server stores them so: it reads
            // the time under the counter's lock), the first event from that time on is found in events_created
            // and the rest are read in seq order from there (EventStore::list). in_order drops to 0 for good when
            // an event is stored with an earlier time than the latest before it (clocks of several servers).
            u"CREATE TABLE IF NOT EXISTS event_order (id INTEGER PRIMARY KEY, latest_us BIGINT NOT NULL,"
            " in_order INTEGER NOT NULL)"_s,
            u"INSERT INTO event_order (id, latest_us, in_order) SELECT 1, COALESCE(MAX(created_us), 0),"
            " CASE WHEN EXISTS (SELECT 1 FROM (SELECT created_us, LAG(created_us) OVER (ORDER BY seq) AS previous"
            " FROM events) t WHERE created_us < previous) THEN 0 ELSE 1 END FROM events WHERE 1 = 1"
            " ON CONFLICT (id) DO NOTHING"_s,
        },
        // users.mood_version and its triggers: written by moodVersionStep, whose statements differ by dialect.
        {},
        // A trigram index of events.message for GET /events?message=: written by MessageIndexSchema.
        {},
        // 12: a user's whole history from the index alone (moodrows::historyIn, newest first). Moods arrive day by
        // day from everyone, so one user's rows lie on about as many table pages as they have entries; the index
        // keeps them side by side. It starts with moods_user_time's columns and replaces it. Notes are at most 280
        // characters: well inside PostgreSQL's limit for an index row.
        {
            u"%SQLITE%CREATE INDEX IF NOT EXISTS moods_user_history"
            " ON moods (user_id, at_epoch, id, mood, local_day, note)"_s,
            u"%PG%CREATE INDEX IF NOT EXISTS moods_user_history ON moods (user_id, at_epoch, id)"
            " INCLUDE (mood, local_day, note)"_s,
            u"DROP INDEX IF EXISTS moods_user_time"_s,
        },
    };
    return steps;
}

// Every change of a user's moods, by any writer (another server on the database, sqlite3, psql), counts up the
// user's mood_version in the same transaction: a history rendered at one version is that history as long as the
// version stays. Safe to run again (tests replay steps).
Status moodVersionStep(const QSqlDatabase& db, Dialect dialect)
{
    QStringList statements;
    const QString column = u"SELECT COUNT(*) FROM pragma_table_info('users') WHERE name = 'mood_version'"_s;
    const auto hasColumn = dialect == Dialect::Sqlite ? sql::scalar(db, column) : Result<qint64>(0);
    if (!hasColumn)
        return hasColumn.error();
    if (dialect == Dialect::Sqlite) {
        if (*hasColumn == 0)
            statements << u"ALTER TABLE users ADD COLUMN mood_version BIGINT NOT NULL DEFAULT 0"_s;
        const auto trigger = [](const char* name, const char* event, const char* body) {
            return u"CREATE TRIGGER IF NOT EXISTS %1 AFTER %2 ON moods BEGIN %3 END"_s.arg(
                QLatin1StringView(name), QLatin1StringView(event), QLatin1StringView(body));
        };
        statements << trigger("moods_version_insert", "INSERT",
                              "UPDATE users SET mood_version = mood_version + 1 WHERE id = NEW.user_id;")
                   << trigger("moods_version_update", "UPDATE",
                              "UPDATE users SET mood_version = mood_version + 1 WHERE id = OLD.user_id;"
                              " UPDATE users SET mood_version = mood_version + 1"
                              " WHERE id = NEW.user_id AND NEW.user_id <> OLD.user_id;")
                   << trigger("moods_version_delete", "DELETE",
                              "UPDATE users SET mood_version = mood_version + 1 WHERE id = OLD.user_id;")
                   // SQLite hands the id of a deleted last user out again: a new user starts at a random version, so no
                   // history rendered for the old one can match.
                   << u"CREATE TRIGGER IF NOT EXISTS users_mood_version_start AFTER INSERT ON users BEGIN"
                      " UPDATE users SET mood_version = abs(random() % 1000000000000000) WHERE id = NEW.id; END"_s;
    } else {
        statements
            << u"ALTER TABLE users ADD COLUMN IF NOT EXISTS mood_version BIGINT NOT NULL DEFAULT 0"_s
            // search_path pinned: a writer whose session does not name this schema still counts up the right users.
            << u"CREATE OR REPLACE FUNCTION moods_bump_version() RETURNS trigger LANGUAGE plpgsql"
               " SET search_path FROM CURRENT AS $$ BEGIN"
               " IF TG_OP <> 'INSERT' THEN UPDATE users SET mood_version = mood_version + 1 WHERE id = OLD.user_id;"
               " END IF;"
               " IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.user_id <> OLD.user_id) THEN"
               " UPDATE users SET mood_version = mood_version + 1 WHERE id = NEW.user_id; END IF;"
               " RETURN NULL; END $$"_s;
        const auto present = sql::scalar(
            db, u"SELECT COUNT(*) FROM pg_trigger WHERE tgname = 'moods_version' AND tgrelid = 'moods'::regclass"_s);
        if (!present)
            return present.error();
        if (*present == 0) {
            statements << u"CREATE TRIGGER moods_version AFTER INSERT OR UPDATE OR DELETE ON moods"
                          " FOR EACH ROW EXECUTE FUNCTION moods_bump_version()"_s;
        }
    }
    for (const QString& statement : std::as_const(statements)) {
        if (auto done = sql::exec(db, statement); !done)
            return done.error();
    }
    return success();
}

Status setVersion(const QSqlDatabase& db, int version)
{
    auto done = sql::exec(db,
                          u"INSERT INTO meta (meta_key, meta_value) VALUES ('schema_version', ?)"
                          " ON CONFLICT (meta_key) DO UPDATE SET meta_value = excluded.meta_value"_s,
                          {QString::number(version)});
    return done ? success() : Status(done.error());
}

Status migrateLocked(const QSqlDatabase& db, Dialect dialect)
{
    if (dialect == Dialect::Postgres) {
        // Several servers may start at once on one database: one migrates, the others wait.
        if (auto locked = sql::exec(db, u"SELECT pg_advisory_xact_lock(770077)"_s); !locked)
            return locked.error();
    }
    if (auto created =
            sql::exec(db, u"CREATE TABLE IF NOT EXISTS meta (meta_key TEXT PRIMARY KEY, meta_value TEXT NOT NULL)"_s);
        !created)
        return created.error();
    const auto current = version(db);
    if (!current)
        return current.error();
    if (*current > kVersion) {
        return Error{ErrorKind::Conflict,
                     u"the database was written by a newer Moodboard (schema version %1; this version supports up "
                     "to %2). Upgrade Moodboard to open it; the database was left untouched."_s.arg(*current)
                         .arg(kVersion)};
    }
    const QString idColumn = dialect == Dialect::Sqlite ? u"INTEGER PRIMARY KEY"_s : u"BIGSERIAL PRIMARY KEY"_s;
    for (int step = *current + 1; step <= kVersion; ++step) {
        if (step == kMoodVersionStep) {
            Q_ASSERT(migrations().at(step - 1).isEmpty()); // its place in the list holds no statements
            if (Status done = moodVersionStep(db, dialect); !done)
                return done;
            continue;
        }
        if (step == kMessageIndexStep) {
            if (Status done = MessageIndexSchema::create(db, dialect); !done)
                return done;
            continue;
        }
        for (QString statement : migrations().at(step - 1)) {
            if (statement.startsWith(u"%PG%"_s)) {
                if (dialect != Dialect::Postgres)
                    continue;
                statement.remove(0, 4);
            } else if (statement.startsWith(u"%SQLITE%"_s)) {
                if (dialect != Dialect::Sqlite)
                    continue;
                statement.remove(0, 8);
            }
            statement.replace(u"%ID%"_s, idColumn);
            if (auto done = sql::exec(db, statement); !done)
                return done.error();
        }
    }
    if (dialect == Dialect::Sqlite && *current >= kMessageIndexStep) {
        if (Status repaired = MessageIndexSchema::repair(db); !repaired)
            return repaired;
    }
    return *current == kVersion ? success() : setVersion(db, kVersion);
}
} // namespace

Result<int> version(const QSqlDatabase& db)
{
    auto query = sql::exec(db, u"SELECT meta_value FROM meta WHERE meta_key = 'schema_version'"_s);
    if (!query)
        return query.error();
    return query->next() ? query->value(0).toString().toInt() : 0;
}

Status migrate(const QSqlDatabase& db, Dialect dialect)
{
    static_assert(kVersion >= 1);
    Q_ASSERT(migrations().size() == kVersion);
    const QString begin = dialect == Dialect::Sqlite ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s;
    if (auto begun = sql::exec(db, begin); !begun)
        return begun.error();
    const Status migrated = migrateLocked(db, dialect);
    if (!migrated) {
        (void)sql::exec(db, u"ROLLBACK"_s);
        return migrated;
    }
    if (auto committed = sql::exec(db, u"COMMIT"_s); !committed) {
        (void)sql::exec(db, u"ROLLBACK"_s);
        return committed.error();
    }
    return success();
}

} // namespace mood::Schema
