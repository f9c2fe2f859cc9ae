#pragma once

namespace mood {

class Database;

namespace detail {

// The transaction this thread has open on one Database (at most one per Database and thread).
struct ThreadTransaction {
    const Database* database = nullptr;
    bool scope = false; // a TransactionScope owns it: begun by the first write, committed by the scope
    bool open = false;  // BEGIN was sent
    int savepoints = 0; // nested writes in progress
    bool lost = false;  // a statement inside failed on a lost connection
    bool gated = false; // holds the Database's write gate (SQLite), released after COMMIT or ROLLBACK
};

ThreadTransaction* threadTransaction(const Database* database); // nullptr when there is none
ThreadTransaction& addThreadTransaction(const Database* database);
void removeThreadTransaction(const Database* database);
bool endThreadTransaction(const Database* database); // removes it; true when it held the write gate

} // namespace detail
} // namespace mood
