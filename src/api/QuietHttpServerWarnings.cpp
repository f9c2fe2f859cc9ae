#include "QuietHttpServerWarnings.h"

namespace mood::api {

QuietHttpServerWarnings::QuietHttpServerWarnings()
    : m_lock(&s_mutex)
{
    s_previous = QLoggingCategory::installFilter(&filter);
}

QuietHttpServerWarnings::~QuietHttpServerWarnings()
{
    QLoggingCategory::installFilter(s_previous);
}

void QuietHttpServerWarnings::filter(QLoggingCategory* category)
{
    if (s_previous)
        s_previous(category);
    if (qstrcmp(category->categoryName(), "qt.httpserver") == 0)
        category->setEnabled(QtWarningMsg, false);
}

} // namespace mood::api
