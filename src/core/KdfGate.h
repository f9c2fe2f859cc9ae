#pragma once

#include <QMutex>
#include <QWaitCondition>

namespace mood {

// Lets at most `limit` Argon2id computations run at once in the whole process (by default one per core); the
// others wait in a queue. Each computation takes 64 MiB: a burst of registrations or cold logins then costs at
// most cores x 64 MiB and never more threads' worth of CPU than there are cores.
class KdfGate final
{
public:
    struct Stats {
        int limit = 0;
        int running = 0;
        int waiting = 0;
        int peakRunning = 0; // since the last resetPeaks()
        int peakWaiting = 0;
        qint64 passes = 0; // computations started since the program began
    };

    // Holds one place while it lives.
    class Pass final
    {
    public:
        explicit Pass(KdfGate& gate);
        ~Pass();
        Pass(const Pass&) = delete;
        Pass& operator=(const Pass&) = delete;

    private:
        KdfGate& m_gate;
    };

    static KdfGate& instance();
    explicit KdfGate(int limit);

    Stats stats() const;
    void resetPeaks();

private:
    void enter();
    void leave();

    mutable QMutex m_mutex;
    QWaitCondition m_free;
    Stats m_stats;
};

} // namespace mood
