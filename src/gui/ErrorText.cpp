#include "ErrorText.h"

namespace mood::gui {

using client::ErrorKind;

namespace {
QString ruleText(ErrorText::Action action)
{
    switch (action) {
    case ErrorText::Action::RecordToday:
        return ErrorText::tr("Today already has two moods, and a day holds at most two. Change or remove one of "
                             "today's moods below instead.");
    case ErrorText::Action::RecordDay:
        return ErrorText::tr("This day cannot take another mood: it already has two, or it is past the back-fill "
                             "window.");
    case ErrorText::Action::Correct:
    case ErrorText::Action::Remove:
        return ErrorText::tr("Only today's moods can be changed. Past days are read-only.");
    case ErrorText::Action::Share:
        return ErrorText::tr("Moodboard could not listen on this address and port. Another program may be using "
                             "the port: choose another one.");
    default:
        return ErrorText::tr("This is not allowed right now.");
    }
}
} // namespace

QString ErrorText::describe(const client::Error& error, Action action)
{
    switch (error.kind) {
    case ErrorKind::WrongCredentials:
        return tr("Wrong username or password. Check both and try again.");
    case ErrorKind::NameTaken:
        return tr("This username is taken. Choose another one, or log in if it is yours.");
    case ErrorKind::InvalidInput:
        if (action == Action::SignUp)
            return tr("Choose a username of 1 to 32 letters, digits, '.', '_' or '-', and a password of at least 8 "
                      "characters.");
        if (action == Action::Profile)
            return tr("Check the values: the time zone must be one of the list, the email address a valid one.");
        return tr("Moodboard could not accept this: %1").arg(error.detail);
    case ErrorKind::RefusedByRule:
        return ruleText(action);
    case ErrorKind::NotFound:
        return tr("This entry no longer exists. The page shows what is stored now.");
    case ErrorKind::Forbidden:
        if (action == Action::SignUp)
            return tr("This Moodboard does not accept new accounts. Ask its owner to create one for you.");
        if (action == Action::Profile)
            return tr("The current password is wrong.");
        return tr("You may not do this here.");
    case ErrorKind::NotSignedIn:
        return tr("You are signed out. Log in again to continue.");
    case ErrorKind::TooManyAttempts:
        return tr("Too many failed attempts from this computer. Wait a while, then try again.");
    case ErrorKind::Unreachable:
        return tr("The server cannot be reached. Check the address and your network, then try again.");
    case ErrorKind::ConnectionLost:
        return tr("The connection to the server was lost. Nothing was changed that is not shown; try again.");
    case ErrorKind::TimedOut:
        return tr("The server did not answer in time. Try again in a moment.");
    case ErrorKind::ServerError:
        return tr("Moodboard could not read or write its data: %1").arg(error.detail);
    case ErrorKind::Unavailable:
        return tr("This Moodboard does not offer this yet. Ask its owner to update it.");
    }
    return error.detail;
}

} // namespace mood::gui
