#include "ShareHost.h"

#include "ApiServer.h"
#include "Deliver.h"
#include "LocalInstance.h"
#include "LocalMapping.h"
#include "Services.h"

#include <QtConcurrent/QtConcurrentRun>

namespace mood::client {

using namespace Qt::StringLiterals;

ShareHost::ShareHost(LocalInstance& instance)
    : m_instance(instance)
{
    m_thread.setMaxThreadCount(1);
    m_thread.setExpiryTimeout(-1);
    m_thread.setObjectName(u"moodboard-share"_s);
}

ShareHost::~ShareHost()
{
    // Quitting the app: the one moment that may wait, so that requests already received get their answers.
    QtConcurrent::run(&m_thread, [this] { m_server.reset(); }).waitForFinished();
    m_thread.waitForDone();
}

QFuture<Result<ShareStatus>> ShareHost::apply(const ShareSettings& settings)
{
    auto future = QtConcurrent::run(&m_thread, [this, settings] { return applyNow(settings); });
    deliver(future, this, [this](const Result<ShareStatus>& result) {
        const ShareStatus status = result ? *result : ShareStatus{};
        if (status.running == m_status.running && status.port == m_status.port && status.address == m_status.address)
            return;
        m_status = status;
        emit statusChanged(m_status);
    });
    return future;
}

Result<ShareStatus> ShareHost::applyNow(const ShareSettings& settings)
{
    if (m_server
        && (!settings.enabled || m_server->options().address != settings.address
            || (settings.port != 0 && m_server->port() != settings.port)
            || (settings.port == 0 && m_server->options().port != 0))) {
        m_server.reset(); // stops, after answering what it already received
    }
    if (!settings.enabled)
        return ShareStatus{};
    if (!m_server) {
        const Result<Services*> services = m_instance.open();
        if (!services)
            return services.error();
        api::ServerOptions options;
        options.address = settings.address;
        options.port = settings.port;
        auto server = std::make_unique<api::ApiServer>(**services, options);
        const auto port = server->start();
        if (!port)
            return local::errorFrom(port.error());
        m_server = std::move(server);
    }
    return ShareStatus{true, m_server->options().address, m_server->port()};
}

QFuture<Result<InstanceRules>> ShareHost::rules()
{
    return m_instance.run<InstanceRules>([](Services& services) -> Result<InstanceRules> {
        const auto open = services.settings.registrationOpen();
        if (!open)
            return local::errorFrom(open.error());
        return InstanceRules{*open, services.moods.backfillDays()};
    });
}

QFuture<Result<InstanceRules>> ShareHost::setRules(const QString& admin, const InstanceRules& rules)
{
    return m_instance.run<InstanceRules>([admin, rules](Services& services) -> Result<InstanceRules> {
        const auto user = services.users.findByName(admin);
        if (!user)
            return local::errorFrom(user.error());
        if (!user->has_value() || !(*user)->isAdmin)
            return Error{ErrorKind::Forbidden, u"only the admin of this Moodboard changes its rules"_s};
        if (rules.backfillDays < 0 || rules.backfillDays > 366)
            return Error{ErrorKind::InvalidInput, u"the back-fill window is 0 to 366 days"_s};
        if (const Status set = services.settings.setRegistrationOpen(rules.registrationOpen); !set)
            return local::errorFrom(set.error());
        services.moods.setBackfillDays(rules.backfillDays);
        return rules;
    });
}

} // namespace mood::client
