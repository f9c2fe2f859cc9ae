<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>CommandLine</name>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="36"/>
        <source>Usage:
  moodboard                      the desktop app
  moodboard --version            prints the version
  moodboard --headless [--listen HOST:PORT] [--database PATH | postgresql://user:pass@host:port/db]
                       [--backfill-days N] [--max-body BYTES]
      server only; default listen 127.0.0.1:5000
</source>
        <translation>Aufruf:
  moodboard                      die Desktop-App
  moodboard --version            zeigt die Version
  moodboard --headless [--listen HOST:PORT] [--database PFAD | postgresql://user:pass@host:port/db]
                       [--backfill-days N] [--max-body BYTES]
      nur Server; Standardadresse 127.0.0.1:5000
</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="72"/>
        <source>--listen needs HOST:PORT, for example 127.0.0.1:5000 or [::1]:0</source>
        <translation>--listen braucht HOST:PORT, zum Beispiel 127.0.0.1:5000 oder [::1]:0</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="78"/>
        <source>--database needs a file path or a postgresql:// URL</source>
        <translation>--database braucht einen Dateipfad oder eine postgresql://-URL</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="85"/>
        <source>--backfill-days needs a whole number of days from 0 to 366</source>
        <translation>--backfill-days braucht eine ganze Zahl von Tagen zwischen 0 und 366</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="92"/>
        <source>--max-body needs a positive number of bytes</source>
        <translation>--max-body braucht eine positive Anzahl Bytes</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="95"/>
        <source>unknown argument &apos;%1&apos;</source>
        <translation>unbekanntes Argument „%1“</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="99"/>
        <source>--listen, --database, --backfill-days and --max-body go with --headless</source>
        <translation>--listen, --database, --backfill-days und --max-body gehören zu --headless</translation>
    </message>
</context>
</TS>
