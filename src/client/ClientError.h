#pragma once

#include <QMetaType>
#include <QString>

#include <utility>
#include <variant>

namespace mood::client {

// What went wrong, in terms the GUI can explain to a person, whatever the backend (local core or HTTP).
enum class ErrorKind {
    InvalidInput,     // the input breaks a rule: bad username, short password, note too long
    WrongCredentials, // unknown user or wrong password
    NameTaken,        // an account of that name exists
    RefusedByRule,    // fine input the current state forbids: two moods a day, past days, back-fill window
    NotFound,         // the thing does not exist (or is not the caller's)
    Forbidden,        // the caller may not do this (closed registration, not the admin, wrong current password)
    NotSignedIn,      // no session, or the server ended it (expired or revoked token)
    TooManyAttempts,  // the server bans this address for a while after failed sign-ins
    Unreachable,      // no connection to the server could be made
    ConnectionLost,   // the connection broke while the call was in flight
    TimedOut,         // no answer in time
    ServerError,      // the database or the server failed: not the caller's fault
    Unavailable,      // this kind of connection is not available in this build
};

struct Error {
    ErrorKind kind = ErrorKind::ServerError;
    QString detail; // the backend's own words (English, for logs and tooltips); the GUI words it by kind
};

// A call's answer: a value or an Error. Copyable, so it travels through QFuture.
template <typename T>
class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_data(std::in_place_index<0>, std::move(value))
    {
    }
    Result(Error error)
        : m_data(std::in_place_index<1>, std::move(error))
    {
    }

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T& value() const { return std::get<0>(m_data); }
    const T* operator->() const { return &std::get<0>(m_data); }
    const T& operator*() const { return std::get<0>(m_data); }
    const Error& error() const // of a failed call; an empty Error for a successful one
    {
        static const Error none{ErrorKind::ServerError, QString()};
        return ok() ? none : std::get<1>(m_data);
    }
    T take() { return std::move(std::get<0>(m_data)); } // for move-only values

private:
    std::variant<T, Error> m_data;
};

struct Done {
    bool operator==(const Done&) const { return true; }
};

} // namespace mood::client
