#include "RemoteBoard.h"

#include "HttpTransport.h"
#include "LocalMapping.h"
#include "RemoteDecoding.h"
#include "RemoteErrors.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace mood::client::remote {

using namespace Qt::StringLiterals;

namespace {
// The answers as they arrive; the board is finished when the last one is in, with the first failure if any.
struct Assembly {
    int waiting = 0;
    std::optional<Error> failure;
    QList<mood::BoardDay> days;
    QList<MoodEntry> entries;
    int backfillDays = 0;
    Board board;
    RemoteBoard::Handler done;
    std::shared_ptr<RemoteBackend::SessionState> state;

    void fail(Error error)
    {
        if (!failure)
            failure = std::move(error);
    }
    void arrived()
    {
        if (--waiting > 0)
            return;
        if (failure)
            return done(*failure);
        board.days = local::boardDaysFrom(days, entries);
        board.backfillDays = backfillDays;
        if (state->yearsWithData) {
            board.yearsWithData = state->yearsWithData->values();
            std::sort(board.yearsWithData.begin(), board.yearsWithData.end());
        }
        done(board);
    }
};

HttpCall get(const QString& path, const QByteArray& token)
{
    HttpCall call;
    call.path = path;
    call.bearerToken = token;
    return call;
}
} // namespace

void RemoteBoard::fetch(const std::shared_ptr<HttpTransport>& http,
                        const std::shared_ptr<RemoteBackend::SessionState>& state, const QDate& today, int year,
                        Handler done)
{
    auto assembly = std::make_shared<Assembly>();
    assembly->done = std::move(done);
    assembly->state = state;
    assembly->board.year = year;
    assembly->board.today = today;
    const QByteArray token = state->token;
    const bool needYears = !state->yearsWithData;
    assembly->waiting = needYears ? 4 : 3;

    HttpCall boardCall = get(u"/board"_s, token);
    boardCall.query.addQueryItem(u"year"_s, QString::number(year));
    http->send(boardCall, [assembly](const HttpAnswer& answer) {
        if (!answer.ok()) {
            assembly->fail(errorFrom(answer));
        } else {
            for (const QJsonValue& item : answer.json.object().value(u"days"_s).toArray()) {
                QString why;
                const auto day = boardDayFromJson(item.toObject(), &why);
                if (!day) {
                    assembly->fail(malformed(u"board"_s, why));
                    break;
                }
                assembly->days.append(*day);
            }
        }
        assembly->arrived();
    });

    HttpCall entriesCall = get(u"/mood"_s, token);
    entriesCall.query.addQueryItem(u"year"_s, QString::number(year));
    entriesCall.query.addQueryItem(u"details"_s, u"true"_s);
    http->send(entriesCall, [assembly](const HttpAnswer& answer) {
        QString why;
        if (!answer.ok())
            assembly->fail(errorFrom(answer));
        else if (auto summary = summaryFromJson(answer.json.object(), &why))
            assembly->entries = summary->history;
        else
            assembly->fail(malformed(u"mood history"_s, why));
        assembly->arrived();
    });

    http->send(get(u"/instance"_s, token), [assembly](const HttpAnswer& answer) {
        if (!answer.ok())
            assembly->fail(errorFrom(answer));
        else
            assembly->backfillDays = answer.json.object().value(u"backfillDays"_s).toInt();
        assembly->arrived();
    });

    if (needYears) {
        HttpCall allCall = get(u"/mood"_s, token);
        allCall.query.addQueryItem(u"details"_s, u"true"_s);
        http->send(allCall, [assembly, state, token](const HttpAnswer& answer) {
            QString why;
            if (!answer.ok()) {
                assembly->fail(errorFrom(answer));
            } else if (auto summary = summaryFromJson(answer.json.object(), &why)) {
                QSet<int> years;
                for (const MoodEntry& entry : summary->history)
                    years.insert(entry.day.year());
                if (state->token == token) // still the session that asked
                    state->yearsWithData = years;
            } else {
                assembly->fail(malformed(u"mood history"_s, why));
            }
            assembly->arrived();
        });
    }
}

} // namespace mood::client::remote
