#!/bin/sh
# Runs a command with a real OS keychain of its own: inside a private D-Bus session (dbus-run-session), a
# gnome-keyring Secret Service whose login keyring lives in a scratch folder and is unlocked, as a desktop
# session would have it. Nothing of the user's own keyrings or session bus is touched. Debian: gnome-keyring,
# dbus-daemon (.ci/deps). Usage: with-keyring.sh COMMAND [ARGS...]
set -eu
if [ -z "${MOOD_IN_KEYRING_SESSION:-}" ]; then
    export MOOD_IN_KEYRING_SESSION=1
    exec dbus-run-session -- "$0" "$@"
fi
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/data" "$scratch/config" "$scratch/run"
chmod 700 "$scratch/run"
export XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" XDG_RUNTIME_DIR="$scratch/run"
# --unlock reads the login keyring's password on stdin (it creates the keyring with it the first time).
printf 'moodboard-test' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
"$@"
