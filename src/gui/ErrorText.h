#pragma once

#include "ClientError.h"

#include <QCoreApplication>

namespace mood::gui {

// A backend's refusal in words a person understands, for what they were doing. Never shows raw server text
// alone: the kind decides the sentence, the detail (English, from the backend) only goes into tooltips.
class ErrorText final
{
    Q_DECLARE_TR_FUNCTIONS(ErrorText)

public:
    enum class Action { SignIn, SignUp, RecordToday, RecordDay, Correct, Remove, Load, Profile, Share };
    static QString describe(const client::Error& error, Action action);
};

} // namespace mood::gui
