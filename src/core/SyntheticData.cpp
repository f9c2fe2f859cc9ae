#include "SyntheticData.h"

#include <QSet>

#include <algorithm>
#include <array>

namespace mood::synthetic {

using namespace Qt::StringLiterals;

namespace {
quint64 mix(quint64 z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

constexpr std::array<const char16_t*, 48> kFirst{
    u"anna", u"ben",   u"clara", u"david", u"emma",  u"felix", u"greta",  u"hannah", u"ivan", u"julia",
    u"karl", u"lena",  u"mara",  u"noah",  u"olga",  u"paul",  u"quinn",  u"rosa",   u"sam",  u"tom",
    u"ute",  u"vera",  u"will",  u"xena",  u"yusuf", u"zoe",   u"ali",    u"bea",    u"chen", u"dana",
    u"eli",  u"fatma", u"gus",   u"hugo",  u"ines",  u"jonas", u"kim",    u"leo",    u"mia",  u"nils",
    u"omar", u"pia",   u"raj",   u"sofia", u"timo",  u"ulla",  u"viktor", u"wen"};
constexpr std::array<const char16_t*, 32> kLast{
    u"koch",  u"meyer", u"smith", u"tanaka", u"garcia", u"novak",  u"berg",    u"okafor",
    u"rossi", u"kim",   u"weber", u"silva",  u"nguyen", u"larsen", u"fischer", u"ito",
    u"lopez", u"haas",  u"brown", u"kumar",  u"wolf",   u"moreau", u"schulz",  u"park",
    u"adams", u"costa", u"lind",  u"sato",   u"vogel",  u"reyes",  u"keller",  u"diaz"};
} // namespace

Rng::Rng(quint64 seed, quint64 entity, quint64 stream)
    : m_state(mix(seed * 0x9e3779b97f4a7c15ULL + mix(entity) + stream * 0x632be59bd9b4e019ULL))
{
}

quint64 Rng::next()
{
    m_state += 0x9e3779b97f4a7c15ULL;
    return mix(m_state);
}

quint64 Rng::below(quint64 bound)
{
    return next() % bound; // the bias is far below what synthetic data cares about
}

double Rng::unit()
{
    return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

QString userName(quint64 seed, qint64 n)
{
    Rng rng(seed, static_cast<quint64>(n), 1);
    const QStringView first(kFirst.at(rng.below(kFirst.size())));
    const QStringView last(kLast.at(rng.below(kLast.size())));
    // The number ends every name, after letters only: names are unique because numbers are.
    switch (rng.below(4)) {
    case 0:
        return first + u'.' + last + QString::number(n);
    case 1:
        return first + u'_' + last + QString::number(n);
    case 2:
        return first.left(1) + u'-' + last + QString::number(n);
    default:
        return first + QString::number(n);
    }
}

const QList<QByteArray>& zones()
{
    static const QList<QByteArray> list{"UTC",
                                        "Europe/Berlin",
                                        "Europe/London",
                                        "America/New_York",
                                        "America/Los_Angeles",
                                        "America/Sao_Paulo",
                                        "Asia/Tokyo",
                                        "Asia/Kolkata",
                                        "Australia/Sydney"};
    return list;
}

QByteArray userZone(quint64 seed, qint64 n)
{
    Rng rng(seed, static_cast<quint64>(n), 2);
    return zones().at(static_cast<qsizetype>(rng.below(static_cast<quint64>(zones().size()))));
}

Habit userHabit(quint64 seed, qint64 n)
{
    Rng rng(seed, static_cast<quint64>(n), 3);
    const double kind = rng.unit();
    // Devoted, regular, casual, rare, gone: runs of every length, from months to a single day.
    if (kind < 0.10)
        return {0.985, 0.7, 0.3};
    if (kind < 0.40)
        return {0.9, 0.5, 0.2};
    if (kind < 0.75)
        return {0.7, 0.3, 0.15};
    if (kind < 0.95)
        return {0.4, 0.08, 0.05};
    return {0, 0, 0};
}

QList<qint64> followees(quint64 seed, qint64 users, int follows, qint64 n)
{
    const qint64 count = std::min<qint64>(follows, users - 1);
    QList<qint64> chosen;
    if (count <= 0)
        return chosen;
    Rng rng(seed, static_cast<quint64>(n), 4);
    if (count * 2 > users - 1) {
        // Most of everyone: a partial shuffle of all the others.
        for (qint64 m = 1; m <= users; ++m) {
            if (m != n)
                chosen.append(m);
        }
        for (qint64 i = 0; i < count; ++i)
            std::swap(chosen[i], chosen[i + static_cast<qint64>(rng.below(static_cast<quint64>(chosen.size() - i)))]);
        chosen.resize(count);
        return chosen;
    }
    QSet<qint64> seen;
    seen.reserve(count);
    while (chosen.size() < count) {
        const qint64 m = pickUser(rng, users);
        if (m == n || seen.contains(m))
            continue;
        seen.insert(m);
        chosen.append(m);
    }
    return chosen;
}

qint64 pickUser(Rng& rng, qint64 users)
{
    // A popular hundredth of the users gets a third of the follows (and writes a third of the activities).
    const qint64 popular = std::max<qint64>(1, users / 100);
    const qint64 pool = rng.chance(1.0 / 3.0) ? popular : users;
    return 1 + static_cast<qint64>(rng.below(static_cast<quint64>(pool)));
}

QString eventComponent(Rng& rng)
{
    static const std::array<QString, 8> names{u"auth"_s,    u"billing"_s, u"search"_s, u"checkout"_s,
                                              u"profile"_s, u"notify"_s,  u"export"_s, u"sync"_s};
    return names.at(rng.below(names.size()));
}

QString eventEnvironment(Rng& rng)
{
    const double pick = rng.unit();
    return pick < 0.7 ? u"production"_s : pick < 0.9 ? u"staging"_s : u"development"_s;
}

QString eventMessage(Rng& rng)
{
    switch (rng.below(5)) {
    case 0:
        return u"request took %1 ms"_s.arg(rng.below(2000));
    case 1:
        return u"user signed in"_s;
    case 2:
        return u"payment of %1 cents failed"_s.arg(100 + rng.below(100000));
    case 3:
        return u"cache miss for key k%1"_s.arg(rng.below(100000));
    default:
        return u"sync finished with %1 items"_s.arg(rng.below(500));
    }
}

QString uuid4(Rng& rng)
{
    const quint64 high = (rng.next() & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
    const quint64 low = (rng.next() & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
    const QString hex = u"%1%2"_s.arg(qulonglong(high), 16, 16, QChar(u'0')).arg(qulonglong(low), 16, 16, QChar(u'0'));
    return hex.left(8) + u'-' + hex.mid(8, 4) + u'-' + hex.mid(12, 4) + u'-' + hex.mid(16, 4) + u'-' + hex.mid(20);
}

QString note(Rng& rng)
{
    static const std::array<QString, 6> notes{u"slept well"_s,  u"long walk"_s,    u"rainy day"_s,
                                              u"met friends"_s, u"busy at work"_s, u"headache"_s};
    return rng.chance(0.1) ? notes.at(rng.below(notes.size())) : QString(u""_s);
}

} // namespace mood::synthetic
