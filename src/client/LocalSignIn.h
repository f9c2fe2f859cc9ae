#pragma once

#include "ClientError.h"
#include "User.h"

#include <QString>

namespace mood {
class Services;
}

// How this computer's sessions start, as the API's POST /login, POST /user and bearer tokens do: the user that
// the password, the new account or the token belongs to, in the seam's errors. Blocking: call on the pool only.
namespace mood::client::local {

Result<User> authenticate(Services& services, const QString& username, const QString& password);
// As POST /user: once the admin closed registration, nobody creates an account on their own.
Result<User> registerUser(Services& services, const QString& username, const QString& password);
// A token of the core's TokenStore; NotSignedIn when it is unknown, expired or revoked, or its account is gone.
Result<User> userForToken(Services& services, const QString& token);

} // namespace mood::client::local
