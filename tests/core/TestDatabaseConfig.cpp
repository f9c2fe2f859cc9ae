#include "DatabaseConfig.h"

#include <QTest>
#include <QUrl>

using namespace mood;
using namespace Qt::StringLiterals;

// Pure parsing: no database is opened, so there are no backend rows here.
class TestDatabaseConfig final : public QObject
{
    Q_OBJECT

private slots:
    void sqlitePaths_data();
    void sqlitePaths();
    void emptyPathRejected_data();
    void emptyPathRejected();
    void fullPostgresUrl();
    void postgresSchemeAlias();
    void defaultPort();
    void percentEncodedCredentials_data();
    void percentEncodedCredentials();
    void userWithoutPassword();
    void ipv6Host();
    void schemaOption();
    void badSchemaNames_data();
    void badSchemaNames();
    void otherOptionsPassedThrough();
    void badOptionsRejected_data();
    void badOptionsRejected();
    void badUrls_data();
    void badUrls();
    void displayNameHidesPassword_data();
    void displayNameHidesPassword();
    void displayNameOfSqliteIsThePath();
    void defaultSqlitePath();

private:
    static QStringList optionList(const DatabaseConfig& config);
};

QStringList TestDatabaseConfig::optionList(const DatabaseConfig& config)
{
    return config.connectOptions.split(u';', Qt::SkipEmptyParts);
}

void TestDatabaseConfig::sqlitePaths_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("absolute") << u"/var/lib/moodboard/moodboard.sqlite"_s;
    QTest::newRow("relative") << u"data/moods.db"_s;
    QTest::newRow("bare file name") << u"moodboard.sqlite"_s;
    QTest::newRow("spaces and non-ASCII") << u"/home/zoë/My Moods/board file.sqlite"_s;
    QTest::newRow("windows drive") << u"C:/Users/me/moodboard.sqlite"_s;
    QTest::newRow("looks like a URL of another scheme") << u"mysql://host/db"_s;
    QTest::newRow("postgresql without slashes") << u"postgresql.sqlite"_s;
}

void TestDatabaseConfig::sqlitePaths()
{
    QFETCH(QString, path);
    const auto config = DatabaseConfig::parse(path);
    QVERIFY2(config.ok(), qPrintable(config.error().message));
    QCOMPARE(config->dialect, Dialect::Sqlite);
    QCOMPARE(config->sqlitePath, path);
    QVERIFY(config->host.isEmpty());
    QVERIFY(config->password.isEmpty());
    QVERIFY(config->schema.isEmpty());
}

void TestDatabaseConfig::emptyPathRejected_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("empty") << QString();
    QTest::newRow("empty string") << u""_s;
    QTest::newRow("blanks") << u"   "_s;
    QTest::newRow("tab and newline") << u"\t\n"_s;
}

void TestDatabaseConfig::emptyPathRejected()
{
    QFETCH(QString, path);
    const auto config = DatabaseConfig::parse(path);
    QVERIFY(!config.ok());
    QCOMPARE(config.error().kind, ErrorKind::Invalid);
    QVERIFY(!config.error().message.isEmpty());
}

void TestDatabaseConfig::fullPostgresUrl()
{
    const auto config = DatabaseConfig::parse(u"postgresql://alice:s3cret@db.example.com:6543/moods"_s);
    QVERIFY2(config.ok(), qPrintable(config.error().message));
    QCOMPARE(config->dialect, Dialect::Postgres);
    QCOMPARE(config->user, u"alice"_s);
    QCOMPARE(config->password, u"s3cret"_s);
    QCOMPARE(config->host, u"db.example.com"_s);
    QCOMPARE(config->port, 6543);
    QCOMPARE(config->databaseName, u"moods"_s);
    QVERIFY(config->schema.isEmpty());
    QVERIFY(config->sqlitePath.isEmpty());
}

void TestDatabaseConfig::postgresSchemeAlias()
{
    const auto config = DatabaseConfig::parse(u"postgres://bob:pw@10.0.0.7:5433/board"_s);
    QVERIFY2(config.ok(), qPrintable(config.error().message));
    QCOMPARE(config->dialect, Dialect::Postgres);
    QCOMPARE(config->user, u"bob"_s);
    QCOMPARE(config->password, u"pw"_s);
    QCOMPARE(config->host, u"10.0.0.7"_s);
    QCOMPARE(config->port, 5433);
    QCOMPARE(config->databaseName, u"board"_s);
}

void TestDatabaseConfig::defaultPort()
{
    const auto config = DatabaseConfig::parse(u"postgresql://u:p@localhost/moodboard"_s);
    QVERIFY2(config.ok(), qPrintable(config.error().message));
    QCOMPARE(config->host, u"localhost"_s);
    QCOMPARE(config->port, 5432);
    QCOMPARE(config->databaseName, u"moodboard"_s);
}

void TestDatabaseConfig::percentEncodedCredentials_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("database");
    QTest::newRow("at and colon") << u"postgresql://alice:p%40ss%3Aword@h/db"_s << u"alice"_s << u"p@ss:word"_s
                                  << u"db"_s;
    QTest::newRow("slash hash question") << u"postgresql://alice:a%2Fb%23c%3Fd@h/db"_s << u"alice"_s << u"a/b#c?d"_s
                                         << u"db"_s;
    QTest::newRow("percent itself") << u"postgresql://alice:100%25sure@h/db"_s << u"alice"_s << u"100%sure"_s
                                    << u"db"_s;
    QTest::newRow("plus stays plus") << u"postgresql://alice:a+b@h/db"_s << u"alice"_s << u"a+b"_s << u"db"_s;
    QTest::newRow("space") << u"postgresql://alice:two%20words@h/db"_s << u"alice"_s << u"two words"_s << u"db"_s;
    QTest::newRow("utf-8") << u"postgresql://zo%C3%AB:%C3%A9t%C3%A9@h/db"_s << u"zoë"_s << u"été"_s << u"db"_s;
    QTest::newRow("encoded database name") << u"postgresql://u:p@h/my%20db"_s << u"u"_s << u"p"_s << u"my db"_s;
}

void TestDatabaseConfig::percentEncodedCredentials()
{
    QFETCH(QString, url);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(QString, database);
    const auto config = DatabaseConfig::parse(url);
    QVERIFY2(config.ok(), qPrintable(config.error().message));
    QCOMPARE(config->user, user);
    QCOMPARE(config->password, password);
    QCOMPARE(config->host, u"h"_s);
    QCOMPARE(config->databaseName, database);
}

void TestDatabaseConfig::userWithoutPassword()
{
    const auto config = DatabaseConfig::parse(u"postgresql://reader@h:5432/db"_s);
    QVERIFY2(config.ok(), qPrintable(config.error().message));
    QCOMPARE(config->user, u"reader"_s);
    QVERIFY(config->password.isEmpty());
}

void TestDatabaseConfig::ipv6Host()
{
    const auto config = DatabaseConfig::parse(u"postgresql://u:p@[::1]:5544/db"_s);
    QVERIFY2(config.ok(), qPrintable(config.error().message));
    QCOMPARE(config->host, u"::1"_s);
    QCOMPARE(config->port, 5544);
}

void TestDatabaseConfig::schemaOption()
{
    const auto config = DatabaseConfig::parse(u"postgresql://u:p@h/db?schema=tenant_42"_s);
    QVERIFY2(config.ok(), qPrintable(config.error().message));
    QCOMPARE(config->schema, u"tenant_42"_s);
    QCOMPARE(config->databaseName, u"db"_s);
    // schema is ours, not libpq's: it must not leak into the connect options.
    QVERIFY2(!config->connectOptions.contains(u"schema"_s), qPrintable(config->connectOptions));

    const auto longest = DatabaseConfig::parse(u"postgresql://u:p@h/db?schema="_s + QString(63, u'x'));
    QVERIFY2(longest.ok(), qPrintable(longest.error().message));
    QCOMPARE(longest->schema, QString(63, u'x'));
}

void TestDatabaseConfig::badSchemaNames_data()
{
    QTest::addColumn<QString>("schema");
    QTest::newRow("empty") << u""_s;
    QTest::newRow("hyphen") << u"my-schema"_s;
    QTest::newRow("leading digit") << u"1abc"_s;
    QTest::newRow("quote") << u"a%22b"_s;
    QTest::newRow("semicolon") << u"a%3Bdrop"_s;
    QTest::newRow("space") << u"a%20b"_s;
    QTest::newRow("dot") << u"public.x"_s;
    QTest::newRow("non-ASCII letter") << u"sch%C3%A9ma"_s;
    QTest::newRow("64 chars") << QString(64, u'a');
}

void TestDatabaseConfig::badSchemaNames()
{
    QFETCH(QString, schema);
    const auto config = DatabaseConfig::parse(u"postgresql://u:p@h/db?schema="_s + schema);
    QVERIFY2(!config.ok(), qPrintable(u"accepted schema '%1'"_s.arg(config ? config->schema : QString())));
    QCOMPARE(config.error().kind, ErrorKind::Invalid);
    QVERIFY2(config.error().message.contains(u"schema"_s), qPrintable(config.error().message));
}

void TestDatabaseConfig::otherOptionsPassedThrough()
{
    const auto config =
        DatabaseConfig::parse(u"postgresql://u:p@h/db?sslmode=require&schema=s1&application_name=mood_board"_s);
    QVERIFY2(config.ok(), qPrintable(config.error().message));
    QCOMPARE(config->schema, u"s1"_s);
    const QStringList options = optionList(*config);
    QVERIFY2(options.contains(u"sslmode=require"_s), qPrintable(config->connectOptions));
    QVERIFY2(options.contains(u"application_name=mood_board"_s), qPrintable(config->connectOptions));

    // A caller's connect_timeout must win over the built-in default: libpq takes the last value given.
    const auto timeout = DatabaseConfig::parse(u"postgresql://u:p@h/db?connect_timeout=2"_s);
    QVERIFY2(timeout.ok(), qPrintable(timeout.error().message));
    QStringList timeouts;
    for (const QString& option : optionList(*timeout)) {
        if (option.startsWith(u"connect_timeout="_s))
            timeouts.append(option);
    }
    QVERIFY(!timeouts.isEmpty());
    QCOMPARE(timeouts.last(), u"connect_timeout=2"_s);
}

void TestDatabaseConfig::badOptionsRejected_data()
{
    QTest::addColumn<QString>("query");
    QTest::newRow("value with semicolon") << u"sslmode=require%3Bpassword%3Dx"_s;
    QTest::newRow("value with space") << u"application_name=mood%20board"_s;
    QTest::newRow("key with space") << u"ssl%20mode=require"_s;
    QTest::newRow("key with equals") << u"a%3Db=c"_s;
    QTest::newRow("key with semicolon") << u"a%3Bb=c"_s;
}

void TestDatabaseConfig::badOptionsRejected()
{
    QFETCH(QString, query);
    const auto config = DatabaseConfig::parse(u"postgresql://u:p@h/db?"_s + query);
    QVERIFY2(!config.ok(), qPrintable(u"accepted, options: "_s + (config ? config->connectOptions : QString())));
    QCOMPARE(config.error().kind, ErrorKind::Invalid);
}

void TestDatabaseConfig::badUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("scheme only") << u"postgresql://"_s;
    QTest::newRow("postgres scheme only") << u"postgres://"_s;
    QTest::newRow("no database") << u"postgresql://u:p@h:5432"_s;
    QTest::newRow("no database, trailing slash") << u"postgresql://u:p@h:5432/"_s;
    QTest::newRow("no host") << u"postgresql://u:p@:5432/db"_s;
    QTest::newRow("no host, path only") << u"postgresql:///db"_s;
    QTest::newRow("port not a number") << u"postgresql://u:p@h:port/db"_s;
    QTest::newRow("port too large") << u"postgresql://u:p@h:70000/db"_s;
    QTest::newRow("space in host") << u"postgresql://u:p@my host/db"_s;
}

void TestDatabaseConfig::badUrls()
{
    QFETCH(QString, url);
    const auto config = DatabaseConfig::parse(url);
    QVERIFY2(!config.ok(),
             qPrintable(u"accepted: host '%1' port %2 db '%3'"_s.arg(config ? config->host : QString())
                            .arg(config ? config->port : 0)
                            .arg(config ? config->databaseName : QString())));
    QCOMPARE(config.error().kind, ErrorKind::Invalid);
    QVERIFY(!config.error().message.isEmpty());
}

void TestDatabaseConfig::displayNameHidesPassword_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("password");
    QTest::newRow("plain") << u"postgresql://alice:hunter22@db.example.com:6543/moods"_s << u"hunter22"_s;
    QTest::newRow("encoded") << u"postgresql://alice:p%40ssw0rd%21@db.example.com/moods?schema=s"_s << u"p@ssw0rd!"_s;
    QTest::newRow("postgres scheme") << u"postgres://alice:Tr0ub4dor@db.example.com/moods"_s << u"Tr0ub4dor"_s;
}

void TestDatabaseConfig::displayNameHidesPassword()
{
    QFETCH(QString, url);
    QFETCH(QString, password);
    const auto config = DatabaseConfig::parse(url);
    QVERIFY2(config.ok(), qPrintable(config.error().message));
    QCOMPARE(config->password, password);
    const QString name = config->displayName();
    QVERIFY2(!name.contains(password), qPrintable(name));
    QVERIFY2(!name.contains(QString::fromLatin1(QUrl::toPercentEncoding(password))), qPrintable(name));
    QVERIFY2(!name.contains(password.left(4)), qPrintable(name));
    // Still useful to a human: says where the data is.
    QVERIFY2(name.contains(u"db.example.com"_s), qPrintable(name));
    QVERIFY2(name.contains(u"moods"_s), qPrintable(name));
    QVERIFY2(name.contains(u"alice"_s), qPrintable(name));
    QVERIFY2(name.contains(QString::number(config->port)), qPrintable(name));
}

void TestDatabaseConfig::displayNameOfSqliteIsThePath()
{
    const auto config = DatabaseConfig::parse(u"/srv/mood/board.sqlite"_s);
    QVERIFY2(config.ok(), qPrintable(config.error().message));
    QCOMPARE(config->displayName(), u"/srv/mood/board.sqlite"_s);
}

void TestDatabaseConfig::defaultSqlitePath()
{
    const QString path = DatabaseConfig::defaultSqlitePath();
    QVERIFY(!path.isEmpty());
    QVERIFY2(path.endsWith(u".sqlite"_s), qPrintable(path));
    const auto config = DatabaseConfig::parse(path);
    QVERIFY2(config.ok(), qPrintable(config.error().message));
    QCOMPARE(config->dialect, Dialect::Sqlite);
}

QTEST_GUILESS_MAIN(TestDatabaseConfig)
#include "TestDatabaseConfig.moc"
