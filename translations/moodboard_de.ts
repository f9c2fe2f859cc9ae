<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>CommandLine</name>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="44"/>
        <source>Usage:
  moodboard                      the desktop app
  moodboard --version            prints the version
  moodboard --headless [--listen HOST:PORT] [--database PATH | postgresql://user:pass@host:port/db]
                       [--backfill-days N] [--max-body BYTES]
                       [--smtp smtp[s]://[user:pass@]host:port [--from ADDRESS]]
      server only; default listen 127.0.0.1:5000; with --smtp it mails each
      user&apos;s board of the past year once that year has ended
  moodboard year-end --year YYYY [--database ...] --smtp smtp[s]://[user:pass@]host:port
                       [--from ADDRESS] [--mark-sent USER] [--resend USER]
      mails every user with an email address their board of YYYY, once
</source>
        <translation>Aufruf:
  moodboard                      die Desktop-App
  moodboard --version            zeigt die Version
  moodboard --headless [--listen HOST:PORT] [--database PFAD | postgresql://user:pass@host:port/db]
                       [--backfill-days N] [--max-body BYTES]
                       [--smtp smtp[s]://[user:pass@]host:port [--from ADRESSE]]
      nur Server; Standardadresse 127.0.0.1:5000; mit --smtp bekommt jeder
      sein Board des vergangenen Jahres, sobald dieses Jahr vorbei ist
  moodboard year-end --year JJJJ [--database ...] --smtp smtp[s]://[user:pass@]host:port
                       [--from ADRESSE] [--mark-sent BENUTZER] [--resend BENUTZER]
      schickt jedem Benutzer mit E-Mail-Adresse sein Board von JJJJ, genau einmal
</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="93"/>
        <source>--year needs a year, for example 2026</source>
        <translation>--year braucht ein Jahr, zum Beispiel 2026</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="96"/>
        <source>--smtp needs smtp://[user:pass@]host:port or smtps://[user:pass@]host:port</source>
        <translation>--smtp braucht smtp://[user:pass@]host:port oder smtps://[user:pass@]host:port</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="107"/>
        <source>--from needs an email address, for example &quot;Moodboard &lt;board@example.org&gt;&quot;</source>
        <translation>--from braucht eine E-Mail-Adresse, zum Beispiel &quot;Moodboard &lt;board@example.org&gt;&quot;</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="113"/>
        <source>%1 needs a user name</source>
        <translation>%1 braucht einen Benutzernamen</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="118"/>
        <source>--listen needs HOST:PORT, for example 127.0.0.1:5000 or [::1]:0</source>
        <translation>--listen braucht HOST:PORT, zum Beispiel 127.0.0.1:5000 oder [::1]:0</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="124"/>
        <source>--database needs a file path or a postgresql:// URL</source>
        <translation>--database braucht einen Dateipfad oder eine postgresql://-URL</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="131"/>
        <source>--backfill-days needs a whole number of days from 0 to 366</source>
        <translation>--backfill-days braucht eine ganze Zahl von Tagen zwischen 0 und 366</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="138"/>
        <source>--max-body needs a positive number of bytes</source>
        <translation>--max-body braucht eine positive Anzahl Bytes</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="141"/>
        <source>unknown argument &apos;%1&apos;</source>
        <translation>unbekanntes Argument „%1“</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="149"/>
        <source>--listen, --backfill-days and --max-body go with --headless</source>
        <translation>--listen, --backfill-days und --max-body gehören zu --headless</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="152"/>
        <source>year-end needs --year YYYY</source>
        <translation>year-end braucht --year JJJJ</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="154"/>
        <source>year-end needs --smtp smtp[s]://host:port</source>
        <translation>year-end braucht --smtp smtp[s]://host:port</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="158"/>
        <source>--year, --mark-sent and --resend go with year-end</source>
        <translation>--year, --mark-sent und --resend gehören zu year-end</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="160"/>
        <source>--smtp and --from go with --headless or year-end</source>
        <translation>--smtp und --from gehören zu --headless oder year-end</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="162"/>
        <source>--listen, --database, --backfill-days and --max-body go with --headless</source>
        <translation>--listen, --database, --backfill-days und --max-body gehören zu --headless</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="165"/>
        <source>--from goes with --smtp</source>
        <translation>--from gehört zu --smtp</translation>
    </message>
</context>
<context>
    <name>YearEnd</name>
    <message>
        <location filename="../src/app/YearEndCommand.cpp" line="25"/>
        <source>no user named &apos;%1&apos;</source>
        <translation>kein Benutzer namens „%1“</translation>
    </message>
    <message>
        <location filename="../src/app/YearEndCommand.cpp" line="30"/>
        <source>%1 has no unconfirmed year-end mail of %2</source>
        <translation>%1 hat keine unbestätigte Jahresend-Mail für %2</translation>
    </message>
    <message>
        <location filename="../src/app/YearEndCommand.cpp" line="48"/>
        <source>%1 has not ended yet: year-end mails a year that is over</source>
        <translation>%1 ist noch nicht vorbei: year-end verschickt nur abgeschlossene Jahre</translation>
    </message>
    <message>
        <location filename="../src/app/YearEndCommand.cpp" line="86"/>
        <source>stopped early; run it again to mail the rest</source>
        <translation>vorzeitig beendet; erneut aufrufen, um den Rest zu verschicken</translation>
    </message>
</context>
</TS>
