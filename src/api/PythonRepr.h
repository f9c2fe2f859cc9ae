#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringView>

#include <optional>

// The original services quoted client values in their messages as Python's repr() of what json.loads()
// returned. These functions read the JSON text itself, because QJsonValue forgets what repr() shows:
// QJsonObject sorts its keys, 5.0 comes back as the integer 5, and integers beyond 2^63 as doubles.
namespace mood::api::python {

// Whether json.loads(text) takes it: strict RFC 8259, stricter than QJsonDocument, which also takes "1.", ".5",
// a raw tab inside a string and "\U0001".
bool isJson(QByteArrayView text);
// repr(json.loads(text)): 'x', 5, 5.0, None, True, [1, 2], {'b': 1, 'a': 2}. Nothing when text is not JSON.
std::optional<QString> reprOfJson(QByteArrayView text);
// The same for one member of a top-level object; a repeated key counts with its last value, as in Python.
// Nothing when text is not a JSON object or has no such member.
std::optional<QString> reprOfMember(QByteArrayView objectText, QStringView key);

QString reprOfString(QStringView text); // 'x', "it's", '\n', '\xa0'
QString reprOfFloat(double value);      // 5.0, 1.5, 1e+16, 1.5e-07, -0.0, inf

} // namespace mood::api::python
