<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CommandLine</name>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="43"/>
        <source>Usage:
  moodboard                      the desktop app
  moodboard --version            prints the version
  moodboard --headless [--listen HOST:PORT] [--database PATH | postgresql://user:pass@host:port/db]
                       [--backfill-days N] [--max-body BYTES] [--public-host NAME]...
      server only; default listen 127.0.0.1:5000. --public-host: a name colleagues
      use to reach this server (repeatable); other names are refused (421)
</source>
        <translation>Usage:
  moodboard                      the desktop app
  moodboard --version            prints the version
  moodboard --headless [--listen HOST:PORT] [--database PATH | postgresql://user:pass@host:port/db]
                       [--backfill-days N] [--max-body BYTES] [--public-host NAME]...
      server only; default listen 127.0.0.1:5000. --public-host: a name colleagues
      use to reach this server (repeatable); other names are refused (421)
</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="80"/>
        <source>--listen needs HOST:PORT, for example 127.0.0.1:5000 or [::1]:0</source>
        <translation>--listen needs HOST:PORT, for example 127.0.0.1:5000 or [::1]:0</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="86"/>
        <source>--database needs a file path or a postgresql:// URL</source>
        <translation>--database needs a file path or a postgresql:// URL</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="93"/>
        <source>--backfill-days needs a whole number of days from 0 to 366</source>
        <translation>--backfill-days needs a whole number of days from 0 to 366</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="100"/>
        <source>--max-body needs a positive number of bytes</source>
        <translation>--max-body needs a positive number of bytes</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="104"/>
        <source>--public-host needs a host name, for example moodboard.example.org</source>
        <translation>--public-host needs a host name, for example moodboard.example.org</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="109"/>
        <source>unknown argument &apos;%1&apos;</source>
        <translation>unknown argument &apos;%1&apos;</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="113"/>
        <source>--listen, --database, --backfill-days, --max-body and --public-host go with --headless</source>
        <translation>--listen, --database, --backfill-days, --max-body and --public-host go with --headless</translation>
    </message>
</context>
</TS>
