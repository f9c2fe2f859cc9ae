#include "Mood.h"

#include <QTest>

using namespace mood;
using namespace Qt::StringLiterals;

class TestMood final : public QObject
{
    Q_OBJECT

private slots:
    void levels_data();
    void levels();
    void namesAreCaseSensitive();
    void allNamesInContractOrder();
    void panelOffersOneMoodPerLevel();
};

void TestMood::levels_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("level");
    QTest::newRow("CHEERFUL") << u"CHEERFUL"_s << 5;
    QTest::newRow("IDYLLIC") << u"IDYLLIC"_s << 5;
    QTest::newRow("WHIMSICAL") << u"WHIMSICAL"_s << 4;
    QTest::newRow("HUMOROUS") << u"HUMOROUS"_s << 4;
    QTest::newRow("ROMANTIC") << u"ROMANTIC"_s << 4;
    QTest::newRow("REFLECTIVE") << u"REFLECTIVE"_s << 3;
    QTest::newRow("MELANCHOLY") << u"MELANCHOLY"_s << 2;
    QTest::newRow("GLOOMY") << u"GLOOMY"_s << 1;
}

void TestMood::levels()
{
    QFETCH(QString, name);
    QFETCH(int, level);
    const auto mood = moodFromName(name);
    QVERIFY(mood.has_value());
    QCOMPARE(moodName(*mood), name);
    // The same from UTF-8 and Latin-1 text, as the database's rows and JSON bodies hand it over.
    const QByteArray utf8 = name.toUtf8();
    QCOMPARE(moodFromName(QUtf8StringView(utf8)), mood);
    QCOMPARE(moodFromName(QLatin1StringView(utf8)), mood);
    QCOMPARE(moodLevel(*mood), level);
}

void TestMood::namesAreCaseSensitive()
{
    QVERIFY(!moodFromName(u"cheerful"_s));
    QVERIFY(!moodFromName(u"Cheerful"_s));
    QVERIFY(!moodFromName(u"HAPPY"_s));
    QVERIFY(!moodFromName(QString()));
    // Neither a prefix, a longer name, nor a name with a non-ASCII letter in any encoding ("GLOOÝ" is as long as
    // "GLOOMY" in UTF-8 bytes: compared unit by unit, not told apart by its length).
    for (const QString& near : {u"CHEER"_s, u"CHEERFULL"_s, u"GLOOMY "_s, u"GLOOMÝ"_s, u"GLOOÝ"_s, u"ROMANTİC"_s}) {
        const QByteArray utf8 = near.toUtf8();
        QVERIFY2(!moodFromName(near), qPrintable(near));
        QVERIFY2(!moodFromName(QUtf8StringView(utf8)), qPrintable(near));
        QVERIFY2(!moodFromName(QLatin1StringView(near.toLatin1())), qPrintable(near));
    }
}

void TestMood::allNamesInContractOrder()
{
    QCOMPARE(allMoodNames(),
             QStringList({u"CHEERFUL"_s, u"REFLECTIVE"_s, u"GLOOMY"_s, u"HUMOROUS"_s, u"MELANCHOLY"_s, u"IDYLLIC"_s,
                          u"WHIMSICAL"_s, u"ROMANTIC"_s}));
    QCOMPARE(allMoods().size(), 8);
}

void TestMood::panelOffersOneMoodPerLevel()
{
    const QList<Mood> expected{Mood::Cheerful, Mood::Whimsical, Mood::Reflective, Mood::Melancholy, Mood::Gloomy};
    QCOMPARE(panelMoods(), expected);
    for (int i = 0; i < panelMoods().size(); ++i)
        QCOMPARE(moodLevel(panelMoods().at(i)), 5 - i);
}

QTEST_GUILESS_MAIN(TestMood)
#include "TestMood.moc"
