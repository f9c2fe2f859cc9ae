#pragma once

#include "BodyShape.h"

// The request bodies of CONTRACTS.md, declared once: the routes validate with them and /openapi.json is
// generated from them. Members are listed in the contract's order (the order of its error messages).
namespace mood::api::shapes {

const BodyShape& credentials();    // POST /user, POST /login
const BodyShape& profileChange();  // PATCH /user/me
const BodyShape& instanceChange(); // PATCH /instance
const BodyShape& moodInput();      // POST /mood
const BodyShape& moodCorrection(); // PATCH /mood/<id>
const BodyShape& eventInput();     // POST /events
const BodyShape& uiLogs();         // POST /logs (each log's rules are the route's own codes)
const BodyShape& activityInput();  // POST /activity
const BodyShape& followChange();   // POST /feed/<u>

} // namespace mood::api::shapes
