#pragma once

#include <QByteArray>
#include <QString>

#include <functional>
#include <optional>

namespace mood::api {

// One request head, as the scanner read it.
struct RequestHead {
    QByteArray method;
    QString path; // the target without its query, percent-decoded
    bool http10 = false;
    bool keepAlive = true; // what the client asked for (HTTP/1.0: only with "Connection: keep-alive")
    qint64 contentLength = 0;
};

// Why a request is refused before anything reads it.
struct Refusal {
    int status = 400;
    QString text;               // for the family's error shape; empty for the logs family's code
    QString path;               // the target's path when the request line got that far: picks the family
    QByteArray method;          // set with unknownMethod
    bool unknownMethod = false; // answered 405 or 404 by path, as the router answers other methods
};

// Reads the bytes of a connection as they arrive, ahead of QHttpServer, and refuses a request at the first
// byte that does not belong to a well-formed HTTP/1.x request of this server. It accepts less than
// QHttpServer's parser (http_parser) does, never more: whatever it lets through, that parser reads the
// same way, so the two never disagree about where a request ends (no desync), and that parser never fails
// (which, in Qt 6.4, would leave the connection hanging without an answer).
//
// The framing rules (RFC 9112): lines end with CRLF; no folded header lines; Content-Length at most once,
// digits only (a second one is refused even with the same value); Transfer-Encoding is refused (411 when it
// names chunked); one Host, required in HTTP/1.1; no protocol upgrades; HTTP/1.0 and 1.1 only.
class RequestHeadScanner final
{
public:
    struct Limits {
        qint64 maxBodyBytes = 1024 * 1024;
        int maxHeaderBytes = 64 * 1024;
    };
    using HeadCallback = std::function<void(const RequestHead&)>;

    explicit RequestHeadScanner(Limits limits);

    // Feeds the next bytes; calls onHead for each complete head, in order. A refusal is final: later calls
    // return it again.
    std::optional<Refusal> feed(const QByteArray& bytes, const HeadCallback& onHead);
    // The client stopped sending in the middle of a request (a head, or fewer body bytes than its
    // Content-Length): the 400 for it. Nothing between requests.
    std::optional<Refusal> stalled() const;

    bool inHead() const; // a head has begun and is not complete (the header deadline runs)
    bool inBody() const { return m_state == State::Body; } // of a request whose head was complete
    bool refusing() const; // a refusal is being read to its path: nobody else may see these bytes
    QString currentPath() const;

private:
    enum class State {
        Start,
        StartLf,
        Method,
        UnknownMethod,
        UnknownMethodTarget,
        Target,
        Version,
        RequestLineLf,
        FieldStart,
        FieldName,
        ValueLeadingSpace,
        Value,
        FieldLf,
        EndLf,
        Body,
        Refused,
    };

    std::optional<Refusal> step(char c, const HeadCallback& onHead);
    std::optional<Refusal> fieldComplete();
    std::optional<Refusal> headComplete(const HeadCallback& onHead);
    Refusal refuse(int status, const QString& text);
    void resetHead();

    Limits m_limits;
    State m_state = State::Start;
    std::optional<Refusal> m_refusal;
    qint64 m_headBytes = 0;
    qint64 m_bodyLeft = 0;
    QString m_bodyPath; // of the request whose body is being read
    // The head being read
    QByteArray m_method;
    QByteArray m_target;
    QByteArray m_version;
    QByteArray m_name; // lower case
    QByteArray m_value;
    bool m_lengthSpace = false; // Content-Length: a space after the digits (only spaces may follow)
    bool m_seenLength = false;
    bool m_seenHost = false;
    bool m_close = false;
    bool m_keepAlive = false;
    qint64 m_length = 0;
};

} // namespace mood::api
