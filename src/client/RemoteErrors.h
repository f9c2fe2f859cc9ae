#pragma once

#include "ClientError.h"
#include "HttpCall.h"

namespace mood::client::remote {

// What a call was for: the same status means different things on different routes.
enum class Purpose {
    SignIn,  // POST /login: 401 is a wrong username or password
    SignUp,  // POST /user: 400 "already exists" is a taken name
    Session, // everything else: 401 means the server ended the session
};

// The contract's error text of an answer: {"error"}, {"message"}, {"code"} or a plain-text body.
QString errorText(const HttpAnswer& answer);

// A failed call (no answer, or a status outside 2xx) in the seam's terms. The contract's own text is the detail.
Error errorFrom(const HttpAnswer& answer, Purpose purpose = Purpose::Session);

// An answer whose body is not what the contract promises.
Error malformed(const QString& what, const QString& why);

} // namespace mood::client::remote
