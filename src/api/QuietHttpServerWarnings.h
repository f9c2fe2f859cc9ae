#pragma once

#include <QLoggingCategory>
#include <QMutex>

namespace mood::api {

// QAbstractHttpServer::bind() warns about a QTcpServer that does not listen, which a ConnectionInbox never
// does by design: while one of these lives, warnings of the category qt.httpserver are off.
class QuietHttpServerWarnings final
{
public:
    QuietHttpServerWarnings();
    ~QuietHttpServerWarnings();
    Q_DISABLE_COPY_MOVE(QuietHttpServerWarnings)

private:
    static void filter(QLoggingCategory* category);

    static inline QMutex s_mutex;
    static inline QLoggingCategory::CategoryFilter s_previous = nullptr;
    QMutexLocker<QMutex> m_lock;
};

} // namespace mood::api
