#include "RequestHeadScanner.h"

#include <QUrl>

namespace mood::api {

using namespace Qt::StringLiterals;

namespace {
// Methods the API answers; any other is refused here (405 or 404 by path), before http_parser sees it.
constexpr const char* kMethods[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
constexpr int kMaxLengthDigits = 15;

bool isToken(char c)
{
    const auto u = static_cast<unsigned char>(c);
    if ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isFieldChar(char c) // field-vchar, SP, HTAB, obs-text
{
    const auto u = static_cast<unsigned char>(c);
    return u == '\t' || (u >= 0x20 && u != 0x7f);
}

bool isKnownMethodPrefix(const QByteArray& prefix)
{
    for (const char* method : kMethods) {
        if (QByteArrayView(method).startsWith(prefix))
            return true;
    }
    return false;
}

bool isKnownMethod(const QByteArray& method)
{
    for (const char* known : kMethods) {
        if (method == known)
            return true;
    }
    return false;
}

QString pathOf(const QByteArray& target)
{
    const qsizetype query = target.indexOf('?');
    return QUrl::fromPercentEncoding(query < 0 ? target : target.left(query));
}
} // namespace

RequestHeadScanner::RequestHeadScanner(Limits limits)
    : m_limits(limits)
{
}

bool RequestHeadScanner::inHead() const
{
    return m_state != State::Start && m_state != State::Body && m_state != State::Refused;
}

bool RequestHeadScanner::refusing() const
{
    return m_state == State::UnknownMethod || m_state == State::UnknownMethodTarget;
}

QString RequestHeadScanner::currentPath() const
{
    return pathOf(m_target);
}

void RequestHeadScanner::resetHead()
{
    m_headBytes = 0;
    m_method.clear();
    m_target.clear();
    m_version.clear();
    m_name.clear();
    m_value.clear();
    m_lengthSpace = false;
    m_seenLength = false;
    m_seenHost = false;
    m_close = false;
    m_keepAlive = false;
    m_length = 0;
}

Refusal RequestHeadScanner::refuse(int status, const QString& text)
{
    Refusal refusal;
    refusal.status = status;
    refusal.text = text;
    refusal.path = pathOf(m_target); // as far as it was read: enough to pick the family
    m_state = State::Refused;
    m_refusal = refusal;
    return refusal;
}

std::optional<Refusal> RequestHeadScanner::feed(const QByteArray& bytes, const HeadCallback& onHead)
{
    if (m_refusal)
        return m_refusal;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        if (m_state == State::Body) { // bodies are skipped in bulk: nobody here reads them
            const qint64 skip = std::min<qint64>(m_bodyLeft, bytes.size() - i);
            m_bodyLeft -= skip;
            i += skip - 1;
            if (m_bodyLeft == 0)
                m_state = State::Start;
            continue;
        }
        if (++m_headBytes > m_limits.maxHeaderBytes)
            return refuse(431, u"request headers too large"_s);
        if (auto refusal = step(bytes.at(i), onHead))
            return refusal;
    }
    return std::nullopt;
}

std::optional<Refusal> RequestHeadScanner::stalled() const
{
    if (m_refusal)
        return m_refusal;
    if (m_state == State::Start && m_headBytes == 0)
        return std::nullopt;
    Refusal refusal;
    refusal.text = m_state == State::Body ? u"the request body is shorter than its Content-Length"_s
                                          : u"the request stopped before its headers ended"_s;
    refusal.path = m_state == State::Body ? m_bodyPath : pathOf(m_target);
    return refusal;
}

std::optional<Refusal> RequestHeadScanner::step(char c, const HeadCallback& onHead)
{
    switch (m_state) {
    case State::Start: // empty lines before a request line are ignored (RFC 9112 section 2.2)
        if (c == '\r') {
            m_state = State::StartLf;
            return std::nullopt;
        }
        if (!isToken(c))
            return refuse(400, u"malformed request line"_s);
        m_method = QByteArray(1, c);
        m_state = isKnownMethodPrefix(m_method) ? State::Method : State::UnknownMethod;
        return std::nullopt;
    case State::StartLf:
        if (c != '\n')
            return refuse(400, u"malformed request: a line must end with CRLF"_s);
        m_state = State::Start;
        return std::nullopt;
    case State::Method:
        if (c == ' ') {
            m_state = isKnownMethod(m_method) ? State::Target : State::UnknownMethodTarget;
            return std::nullopt;
        }
        if (!isToken(c))
            return refuse(400, u"malformed request line"_s);
        m_method += c;
        if (!isKnownMethodPrefix(m_method))
            m_state = State::UnknownMethod;
        return std::nullopt;
    case State::UnknownMethod:
        if (c == ' ') {
            m_state = State::UnknownMethodTarget;
            return std::nullopt;
        }
        if (!isToken(c))
            return refuse(400, u"malformed request line"_s);
        m_method += c;
        return std::nullopt;
    case State::UnknownMethodTarget:
        if (c == ' ' || c == '\r' || c == '\n') {
            Refusal refusal;
            refusal.status = 405;
            refusal.unknownMethod = true;
            refusal.method = m_method;
            refusal.path = pathOf(m_target);
            m_state = State::Refused;
            m_refusal = refusal;
            return refusal;
        }
        m_target += c;
        return std::nullopt;
    case State::Target:
        if (m_target.isEmpty() && c != '/')
            return refuse(400, u"malformed request line: the target must be a path"_s);
        if (c == ' ') {
            m_state = State::Version;
            return std::nullopt;
        }
        if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f)
            return refuse(400, u"malformed request line"_s);
        m_target += c;
        return std::nullopt;
    case State::Version:
        if (c == '\r' && (m_version == "HTTP/1.1" || m_version == "HTTP/1.0")) {
            m_state = State::RequestLineLf;
            return std::nullopt;
        }
        m_version += c;
        if (!QByteArrayView("HTTP/1.1").startsWith(m_version) && !QByteArrayView("HTTP/1.0").startsWith(m_version)) {
            const bool otherVersion = m_version.size() > 5 && m_version.startsWith("HTTP/") && c >= '0' && c <= '9';
            return otherVersion ? refuse(505, u"HTTP version not supported"_s)
                                : refuse(400, u"malformed request line"_s);
        }
        return std::nullopt;
    case State::RequestLineLf:
    case State::FieldLf:
        if (c != '\n')
            return refuse(400, u"malformed request: a line must end with CRLF"_s);
        if (m_state == State::FieldLf) {
            if (auto refusal = fieldComplete())
                return refusal;
        }
        m_state = State::FieldStart;
        return std::nullopt;
    case State::FieldStart:
        if (c == '\r') {
            m_state = State::EndLf;
            return std::nullopt;
        }
        if (c == ' ' || c == '\t')
            return refuse(400, u"malformed request: folded header lines are not accepted"_s);
        if (!isToken(c))
            return refuse(400, u"malformed header line"_s);
        m_name = QByteArray(1, c).toLower();
        m_value.clear();
        m_lengthSpace = false;
        m_state = State::FieldName;
        return std::nullopt;
    case State::FieldName:
        if (c == ':') {
            if (m_name == "content-length" && m_seenLength)
                return refuse(400, u"Content-Length must appear at most once"_s);
            if (m_name == "host" && m_seenHost)
                return refuse(400, u"Host must appear at most once"_s);
            if (m_name == "upgrade")
                return refuse(400, u"protocol upgrades are not supported"_s);
            m_seenLength = m_seenLength || m_name == "content-length";
            m_seenHost = m_seenHost || m_name == "host";
            m_state = State::ValueLeadingSpace;
            return std::nullopt;
        }
        if (!isToken(c))
            return refuse(400, u"malformed header line"_s);
        m_name += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
        return std::nullopt;
    case State::ValueLeadingSpace:
        if (c == ' ' || c == '\t')
            return std::nullopt;
        m_state = State::Value;
        [[fallthrough]];
    case State::Value:
        if (c == '\r') {
            m_state = State::FieldLf;
            return std::nullopt;
        }
        if (!isFieldChar(c))
            return refuse(400, u"malformed header line"_s);
        if (m_name == "content-length") {
            // As http_parser reads it: digits, then spaces only. Anything else is refused at once.
            if (c == ' ' && !m_value.isEmpty()) {
                m_lengthSpace = true;
                return std::nullopt;
            }
            if (c < '0' || c > '9' || m_lengthSpace)
                return refuse(400, u"Content-Length must be a number of bytes"_s);
            if (m_value.size() >= kMaxLengthDigits)
                return refuse(413, QString());
        }
        m_value += c;
        return std::nullopt;
    case State::EndLf:
        if (c != '\n')
            return refuse(400, u"malformed request: a line must end with CRLF"_s);
        return headComplete(onHead);
    case State::Body:
    case State::Refused:
        break;
    }
    return std::nullopt;
}

std::optional<Refusal> RequestHeadScanner::fieldComplete()
{
    if (m_name == "content-length") {
        if (m_value.isEmpty())
            return refuse(400, u"Content-Length must be a number of bytes"_s);
        m_length = m_value.toLongLong();
        if (m_length > m_limits.maxBodyBytes)
            return refuse(413, QString()); // before the body is sent, let alone buffered
    } else if (m_name == "transfer-encoding") {
        return m_value.toLower().contains("chunked") ? refuse(411, u"send the body with a Content-Length"_s)
                                                     : refuse(400, u"Transfer-Encoding is not supported"_s);
    } else if (m_name == "connection") {
        for (const QByteArray& token : m_value.toLower().split(',')) {
            m_close = m_close || token.trimmed() == "close";
            m_keepAlive = m_keepAlive || token.trimmed() == "keep-alive";
        }
    }
    return std::nullopt;
}

std::optional<Refusal> RequestHeadScanner::headComplete(const HeadCallback& onHead)
{
    RequestHead head;
    head.method = m_method;
    head.path = pathOf(m_target);
    head.http10 = m_version == "HTTP/1.0";
    if (!head.http10 && !m_seenHost)
        return refuse(400, u"HTTP/1.1 requests need a Host header"_s);
    head.keepAlive = head.http10 ? m_keepAlive && !m_close : !m_close;
    head.contentLength = m_length;
    resetHead();
    m_bodyLeft = head.contentLength;
    m_bodyPath = head.path;
    m_state = m_bodyLeft > 0 ? State::Body : State::Start;
    onHead(head);
    return std::nullopt;
}

} // namespace mood::api
