#include "QueryInteger.h"

#include <QRegularExpression>

namespace mood::api {

using namespace Qt::StringLiterals;

QueryInteger QueryInteger::read(const ApiRequest& request, const QString& key, qint64 min, qint64 max, bool saturate)
{
    if (!request.hasQuery(key))
        return {};
    const QString text = request.queryValue(key);
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok && saturate) {
        static const QRegularExpression huge(u"^0*[1-9][0-9]{18,}$"_s); // positive, but beyond 64 bits
        if (huge.match(text).hasMatch())
            return {State::Valid, max};
    }
    if (!ok || value < min || value > max)
        return {State::Invalid, 0};
    return {State::Valid, value};
}

} // namespace mood::api
