#pragma once

#include "ApiTypes.h"
#include "BodyShape.h"

#include <QJsonValue>

#include <optional>

namespace mood::api {

struct Violation {
    enum class Kind {
        NotJson,      // the body is not one JSON value, as json.loads reads it
        DocumentType, // a JSON value of another type than the shape's
        TooFewItems,  // an array with fewer than minItems
        Required,     // a required member (or all of atLeastOne) is missing
        Unknown,      // a member a closed shape does not have
        WrongType,    // a member of another type, or null where null is not accepted
        NotAllowed,   // a value outside the member's enum
        Refused,      // blank, or refused by the member's own test: FieldShape::refusal says why
    };
    Kind kind = Kind::NotJson;
    QString field; // empty: the whole body
};

// What the validator found: the body parsed once, and every violation in the order the shape checks them
// (required members, unknown members, then each member's type and allowed values in declared order, then the
// blank and value tests).
struct BodyCheck {
    std::optional<QJsonValue> value;
    QList<Violation> violations;
    bool ok() const { return violations.isEmpty(); }
};

// The one validator of request bodies: each route declares its body's shape (RequestShapes) and calls admit().
class BodyValidator final
{
public:
    static BodyCheck check(const BodyShape& shape, const QByteArray& body);
    // jsonschema's words for one violation ("'mood' is a required property", "5 is not of type 'string'"); the
    // values are quoted as Python's repr, read from the body's text only here, on the error path.
    static QString message(const BodyShape& shape, const Violation& violation, const QByteArray& body);
    // The answer of the route's family to a body that breaks its shape (CONTRACTS.md, each family's words).
    static ApiResponse refusal(Family family, const BodyShape& shape, const BodyCheck& check, const QByteArray& body);
    // check() and refusal() in one: nothing when the body fits, and then request.json holds it.
    static std::optional<ApiResponse> admit(ApiRequest& request, const BodyShape& shape, Family family);
};

} // namespace mood::api
