<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>BoardRenderer</name>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="48"/>
        <source>Very good</source>
        <translation>Very good</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="50"/>
        <source>Good</source>
        <translation>Good</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="52"/>
        <source>Neutral</source>
        <translation>Neutral</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="54"/>
        <source>Bad</source>
        <translation>Bad</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="56"/>
        <source>Very bad</source>
        <translation>Very bad</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="58"/>
        <source>No mood</source>
        <translation>No mood</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="64"/>
        <source>%1 · %2</source>
        <comment>name and year</comment>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="69"/>
        <source>streak at year end</source>
        <translation>streak at year end</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="69"/>
        <source>current streak</source>
        <translation>current streak</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="74"/>
        <source>longest in %1</source>
        <translation>longest in %1</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="80"/>
        <source>moods on 1 day</source>
        <translation>moods on 1 day</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="80"/>
        <source>moods on %1 days</source>
        <translation>moods on %1 days</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="114"/>
        <source>A year in moods, one coloured day at a time</source>
        <translation>A year in moods, one coloured day at a time</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="128"/>
        <source>1 day</source>
        <translation>1 day</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="129"/>
        <source>%1 days</source>
        <translation>%1 days</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="194"/>
        <source>Moodboard</source>
        <translation>Moodboard</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="199"/>
        <source>%1% of your moods were good or very good</source>
        <translation>%1% of your moods were good or very good</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="201"/>
        <source>No moods recorded in this year</source>
        <translation>No moods recorded in this year</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="77"/>
        <source>Usage:
  moodboard                      the desktop app
  moodboard --version            prints the version
  moodboard --headless [--listen HOST:PORT] [--database PATH | postgresql://user:pass@host:port/db]
                       [--backfill-days N] [--max-body BYTES] [--public-host NAME]...
                       [--smtp smtp[s]://[user:pass@]host:port [--from ADDRESS]]
      server only; default listen 127.0.0.1:5000; with --smtp it mails each
      user&apos;s board of the past year once that year has ended. --public-host: a name
      colleagues use to reach this server (repeatable); other names are refused (421)
  moodboard year-end --year YYYY [--database ...] --smtp smtp[s]://[user:pass@]host:port
                       [--from ADDRESS] [--mark-sent USER] [--resend USER]
      mails every user with an email address their board of YYYY, once
  moodboard generate --users N [--days D] [--follows F] [--activities A] [--events E]
                       [--every-day] [--tokens FILE] [--database ...]
      fills an empty database with N synthetic users (password &quot;moodboard&quot;), their moods
      of the last D days (default 30), F follows and about A activities each (defaults 10)
      and E events in all (default 0), for benchmarks and demonstrations. --every-day: each
      user has exactly one mood on each of the D days before today and none today.
      --tokens: a bearer token per user (valid 30 days), &quot;username token&quot; lines in FILE
</source>
        <translation>Usage:
  moodboard                      the desktop app
  moodboard --version            prints the version
  moodboard --headless [--listen HOST:PORT] [--database PATH | postgresql://user:pass@host:port/db]
                       [--backfill-days N] [--max-body BYTES] [--public-host NAME]...
                       [--smtp smtp[s]://[user:pass@]host:port [--from ADDRESS]]
      server only; default listen 127.0.0.1:5000; with --smtp it mails each
      user&apos;s board of the past year once that year has ended. --public-host: a name
      colleagues use to reach this server (repeatable); other names are refused (421)
  moodboard year-end --year YYYY [--database ...] --smtp smtp[s]://[user:pass@]host:port
                       [--from ADDRESS] [--mark-sent USER] [--resend USER]
      mails every user with an email address their board of YYYY, once
  moodboard generate --users N [--days D] [--follows F] [--activities A] [--events E]
                       [--every-day] [--tokens FILE] [--database ...]
      fills an empty database with N synthetic users (password &quot;moodboard&quot;), their moods
      of the last D days (default 30), F follows and about A activities each (defaults 10)
      and E events in all (default 0), for benchmarks and demonstrations. --every-day: each
      user has exactly one mood on each of the D days before today and none today.
      --tokens: a bearer token per user (valid 30 days), &quot;username token&quot; lines in FILE
</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="143"/>
        <source>--tokens needs a file to write the tokens to</source>
        <translation>--tokens needs a file to write the tokens to</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="150"/>
        <source>--year needs a year, for example 2026</source>
        <translation>--year needs a year, for example 2026</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="153"/>
        <source>--smtp needs smtp://[user:pass@]host:port or smtps://[user:pass@]host:port</source>
        <translation>--smtp needs smtp://[user:pass@]host:port or smtps://[user:pass@]host:port</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="164"/>
        <source>--from needs an email address, for example &quot;Moodboard &lt;board@example.org&gt;&quot;</source>
        <translation>--from needs an email address, for example &quot;Moodboard &lt;board@example.org&gt;&quot;</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="170"/>
        <source>%1 needs a user name</source>
        <translation>%1 needs a user name</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="175"/>
        <source>--listen needs HOST:PORT, for example 127.0.0.1:5000 or [::1]:0</source>
        <translation>--listen needs HOST:PORT, for example 127.0.0.1:5000 or [::1]:0</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="181"/>
        <source>--database needs a file path or a postgresql:// URL</source>
        <translation>--database needs a file path or a postgresql:// URL</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="188"/>
        <source>--backfill-days needs a whole number of days from 0 to 366</source>
        <translation>--backfill-days needs a whole number of days from 0 to 366</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="195"/>
        <source>--max-body needs a positive number of bytes</source>
        <translation>--max-body needs a positive number of bytes</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="199"/>
        <source>--public-host needs a host name, for example moodboard.example.org</source>
        <translation>--public-host needs a host name, for example moodboard.example.org</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="204"/>
        <source>unknown argument &apos;%1&apos;</source>
        <translation>unknown argument &apos;%1&apos;</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="212"/>
        <source>generate takes only --users, --days, --follows, --activities, --events, --every-day, --tokens and --database</source>
        <translation>generate takes only --users, --days, --follows, --activities, --events, --every-day, --tokens and --database</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="220"/>
        <source>--users, --days, --follows, --activities, --events, --every-day and --tokens go with generate</source>
        <translation>--users, --days, --follows, --activities, --events, --every-day and --tokens go with generate</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="216"/>
        <source>generate needs --users N</source>
        <translation>generate needs --users N</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="225"/>
        <source>--listen, --backfill-days, --max-body and --public-host go with --headless</source>
        <translation>--listen, --backfill-days, --max-body and --public-host go with --headless</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="238"/>
        <source>--listen, --database, --backfill-days, --max-body and --public-host go with --headless</source>
        <translation>--listen, --database, --backfill-days, --max-body and --public-host go with --headless</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="228"/>
        <source>year-end needs --year YYYY</source>
        <translation>year-end needs --year YYYY</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="66"/>
        <source>--users needs a whole number from 1 to 100000000</source>
        <translation>--users needs a whole number from 1 to 100000000</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="68"/>
        <source>--days needs a whole number of days from 0 to 3660</source>
        <translation>--days needs a whole number of days from 0 to 3660</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="70"/>
        <source>--events needs a whole number from 0 to 1000000000</source>
        <translation>--events needs a whole number from 0 to 1000000000</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="71"/>
        <source>%1 needs a whole number from 0 to 1000 per user</source>
        <translation>%1 needs a whole number from 0 to 1000 per user</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="230"/>
        <source>year-end needs --smtp smtp[s]://host:port</source>
        <translation>year-end needs --smtp smtp[s]://host:port</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="234"/>
        <source>--year, --mark-sent and --resend go with year-end</source>
        <translation>--year, --mark-sent and --resend go with year-end</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="236"/>
        <source>--smtp and --from go with --headless or year-end</source>
        <translation>--smtp and --from go with --headless or year-end</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="241"/>
        <source>--from goes with --smtp</source>
        <translation>--from goes with --smtp</translation>
    </message>
</context>
<context>
    <name>DayDialog</name>
    <message>
        <location filename="../ui/DayDialog.ui" line="6"/>
        <source>Day</source>
        <translation>Day</translation>
    </message>
    <message>
        <location filename="../ui/DayDialog.ui" line="18"/>
        <source>Moods of this day</source>
        <translation>Moods of this day</translation>
    </message>
    <message>
        <location filename="../ui/DayDialog.ui" line="33"/>
        <source>Add a mood for this day</source>
        <translation>Add a mood for this day</translation>
    </message>
    <message>
        <location filename="../ui/DayDialog.ui" line="42"/>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../ui/DayDialog.ui" line="45"/>
        <source>Add a note (optional)</source>
        <translation>Add a note (optional)</translation>
    </message>
    <message>
        <location filename="../ui/DayDialog.ui" line="62"/>
        <source>Day message</source>
        <translation>Day message</translation>
    </message>
</context>
<context>
    <name>DisplayCheck</name>
    <message>
        <location filename="../src/app/DisplayCheck.cpp" line="15"/>
        <source>To serve the API without a window, run: moodboard --headless</source>
        <translation>To serve the API without a window, run: moodboard --headless</translation>
    </message>
    <message>
        <location filename="../src/app/DisplayCheck.cpp" line="30"/>
        <source>no display found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window cannot open.</source>
        <translation>no display found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window cannot open.</translation>
    </message>
    <message>
        <location filename="../src/app/DisplayCheck.cpp" line="55"/>
        <source>the display cannot be reached, so the window cannot open.</source>
        <translation>the display cannot be reached, so the window cannot open.</translation>
    </message>
</context>
<context>
    <name>EntryEditDialog</name>
    <message>
        <location filename="../ui/EntryEditDialog.ui" line="6"/>
        <source>Change Mood</source>
        <translation>Change Mood</translation>
    </message>
    <message>
        <location filename="../ui/EntryEditDialog.ui" line="12"/>
        <source>Today&apos;s moods can be changed until the day ends.</source>
        <translation>Today&apos;s moods can be changed until the day ends.</translation>
    </message>
    <message>
        <location filename="../ui/EntryEditDialog.ui" line="27"/>
        <source>&amp;Mood:</source>
        <translation>&amp;Mood:</translation>
    </message>
    <message>
        <location filename="../ui/EntryEditDialog.ui" line="37"/>
        <source>Mood</source>
        <translation>Mood</translation>
    </message>
    <message>
        <location filename="../ui/EntryEditDialog.ui" line="44"/>
        <source>&amp;Note:</source>
        <translation>&amp;Note:</translation>
    </message>
    <message>
        <location filename="../ui/EntryEditDialog.ui" line="54"/>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../ui/EntryEditDialog.ui" line="57"/>
        <source>Optional, up to 280 characters</source>
        <translation>Optional, up to 280 characters</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="12"/>
        <source>Today already has two moods, and a day holds at most two. Change or remove one of today&apos;s moods below instead.</source>
        <translation>Today already has two moods, and a day holds at most two. Change or remove one of today&apos;s moods below instead.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="15"/>
        <source>This day cannot take another mood: it already has two, or it is past the back-fill window.</source>
        <translation>This day cannot take another mood: it already has two, or it is past the back-fill window.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="19"/>
        <source>Only today&apos;s moods can be changed. Past days are read-only.</source>
        <translation>Only today&apos;s moods can be changed. Past days are read-only.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="21"/>
        <source>Moodboard could not listen on this address and port. Another program may be using the port: choose another one.</source>
        <translation>Moodboard could not listen on this address and port. Another program may be using the port: choose another one.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="24"/>
        <source>This is not allowed right now.</source>
        <translation>This is not allowed right now.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="33"/>
        <source>Wrong username or password. Check both and try again.</source>
        <translation>Wrong username or password. Check both and try again.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="35"/>
        <source>This username is taken. Choose another one, or log in if it is yours.</source>
        <translation>This username is taken. Choose another one, or log in if it is yours.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="38"/>
        <source>Choose a username of 1 to 32 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, and a password of at least 8 characters.</source>
        <translation>Choose a username of 1 to 32 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, and a password of at least 8 characters.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="41"/>
        <source>Check the values: the time zone must be one of the list, the email address a valid one.</source>
        <translation>Check the values: the time zone must be one of the list, the email address a valid one.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="42"/>
        <source>Moodboard could not accept this: %1</source>
        <translation>Moodboard could not accept this: %1</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="46"/>
        <source>This entry no longer exists. The page shows what is stored now.</source>
        <translation>This entry no longer exists. The page shows what is stored now.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="49"/>
        <source>This Moodboard does not accept new accounts. Ask its owner to create one for you.</source>
        <translation>This Moodboard does not accept new accounts. Ask its owner to create one for you.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="51"/>
        <source>The current password is wrong.</source>
        <translation>The current password is wrong.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="52"/>
        <source>You may not do this here.</source>
        <translation>You may not do this here.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="54"/>
        <source>You are signed out. Log in again to continue.</source>
        <translation>You are signed out. Log in again to continue.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="56"/>
        <source>Too many failed attempts from this computer. Wait a while, then try again.</source>
        <translation>Too many failed attempts from this computer. Wait a while, then try again.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="58"/>
        <source>The server cannot be reached. Check the address and your network, then try again.</source>
        <translation>The server cannot be reached. Check the address and your network, then try again.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="60"/>
        <source>The connection to the server was lost. Nothing was changed that is not shown; try again.</source>
        <translation>The connection to the server was lost. Nothing was changed that is not shown; try again.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="62"/>
        <source>The server did not answer in time. Try again in a moment.</source>
        <translation>The server did not answer in time. Try again in a moment.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="64"/>
        <source>Moodboard could not read or write its data: %1</source>
        <translation>Moodboard could not read or write its data: %1</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="66"/>
        <source>This Moodboard does not offer this yet. Ask its owner to update it.</source>
        <translation>This Moodboard does not offer this yet. Ask its owner to update it.</translation>
    </message>
</context>
<context>
    <name>Generate</name>
    <message>
        <location filename="../src/app/GenerateCommand.cpp" line="19"/>
        <source>%1 users and their moods in %2 s</source>
        <translation>%1 users and their moods in %2 s</translation>
    </message>
    <message>
        <location filename="../src/app/GenerateCommand.cpp" line="21"/>
        <source>%1 follows in %2 s</source>
        <translation>%1 follows in %2 s</translation>
    </message>
    <message>
        <location filename="../src/app/GenerateCommand.cpp" line="23"/>
        <source>%1 activities in %2 s</source>
        <translation>%1 activities in %2 s</translation>
    </message>
    <message>
        <location filename="../src/app/GenerateCommand.cpp" line="25"/>
        <source>%1 events in %2 s</source>
        <translation>%1 events in %2 s</translation>
    </message>
    <message>
        <location filename="../src/app/GenerateCommand.cpp" line="41"/>
        <location filename="../src/app/GenerateCommand.cpp" line="82"/>
        <source>cannot write the tokens to %1: %2</source>
        <translation>cannot write the tokens to %1: %2</translation>
    </message>
    <message>
        <location filename="../src/app/GenerateCommand.cpp" line="87"/>
        <source>%1 bearer tokens written to %2</source>
        <translation>%1 bearer tokens written to %2</translation>
    </message>
    <message>
        <location filename="../src/app/GenerateCommand.cpp" line="92"/>
        <source>%1 moods; the admin is %2; every password is &quot;%3&quot;</source>
        <translation>%1 moods; the admin is %2; every password is &quot;%3&quot;</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/MainWindow.ui" line="6"/>
        <source>Moodboard</source>
        <translation>Moodboard</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="12"/>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="24"/>
        <source>&amp;Go</source>
        <translation>&amp;Go</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="31"/>
        <source>&amp;Settings</source>
        <translation>&amp;Settings</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="38"/>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="74"/>
        <source>Sign &amp;Out</source>
        <translation>Sign &amp;Out</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="50"/>
        <source>Export &amp;Board…</source>
        <translation>Export &amp;Board…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="79"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="53"/>
        <source>Save the board of a year as a PNG image or a PDF page</source>
        <translation>Save the board of a year as a PNG image or a PDF page</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="84"/>
        <source>&amp;Today</source>
        <translation>&amp;Today</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="58"/>
        <source>&amp;Export Data…</source>
        <translation>&amp;Export Data…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="61"/>
        <source>Save all your moods, notes, profile and follows as JSON, or your moods as CSV</source>
        <translation>Save all your moods, notes, profile and follows as JSON, or your moods as CSV</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="92"/>
        <source>&amp;Year</source>
        <translation>&amp;Year</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="66"/>
        <source>&amp;Import Data…</source>
        <translation>&amp;Import Data…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="69"/>
        <source>Bring moods back from a Moodboard export or a Daylio CSV export</source>
        <translation>Bring moods back from a Moodboard export or a Daylio CSV export</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="100"/>
        <source>&amp;Sharing…</source>
        <translation>&amp;Sharing…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="105"/>
        <source>&amp;Preferences…</source>
        <translation>&amp;Preferences…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="110"/>
        <source>&amp;About Moodboard</source>
        <translation>&amp;About Moodboard</translation>
    </message>
</context>
<context>
    <name>MoodText</name>
    <message>
        <location filename="../src/gui/MoodText.cpp" line="13"/>
        <source>Cheerful</source>
        <translation>Cheerful</translation>
    </message>
    <message>
        <location filename="../src/gui/MoodText.cpp" line="15"/>
        <source>Reflective</source>
        <translation>Reflective</translation>
    </message>
    <message>
        <location filename="../src/gui/MoodText.cpp" line="17"/>
        <source>Gloomy</source>
        <translation>Gloomy</translation>
    </message>
    <message>
        <location filename="../src/gui/MoodText.cpp" line="19"/>
        <source>Humorous</source>
        <translation>Humorous</translation>
    </message>
    <message>
        <location filename="../src/gui/MoodText.cpp" line="21"/>
        <source>Melancholy</source>
        <translation>Melancholy</translation>
    </message>
    <message>
        <location filename="../src/gui/MoodText.cpp" line="23"/>
        <source>Idyllic</source>
        <translation>Idyllic</translation>
    </message>
    <message>
        <location filename="../src/gui/MoodText.cpp" line="25"/>
        <source>Whimsical</source>
        <translation>Whimsical</translation>
    </message>
    <message>
        <location filename="../src/gui/MoodText.cpp" line="27"/>
        <source>Romantic</source>
        <translation>Romantic</translation>
    </message>
    <message>
        <location filename="../src/gui/MoodText.cpp" line="37"/>
        <source>, </source>
        <comment>between mood names</comment>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../ui/PreferencesDialog.ui" line="6"/>
        <source>Preferences</source>
        <translation>Preferences</translation>
    </message>
    <message>
        <location filename="../ui/PreferencesDialog.ui" line="20"/>
        <source>&amp;Time zone:</source>
        <translation>&amp;Time zone:</translation>
    </message>
    <message>
        <location filename="../ui/PreferencesDialog.ui" line="30"/>
        <source>Time zone</source>
        <translation>Time zone</translation>
    </message>
    <message>
        <location filename="../ui/PreferencesDialog.ui" line="43"/>
        <source>Your days begin and end in this time zone. A change applies to the moods you record from then on.</source>
        <translation>Your days begin and end in this time zone. A change applies to the moods you record from then on.</translation>
    </message>
    <message>
        <location filename="../ui/PreferencesDialog.ui" line="53"/>
        <source>&amp;Email:</source>
        <translation>&amp;Email:</translation>
    </message>
    <message>
        <location filename="../ui/PreferencesDialog.ui" line="63"/>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <location filename="../ui/PreferencesDialog.ui" line="66"/>
        <source>For your year-end board (optional)</source>
        <translation>For your year-end board (optional)</translation>
    </message>
    <message>
        <location filename="../ui/PreferencesDialog.ui" line="83"/>
        <source>Preferences message</source>
        <translation>Preferences message</translation>
    </message>
</context>
<context>
    <name>SharingDialog</name>
    <message>
        <location filename="../ui/SharingDialog.ui" line="6"/>
        <source>Sharing</source>
        <translation>Sharing</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="15"/>
        <source>&amp;Share this Moodboard on the network</source>
        <translation>&amp;Share this Moodboard on the network</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="18"/>
        <source>Share on the network</source>
        <translation>Share on the network</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="30"/>
        <source>&amp;Listen on:</source>
        <translation>&amp;Listen on:</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="40"/>
        <source>Listen address</source>
        <translation>Listen address</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="47"/>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="57"/>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="60"/>
        <source>Any free port</source>
        <translation>Any free port</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="76"/>
        <source>Others type:</source>
        <translation>Others type:</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="83"/>
        <source>Share address</source>
        <translation>Share address</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="108"/>
        <source>While sharing is on, other computers on the network can reach this Moodboard&apos;s API. They still need an account and its password, but everything travels unencrypted: share only on networks you trust.</source>
        <translation>While sharing is on, other computers on the network can reach this Moodboard&apos;s API. They still need an account and its password, but everything travels unencrypted: share only on networks you trust.</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="127"/>
        <source>Rules of this Moodboard</source>
        <translation>Rules of this Moodboard</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="136"/>
        <source>&amp;Allow new accounts</source>
        <translation>&amp;Allow new accounts</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="139"/>
        <source>Allow new accounts</source>
        <translation>Allow new accounts</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="146"/>
        <source>&amp;Back-fill window:</source>
        <translation>&amp;Back-fill window:</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="156"/>
        <source>Back-fill days</source>
        <translation>Back-fill days</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="159"/>
        <source>How many days back a missed day can still be filled in</source>
        <translation>How many days back a missed day can still be filled in</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="180"/>
        <source>Sharing message</source>
        <translation>Sharing message</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <location filename="../ui/SignInPage.ui" line="42"/>
        <source>Moodboard</source>
        <translation>Moodboard</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="49"/>
        <source>Record how you feel, and see your year at a glance.</source>
        <translation>Record how you feel, and see your year at a glance.</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="63"/>
        <source>Where your moods are kept</source>
        <translation>Where your moods are kept</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="72"/>
        <location filename="../ui/SignInPage.ui" line="75"/>
        <source>This computer</source>
        <translation>This computer</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="85"/>
        <source>A private diary in a file on this computer.</source>
        <translation>A private diary in a file on this computer.</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="95"/>
        <location filename="../ui/SignInPage.ui" line="98"/>
        <source>A shared Moodboard</source>
        <translation>A shared Moodboard</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="105"/>
        <source>Kept on a Moodboard that someone shares on your network: type the address they give you.</source>
        <translation>Kept on a Moodboard that someone shares on your network: type the address they give you.</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="115"/>
        <source>Server address</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="118"/>
        <source>Server address, e.g. http://192.168.1.20:5000</source>
        <translation>Server address, e.g. http://192.168.1.20:5000</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="152"/>
        <source>&amp;Username:</source>
        <translation>&amp;Username:</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="162"/>
        <source>Username</source>
        <translation>Username</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="172"/>
        <source>&amp;Password:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="182"/>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="192"/>
        <source>&amp;Stay signed in</source>
        <translation>&amp;Stay signed in</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="207"/>
        <source>Sign-in message</source>
        <translation>Sign-in message</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="195"/>
        <source>Stay signed in</source>
        <translation>Stay signed in</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="198"/>
        <source>Keep your sign-in in this computer&apos;s keychain, so that Moodboard opens without asking for your password. Signing out forgets it.</source>
        <translation>Keep your sign-in in this computer&apos;s keychain, so that Moodboard opens without asking for your password. Signing out forgets it.</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="232"/>
        <source>&amp;Create account</source>
        <translation>&amp;Create account</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="235"/>
        <source>Create account</source>
        <translation>Create account</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="242"/>
        <source>&amp;Log in</source>
        <translation>&amp;Log in</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="245"/>
        <source>Log in</source>
        <translation>Log in</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <location filename="../ui/TodayPage.ui" line="26"/>
        <source>How do you feel today?</source>
        <translation>How do you feel today?</translation>
    </message>
    <message>
        <location filename="../ui/TodayPage.ui" line="52"/>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../ui/TodayPage.ui" line="55"/>
        <source>Add a note (optional): it is saved with the mood you pick</source>
        <translation>Add a note (optional): it is saved with the mood you pick</translation>
    </message>
    <message>
        <location filename="../ui/TodayPage.ui" line="64"/>
        <source>Today message</source>
        <translation>Today message</translation>
    </message>
    <message>
        <location filename="../ui/TodayPage.ui" line="113"/>
        <source>Today&apos;s moods</source>
        <translation>Today&apos;s moods</translation>
    </message>
    <message>
        <location filename="../ui/TodayPage.ui" line="125"/>
        <source>Today has its two moods. To record another, change or remove one of them.</source>
        <translation>Today has its two moods. To record another, change or remove one of them.</translation>
    </message>
    <message>
        <location filename="../ui/TodayPage.ui" line="145"/>
        <source>Streaks</source>
        <translation>Streaks</translation>
    </message>
    <message>
        <location filename="../ui/TodayPage.ui" line="170"/>
        <source>A streak counts the days in a row with at least one mood.</source>
        <translation>A streak counts the days in a row with at least one mood.</translation>
    </message>
</context>
<context>
    <name>YearEnd</name>
    <message>
        <location filename="../src/app/YearEndCommand.cpp" line="25"/>
        <source>no user named &apos;%1&apos;</source>
        <translation>no user named &apos;%1&apos;</translation>
    </message>
    <message>
        <location filename="../src/app/YearEndCommand.cpp" line="30"/>
        <source>%1 has no unconfirmed year-end mail of %2</source>
        <translation>%1 has no unconfirmed year-end mail of %2</translation>
    </message>
    <message>
        <location filename="../src/app/YearEndCommand.cpp" line="48"/>
        <source>%1 has not ended yet: year-end mails a year that is over</source>
        <translation>%1 has not ended yet: year-end mails a year that is over</translation>
    </message>
    <message>
        <location filename="../src/app/YearEndCommand.cpp" line="86"/>
        <source>stopped early; run it again to mail the rest</source>
        <translation>stopped early; run it again to mail the rest</translation>
    </message>
</context>
<context>
    <name>YearPage</name>
    <message>
        <location filename="../ui/YearPage.ui" line="26"/>
        <source>Previous year (Page Up)</source>
        <translation>Previous year (Page Up)</translation>
    </message>
    <message>
        <location filename="../ui/YearPage.ui" line="29"/>
        <source>Previous year</source>
        <translation>Previous year</translation>
    </message>
    <message>
        <location filename="../ui/YearPage.ui" line="39"/>
        <source>Year</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../ui/YearPage.ui" line="42"/>
        <source>The years with moods, and this year</source>
        <translation>The years with moods, and this year</translation>
    </message>
    <message>
        <location filename="../ui/YearPage.ui" line="52"/>
        <source>Next year (Page Down)</source>
        <translation>Next year (Page Down)</translation>
    </message>
    <message>
        <location filename="../ui/YearPage.ui" line="55"/>
        <source>Next year</source>
        <translation>Next year</translation>
    </message>
    <message>
        <location filename="../ui/YearPage.ui" line="81"/>
        <source>Year grid</source>
        <translation>Year grid</translation>
    </message>
    <message>
        <location filename="../ui/YearPage.ui" line="84"/>
        <source>One cell per day, a row per month. Arrow keys move between days; Enter opens the day.</source>
        <translation>One cell per day, a row per month. Arrow keys move between days; Enter opens the day.</translation>
    </message>
    <message>
        <location filename="../ui/YearPage.ui" line="91"/>
        <source>Legend</source>
        <translation>Legend</translation>
    </message>
</context>
<context>
    <name>mood::gui::BusySpinner</name>
    <message>
        <location filename="../src/gui/BusySpinner.cpp" line="10"/>
        <source>Working</source>
        <translation>Working</translation>
    </message>
</context>
<context>
    <name>mood::gui::DayDialog</name>
    <message>
        <location filename="../src/gui/DayDialog.cpp" line="28"/>
        <source>Moods of this day</source>
        <translation>Moods of this day</translation>
    </message>
    <message>
        <location filename="../src/gui/DayDialog.cpp" line="29"/>
        <source>No mood on this day.</source>
        <translation>No mood on this day.</translation>
    </message>
    <message>
        <location filename="../src/gui/DayDialog.cpp" line="74"/>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../src/gui/DayDialog.cpp" line="76"/>
        <source>This day is still to come.</source>
        <translation>This day is still to come.</translation>
    </message>
    <message>
        <location filename="../src/gui/DayDialog.cpp" line="78"/>
        <source>Today has its two moods: change or remove one to record another.</source>
        <translation>Today has its two moods: change or remove one to record another.</translation>
    </message>
    <message>
        <location filename="../src/gui/DayDialog.cpp" line="80"/>
        <source>Past days are read-only. This day has its two moods.</source>
        <translation>Past days are read-only. This day has its two moods.</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/DayDialog.cpp" line="82"/>
        <source>Past days are read-only, but a missed day can still be filled in up to %n day(s) back.</source>
        <translation>
            <numerusform>Past days are read-only, but a missed day can still be filled in up to %n day back.</numerusform>
            <numerusform>Past days are read-only, but a missed day can still be filled in up to %n days back.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/DayDialog.cpp" line="85"/>
        <source>Past days are read-only. Missed days can be filled in only up to %n day(s) back.</source>
        <translation>
            <numerusform>Past days are read-only. Missed days can be filled in only up to %n day back.</numerusform>
            <numerusform>Past days are read-only. Missed days can be filled in only up to %n days back.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mood::gui::EntryListView</name>
    <message>
        <location filename="../src/gui/EntryListView.cpp" line="29"/>
        <source>Change…</source>
        <translation>Change…</translation>
    </message>
    <message>
        <location filename="../src/gui/EntryListView.cpp" line="30"/>
        <location filename="../src/gui/EntryListView.cpp" line="198"/>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../src/gui/EntryListView.cpp" line="78"/>
        <source>%1 · %2</source>
        <comment>mood name, time</comment>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location filename="../src/gui/EntryListView.cpp" line="79"/>
        <source>%1 — %2</source>
        <comment>entry, its note</comment>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location filename="../src/gui/EntryListView.cpp" line="181"/>
        <source>Changed to %1.</source>
        <translation>Changed to %1.</translation>
    </message>
    <message>
        <location filename="../src/gui/EntryListView.cpp" line="193"/>
        <source>Remove this mood?</source>
        <translation>Remove this mood?</translation>
    </message>
    <message>
        <location filename="../src/gui/EntryListView.cpp" line="194"/>
        <source>Remove “%1” from today?</source>
        <translation>Remove “%1” from today?</translation>
    </message>
    <message>
        <location filename="../src/gui/EntryListView.cpp" line="210"/>
        <source>Removed %1.</source>
        <translation>Removed %1.</translation>
    </message>
</context>
<context>
    <name>mood::gui::ExportBoardDialog</name>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="28"/>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="116"/>
        <source>Export Board</source>
        <translation>Export Board</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="31"/>
        <source>Year</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="36"/>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="37"/>
        <source>PNG image</source>
        <translation>PNG image</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="38"/>
        <source>PDF document (one A4 page)</source>
        <translation>PDF document (one A4 page)</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="40"/>
        <source>File</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="41"/>
        <source>&amp;Choose…</source>
        <translation>&amp;Choose…</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="42"/>
        <source>Choose file</source>
        <translation>Choose file</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="44"/>
        <source>Your year as a picture: the grid, the legend, your streaks and how many moods of each kind you recorded.</source>
        <translation>Your year as a picture: the grid, the legend, your streaks and how many moods of each kind you recorded.</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="49"/>
        <source>&amp;Year:</source>
        <translation>&amp;Year:</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="50"/>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="54"/>
        <source>F&amp;ile:</source>
        <translation>F&amp;ile:</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="60"/>
        <source>&amp;Export</source>
        <translation>&amp;Export</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="117"/>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF documents (*.pdf)</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="117"/>
        <source>PNG images (*.png)</source>
        <translation>PNG images (*.png)</translation>
    </message>
</context>
<context>
    <name>mood::gui::FileActions</name>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="34"/>
        <source>Nothing could be drawn.</source>
        <translation>Nothing could be drawn.</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="78"/>
        <source>This Moodboard does not offer export and import yet.</source>
        <translation>This Moodboard does not offer export and import yet.</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="80"/>
        <source>The file cannot be imported: %1. Nothing was changed.</source>
        <translation>The file cannot be imported: %1. Nothing was changed.</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="88"/>
        <source>Moodboard</source>
        <translation>Moodboard</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="88"/>
        <source>Moodboard: a problem</source>
        <translation>Moodboard: a problem</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="150"/>
        <source>Exporting the board of %1…</source>
        <translation>Exporting the board of %1…</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="177"/>
        <source>The board of %1 is saved as %2.</source>
        <translation>The board of %1 is saved as %2.</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="180"/>
        <source>The board could not be saved as %1: %2</source>
        <translation>The board could not be saved as %1: %2</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="189"/>
        <source>Moodboard JSON, everything (*.json)</source>
        <translation>Moodboard JSON, everything (*.json)</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="190"/>
        <source>CSV, the moods only (*.csv)</source>
        <translation>CSV, the moods only (*.csv)</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="191"/>
        <source>Export Data</source>
        <translation>Export Data</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="224"/>
        <source>Your data is saved as %1.</source>
        <translation>Your data is saved as %1.</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="227"/>
        <source>Your data could not be saved as %1: %2</source>
        <translation>Your data could not be saved as %1: %2</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="235"/>
        <source>Import Data</source>
        <translation>Import Data</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="239"/>
        <source>Moodboard or Daylio export (*.json *.csv)</source>
        <translation>Moodboard or Daylio export (*.json *.csv)</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="239"/>
        <source>All files (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="261"/>
        <source>%1 could not be read: %2</source>
        <translation>%1 could not be read: %2</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="286"/>
        <source>Row %1 (%2): skipped, %3</source>
        <translation>Row %1 (%2): skipped, %3</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="288"/>
        <source>Row %1 (%2): imported, %3</source>
        <translation>Row %1 (%2): imported, %3</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="291"/>
        <source>Not followed: %1</source>
        <translation>Not followed: %1</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="292"/>
        <source>Imported %1 of %2 moods from %3.</source>
        <translation>Imported %1 of %2 moods from %3.</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="297"/>
        <source>%1 were skipped; the details say why.</source>
        <translation>%1 were skipped; the details say why.</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="299"/>
        <source>You now follow %1 again.</source>
        <translation>You now follow %1 again.</translation>
    </message>
</context>
<context>
    <name>mood::gui::MailSettingsBox</name>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="23"/>
        <source>Year-end board by email</source>
        <translation>Year-end board by email</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="32"/>
        <source>Send me my board now</source>
        <translation>Send me my board now</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="38"/>
        <source>SMTP server</source>
        <translation>SMTP server</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="39"/>
        <source>smtp://user@mail.example.org:587</source>
        <translation>smtp://user@mail.example.org:587</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="41"/>
        <source>Sender address</source>
        <translation>Sender address</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="42"/>
        <source>Moodboard &lt;moodboard@example.org&gt;</source>
        <translation>Moodboard &lt;moodboard@example.org&gt;</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="44"/>
        <source>SMTP password</source>
        <translation>SMTP password</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="47"/>
        <source>Mail message</source>
        <translation>Mail message</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="52"/>
        <source>On 1 January, everyone on this computer who has an email address gets their board of the past year, once. Moodboard sends it on its first start after the year ended.</source>
        <translation>On 1 January, everyone on this computer who has an email address gets their board of the past year, once. Moodboard sends it on its first start after the year ended.</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="58"/>
        <source>SMTP &amp;server:</source>
        <translation>SMTP &amp;server:</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="59"/>
        <source>Sen&amp;der:</source>
        <translation>Sen&amp;der:</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="60"/>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;word:</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="75"/>
        <source>The password is kept in your system&apos;s keychain.</source>
        <translation>The password is kept in your system&apos;s keychain.</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="76"/>
        <source>No keychain is available: the password is kept only until Moodboard quits.</source>
        <translation>No keychain is available: the password is kept only until Moodboard quits.</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="141"/>
        <source>Enter the SMTP server first.</source>
        <translation>Enter the SMTP server first.</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="145"/>
        <source>Sending…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="150"/>
        <source>Your board could not be read: %1</source>
        <translation>Your board could not be read: %1</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="159"/>
        <source>Your board of %1 was sent to %2.</source>
        <translation>Your board of %1 was sent to %2.</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="161"/>
        <source>The mail was not sent: %1</source>
        <translation>The mail was not sent: %1</translation>
    </message>
</context>
<context>
    <name>mood::gui::MainWindow</name>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="65"/>
        <source>Shared at</source>
        <translation>Shared at</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="102"/>
        <source>This Moodboard could not be shared again: %1</source>
        <translation>This Moodboard could not be shared again: %1</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="139"/>
        <source>Pages</source>
        <translation>Pages</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="144"/>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="145"/>
        <source>Record how you feel today (Ctrl+1)</source>
        <translation>Record how you feel today (Ctrl+1)</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="146"/>
        <source>Year</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="147"/>
        <source>Your year, one coloured day at a time (Ctrl+2)</source>
        <translation>Your year, one coloured day at a time (Ctrl+2)</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="227"/>
        <source>You are signed out.</source>
        <translation>You are signed out.</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="239"/>
        <source>The server ended your session, for example after a password change. Log in again.</source>
        <translation>The server ended your session, for example after a password change. Log in again.</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="258"/>
        <source>Not signed in</source>
        <translation>Not signed in</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="263"/>
        <source>Signed in as %1 on this computer</source>
        <translation>Signed in as %1 on this computer</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="264"/>
        <source>Signed in as %1 at %2</source>
        <translation>Signed in as %1 at %2</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="271"/>
        <source>Shared with this computer only at %1</source>
        <translation>Shared with this computer only at %1</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="272"/>
        <source>Shared on the network at %1</source>
        <translation>Shared on the network at %1</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="289"/>
        <source>Share this computer&apos;s Moodboard on the network</source>
        <translation>Share this computer&apos;s Moodboard on the network</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="290"/>
        <source>Only the administrator of this computer&apos;s Moodboard can share it</source>
        <translation>Only the administrator of this computer&apos;s Moodboard can share it</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="336"/>
        <source>About Moodboard</source>
        <translation>About Moodboard</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="339"/>
        <source>&lt;h3&gt;Moodboard %1&lt;/h3&gt;&lt;p&gt;Record how you feel, up to twice a day, and see your year at a glance.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Moodboard %1&lt;/h3&gt;&lt;p&gt;Record how you feel, up to twice a day, and see your year at a glance.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="342"/>
        <source>Free software under the GNU General Public License, version 3. Built with Qt %1.</source>
        <translation>Free software under the GNU General Public License, version 3. Built with Qt %1.</translation>
    </message>
</context>
<context>
    <name>mood::gui::MoodChoices</name>
    <message>
        <location filename="../src/gui/MoodChoices.cpp" line="25"/>
        <source>%1 (key %2)</source>
        <translation>%1 (key %2)</translation>
    </message>
</context>
<context>
    <name>mood::gui::NoteEdit</name>
    <message>
        <location filename="../src/gui/NoteEdit.cpp" line="55"/>
        <source>%1/%2</source>
        <translation>%1/%2</translation>
    </message>
    <message>
        <location filename="../src/gui/NoteEdit.cpp" line="56"/>
        <source>Characters used in the note</source>
        <translation>Characters used in the note</translation>
    </message>
</context>
<context>
    <name>mood::gui::PreferencesDialog</name>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="41"/>
        <source>%1 (this computer&apos;s)</source>
        <translation>%1 (this computer&apos;s)</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="134"/>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="143"/>
        <source>Saved.</source>
        <translation>Saved.</translation>
    </message>
</context>
<context>
    <name>mood::gui::SharingDialog</name>
    <message>
        <location filename="../src/gui/SharingDialog.cpp" line="26"/>
        <source> days</source>
        <translation> days</translation>
    </message>
    <message>
        <location filename="../src/gui/SharingDialog.cpp" line="29"/>
        <source>This computer only</source>
        <translation>This computer only</translation>
    </message>
    <message>
        <location filename="../src/gui/SharingDialog.cpp" line="30"/>
        <source>All networks</source>
        <translation>All networks</translation>
    </message>
    <message>
        <location filename="../src/gui/SharingDialog.cpp" line="32"/>
        <source>Only %1</source>
        <translation>Only %1</translation>
    </message>
    <message>
        <location filename="../src/gui/SharingDialog.cpp" line="100"/>
        <source>Not shared</source>
        <translation>Not shared</translation>
    </message>
    <message>
        <location filename="../src/gui/SharingDialog.cpp" line="102"/>
        <source>%1 (this computer only)</source>
        <translation>%1 (this computer only)</translation>
    </message>
    <message>
        <location filename="../src/gui/SharingDialog.cpp" line="115"/>
        <source>Starting the server…</source>
        <translation>Starting the server…</translation>
    </message>
    <message>
        <location filename="../src/gui/SharingDialog.cpp" line="115"/>
        <source>Applying…</source>
        <translation>Applying…</translation>
    </message>
    <message>
        <location filename="../src/gui/SharingDialog.cpp" line="147"/>
        <source>Shared. Others can now use the address above.</source>
        <translation>Shared. Others can now use the address above.</translation>
    </message>
    <message>
        <location filename="../src/gui/SharingDialog.cpp" line="148"/>
        <source>Not shared: only you use this Moodboard.</source>
        <translation>Not shared: only you use this Moodboard.</translation>
    </message>
</context>
<context>
    <name>mood::gui::SignInPage</name>
    <message>
        <location filename="../src/gui/SignInPage.cpp" line="132"/>
        <source>Enter your username.</source>
        <translation>Enter your username.</translation>
    </message>
    <message>
        <location filename="../src/gui/SignInPage.cpp" line="137"/>
        <source>Enter your password.</source>
        <translation>Enter your password.</translation>
    </message>
    <message>
        <location filename="../src/gui/SignInPage.cpp" line="145"/>
        <source>A username has 1 to 32 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>A username has 1 to 32 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</translation>
    </message>
    <message>
        <location filename="../src/gui/SignInPage.cpp" line="150"/>
        <source>Choose a password of at least 8 characters.</source>
        <translation>Choose a password of at least 8 characters.</translation>
    </message>
    <message>
        <location filename="../src/gui/SignInPage.cpp" line="164"/>
        <source>Enter the shared Moodboard&apos;s address, for example http://192.168.1.20:5000.</source>
        <translation>Enter the shared Moodboard&apos;s address, for example http://192.168.1.20:5000.</translation>
    </message>
    <message>
        <location filename="../src/gui/SignInPage.cpp" line="169"/>
        <source>Creating your account…</source>
        <translation>Creating your account…</translation>
    </message>
    <message>
        <location filename="../src/gui/SignInPage.cpp" line="169"/>
        <source>Signing in…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <location filename="../src/gui/SignInPage.cpp" line="219"/>
        <source>Signing you in again…</source>
        <translation>Signing you in again…</translation>
    </message>
    <message>
        <location filename="../src/gui/SignInPage.cpp" line="227"/>
        <source>The keychain did not give out your saved sign-in. Log in with your password.</source>
        <translation>The keychain did not give out your saved sign-in. Log in with your password.</translation>
    </message>
    <message>
        <location filename="../src/gui/SignInPage.cpp" line="251"/>
        <source>Your saved sign-in is no longer valid, for example after a password change. Log in with your password.</source>
        <translation>Your saved sign-in is no longer valid, for example after a password change. Log in with your password.</translation>
    </message>
    <message>
        <location filename="../src/gui/SignInPage.cpp" line="256"/>
        <source>Your saved sign-in could not be checked. %1</source>
        <translation>Your saved sign-in could not be checked. %1</translation>
    </message>
    <message>
        <location filename="../src/gui/SignInPage.cpp" line="278"/>
        <source>Your sign-in could not be kept in the keychain: Moodboard will ask for your password next time.</source>
        <translation>Your sign-in could not be kept in the keychain: Moodboard will ask for your password next time.</translation>
    </message>
</context>
<context>
    <name>mood::gui::TodayPage</name>
    <message>
        <location filename="../src/gui/TodayPage.cpp" line="32"/>
        <source>Today&apos;s entries</source>
        <translation>Today&apos;s entries</translation>
    </message>
    <message>
        <location filename="../src/gui/TodayPage.cpp" line="33"/>
        <source>No moods yet — pick how you feel above</source>
        <translation>No moods yet — pick how you feel above</translation>
    </message>
    <message>
        <location filename="../src/gui/TodayPage.cpp" line="122"/>
        <source>Recorded %1 for today.</source>
        <translation>Recorded %1 for today.</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/TodayPage.cpp" line="158"/>
        <source>Current streak: %n day(s)</source>
        <translation>
            <numerusform>Current streak: %n day</numerusform>
            <numerusform>Current streak: %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/TodayPage.cpp" line="159"/>
        <source>Longest streak: %n day(s)</source>
        <translation>
            <numerusform>Longest streak: %n day</numerusform>
            <numerusform>Longest streak: %n days</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/gui/TodayPage.cpp" line="162"/>
        <source>Your longest streak beats %1% of users</source>
        <translation>Your longest streak beats %1% of users</translation>
    </message>
</context>
<context>
    <name>mood::gui::YearEndDuty</name>
    <message>
        <location filename="../src/gui/YearEndDuty.cpp" line="40"/>
        <source>The year-end duties could not run: %1</source>
        <translation>The year-end duties could not run: %1</translation>
    </message>
    <message>
        <location filename="../src/gui/YearEndDuty.cpp" line="42"/>
        <source>The year-end boards could not be mailed: %1</source>
        <translation>The year-end boards could not be mailed: %1</translation>
    </message>
    <message>
        <location filename="../src/gui/YearEndDuty.cpp" line="45"/>
        <source>Year-end boards of %1: %2 sent, %3 not sent</source>
        <translation>Year-end boards of %1: %2 sent, %3 not sent</translation>
    </message>
    <message>
        <location filename="../src/gui/YearEndDuty.cpp" line="50"/>
        <source>Old moods could not be removed: %1</source>
        <translation>Old moods could not be removed: %1</translation>
    </message>
</context>
<context>
    <name>mood::gui::YearGridWidget</name>
    <message>
        <location filename="../src/gui/YearGridWidget.cpp" line="108"/>
        <source>%1: no mood</source>
        <comment>ISO date</comment>
        <translation>%1: no mood</translation>
    </message>
    <message>
        <location filename="../src/gui/YearGridWidget.cpp" line="112"/>
        <source>%1: %2</source>
        <comment>ISO date, mood names</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../src/gui/YearGridWidget.cpp" line="120"/>
        <source>Still to come</source>
        <translation>Still to come</translation>
    </message>
    <message>
        <location filename="../src/gui/YearGridWidget.cpp" line="120"/>
        <source>No mood</source>
        <translation>No mood</translation>
    </message>
</context>
<context>
    <name>mood::gui::YearPage</name>
    <message numerus="yes">
        <location filename="../src/gui/YearPage.cpp" line="123"/>
        <source>%n day(s) with moods in %1</source>
        <translation>
            <numerusform>%n day with moods in %1</numerusform>
            <numerusform>%n days with moods in %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/YearPage.cpp" line="124"/>
        <source>Click a day, or move to it with the arrow keys and press Enter, to see its moods and notes. Missed days can be filled in up to %n day(s) back.</source>
        <translation>
            <numerusform>Click a day, or move to it with the arrow keys and press Enter, to see its moods and notes. Missed days can be filled in up to %n day back.</numerusform>
            <numerusform>Click a day, or move to it with the arrow keys and press Enter, to see its moods and notes. Missed days can be filled in up to %n days back.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/gui/YearPage.cpp" line="144"/>
        <source>No moods in this year</source>
        <translation>No moods in this year</translation>
    </message>
    <message>
        <location filename="../src/gui/YearPage.cpp" line="177"/>
        <source>A day without a mood</source>
        <translation>A day without a mood</translation>
    </message>
</context>
</TS>
