#include "SqliteStatement.h"

#include "Database.h"

#include <QLoggingCategory>
#include <QSqlDriver>

#ifdef MOODBOARD_RAW_SQLITE
#include <sqlite3.h>
#endif

Q_DECLARE_LOGGING_CATEGORY(lcDb)

namespace mood::sql {

using namespace Qt::StringLiterals;

namespace {
sqlite3* handleOf(const QSqlDatabase& db)
{
#ifdef MOODBOARD_RAW_SQLITE
    if (!db.isOpen() || db.driverName() != u"QSQLITE"_s)
        return nullptr;
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3* const*>(handle.constData());
#else
    Q_UNUSED(db);
    return nullptr;
#endif
}
} // namespace

bool syncDatabaseFile(const QSqlDatabase& db)
{
#ifdef MOODBOARD_RAW_SQLITE
    sqlite3* const handle = handleOf(db);
    sqlite3_file* file = nullptr;
    if (!handle || sqlite3_file_control(handle, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK || !file
        || !file->pMethods)
        return false;
    return file->pMethods->xSync(file, SQLITE_SYNC_NORMAL) == SQLITE_OK;
#else
    Q_UNUSED(db);
    return false;
#endif
}

bool SqliteStatement::available(const QSqlDatabase& db)
{
    return handleOf(db) != nullptr;
}

SqliteStatement::SqliteStatement(const QSqlDatabase& db, const QString& text)
    : m_handle(handleOf(db))
    , m_text(text)
{
    Q_ASSERT(m_handle);
}

SqliteStatement::~SqliteStatement()
{
#ifdef MOODBOARD_RAW_SQLITE
    sqlite3_finalize(m_statement);
#endif
}

bool SqliteStatement::prepare()
{
#ifdef MOODBOARD_RAW_SQLITE
    if (m_statement)
        return true;
    if (sqlite3_prepare16_v2(m_handle, m_text.utf16(), static_cast<int>(m_text.size() * sizeof(char16_t)), &m_statement,
                             nullptr)
        == SQLITE_OK)
        return true;
    m_error = sqlError("prepare");
#endif
    return false;
}

bool SqliteStatement::bind(const QVariantList& params, Values values)
{
#ifdef MOODBOARD_RAW_SQLITE
    const sqlite3_destructor_type keep = values == Values::Borrowed ? SQLITE_STATIC : SQLITE_TRANSIENT;
    sqlite3_reset(m_statement);
    for (int i = 0; i < params.size(); ++i) {
        const QVariant& value = params.at(i);
        const int column = i + 1;
        int bound = SQLITE_OK;
        switch (value.typeId()) {
        case QMetaType::QString: {
            // Text columns are NOT NULL: a null QString is "", as exec() binds it.
            const QString& text = *static_cast<const QString*>(value.constData());
            bound =
                sqlite3_bind_text16(m_statement, column, text.isNull() ? static_cast<const void*>(u"") : text.utf16(),
                                    static_cast<int>(text.size() * sizeof(char16_t)), keep);
            break;
        }
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::LongLong:
        case QMetaType::Bool:
            bound = sqlite3_bind_int64(m_statement, column, value.toLongLong());
            break;
        case QMetaType::Double:
            bound = sqlite3_bind_double(m_statement, column, value.toDouble());
            break;
        case QMetaType::QByteArray: {
            const QByteArray& bytes = *static_cast<const QByteArray*>(value.constData());
            bound = sqlite3_bind_blob(m_statement, column, bytes.constData(), static_cast<int>(bytes.size()), keep);
            break;
        }
        default:
            bound = value.isNull()
                ? sqlite3_bind_null(m_statement, column)
                : sqlite3_bind_text16(m_statement, column, value.toString().utf16(), -1, SQLITE_TRANSIENT);
        }
        if (bound != SQLITE_OK) {
            m_error = sqlError("bind");
            sqlite3_reset(m_statement);
            return false;
        }
    }
    return true;
#else
    Q_UNUSED(params);
    Q_UNUSED(values);
    return false;
#endif
}

Status SqliteStatement::run(const QVariantList& params)
{
#ifdef MOODBOARD_RAW_SQLITE
    if (!prepare())
        return failure("prepare");
    if (!bind(params, Values::Borrowed))
        return failure("bind");
    int stepped = SQLITE_ROW;
    while (stepped == SQLITE_ROW)
        stepped = sqlite3_step(m_statement);
    if (stepped != SQLITE_DONE)
        return failure("step");
    sqlite3_reset(m_statement);
    return success();
#else
    Q_UNUSED(params);
    return failure("run");
#endif
}

bool SqliteStatement::start(const QVariantList& params)
{
    m_error = QSqlError();
    return prepare() && bind(params, Values::Copied);
}

bool SqliteStatement::step()
{
#ifdef MOODBOARD_RAW_SQLITE
    const int stepped = sqlite3_step(m_statement);
    if (stepped == SQLITE_ROW)
        return true;
    if (stepped != SQLITE_DONE)
        m_error = sqlError("step");
    sqlite3_reset(m_statement);
#endif
    return false;
}

qint64 SqliteStatement::integer(int column) const
{
#ifdef MOODBOARD_RAW_SQLITE
    return sqlite3_column_int64(m_statement, column);
#else
    Q_UNUSED(column);
    return 0;
#endif
}

QByteArrayView SqliteStatement::utf8(int column) const
{
#ifdef MOODBOARD_RAW_SQLITE
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(m_statement, column));
    return text ? QByteArrayView(text, sqlite3_column_bytes(m_statement, column)) : QByteArrayView();
#else
    Q_UNUSED(column);
    return {};
#endif
}

void SqliteStatement::reset()
{
#ifdef MOODBOARD_RAW_SQLITE
    if (m_statement)
        sqlite3_reset(m_statement);
#endif
}

QSqlError SqliteStatement::sqlError(const char* step) const
{
#ifdef MOODBOARD_RAW_SQLITE
    return QSqlError(QString::fromLatin1(step), QString::fromUtf8(sqlite3_errmsg(m_handle)), QSqlError::StatementError,
                     QString::number(sqlite3_extended_errcode(m_handle)));
#else
    return QSqlError(QString::fromLatin1(step), u"SQLite's C API is not available in this build"_s,
                     QSqlError::StatementError);
#endif
}

Error SqliteStatement::failure(const char* step) const
{
#ifdef MOODBOARD_RAW_SQLITE
    const QString message = QString::fromUtf8(sqlite3_errmsg(m_handle));
    if (m_statement)
        sqlite3_reset(m_statement);
#else
    const QString message = u"SQLite's C API is not available in this build"_s;
#endif
    qCWarning(lcDb) << "database error:" << step << message;
    return Error{ErrorKind::Storage, u"database error: "_s + message};
}

} // namespace mood::sql
