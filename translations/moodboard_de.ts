<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>BoardRenderer</name>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="48"/>
        <source>Very good</source>
        <translation>Sehr gut</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="50"/>
        <source>Good</source>
        <translation>Gut</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="52"/>
        <source>Neutral</source>
        <translation>Neutral</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="54"/>
        <source>Bad</source>
        <translation>Schlecht</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="56"/>
        <source>Very bad</source>
        <translation>Sehr schlecht</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="58"/>
        <source>No mood</source>
        <translation>Keine Stimmung</translation>
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
        <translation>Serie zum Jahresende</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="69"/>
        <source>current streak</source>
        <translation>aktuelle Serie</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="74"/>
        <source>longest in %1</source>
        <translation>längste in %1</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="80"/>
        <source>moods on 1 day</source>
        <translation>Stimmungen an 1 Tag</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="80"/>
        <source>moods on %1 days</source>
        <translation>Stimmungen an %1 Tagen</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="114"/>
        <source>A year in moods, one coloured day at a time</source>
        <translation>Ein Jahr in Stimmungen, Tag für Tag in Farbe</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="128"/>
        <source>1 day</source>
        <translation>1 Tag</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="129"/>
        <source>%1 days</source>
        <translation>%1 Tage</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="194"/>
        <source>Moodboard</source>
        <translation>Moodboard</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="199"/>
        <source>%1% of your moods were good or very good</source>
        <translation>%1 % deiner Stimmungen waren gut oder sehr gut</translation>
    </message>
    <message>
        <location filename="../src/render/BoardRenderer.cpp" line="201"/>
        <source>No moods recorded in this year</source>
        <translation>In diesem Jahr keine Stimmungen erfasst</translation>
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
        <translation>Aufruf:
  moodboard                      die Desktop-App
  moodboard --version            zeigt die Version
  moodboard --headless [--listen HOST:PORT] [--database PFAD | postgresql://user:pass@host:port/db]
                       [--backfill-days N] [--max-body BYTES] [--public-host NAME]...
                       [--smtp smtp[s]://[user:pass@]host:port [--from ADDRESS]]
      nur Server; Standardadresse 127.0.0.1:5000; mit --smtp bekommt jeder
      Nutzer sein Board des vergangenen Jahres, sobald es zu Ende ist. --public-host: ein Name,
      unter dem Kollegen den Server erreichen (wiederholbar); andere Namen werden abgelehnt (421)
  moodboard year-end --year YYYY [--database ...] --smtp smtp[s]://[user:pass@]host:port
                       [--from ADDRESS] [--mark-sent USER] [--resend USER]
      schickt jedem Nutzer mit E-Mail-Adresse sein Board von YYYY, genau einmal
  moodboard generate --users N [--days D] [--follows F] [--activities A] [--events E]
                       [--every-day] [--tokens FILE] [--database ...]
      füllt eine leere Datenbank mit N erfundenen Nutzern (Passwort &quot;moodboard&quot;), ihren
      Stimmungen der letzten D Tage (Standard 30), je F Abos und etwa A Aktivitäten (Standard 10)
      und insgesamt E Ereignissen (Standard 0), für Benchmarks und Vorführungen. --every-day: jeder
      Nutzer hat genau eine Stimmung an jedem der D Tage vor heute und heute keine.
      --tokens: ein Bearer-Token je Nutzer (30 Tage gültig), Zeilen &quot;Nutzername Token&quot; in FILE
</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="143"/>
        <source>--tokens needs a file to write the tokens to</source>
        <translation>--tokens braucht eine Datei, in die die Tokens geschrieben werden</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="150"/>
        <source>--year needs a year, for example 2026</source>
        <translation>--year braucht ein Jahr, zum Beispiel 2026</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="153"/>
        <source>--smtp needs smtp://[user:pass@]host:port or smtps://[user:pass@]host:port</source>
        <translation>--smtp braucht smtp://[user:pass@]host:port oder smtps://[user:pass@]host:port</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="164"/>
        <source>--from needs an email address, for example &quot;Moodboard &lt;board@example.org&gt;&quot;</source>
        <translation>--from braucht eine E-Mail-Adresse, zum Beispiel &quot;Moodboard &lt;board@example.org&gt;&quot;</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="170"/>
        <source>%1 needs a user name</source>
        <translation>%1 braucht einen Benutzernamen</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="175"/>
        <source>--listen needs HOST:PORT, for example 127.0.0.1:5000 or [::1]:0</source>
        <translation>--listen braucht HOST:PORT, zum Beispiel 127.0.0.1:5000 oder [::1]:0</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="181"/>
        <source>--database needs a file path or a postgresql:// URL</source>
        <translation>--database braucht einen Dateipfad oder eine postgresql://-URL</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="188"/>
        <source>--backfill-days needs a whole number of days from 0 to 366</source>
        <translation>--backfill-days braucht eine ganze Zahl von Tagen zwischen 0 und 366</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="195"/>
        <source>--max-body needs a positive number of bytes</source>
        <translation>--max-body braucht eine positive Anzahl Bytes</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="199"/>
        <source>--public-host needs a host name, for example moodboard.example.org</source>
        <translation>--public-host braucht einen Hostnamen, zum Beispiel moodboard.example.org</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="204"/>
        <source>unknown argument &apos;%1&apos;</source>
        <translation>unbekanntes Argument „%1“</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="212"/>
        <source>generate takes only --users, --days, --follows, --activities, --events, --every-day, --tokens and --database</source>
        <translation>generate nimmt nur --users, --days, --follows, --activities, --events, --every-day, --tokens und --database</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="220"/>
        <source>--users, --days, --follows, --activities, --events, --every-day and --tokens go with generate</source>
        <translation>--users, --days, --follows, --activities, --events, --every-day und --tokens gehören zu generate</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="216"/>
        <source>generate needs --users N</source>
        <translation>generate braucht --users N</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="225"/>
        <source>--listen, --backfill-days, --max-body and --public-host go with --headless</source>
        <translation>--listen, --backfill-days, --max-body und --public-host gehören zu --headless</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="238"/>
        <source>--listen, --database, --backfill-days, --max-body and --public-host go with --headless</source>
        <translation>--listen, --database, --backfill-days, --max-body und --public-host gehören zu --headless</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="228"/>
        <source>year-end needs --year YYYY</source>
        <translation>year-end braucht --year JJJJ</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="66"/>
        <source>--users needs a whole number from 1 to 100000000</source>
        <translation>--users braucht eine ganze Zahl von 1 bis 100000000</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="68"/>
        <source>--days needs a whole number of days from 0 to 3660</source>
        <translation>--days braucht eine ganze Zahl von Tagen von 0 bis 3660</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="70"/>
        <source>--events needs a whole number from 0 to 1000000000</source>
        <translation>--events braucht eine ganze Zahl von 0 bis 1000000000</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="71"/>
        <source>%1 needs a whole number from 0 to 1000 per user</source>
        <translation>%1 braucht eine ganze Zahl von 0 bis 1000 je Nutzer</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="230"/>
        <source>year-end needs --smtp smtp[s]://host:port</source>
        <translation>year-end braucht --smtp smtp[s]://host:port</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="234"/>
        <source>--year, --mark-sent and --resend go with year-end</source>
        <translation>--year, --mark-sent und --resend gehören zu year-end</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="236"/>
        <source>--smtp and --from go with --headless or year-end</source>
        <translation>--smtp und --from gehören zu --headless oder year-end</translation>
    </message>
    <message>
        <location filename="../src/app/CommandLine.cpp" line="241"/>
        <source>--from goes with --smtp</source>
        <translation>--from gehört zu --smtp</translation>
    </message>
</context>
<context>
    <name>DayDialog</name>
    <message>
        <location filename="../ui/DayDialog.ui" line="6"/>
        <source>Day</source>
        <translation>Tag</translation>
    </message>
    <message>
        <location filename="../ui/DayDialog.ui" line="18"/>
        <source>Moods of this day</source>
        <translation>Stimmungen dieses Tages</translation>
    </message>
    <message>
        <location filename="../ui/DayDialog.ui" line="33"/>
        <source>Add a mood for this day</source>
        <translation>Eine Stimmung für diesen Tag eintragen</translation>
    </message>
    <message>
        <location filename="../ui/DayDialog.ui" line="42"/>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <location filename="../ui/DayDialog.ui" line="45"/>
        <source>Add a note (optional)</source>
        <translation>Notiz hinzufügen (freiwillig)</translation>
    </message>
    <message>
        <location filename="../ui/DayDialog.ui" line="62"/>
        <source>Day message</source>
        <translation>Tagesmeldung</translation>
    </message>
</context>
<context>
    <name>DisplayCheck</name>
    <message>
        <location filename="../src/app/DisplayCheck.cpp" line="15"/>
        <source>To serve the API without a window, run: moodboard --headless</source>
        <translation>Um die API ohne Fenster anzubieten: moodboard --headless</translation>
    </message>
    <message>
        <location filename="../src/app/DisplayCheck.cpp" line="30"/>
        <source>no display found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the window cannot open.</source>
        <translation>keine Anzeige gefunden (weder DISPLAY noch WAYLAND_DISPLAY ist gesetzt), das Fenster kann nicht öffnen.</translation>
    </message>
    <message>
        <location filename="../src/app/DisplayCheck.cpp" line="55"/>
        <source>the display cannot be reached, so the window cannot open.</source>
        <translation>die Anzeige ist nicht erreichbar, das Fenster kann nicht öffnen.</translation>
    </message>
</context>
<context>
    <name>EntryEditDialog</name>
    <message>
        <location filename="../ui/EntryEditDialog.ui" line="6"/>
        <source>Change Mood</source>
        <translation>Stimmung ändern</translation>
    </message>
    <message>
        <location filename="../ui/EntryEditDialog.ui" line="12"/>
        <source>Today&apos;s moods can be changed until the day ends.</source>
        <translation>Die Stimmungen von heute lassen sich bis zum Ende des Tages ändern.</translation>
    </message>
    <message>
        <location filename="../ui/EntryEditDialog.ui" line="27"/>
        <source>&amp;Mood:</source>
        <translation>&amp;Stimmung:</translation>
    </message>
    <message>
        <location filename="../ui/EntryEditDialog.ui" line="37"/>
        <source>Mood</source>
        <translation>Stimmung</translation>
    </message>
    <message>
        <location filename="../ui/EntryEditDialog.ui" line="44"/>
        <source>&amp;Note:</source>
        <translation>&amp;Notiz:</translation>
    </message>
    <message>
        <location filename="../ui/EntryEditDialog.ui" line="54"/>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <location filename="../ui/EntryEditDialog.ui" line="57"/>
        <source>Optional, up to 280 characters</source>
        <translation>Freiwillig, bis zu 280 Zeichen</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="12"/>
        <source>Today already has two moods, and a day holds at most two. Change or remove one of today&apos;s moods below instead.</source>
        <translation>Heute hat schon zwei Stimmungen, mehr fasst ein Tag nicht. Ändere oder entferne stattdessen unten eine davon.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="15"/>
        <source>This day cannot take another mood: it already has two, or it is past the back-fill window.</source>
        <translation>Dieser Tag nimmt keine weitere Stimmung an: Er hat schon zwei, oder er liegt außerhalb des Nachtragszeitraums.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="19"/>
        <source>Only today&apos;s moods can be changed. Past days are read-only.</source>
        <translation>Nur die Stimmungen von heute lassen sich ändern. Vergangene Tage sind schreibgeschützt.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="21"/>
        <source>Moodboard could not listen on this address and port. Another program may be using the port: choose another one.</source>
        <translation>Moodboard kann auf dieser Adresse und diesem Port nicht lauschen. Vielleicht belegt ein anderes Programm den Port: Wähle einen anderen.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="24"/>
        <source>This is not allowed right now.</source>
        <translation>Das ist gerade nicht erlaubt.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="33"/>
        <source>Wrong username or password. Check both and try again.</source>
        <translation>Falscher Benutzername oder falsches Passwort. Prüfe beides und versuche es noch einmal.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="35"/>
        <source>This username is taken. Choose another one, or log in if it is yours.</source>
        <translation>Dieser Benutzername ist vergeben. Wähle einen anderen, oder melde dich an, wenn es deiner ist.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="38"/>
        <source>Choose a username of 1 to 32 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, and a password of at least 8 characters.</source>
        <translation>Wähle einen Benutzernamen aus 1 bis 32 Buchstaben, Ziffern, „.“, „_“ oder „-“ und ein Passwort mit mindestens 8 Zeichen.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="41"/>
        <source>Check the values: the time zone must be one of the list, the email address a valid one.</source>
        <translation>Prüfe die Angaben: Die Zeitzone muss aus der Liste stammen, die E-Mail-Adresse gültig sein.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="42"/>
        <source>Moodboard could not accept this: %1</source>
        <translation>Moodboard kann das nicht annehmen: %1</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="46"/>
        <source>This entry no longer exists. The page shows what is stored now.</source>
        <translation>Diesen Eintrag gibt es nicht mehr. Die Seite zeigt, was jetzt gespeichert ist.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="49"/>
        <source>This Moodboard does not accept new accounts. Ask its owner to create one for you.</source>
        <translation>Dieses Moodboard nimmt keine neuen Konten an. Bitte die Person, der es gehört, dir eines anzulegen.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="51"/>
        <source>The current password is wrong.</source>
        <translation>Das aktuelle Passwort ist falsch.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="52"/>
        <source>You may not do this here.</source>
        <translation>Das darfst du hier nicht.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="54"/>
        <source>You are signed out. Log in again to continue.</source>
        <translation>Du bist abgemeldet. Melde dich wieder an, um weiterzumachen.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="56"/>
        <source>Too many failed attempts from this computer. Wait a while, then try again.</source>
        <translation>Zu viele Fehlversuche von diesem Computer. Warte eine Weile und versuche es dann noch einmal.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="58"/>
        <source>The server cannot be reached. Check the address and your network, then try again.</source>
        <translation>Der Server ist nicht erreichbar. Prüfe die Adresse und dein Netzwerk und versuche es noch einmal.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="60"/>
        <source>The connection to the server was lost. Nothing was changed that is not shown; try again.</source>
        <translation>Die Verbindung zum Server ist abgebrochen. Geändert wurde nur, was angezeigt wird; versuche es noch einmal.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="62"/>
        <source>The server did not answer in time. Try again in a moment.</source>
        <translation>Der Server hat nicht rechtzeitig geantwortet. Versuche es gleich noch einmal.</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="64"/>
        <source>Moodboard could not read or write its data: %1</source>
        <translation>Moodboard kann seine Daten nicht lesen oder schreiben: %1</translation>
    </message>
    <message>
        <location filename="../src/gui/ErrorText.cpp" line="66"/>
        <source>This Moodboard does not offer this yet. Ask its owner to update it.</source>
        <translation>Dieses Moodboard bietet das noch nicht an. Bitte seinen Betreiber, es zu aktualisieren.</translation>
    </message>
</context>
<context>
    <name>Generate</name>
    <message>
        <location filename="../src/app/GenerateCommand.cpp" line="19"/>
        <source>%1 users and their moods in %2 s</source>
        <translation>%1 Nutzer und ihre Stimmungen in %2 s</translation>
    </message>
    <message>
        <location filename="../src/app/GenerateCommand.cpp" line="21"/>
        <source>%1 follows in %2 s</source>
        <translation>%1 Abos in %2 s</translation>
    </message>
    <message>
        <location filename="../src/app/GenerateCommand.cpp" line="23"/>
        <source>%1 activities in %2 s</source>
        <translation>%1 Aktivitäten in %2 s</translation>
    </message>
    <message>
        <location filename="../src/app/GenerateCommand.cpp" line="25"/>
        <source>%1 events in %2 s</source>
        <translation>%1 Ereignisse in %2 s</translation>
    </message>
    <message>
        <location filename="../src/app/GenerateCommand.cpp" line="41"/>
        <location filename="../src/app/GenerateCommand.cpp" line="82"/>
        <source>cannot write the tokens to %1: %2</source>
        <translation>die Tokens können nicht nach %1 geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../src/app/GenerateCommand.cpp" line="87"/>
        <source>%1 bearer tokens written to %2</source>
        <translation>%1 Bearer-Tokens nach %2 geschrieben</translation>
    </message>
    <message>
        <location filename="../src/app/GenerateCommand.cpp" line="92"/>
        <source>%1 moods; the admin is %2; every password is &quot;%3&quot;</source>
        <translation>%1 Stimmungen; Admin ist %2; jedes Passwort ist &quot;%3&quot;</translation>
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
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="24"/>
        <source>&amp;Go</source>
        <translation>&amp;Gehe zu</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="31"/>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="38"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="74"/>
        <source>Sign &amp;Out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="50"/>
        <source>Export &amp;Board…</source>
        <translation>&amp;Tafel exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="79"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="53"/>
        <source>Save the board of a year as a PNG image or a PDF page</source>
        <translation>Die Tafel eines Jahres als PNG-Bild oder PDF-Seite speichern</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="84"/>
        <source>&amp;Today</source>
        <translation>&amp;Heute</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="58"/>
        <source>&amp;Export Data…</source>
        <translation>Daten &amp;exportieren…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="61"/>
        <source>Save all your moods, notes, profile and follows as JSON, or your moods as CSV</source>
        <translation>Alle Stimmungen, Notizen, das Profil und wem du folgst als JSON speichern, oder die Stimmungen als CSV</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="92"/>
        <source>&amp;Year</source>
        <translation>&amp;Jahr</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="66"/>
        <source>&amp;Import Data…</source>
        <translation>Daten &amp;importieren…</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="69"/>
        <source>Bring moods back from a Moodboard export or a Daylio CSV export</source>
        <translation>Stimmungen aus einem Moodboard-Export oder einem Daylio-CSV-Export zurückholen</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="100"/>
        <source>&amp;Sharing…</source>
        <translation>&amp;Teilen …</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="105"/>
        <source>&amp;Preferences…</source>
        <translation>Ein&amp;stellungen …</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="110"/>
        <source>&amp;About Moodboard</source>
        <translation>Ü&amp;ber Moodboard</translation>
    </message>
</context>
<context>
    <name>MoodText</name>
    <message>
        <location filename="../src/gui/MoodText.cpp" line="13"/>
        <source>Cheerful</source>
        <translation>Fröhlich</translation>
    </message>
    <message>
        <location filename="../src/gui/MoodText.cpp" line="15"/>
        <source>Reflective</source>
        <translation>Nachdenklich</translation>
    </message>
    <message>
        <location filename="../src/gui/MoodText.cpp" line="17"/>
        <source>Gloomy</source>
        <translation>Trübsinnig</translation>
    </message>
    <message>
        <location filename="../src/gui/MoodText.cpp" line="19"/>
        <source>Humorous</source>
        <translation>Humorvoll</translation>
    </message>
    <message>
        <location filename="../src/gui/MoodText.cpp" line="21"/>
        <source>Melancholy</source>
        <translation>Melancholisch</translation>
    </message>
    <message>
        <location filename="../src/gui/MoodText.cpp" line="23"/>
        <source>Idyllic</source>
        <translation>Idyllisch</translation>
    </message>
    <message>
        <location filename="../src/gui/MoodText.cpp" line="25"/>
        <source>Whimsical</source>
        <translation>Verspielt</translation>
    </message>
    <message>
        <location filename="../src/gui/MoodText.cpp" line="27"/>
        <source>Romantic</source>
        <translation>Romantisch</translation>
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
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../ui/PreferencesDialog.ui" line="20"/>
        <source>&amp;Time zone:</source>
        <translation>&amp;Zeitzone:</translation>
    </message>
    <message>
        <location filename="../ui/PreferencesDialog.ui" line="30"/>
        <source>Time zone</source>
        <translation>Zeitzone</translation>
    </message>
    <message>
        <location filename="../ui/PreferencesDialog.ui" line="43"/>
        <source>Your days begin and end in this time zone. A change applies to the moods you record from then on.</source>
        <translation>Deine Tage beginnen und enden in dieser Zeitzone. Eine Änderung gilt für die Stimmungen, die du danach einträgst.</translation>
    </message>
    <message>
        <location filename="../ui/PreferencesDialog.ui" line="53"/>
        <source>&amp;Email:</source>
        <translation>&amp;E-Mail:</translation>
    </message>
    <message>
        <location filename="../ui/PreferencesDialog.ui" line="63"/>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <location filename="../ui/PreferencesDialog.ui" line="66"/>
        <source>For your year-end board (optional)</source>
        <translation>Für deine Jahresübersicht (freiwillig)</translation>
    </message>
    <message>
        <location filename="../ui/PreferencesDialog.ui" line="83"/>
        <source>Preferences message</source>
        <translation>Meldung der Einstellungen</translation>
    </message>
</context>
<context>
    <name>SharingDialog</name>
    <message>
        <location filename="../ui/SharingDialog.ui" line="6"/>
        <source>Sharing</source>
        <translation>Teilen</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="15"/>
        <source>&amp;Share this Moodboard on the network</source>
        <translation>Dieses Moodboard im Netzwerk &amp;teilen</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="18"/>
        <source>Share on the network</source>
        <translation>Im Netzwerk teilen</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="30"/>
        <source>&amp;Listen on:</source>
        <translation>&amp;Erreichbar über:</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="40"/>
        <source>Listen address</source>
        <translation>Netzwerkadresse</translation>
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
        <translation>Beliebiger freier Port</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="76"/>
        <source>Others type:</source>
        <translation>Andere geben ein:</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="83"/>
        <source>Share address</source>
        <translation>Freigabeadresse</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="108"/>
        <source>While sharing is on, other computers on the network can reach this Moodboard&apos;s API. They still need an account and its password, but everything travels unencrypted: share only on networks you trust.</source>
        <translation>Solange das Teilen an ist, erreichen andere Computer im Netzwerk die API dieses Moodboards. Sie brauchen zwar ein Konto und dessen Passwort, aber alles wird unverschlüsselt übertragen: Teile nur in Netzwerken, denen du vertraust.</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="127"/>
        <source>Rules of this Moodboard</source>
        <translation>Regeln dieses Moodboards</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="136"/>
        <source>&amp;Allow new accounts</source>
        <translation>Neue &amp;Konten erlauben</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="139"/>
        <source>Allow new accounts</source>
        <translation>Neue Konten erlauben</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="146"/>
        <source>&amp;Back-fill window:</source>
        <translation>&amp;Nachtragszeitraum:</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="156"/>
        <source>Back-fill days</source>
        <translation>Nachtragstage</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="159"/>
        <source>How many days back a missed day can still be filled in</source>
        <translation>Wie viele Tage zurück sich ein verpasster Tag noch nachtragen lässt</translation>
    </message>
    <message>
        <location filename="../ui/SharingDialog.ui" line="180"/>
        <source>Sharing message</source>
        <translation>Meldung zum Teilen</translation>
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
        <translation>Halte fest, wie du dich fühlst, und sieh dein Jahr auf einen Blick.</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="63"/>
        <source>Where your moods are kept</source>
        <translation>Wo deine Stimmungen gespeichert werden</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="72"/>
        <location filename="../ui/SignInPage.ui" line="75"/>
        <source>This computer</source>
        <translation>Dieser Computer</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="85"/>
        <source>A private diary in a file on this computer.</source>
        <translation>Ein privates Tagebuch in einer Datei auf diesem Computer.</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="95"/>
        <location filename="../ui/SignInPage.ui" line="98"/>
        <source>A shared Moodboard</source>
        <translation>Ein geteiltes Moodboard</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="105"/>
        <source>Kept on a Moodboard that someone shares on your network: type the address they give you.</source>
        <translation>Auf einem Moodboard, das jemand in deinem Netzwerk teilt: Gib die Adresse ein, die man dir nennt.</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="115"/>
        <source>Server address</source>
        <translation>Serveradresse</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="118"/>
        <source>Server address, e.g. http://192.168.1.20:5000</source>
        <translation>Serveradresse, z. B. http://192.168.1.20:5000</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="152"/>
        <source>&amp;Username:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="162"/>
        <source>Username</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="172"/>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="182"/>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="192"/>
        <source>&amp;Stay signed in</source>
        <translation>Angemeldet b&amp;leiben</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="207"/>
        <source>Sign-in message</source>
        <translation>Anmeldemeldung</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="195"/>
        <source>Stay signed in</source>
        <translation>Angemeldet bleiben</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="198"/>
        <source>Keep your sign-in in this computer&apos;s keychain, so that Moodboard opens without asking for your password. Signing out forgets it.</source>
        <translation>Bewahrt deine Anmeldung im Schlüsselbund dieses Computers auf, damit Moodboard startet, ohne nach deinem Passwort zu fragen. Wenn du dich abmeldest, wird sie vergessen.</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="232"/>
        <source>&amp;Create account</source>
        <translation>&amp;Konto anlegen</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="235"/>
        <source>Create account</source>
        <translation>Konto anlegen</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="242"/>
        <source>&amp;Log in</source>
        <translation>&amp;Anmelden</translation>
    </message>
    <message>
        <location filename="../ui/SignInPage.ui" line="245"/>
        <source>Log in</source>
        <translation>Anmelden</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <location filename="../ui/TodayPage.ui" line="26"/>
        <source>How do you feel today?</source>
        <translation>Wie fühlst du dich heute?</translation>
    </message>
    <message>
        <location filename="../ui/TodayPage.ui" line="52"/>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <location filename="../ui/TodayPage.ui" line="55"/>
        <source>Add a note (optional): it is saved with the mood you pick</source>
        <translation>Notiz hinzufügen (freiwillig): Sie wird mit der gewählten Stimmung gespeichert</translation>
    </message>
    <message>
        <location filename="../ui/TodayPage.ui" line="64"/>
        <source>Today message</source>
        <translation>Heute-Meldung</translation>
    </message>
    <message>
        <location filename="../ui/TodayPage.ui" line="113"/>
        <source>Today&apos;s moods</source>
        <translation>Stimmungen von heute</translation>
    </message>
    <message>
        <location filename="../ui/TodayPage.ui" line="125"/>
        <source>Today has its two moods. To record another, change or remove one of them.</source>
        <translation>Heute hat seine zwei Stimmungen. Um eine andere einzutragen, ändere oder entferne eine davon.</translation>
    </message>
    <message>
        <location filename="../ui/TodayPage.ui" line="145"/>
        <source>Streaks</source>
        <translation>Serien</translation>
    </message>
    <message>
        <location filename="../ui/TodayPage.ui" line="170"/>
        <source>A streak counts the days in a row with at least one mood.</source>
        <translation>Eine Serie zählt die Tage hintereinander mit mindestens einer Stimmung.</translation>
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
<context>
    <name>YearPage</name>
    <message>
        <location filename="../ui/YearPage.ui" line="26"/>
        <source>Previous year (Page Up)</source>
        <translation>Voriges Jahr (Bild auf)</translation>
    </message>
    <message>
        <location filename="../ui/YearPage.ui" line="29"/>
        <source>Previous year</source>
        <translation>Voriges Jahr</translation>
    </message>
    <message>
        <location filename="../ui/YearPage.ui" line="39"/>
        <source>Year</source>
        <translation>Jahr</translation>
    </message>
    <message>
        <location filename="../ui/YearPage.ui" line="42"/>
        <source>The years with moods, and this year</source>
        <translation>Die Jahre mit Stimmungen und dieses Jahr</translation>
    </message>
    <message>
        <location filename="../ui/YearPage.ui" line="52"/>
        <source>Next year (Page Down)</source>
        <translation>Nächstes Jahr (Bild ab)</translation>
    </message>
    <message>
        <location filename="../ui/YearPage.ui" line="55"/>
        <source>Next year</source>
        <translation>Nächstes Jahr</translation>
    </message>
    <message>
        <location filename="../ui/YearPage.ui" line="81"/>
        <source>Year grid</source>
        <translation>Jahresraster</translation>
    </message>
    <message>
        <location filename="../ui/YearPage.ui" line="84"/>
        <source>One cell per day, a row per month. Arrow keys move between days; Enter opens the day.</source>
        <translation>Ein Feld pro Tag, eine Zeile pro Monat. Pfeiltasten wechseln den Tag; die Eingabetaste öffnet ihn.</translation>
    </message>
    <message>
        <location filename="../ui/YearPage.ui" line="91"/>
        <source>Legend</source>
        <translation>Legende</translation>
    </message>
</context>
<context>
    <name>mood::gui::BusySpinner</name>
    <message>
        <location filename="../src/gui/BusySpinner.cpp" line="10"/>
        <source>Working</source>
        <translation>Beschäftigt</translation>
    </message>
</context>
<context>
    <name>mood::gui::DayDialog</name>
    <message>
        <location filename="../src/gui/DayDialog.cpp" line="28"/>
        <source>Moods of this day</source>
        <translation>Stimmungen dieses Tages</translation>
    </message>
    <message>
        <location filename="../src/gui/DayDialog.cpp" line="29"/>
        <source>No mood on this day.</source>
        <translation>An diesem Tag keine Stimmung.</translation>
    </message>
    <message>
        <location filename="../src/gui/DayDialog.cpp" line="74"/>
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
    <message>
        <location filename="../src/gui/DayDialog.cpp" line="76"/>
        <source>This day is still to come.</source>
        <translation>Dieser Tag kommt erst noch.</translation>
    </message>
    <message>
        <location filename="../src/gui/DayDialog.cpp" line="78"/>
        <source>Today has its two moods: change or remove one to record another.</source>
        <translation>Heute hat seine zwei Stimmungen: Ändere oder entferne eine, um eine andere einzutragen.</translation>
    </message>
    <message>
        <location filename="../src/gui/DayDialog.cpp" line="80"/>
        <source>Past days are read-only. This day has its two moods.</source>
        <translation>Vergangene Tage sind schreibgeschützt. Dieser Tag hat seine zwei Stimmungen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/DayDialog.cpp" line="82"/>
        <source>Past days are read-only, but a missed day can still be filled in up to %n day(s) back.</source>
        <translation>
            <numerusform>Vergangene Tage sind schreibgeschützt, aber ein verpasster Tag lässt sich bis zu %n Tag zurück nachtragen.</numerusform>
            <numerusform>Vergangene Tage sind schreibgeschützt, aber ein verpasster Tag lässt sich bis zu %n Tage zurück nachtragen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/DayDialog.cpp" line="85"/>
        <source>Past days are read-only. Missed days can be filled in only up to %n day(s) back.</source>
        <translation>
            <numerusform>Vergangene Tage sind schreibgeschützt. Verpasste Tage lassen sich nur bis zu %n Tag zurück nachtragen.</numerusform>
            <numerusform>Vergangene Tage sind schreibgeschützt. Verpasste Tage lassen sich nur bis zu %n Tage zurück nachtragen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>mood::gui::EntryListView</name>
    <message>
        <location filename="../src/gui/EntryListView.cpp" line="29"/>
        <source>Change…</source>
        <translation>Ändern …</translation>
    </message>
    <message>
        <location filename="../src/gui/EntryListView.cpp" line="30"/>
        <location filename="../src/gui/EntryListView.cpp" line="198"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
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
        <translation>%1 – %2</translation>
    </message>
    <message>
        <location filename="../src/gui/EntryListView.cpp" line="181"/>
        <source>Changed to %1.</source>
        <translation>Geändert in %1.</translation>
    </message>
    <message>
        <location filename="../src/gui/EntryListView.cpp" line="193"/>
        <source>Remove this mood?</source>
        <translation>Diese Stimmung entfernen?</translation>
    </message>
    <message>
        <location filename="../src/gui/EntryListView.cpp" line="194"/>
        <source>Remove “%1” from today?</source>
        <translation>„%1“ von heute entfernen?</translation>
    </message>
    <message>
        <location filename="../src/gui/EntryListView.cpp" line="210"/>
        <source>Removed %1.</source>
        <translation>%1 entfernt.</translation>
    </message>
</context>
<context>
    <name>mood::gui::ExportBoardDialog</name>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="28"/>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="116"/>
        <source>Export Board</source>
        <translation>Tafel exportieren</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="31"/>
        <source>Year</source>
        <translation>Jahr</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="36"/>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="37"/>
        <source>PNG image</source>
        <translation>PNG-Bild</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="38"/>
        <source>PDF document (one A4 page)</source>
        <translation>PDF-Dokument (eine A4-Seite)</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="40"/>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="41"/>
        <source>&amp;Choose…</source>
        <translation>&amp;Auswählen…</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="42"/>
        <source>Choose file</source>
        <translation>Datei auswählen</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="44"/>
        <source>Your year as a picture: the grid, the legend, your streaks and how many moods of each kind you recorded.</source>
        <translation>Dein Jahr als Bild: das Raster, die Legende, deine Serien und wie viele Stimmungen jeder Art du erfasst hast.</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="49"/>
        <source>&amp;Year:</source>
        <translation>&amp;Jahr:</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="50"/>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="54"/>
        <source>F&amp;ile:</source>
        <translation>Da&amp;tei:</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="60"/>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="117"/>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF-Dokumente (*.pdf)</translation>
    </message>
    <message>
        <location filename="../src/gui/ExportBoardDialog.cpp" line="117"/>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
</context>
<context>
    <name>mood::gui::FileActions</name>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="34"/>
        <source>Nothing could be drawn.</source>
        <translation>Es konnte nichts gezeichnet werden.</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="78"/>
        <source>This Moodboard does not offer export and import yet.</source>
        <translation>Dieses Moodboard bietet Export und Import noch nicht an.</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="80"/>
        <source>The file cannot be imported: %1. Nothing was changed.</source>
        <translation>Die Datei kann nicht importiert werden: %1. Es wurde nichts geändert.</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="88"/>
        <source>Moodboard</source>
        <translation>Moodboard</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="88"/>
        <source>Moodboard: a problem</source>
        <translation>Moodboard: ein Problem</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="150"/>
        <source>Exporting the board of %1…</source>
        <translation>Die Tafel von %1 wird exportiert…</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="177"/>
        <source>The board of %1 is saved as %2.</source>
        <translation>Die Tafel von %1 ist als %2 gespeichert.</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="180"/>
        <source>The board could not be saved as %1: %2</source>
        <translation>Die Tafel konnte nicht als %1 gespeichert werden: %2</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="189"/>
        <source>Moodboard JSON, everything (*.json)</source>
        <translation>Moodboard-JSON, alles (*.json)</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="190"/>
        <source>CSV, the moods only (*.csv)</source>
        <translation>CSV, nur die Stimmungen (*.csv)</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="191"/>
        <source>Export Data</source>
        <translation>Daten exportieren</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="224"/>
        <source>Your data is saved as %1.</source>
        <translation>Deine Daten sind als %1 gespeichert.</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="227"/>
        <source>Your data could not be saved as %1: %2</source>
        <translation>Deine Daten konnten nicht als %1 gespeichert werden: %2</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="235"/>
        <source>Import Data</source>
        <translation>Daten importieren</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="239"/>
        <source>Moodboard or Daylio export (*.json *.csv)</source>
        <translation>Moodboard- oder Daylio-Export (*.json *.csv)</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="239"/>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="261"/>
        <source>%1 could not be read: %2</source>
        <translation>%1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="286"/>
        <source>Row %1 (%2): skipped, %3</source>
        <translation>Zeile %1 (%2): übersprungen, %3</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="288"/>
        <source>Row %1 (%2): imported, %3</source>
        <translation>Zeile %1 (%2): importiert, %3</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="291"/>
        <source>Not followed: %1</source>
        <translation>Nicht gefolgt: %1</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="292"/>
        <source>Imported %1 of %2 moods from %3.</source>
        <translation>%1 von %2 Stimmungen aus %3 importiert.</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="297"/>
        <source>%1 were skipped; the details say why.</source>
        <translation>%1 wurden übersprungen; die Details sagen, warum.</translation>
    </message>
    <message>
        <location filename="../src/gui/FileActions.cpp" line="299"/>
        <source>You now follow %1 again.</source>
        <translation>Du folgst jetzt wieder %1.</translation>
    </message>
</context>
<context>
    <name>mood::gui::MailSettingsBox</name>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="23"/>
        <source>Year-end board by email</source>
        <translation>Jahrestafel per E-Mail</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="32"/>
        <source>Send me my board now</source>
        <translation>Meine Tafel jetzt senden</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="38"/>
        <source>SMTP server</source>
        <translation>SMTP-Server</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="39"/>
        <source>smtp://user@mail.example.org:587</source>
        <translation>smtp://benutzer@mail.example.org:587</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="41"/>
        <source>Sender address</source>
        <translation>Absenderadresse</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="42"/>
        <source>Moodboard &lt;moodboard@example.org&gt;</source>
        <translation>Moodboard &lt;moodboard@example.org&gt;</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="44"/>
        <source>SMTP password</source>
        <translation>SMTP-Passwort</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="47"/>
        <source>Mail message</source>
        <translation>Mail-Meldung</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="52"/>
        <source>On 1 January, everyone on this computer who has an email address gets their board of the past year, once. Moodboard sends it on its first start after the year ended.</source>
        <translation>Am 1. Januar bekommt jeder auf diesem Computer, der eine E-Mail-Adresse hat, einmal seine Tafel des vergangenen Jahres. Moodboard sendet sie beim ersten Start nach dem Jahresende.</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="58"/>
        <source>SMTP &amp;server:</source>
        <translation>SMTP-&amp;Server:</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="59"/>
        <source>Sen&amp;der:</source>
        <translation>Ab&amp;sender:</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="60"/>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;wort:</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="75"/>
        <source>The password is kept in your system&apos;s keychain.</source>
        <translation>Das Passwort liegt im Schlüsselbund deines Systems.</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="76"/>
        <source>No keychain is available: the password is kept only until Moodboard quits.</source>
        <translation>Kein Schlüsselbund verfügbar: Das Passwort bleibt nur bis zum Beenden von Moodboard erhalten.</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="141"/>
        <source>Enter the SMTP server first.</source>
        <translation>Gib zuerst den SMTP-Server ein.</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="145"/>
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="150"/>
        <source>Your board could not be read: %1</source>
        <translation>Deine Tafel konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="159"/>
        <source>Your board of %1 was sent to %2.</source>
        <translation>Deine Tafel von %1 wurde an %2 gesendet.</translation>
    </message>
    <message>
        <location filename="../src/gui/MailSettingsBox.cpp" line="161"/>
        <source>The mail was not sent: %1</source>
        <translation>Die Mail wurde nicht gesendet: %1</translation>
    </message>
</context>
<context>
    <name>mood::gui::MainWindow</name>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="65"/>
        <source>Shared at</source>
        <translation>Geteilt unter</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="102"/>
        <source>This Moodboard could not be shared again: %1</source>
        <translation>Dieses Moodboard ließ sich nicht wieder teilen: %1</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="139"/>
        <source>Pages</source>
        <translation>Seiten</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="144"/>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="145"/>
        <source>Record how you feel today (Ctrl+1)</source>
        <translation>Halte fest, wie du dich heute fühlst (Strg+1)</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="146"/>
        <source>Year</source>
        <translation>Jahr</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="147"/>
        <source>Your year, one coloured day at a time (Ctrl+2)</source>
        <translation>Dein Jahr, Tag für Tag in Farbe (Strg+2)</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="227"/>
        <source>You are signed out.</source>
        <translation>Du bist abgemeldet.</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="239"/>
        <source>The server ended your session, for example after a password change. Log in again.</source>
        <translation>Der Server hat deine Sitzung beendet, etwa nach einer Passwortänderung. Melde dich erneut an.</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="258"/>
        <source>Not signed in</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="263"/>
        <source>Signed in as %1 on this computer</source>
        <translation>Angemeldet als %1 auf diesem Computer</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="264"/>
        <source>Signed in as %1 at %2</source>
        <translation>Angemeldet als %1 bei %2</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="271"/>
        <source>Shared with this computer only at %1</source>
        <translation>Nur für diesen Computer geteilt unter %1</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="272"/>
        <source>Shared on the network at %1</source>
        <translation>Im Netzwerk geteilt unter %1</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="289"/>
        <source>Share this computer&apos;s Moodboard on the network</source>
        <translation>Das Moodboard dieses Computers im Netzwerk teilen</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="290"/>
        <source>Only the administrator of this computer&apos;s Moodboard can share it</source>
        <translation>Nur wer das Moodboard dieses Computers verwaltet, kann es teilen</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="336"/>
        <source>About Moodboard</source>
        <translation>Über Moodboard</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="339"/>
        <source>&lt;h3&gt;Moodboard %1&lt;/h3&gt;&lt;p&gt;Record how you feel, up to twice a day, and see your year at a glance.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Moodboard %1&lt;/h3&gt;&lt;p&gt;Halte bis zu zweimal am Tag fest, wie du dich fühlst, und sieh dein Jahr auf einen Blick.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="342"/>
        <source>Free software under the GNU General Public License, version 3. Built with Qt %1.</source>
        <translation>Freie Software unter der GNU General Public License, Version 3. Erstellt mit Qt %1.</translation>
    </message>
</context>
<context>
    <name>mood::gui::MoodChoices</name>
    <message>
        <location filename="../src/gui/MoodChoices.cpp" line="25"/>
        <source>%1 (key %2)</source>
        <translation>%1 (Taste %2)</translation>
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
        <translation>Verwendete Zeichen der Notiz</translation>
    </message>
</context>
<context>
    <name>mood::gui::PreferencesDialog</name>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="41"/>
        <source>%1 (this computer&apos;s)</source>
        <translation>%1 (die dieses Computers)</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="134"/>
        <source>Saving…</source>
        <translation>Wird gespeichert …</translation>
    </message>
    <message>
        <location filename="../src/gui/PreferencesDialog.cpp" line="143"/>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
</context>
<context>
    <name>mood::gui::SharingDialog</name>
    <message>
        <location filename="../src/gui/SharingDialog.cpp" line="26"/>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <location filename="../src/gui/SharingDialog.cpp" line="29"/>
        <source>This computer only</source>
        <translation>Nur dieser Computer</translation>
    </message>
    <message>
        <location filename="../src/gui/SharingDialog.cpp" line="30"/>
        <source>All networks</source>
        <translation>Alle Netzwerke</translation>
    </message>
    <message>
        <location filename="../src/gui/SharingDialog.cpp" line="32"/>
        <source>Only %1</source>
        <translation>Nur %1</translation>
    </message>
    <message>
        <location filename="../src/gui/SharingDialog.cpp" line="100"/>
        <source>Not shared</source>
        <translation>Nicht geteilt</translation>
    </message>
    <message>
        <location filename="../src/gui/SharingDialog.cpp" line="102"/>
        <source>%1 (this computer only)</source>
        <translation>%1 (nur dieser Computer)</translation>
    </message>
    <message>
        <location filename="../src/gui/SharingDialog.cpp" line="115"/>
        <source>Starting the server…</source>
        <translation>Server wird gestartet …</translation>
    </message>
    <message>
        <location filename="../src/gui/SharingDialog.cpp" line="115"/>
        <source>Applying…</source>
        <translation>Wird angewendet …</translation>
    </message>
    <message>
        <location filename="../src/gui/SharingDialog.cpp" line="147"/>
        <source>Shared. Others can now use the address above.</source>
        <translation>Geteilt. Andere können jetzt die Adresse oben verwenden.</translation>
    </message>
    <message>
        <location filename="../src/gui/SharingDialog.cpp" line="148"/>
        <source>Not shared: only you use this Moodboard.</source>
        <translation>Nicht geteilt: Nur du verwendest dieses Moodboard.</translation>
    </message>
</context>
<context>
    <name>mood::gui::SignInPage</name>
    <message>
        <location filename="../src/gui/SignInPage.cpp" line="132"/>
        <source>Enter your username.</source>
        <translation>Gib deinen Benutzernamen ein.</translation>
    </message>
    <message>
        <location filename="../src/gui/SignInPage.cpp" line="137"/>
        <source>Enter your password.</source>
        <translation>Gib dein Passwort ein.</translation>
    </message>
    <message>
        <location filename="../src/gui/SignInPage.cpp" line="145"/>
        <source>A username has 1 to 32 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>Ein Benutzername hat 1 bis 32 Buchstaben, Ziffern, „.“, „_“ oder „-“.</translation>
    </message>
    <message>
        <location filename="../src/gui/SignInPage.cpp" line="150"/>
        <source>Choose a password of at least 8 characters.</source>
        <translation>Wähle ein Passwort mit mindestens 8 Zeichen.</translation>
    </message>
    <message>
        <location filename="../src/gui/SignInPage.cpp" line="164"/>
        <source>Enter the shared Moodboard&apos;s address, for example http://192.168.1.20:5000.</source>
        <translation>Gib die Adresse des geteilten Moodboards ein, zum Beispiel http://192.168.1.20:5000.</translation>
    </message>
    <message>
        <location filename="../src/gui/SignInPage.cpp" line="169"/>
        <source>Creating your account…</source>
        <translation>Dein Konto wird angelegt …</translation>
    </message>
    <message>
        <location filename="../src/gui/SignInPage.cpp" line="169"/>
        <source>Signing in…</source>
        <translation>Anmeldung läuft …</translation>
    </message>
    <message>
        <location filename="../src/gui/SignInPage.cpp" line="219"/>
        <source>Signing you in again…</source>
        <translation>Du wirst wieder angemeldet …</translation>
    </message>
    <message>
        <location filename="../src/gui/SignInPage.cpp" line="227"/>
        <source>The keychain did not give out your saved sign-in. Log in with your password.</source>
        <translation>Der Schlüsselbund hat deine gespeicherte Anmeldung nicht herausgegeben. Melde dich mit deinem Passwort an.</translation>
    </message>
    <message>
        <location filename="../src/gui/SignInPage.cpp" line="251"/>
        <source>Your saved sign-in is no longer valid, for example after a password change. Log in with your password.</source>
        <translation>Deine gespeicherte Anmeldung gilt nicht mehr, etwa nach einer Passwortänderung. Melde dich mit deinem Passwort an.</translation>
    </message>
    <message>
        <location filename="../src/gui/SignInPage.cpp" line="256"/>
        <source>Your saved sign-in could not be checked. %1</source>
        <translation>Deine gespeicherte Anmeldung konnte nicht geprüft werden. %1</translation>
    </message>
    <message>
        <location filename="../src/gui/SignInPage.cpp" line="278"/>
        <source>Your sign-in could not be kept in the keychain: Moodboard will ask for your password next time.</source>
        <translation>Deine Anmeldung konnte nicht im Schlüsselbund gespeichert werden: Moodboard fragt beim nächsten Mal nach deinem Passwort.</translation>
    </message>
</context>
<context>
    <name>mood::gui::TodayPage</name>
    <message>
        <location filename="../src/gui/TodayPage.cpp" line="32"/>
        <source>Today&apos;s entries</source>
        <translation>Einträge von heute</translation>
    </message>
    <message>
        <location filename="../src/gui/TodayPage.cpp" line="33"/>
        <source>No moods yet — pick how you feel above</source>
        <translation>Noch keine Stimmung – wähle oben, wie du dich fühlst</translation>
    </message>
    <message>
        <location filename="../src/gui/TodayPage.cpp" line="122"/>
        <source>Recorded %1 for today.</source>
        <translation>%1 für heute eingetragen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/TodayPage.cpp" line="158"/>
        <source>Current streak: %n day(s)</source>
        <translation>
            <numerusform>Aktuelle Serie: %n Tag</numerusform>
            <numerusform>Aktuelle Serie: %n Tage</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/TodayPage.cpp" line="159"/>
        <source>Longest streak: %n day(s)</source>
        <translation>
            <numerusform>Längste Serie: %n Tag</numerusform>
            <numerusform>Längste Serie: %n Tage</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/gui/TodayPage.cpp" line="162"/>
        <source>Your longest streak beats %1% of users</source>
        <translation>Deine längste Serie übertrifft %1 % der Nutzer</translation>
    </message>
</context>
<context>
    <name>mood::gui::YearEndDuty</name>
    <message>
        <location filename="../src/gui/YearEndDuty.cpp" line="40"/>
        <source>The year-end duties could not run: %1</source>
        <translation>Die Aufgaben zum Jahresende konnten nicht ausgeführt werden: %1</translation>
    </message>
    <message>
        <location filename="../src/gui/YearEndDuty.cpp" line="42"/>
        <source>The year-end boards could not be mailed: %1</source>
        <translation>Die Jahrestafeln konnten nicht versendet werden: %1</translation>
    </message>
    <message>
        <location filename="../src/gui/YearEndDuty.cpp" line="45"/>
        <source>Year-end boards of %1: %2 sent, %3 not sent</source>
        <translation>Jahrestafeln %1: %2 gesendet, %3 nicht gesendet</translation>
    </message>
    <message>
        <location filename="../src/gui/YearEndDuty.cpp" line="50"/>
        <source>Old moods could not be removed: %1</source>
        <translation>Alte Stimmungen konnten nicht entfernt werden: %1</translation>
    </message>
</context>
<context>
    <name>mood::gui::YearGridWidget</name>
    <message>
        <location filename="../src/gui/YearGridWidget.cpp" line="108"/>
        <source>%1: no mood</source>
        <comment>ISO date</comment>
        <translation>%1: keine Stimmung</translation>
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
        <translation>Kommt erst noch</translation>
    </message>
    <message>
        <location filename="../src/gui/YearGridWidget.cpp" line="120"/>
        <source>No mood</source>
        <translation>Keine Stimmung</translation>
    </message>
</context>
<context>
    <name>mood::gui::YearPage</name>
    <message numerus="yes">
        <location filename="../src/gui/YearPage.cpp" line="123"/>
        <source>%n day(s) with moods in %1</source>
        <translation>
            <numerusform>%n Tag mit Stimmungen in %1</numerusform>
            <numerusform>%n Tage mit Stimmungen in %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/YearPage.cpp" line="124"/>
        <source>Click a day, or move to it with the arrow keys and press Enter, to see its moods and notes. Missed days can be filled in up to %n day(s) back.</source>
        <translation>
            <numerusform>Klicke auf einen Tag oder wähle ihn mit den Pfeiltasten und drücke die Eingabetaste, um seine Stimmungen und Notizen zu sehen. Verpasste Tage lassen sich bis zu %n Tag zurück nachtragen.</numerusform>
            <numerusform>Klicke auf einen Tag oder wähle ihn mit den Pfeiltasten und drücke die Eingabetaste, um seine Stimmungen und Notizen zu sehen. Verpasste Tage lassen sich bis zu %n Tage zurück nachtragen.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/gui/YearPage.cpp" line="144"/>
        <source>No moods in this year</source>
        <translation>In diesem Jahr keine Stimmungen</translation>
    </message>
    <message>
        <location filename="../src/gui/YearPage.cpp" line="177"/>
        <source>A day without a mood</source>
        <translation>Ein Tag ohne Stimmung</translation>
    </message>
</context>
</TS>
