#include "LocalSignIn.h"

#include "LocalMapping.h"
#include "Services.h"

namespace mood::client::local {

using namespace Qt::StringLiterals;

Result<User> authenticate(Services& services, const QString& username, const QString& password)
{
    const auto user = services.users.authenticate(username, password);
    if (!user) {
        if (user.error().kind == mood::ErrorKind::NotFound)
            return Error{ErrorKind::WrongCredentials, user.error().message};
        return errorFrom(user.error());
    }
    return *user;
}

Result<User> registerUser(Services& services, const QString& username, const QString& password)
{
    const auto open = services.settings.registrationOpen();
    if (!open)
        return errorFrom(open.error());
    if (mood::Status allowed = AccessPolicy::mayRegister(std::nullopt, *open); !allowed)
        return errorFrom(allowed.error());
    const auto user = services.users.registerUser(username, password);
    if (!user) {
        if (user.error().kind == mood::ErrorKind::Conflict)
            return Error{ErrorKind::NameTaken, user.error().message};
        return errorFrom(user.error());
    }
    return *user;
}

Result<User> userForToken(Services& services, const QString& token)
{
    const Error ended{ErrorKind::NotSignedIn, u"the saved sign-in is no longer valid: sign in again"_s};
    if (token.isEmpty())
        return ended;
    const auto user = services.users.findByToken(token);
    if (!user)
        return errorFrom(user.error());
    if (!user->has_value())
        return ended; // expired, revoked, or the account is gone
    return **user;
}

} // namespace mood::client::local
