#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace mood::synthetic {

// splitmix64: fast, and seeded per entity, so any user's data can be derived again from its number alone (the
// follows phase names followees without keeping a million names in memory).
class Rng final
{
public:
    Rng(quint64 seed, quint64 entity, quint64 stream);
    quint64 next();
    quint64 below(quint64 bound); // 0 .. bound - 1; bound > 0
    double unit();                // [0, 1)
    bool chance(double probability) { return unit() < probability; }

private:
    quint64 m_state;
};

// User number n (from 1): unique, valid as a user name, with first-name prefixes shared by many users.
QString userName(quint64 seed, qint64 n);
QByteArray userZone(quint64 seed, qint64 n);
const QList<QByteArray>& zones();

// How regularly someone records: the chance to record the day after a recorded day, and after a missed one.
struct Habit {
    double keepGoing = 0;
    double comeBack = 0;
    double secondMood = 0; // a second mood on a recorded day
};
Habit userHabit(quint64 seed, qint64 n);

// A user number from 1 to users: a popular hundredth of the users is picked a third of the time.
qint64 pickUser(Rng& rng, qint64 users);
// Whom user n follows: min(follows, users - 1) distinct others, the same every time.
QList<qint64> followees(quint64 seed, qint64 users, int follows, qint64 n);

QString eventComponent(Rng& rng);
QString eventEnvironment(Rng& rng);
QString eventMessage(Rng& rng);
QString uuid4(Rng& rng); // lowercase, version 4, variant 1
QString note(Rng& rng);  // mostly empty, as most moods carry no note

} // namespace mood::synthetic
