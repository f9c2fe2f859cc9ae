#include "PythonRepr.h"

#include <QChar>
#include <QHash>
#include <QList>
#include <QLocale>
#include <QPair>

#include <algorithm>
#include <cmath>

namespace mood::api::python {

using namespace Qt::StringLiterals;

namespace {

constexpr int kMaxDepth = 1024; // deeper than QJsonDocument accepts, so only hostile input reaches it

int hexDigit(char c);
bool isPrintable(char32_t codePoint);

// What Python's float() makes of a JSON number, whatever the process locale (strtod reads "1.5" as 1 in de_DE):
// the nearest double, an infinity when too large, a zero when too small, with the literal's sign.
double jsonNumberToDouble(QByteArrayView literal)
{
    bool ok = false;
    const double value = literal.toByteArray().toDouble(&ok); // always the C locale
    if (ok)
        return value;
    // Out of range: the decimal exponent of the first significant digit says which way.
    const bool negative = literal.startsWith('-');
    qsizetype e = literal.indexOf('e');
    if (e < 0)
        e = literal.indexOf('E');
    const QByteArrayView mantissa = e < 0 ? literal : literal.first(e);
    qint64 exponent = 0;
    if (e >= 0) {
        const QByteArrayView digits = literal.sliced(e + 1);
        const bool down = digits.startsWith('-');
        for (char c : digits) {
            if (c >= '0' && c <= '9')
                exponent = std::min<qint64>(exponent * 10 + (c - '0'), qint64(1) << 40); // saturates, far past 308
        }
        if (down)
            exponent = -exponent;
    }
    qint64 position = 0; // of the digit, counted from the decimal point (0: the units)
    const qsizetype point = mantissa.indexOf('.');
    const qsizetype integerDigits = (point < 0 ? mantissa.size() : point) - (negative ? 1 : 0);
    for (qsizetype i = negative ? 1 : 0; i < mantissa.size(); ++i) {
        const char c = mantissa[i];
        if (c == '.')
            continue;
        if (c != '0') {
            const bool overflow = exponent + (integerDigits - 1 - position) > 0;
            const double result = overflow ? HUGE_VAL : 0.0;
            return negative ? -result : result;
        }
        ++position;
    }
    return negative ? -0.0 : 0.0;
}

// A recursive-descent reader of strict RFC 8259 JSON, as json.loads() takes it, that writes what it reads as
// Python literals. With a null output it only checks.
class Reader
{
public:
    explicit Reader(QByteArrayView text)
        : m_text(text)
    {
    }

    // One complete document: a value and nothing after it but whitespace.
    bool document(QString* out)
    {
        if (!value(out))
            return false;
        skipSpace();
        return m_pos == m_text.size();
    }

    // The members of a top-level object as Python's dict keeps them: first position, last value.
    std::optional<QList<QPair<QString, QString>>> members()
    {
        QList<QPair<QString, QString>> entries;
        skipSpace();
        if (!consume('{') || !objectBody(&entries))
            return std::nullopt;
        skipSpace();
        if (m_pos != m_text.size())
            return std::nullopt;
        return entries;
    }

private:
    bool value(QString* out)
    {
        skipSpace();
        if (m_pos >= m_text.size())
            return false;
        switch (m_text[m_pos]) {
        case '"': {
            QString text;
            if (!string(&text))
                return false;
            if (out)
                *out += reprOfString(text);
            return true;
        }
        case '{':
            return nested([&] { return object(out); });
        case '[':
            return nested([&] { return array(out); });
        case 't':
            return word("true", u"True", out);
        case 'f':
            return word("false", u"False", out);
        case 'n':
            return word("null", u"None", out);
        default:
            return number(out);
        }
    }

    template <typename Parse>
    bool nested(Parse parse)
    {
        if (++m_depth > kMaxDepth)
            return false;
        const bool ok = parse();
        --m_depth;
        return ok;
    }

    bool object(QString* out)
    {
        ++m_pos; // '{'
        QList<QPair<QString, QString>> entries;
        if (!objectBody(out ? &entries : nullptr))
            return false;
        if (!out)
            return true;
        *out += u'{';
        for (qsizetype i = 0; i < entries.size(); ++i) {
            if (i > 0)
                *out += u", "_s;
            *out += reprOfString(entries.at(i).first) + u": "_s + entries.at(i).second;
        }
        *out += u'}';
        return true;
    }

    // After '{': members up to and including '}'. Without entries, only checks.
    bool objectBody(QList<QPair<QString, QString>>* entries)
    {
        QHash<QString, qsizetype> indexOf;
        skipSpace();
        if (consume('}'))
            return true;
        do {
            skipSpace();
            QString key;
            QString member;
            if (!string(&key))
                return false;
            skipSpace();
            if (!consume(':') || !value(entries ? &member : nullptr))
                return false;
            if (!entries) {
                skipSpace();
                continue;
            }
            const auto known = indexOf.constFind(key);
            if (known != indexOf.constEnd()) {
                (*entries)[*known].second = member;
            } else {
                indexOf.insert(key, entries->size());
                entries->append({key, member});
            }
            skipSpace();
        } while (consume(','));
        return consume('}');
    }

    bool array(QString* out)
    {
        ++m_pos; // '['
        put(out, u"[");
        skipSpace();
        if (!consume(']')) {
            bool first = true;
            do {
                if (!first)
                    put(out, u", ");
                first = false;
                if (!value(out))
                    return false;
                skipSpace();
            } while (consume(','));
            if (!consume(']'))
                return false;
        }
        put(out, u"]");
        return true;
    }

    bool string(QString* out)
    {
        if (!consume('"'))
            return false;
        qsizetype runStart = m_pos; // raw UTF-8 bytes are decoded a run at a time
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c == '"' || c == '\\') {
                *out += QString::fromUtf8(m_text.sliced(runStart, m_pos - runStart));
                ++m_pos;
                if (c == '"')
                    return true;
                if (!escape(out))
                    return false;
                runStart = m_pos;
            } else if (static_cast<unsigned char>(c) < 0x20) {
                return false;
            } else {
                ++m_pos;
            }
        }
        return false;
    }

    // After a backslash. \uXXXX appends one UTF-16 unit: a surrogate pair written as two escapes joins up.
    bool escape(QString* out)
    {
        if (m_pos >= m_text.size())
            return false;
        const char c = m_text[m_pos++];
        switch (c) {
        case '"':
        case '\\':
        case '/':
            *out += QLatin1Char(c);
            return true;
        case 'b':
            *out += u'\b';
            return true;
        case 'f':
            *out += u'\f';
            return true;
        case 'n':
            *out += u'\n';
            return true;
        case 'r':
            *out += u'\r';
            return true;
        case 't':
            *out += u'\t';
            return true;
        case 'u': {
            char16_t unit = 0;
            for (int i = 0; i < 4; ++i, ++m_pos) {
                const int digit = m_pos < m_text.size() ? hexDigit(m_text[m_pos]) : -1;
                if (digit < 0)
                    return false;
                unit = static_cast<char16_t>(unit * 16 + digit);
            }
            *out += QChar(unit);
            return true;
        }
        default:
            return false;
        }
    }

    bool number(QString* out)
    {
        const qsizetype start = m_pos;
        consume('-');
        if (consume('0')) {
            // no leading zeros
        } else if (!digits()) {
            return false;
        }
        bool isFloat = false;
        if (consume('.')) {
            isFloat = true;
            if (!digits())
                return false;
        }
        if (consume('e') || consume('E')) {
            isFloat = true;
            if (!consume('+'))
                consume('-');
            if (!digits())
                return false;
        }
        const QByteArrayView literal = m_text.sliced(start, m_pos - start);
        if (!out)
            return true;
        if (!isFloat) {
            // Python's int keeps every digit; only the sign of zero goes.
            *out += literal == "-0" ? u"0"_s : QString::fromLatin1(literal);
            return true;
        }
        *out += reprOfFloat(jsonNumberToDouble(literal));
        return true;
    }

    bool digits()
    {
        const qsizetype start = m_pos;
        while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9')
            ++m_pos;
        return m_pos > start;
    }

    bool word(const char* json, QStringView python, QString* out)
    {
        const QByteArrayView expected(json);
        if (!m_text.sliced(m_pos).startsWith(expected))
            return false;
        m_pos += expected.size();
        put(out, python);
        return true;
    }

    static void put(QString* out, QStringView text)
    {
        if (out)
            *out += text;
    }

    bool consume(char c)
    {
        if (m_pos < m_text.size() && m_text[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }

    void skipSpace()
    {
        while (m_pos < m_text.size()
               && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\n' || m_text[m_pos] == '\r'))
            ++m_pos;
    }

    QByteArrayView m_text;
    qsizetype m_pos = 0;
    int m_depth = 0;
};

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// str.isprintable(): everything but the categories Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs other than the space.
bool isPrintable(char32_t codePoint)
{
    if (codePoint == U' ')
        return true;
    switch (QChar::category(codePoint)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
    case QChar::Separator_Space:
        return false;
    default:
        return true;
    }
}

} // namespace

bool isJson(QByteArrayView text)
{
    return Reader(text).document(nullptr);
}

std::optional<QString> reprOfJson(QByteArrayView text)
{
    QString out;
    if (!Reader(text).document(&out))
        return std::nullopt;
    return out;
}

std::optional<QString> reprOfMember(QByteArrayView objectText, QStringView key)
{
    const auto members = Reader(objectText).members();
    if (!members)
        return std::nullopt;
    for (const auto& [name, repr] : *members) {
        if (name == key)
            return repr;
    }
    return std::nullopt;
}

QString reprOfString(QStringView text)
{
    const QChar quote = text.contains(u'\'') && !text.contains(u'"') ? u'"' : u'\'';
    QString out(quote);
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t codePoint = text[i].unicode();
        // A lone surrogate stays one code point, as in Python; a pair becomes the character it encodes.
        if (QChar::isHighSurrogate(codePoint) && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            codePoint = QChar::surrogateToUcs4(text[i], text[i + 1]);
            ++i;
        }
        if (codePoint == quote.unicode() || codePoint == U'\\') {
            out += u'\\';
            out += QChar(static_cast<char16_t>(codePoint));
        } else if (codePoint == U'\n')
            out += u"\\n"_s;
        else if (codePoint == U'\r')
            out += u"\\r"_s;
        else if (codePoint == U'\t')
            out += u"\\t"_s;
        else if (isPrintable(codePoint))
            out += QStringView(QChar::fromUcs4(codePoint));
        else if (codePoint < 0x100)
            out += u"\\x%1"_s.arg(uint(codePoint), 2, 16, QChar(u'0'));
        else if (codePoint < 0x10000)
            out += u"\\u%1"_s.arg(uint(codePoint), 4, 16, QChar(u'0'));
        else
            out += u"\\U%1"_s.arg(uint(codePoint), 8, 16, QChar(u'0'));
    }
    return out + quote;
}

QString reprOfFloat(double value)
{
    if (std::isnan(value))
        return u"nan"_s;
    if (std::isinf(value))
        return value < 0 ? u"-inf"_s : u"inf"_s;
    // Python writes the shortest digits that read back, positional for exponents from -4 to 15.
    const QString scientific = QString::number(value, 'e', QLocale::FloatingPointShortest);
    const int exponent = scientific.section(u'e', 1).toInt();
    QString text =
        exponent < -4 || exponent >= 16 ? scientific : QString::number(value, 'f', QLocale::FloatingPointShortest);
    if (!text.contains(u'.') && !text.contains(u'e'))
        text += u".0"_s;
    if (std::signbit(value) && !text.startsWith(u'-')) // Qt drops the sign of -0.0
        text.prepend(u'-');
    return text;
}

} // namespace mood::api::python
