#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace mood {

// What went wrong, in terms a caller can map to a status without parsing text.
enum class ErrorKind {
    Invalid,   // the input breaks a rule (bad name, too long, future timestamp)
    NotFound,  // the thing does not exist (or is not the caller's)
    Conflict,  // the input is fine but the current state forbids it (duplicate, limit reached, past day)
    Forbidden, // the caller may not do this
    Storage,   // the database failed: not the caller's fault
};

struct Error {
    ErrorKind kind = ErrorKind::Invalid;
    QString message;
    // Storage only: the connection to the database was lost and nothing of the work was committed, so the same
    // work may run again on a fresh connection.
    bool retryable = false;
};

template <typename T>
class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_value(std::move(value))
    {
    }
    Result(Error error)
        : m_error(std::move(error))
    {
    }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return *m_value; }
    T& value() & { return *m_value; }
    T&& value() && { return std::move(*m_value); }
    const T* operator->() const { return &*m_value; }
    T* operator->() { return &*m_value; }
    const T& operator*() const { return *m_value; }

    const Error& error() const { return m_error; }

private:
    std::optional<T> m_value;
    Error m_error;
};

using Status = Result<std::monostate>;

inline Status success()
{
    return std::monostate{};
}

} // namespace mood
