#include "KdfGate.h"
#include "PasswordHasher.h"

#include <QRegularExpression>
#include <QSemaphore>
#include <QTest>
#include <QThread>

#include <memory>
#include <vector>

using namespace mood;
using namespace Qt::StringLiterals;

namespace {
// "$argon2id$v=19$m=65536,t=2,p=1$<salt>$<hash>" -> {"argon2id", "v=19", "m=65536,t=2,p=1", salt, hash}
QStringList fields(const QString& encoded)
{
    QStringList parts = encoded.split(u'$');
    if (!parts.isEmpty() && parts.first().isEmpty())
        parts.removeFirst();
    return parts;
}

int memoryKiB(const QString& encoded)
{
    static const QRegularExpression pattern(u"\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$"_s);
    const auto match = pattern.match(encoded);
    return match.hasMatch() ? match.captured(1).toInt() : -1;
}
} // namespace

class TestPasswordHasher final : public QObject
{
    Q_OBJECT

private slots:
    void hashFormat();
    void hashNeverContainsPassword();
    void saltMakesHashesDiffer();
    void verifyRightAndWrong();
    void verifyEmptyPassword();
    void verifyGarbageHash_data();
    void verifyGarbageHash();
    void interactiveStrength();
    void minimalStrengthIsStillArgon2id();
    void slowStrength();
    void nonAsciiRoundTrip_data();
    void nonAsciiRoundTrip();
    void isArgon2id_data();
    void isArgon2id();
    void unknownUserVerifyIsAlwaysFalse();
    void atMostOneComputationPerCore();

private:
    PasswordHasher m_minimal{PasswordHasher::Strength::Minimal};
};

void TestPasswordHasher::hashFormat()
{
    const QString hash = m_minimal.hash(u"correct horse battery staple"_s);
    QVERIFY2(hash.startsWith(u"$argon2id$"_s), qPrintable(hash));
    const QStringList parts = fields(hash);
    QCOMPARE(parts.size(), 5);
    QCOMPARE(parts.at(0), u"argon2id"_s);
    QCOMPARE(parts.at(1), u"v=19"_s);
    QVERIFY2(parts.at(2).startsWith(u"m="_s), qPrintable(hash));
    QVERIFY2(parts.at(3).size() >= 16, qPrintable(hash)); // base64 of a 16-byte salt: 22 chars
    QVERIFY2(parts.at(4).size() >= 32, qPrintable(hash)); // base64 of a 32-byte hash: 43 chars
    // Printable ASCII only: it is stored in a TEXT column and read back with toLatin1().
    for (QChar c : hash)
        QVERIFY2(c.unicode() > 32 && c.unicode() < 127, qPrintable(hash));
}

void TestPasswordHasher::hashNeverContainsPassword()
{
    for (const QString& password : {u"hunter2hunter2"_s, u"argon2id"_s, u"m=65536"_s, u"AAAAAAAAAAAAAAAA"_s}) {
        const QString hash = m_minimal.hash(password);
        // The hash fields: the algorithm name is fixed, so look only at salt and digest.
        const QStringList parts = fields(hash);
        QCOMPARE(parts.size(), 5);
        QVERIFY2(!parts.at(3).contains(password) && !parts.at(4).contains(password), qPrintable(hash));
        QVERIFY2(!QByteArray::fromBase64(parts.at(4).toLatin1()).contains(password.toUtf8()), qPrintable(hash));
    }
    const QString hash = m_minimal.hash(u"my secret passphrase"_s);
    QVERIFY(!hash.contains(u"secret"_s));
    QVERIFY(!hash.contains(u"passphrase"_s));
    QVERIFY(!hash.toLatin1().contains(QByteArray("my secret passphrase").toBase64()));
}

void TestPasswordHasher::saltMakesHashesDiffer()
{
    const QString a = m_minimal.hash(u"same password"_s);
    const QString b = m_minimal.hash(u"same password"_s);
    QVERIFY(a != b);
    QVERIFY2(fields(a).at(3) != fields(b).at(3), "salts are equal");
    QVERIFY2(fields(a).at(4) != fields(b).at(4), "digests are equal");
    // Same parameters, both still verify.
    QCOMPARE(fields(a).at(2), fields(b).at(2));
    QVERIFY(PasswordHasher::verify(a, u"same password"_s));
    QVERIFY(PasswordHasher::verify(b, u"same password"_s));
}

void TestPasswordHasher::verifyRightAndWrong()
{
    const QString hash = m_minimal.hash(u"Correct-Horse-9"_s);
    QVERIFY(PasswordHasher::verify(hash, u"Correct-Horse-9"_s));
    QVERIFY(!PasswordHasher::verify(hash, u"correct-horse-9"_s)); // case matters
    QVERIFY(!PasswordHasher::verify(hash, u"Correct-Horse-"_s));  // prefix
    QVERIFY(!PasswordHasher::verify(hash, u"Correct-Horse-99"_s));
    QVERIFY(!PasswordHasher::verify(hash, u"Correct-Horse-9 "_s)); // no trimming
    QVERIFY(!PasswordHasher::verify(hash, u" Correct-Horse-9"_s));
    // A digest of another password with the same salt and parameters does not verify either.
    const QString other = m_minimal.hash(u"Battery-Staple-1"_s);
    QStringList mixed = fields(hash);
    mixed[4] = fields(other).at(4);
    QVERIFY(!PasswordHasher::verify(u"$"_s + mixed.join(u'$'), u"Correct-Horse-9"_s));
}

void TestPasswordHasher::verifyEmptyPassword()
{
    const QString hash = m_minimal.hash(u"not empty at all"_s);
    QVERIFY(!PasswordHasher::verify(hash, QString()));
    QVERIFY(!PasswordHasher::verify(hash, u""_s));
    // The hasher itself does not refuse an empty password (the service does): it must still tell them apart.
    const QString emptyHash = m_minimal.hash(QString());
    QVERIFY(PasswordHasher::verify(emptyHash, QString()));
    QVERIFY(!PasswordHasher::verify(emptyHash, u"x"_s));
}

void TestPasswordHasher::verifyGarbageHash_data()
{
    QTest::addColumn<QString>("stored");
    const QString good = m_minimal.hash(u"password123"_s);
    QTest::newRow("empty") << QString();
    QTest::newRow("plain text password") << u"password123"_s;
    QTest::newRow("garbage") << u"garbage"_s;
    QTest::newRow("prefix only") << u"$argon2id$"_s;
    QTest::newRow("truncated") << good.left(good.size() - 10);
    QTest::newRow("digest altered") << good.left(good.size() - 1) + (good.endsWith(u'A') ? u'B' : u'A');
    QTest::newRow("salt missing") << u"$argon2id$v=19$m=8,t=1,p=1$"_s + fields(good).at(4);
    QTest::newRow("other algorithm") << u"$2b$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234"_s;
    QTest::newRow("non-Latin-1") << u"$argon2id$v=19$m=8,t=1,p=1$日本$語"_s;
}

void TestPasswordHasher::verifyGarbageHash()
{
    QFETCH(QString, stored);
    QVERIFY(!PasswordHasher::verify(stored, u"password123"_s));
    QVERIFY(!PasswordHasher::verify(stored, QString()));
}

void TestPasswordHasher::interactiveStrength()
{
    const PasswordHasher interactive; // the product default
    const QString hash = interactive.hash(u"correct horse battery staple"_s);
    QVERIFY2(hash.startsWith(u"$argon2id$v=19$"_s), qPrintable(hash));
    // libsodium's crypto_pwhash_MEMLIMIT_INTERACTIVE is 64 MiB, written in KiB.
    QVERIFY2(hash.contains(u"$m=65536,"_s), qPrintable(hash));
    QCOMPARE(memoryKiB(hash), 65536);
    QVERIFY(PasswordHasher::verify(hash, u"correct horse battery staple"_s));
    QVERIFY(!PasswordHasher::verify(hash, u"correct horse battery stapler"_s));
}

void TestPasswordHasher::slowStrength()
{
    // The default's 64 MiB, 64 passes instead of 2.
    const PasswordHasher slow(PasswordHasher::Strength::Slow);
    const QString hash = slow.hash(u"correct horse battery staple"_s);
    QCOMPARE(memoryKiB(hash), 65536);
    QVERIFY2(hash.contains(u",t=64,"_s), qPrintable(hash));
    QVERIFY(PasswordHasher::verify(hash, u"correct horse battery staple"_s));
}

void TestPasswordHasher::minimalStrengthIsStillArgon2id()
{
    const QString hash = m_minimal.hash(u"fast but sound"_s);
    QVERIFY(PasswordHasher::isArgon2id(hash));
    QVERIFY2(hash.startsWith(u"$argon2id$v=19$"_s), qPrintable(hash));
    const int kib = memoryKiB(hash);
    QVERIFY2(kib > 0 && kib < 65536, qPrintable(hash));
    QVERIFY(PasswordHasher::verify(hash, u"fast but sound"_s));
    // A hash made with either strength verifies through the same static call.
    const QString strong = PasswordHasher(PasswordHasher::Strength::Interactive).hash(u"fast but sound"_s);
    QVERIFY(fields(strong).at(2) != fields(hash).at(2));
    QVERIFY(PasswordHasher::verify(strong, u"fast but sound"_s));
}

void TestPasswordHasher::nonAsciiRoundTrip_data()
{
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("lookalike");
    QTest::newRow("latin accents") << u"pässwörd-ÆØÅ"_s << u"passwor d-AOA"_s;
    QTest::newRow("cyrillic vs latin a") << u"пароль-\u0430bc"_s << u"пароль-abc"_s;
    QTest::newRow("japanese") << u"日本語のパスワード"_s << u"日本語のパスワー"_s;
    QTest::newRow("emoji (surrogate pairs)") << u"🔒🔑🙂🙃"_s << u"🔒🔑🙃🙂"_s;
    QTest::newRow("precomposed vs combining") << u"caf\u00e9-latte"_s << u"cafe\u0301-latte"_s;
}

void TestPasswordHasher::nonAsciiRoundTrip()
{
    QFETCH(QString, password);
    QFETCH(QString, lookalike);
    const QString hash = m_minimal.hash(password);
    QVERIFY(PasswordHasher::isArgon2id(hash));
    QVERIFY(PasswordHasher::verify(hash, password));
    QVERIFY(!PasswordHasher::verify(hash, lookalike));
    // Not reduced to Latin-1 on the way ('?' for every non-Latin-1 character), nor read back as mojibake.
    QVERIFY(!PasswordHasher::verify(hash, QString(password.size(), u'?')));
    QVERIFY(!PasswordHasher::verify(hash, QString::fromLatin1(password.toUtf8())));
}

void TestPasswordHasher::isArgon2id_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("expected");
    QTest::newRow("argon2id") << u"$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"_s << true;
    QTest::newRow("argon2i") << u"$argon2i$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"_s << false;
    QTest::newRow("bcrypt") << u"$2b$12$abcdefghijklmnopqrstuu"_s << false;
    QTest::newRow("plain") << u"argon2id"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void TestPasswordHasher::isArgon2id()
{
    QFETCH(QString, text);
    QFETCH(bool, expected);
    QCOMPARE(PasswordHasher::isArgon2id(text), expected);
}

void TestPasswordHasher::unknownUserVerifyIsAlwaysFalse()
{
    for (const QString& password : {QString(), u"password123"_s, u"$argon2id$"_s})
        QVERIFY(!m_minimal.verifyUnknownUser(password));
}

void TestPasswordHasher::atMostOneComputationPerCore()
{
    // Counted, not timed: twice as many threads as places, each hashing at the product's 64 MiB at once.
    KdfGate& gate = KdfGate::instance();
    const int limit = gate.stats().limit;
    QCOMPARE(limit, std::max(1, QThread::idealThreadCount()));
    gate.resetPeaks();
    const PasswordHasher interactive;
    const int threads = 2 * limit + 1;
    QSemaphore ready;
    QSemaphore go;
    std::vector<std::unique_ptr<QThread>> workers;
    for (int i = 0; i < threads; ++i) {
        workers.emplace_back(QThread::create([&, i] {
            ready.release();
            go.acquire();
            if (i % 2 == 0)
                (void)interactive.hash(u"password %1"_s.arg(i));
            else
                (void)interactive.verifyUnknownUser(u"password %1"_s.arg(i));
        }));
        workers.back()->start();
    }
    ready.acquire(threads);
    go.release(threads);
    for (const auto& worker : workers)
        QVERIFY(worker->wait(60000));
    const KdfGate::Stats stats = gate.stats();
    QCOMPARE(stats.running, 0);
    QCOMPARE(stats.waiting, 0);
    QCOMPARE(stats.peakRunning, limit); // the gate was full, and never fuller
    QVERIFY2(stats.peakWaiting >= 1, qPrintable(QString::number(stats.peakWaiting))); // the others queued
}

QTEST_GUILESS_MAIN(TestPasswordHasher)
#include "TestPasswordHasher.moc"
