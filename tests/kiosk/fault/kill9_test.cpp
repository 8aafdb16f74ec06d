// kill -9 of the kiosk at random moments during submit and sync (issue 5, "Faults"): a kiosk
// process registers requests through the real submit path and runs the real sync engine against
// a real backend on 127.0.0.1, printing each code only after the commit that stores it; it is
// killed with SIGKILL after a random delay. After every kill the kiosk database must pass
// PRAGMA integrity_check and hold every code that was shown; at the end, after the outbox is
// flushed, every request the kiosk stored is on the server exactly once.
//
// XIANGKE_KIOSK_FAULT_CYCLES sets the number of kills (200 by default, for CI);
// XIANGKE_KIOSK_FAULT_SEED replays a run.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "kiosk/support/sync_test_support.h"
#include "support/eventually.h"
#include "sync/sync_engine.h"
#include "xiangke/core/time.h"

namespace xiangke::kiosk {
namespace {

int env_int(const char* name, int fallback) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? std::atoi(value) : fallback;
}

// Runs the kiosk's submit drill and kills it with SIGKILL after `kill_after` (unless it ends
// first); returns what it printed before it died.
std::string run_and_kill(const std::vector<std::string>& argv, std::chrono::microseconds kill_after) {
    int out[2];
    if (pipe(out) != 0) {
        return {};
    }
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        std::vector<char*> args;
        for (const auto& a : argv) {
            args.push_back(const_cast<char*>(a.c_str()));
        }
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    close(out[1]);
    // Kill at the deadline, unless the drill finished first (its three lines fit in the pipe).
    std::string printed;
    int status = 0;
    bool exited = test::eventually([&] { return waitpid(pid, &status, WNOHANG) == pid; }, kill_after,
                                   std::chrono::microseconds(200));
    if (!exited) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    char buffer[4096];
    ssize_t n = 0;
    while ((n = read(out[0], buffer, sizeof buffer)) > 0) {
        printed.append(buffer, static_cast<size_t>(n));
    }
    close(out[0]);
    return printed;
}

// Codes from complete "code C request R" lines (a line cut by the kill was not shown whole).
std::vector<std::string> shown_codes(const std::string& printed) {
    std::vector<std::string> codes;
    size_t start = 0;
    while (true) {
        size_t end = printed.find('\n', start);
        if (end == std::string::npos) {
            break;
        }
        std::istringstream line(printed.substr(start, end - start));
        std::string word, code;
        if (line >> word >> code && word == "code") {
            codes.push_back(code);
        }
        start = end + 1;
    }
    return codes;
}

TEST(KioskKill9, EveryShownCodeReachesTheServerExactlyOnce) {
    const int cycles = env_int("XIANGKE_KIOSK_FAULT_CYCLES", 200);
    const unsigned seed =
        static_cast<unsigned>(env_int("XIANGKE_KIOSK_FAULT_SEED", static_cast<int>(std::random_device{}())));
    std::printf("kill -9 campaign: %d cycles, seed %u (XIANGKE_KIOSK_FAULT_SEED)\n", cycles, seed);
    std::mt19937 random(seed);

    testing::DemoBackend backend;
    test::TempDir data;
    KioskIdentity identity = backend.enroll_kiosk(data.path());
    const std::string db_path = (data.path() / "kiosk.db").string();
    const std::vector<std::string> drill = {
        test::kiosk_executable(), "--backend", backend.url(), "submit-drill", "--count", "3", "--sync", "--data-dir",
        data.path().string()};

    // One run to the end sets the window: kills land anywhere from process start-up through the
    // submits and the sync cycles, however fast this machine is.
    auto started = std::chrono::steady_clock::now();
    std::set<std::string> shown;
    for (const auto& code : shown_codes(run_and_kill(drill, std::chrono::seconds(60)))) {
        shown.insert(code);
    }
    auto full_run = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    ASSERT_EQ(shown.size(), 3u) << "the drill did not complete on its own";
    std::printf("an uninterrupted drill takes %lld ms\n", static_cast<long long>(full_run.count() / 1000));
    std::uniform_int_distribution<long long> kill_after_us(1'000, full_run.count());
    int killed_with_output = 0;
    for (int cycle = 0; cycle < cycles; ++cycle) {
        auto codes = shown_codes(run_and_kill(drill, std::chrono::microseconds(kill_after_us(random))));
        killed_with_output += codes.empty() ? 0 : 1;
        if (!std::filesystem::exists(db_path)) {
            ASSERT_TRUE(codes.empty()) << "a code was shown before the database existed";
            continue;  // killed before the kiosk first opened its database
        }
        SQLite::Database db(db_path, SQLite::OPEN_READWRITE);
        ASSERT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok") << "after kill " << cycle;
        for (const auto& code : codes) {
            SQLite::Statement stored(db, "SELECT COUNT(*) FROM requests WHERE code = ?");
            stored.bind(1, code);
            stored.executeStep();
            ASSERT_EQ(stored.getColumn(0).getInt(), 1) << "code " << code << " was shown but not stored";
            shown.insert(code);
        }
    }
    std::printf("%zu codes shown, %d of %d kills came after at least one code\n", shown.size(), killed_with_output,
                cycles);
    ASSERT_FALSE(shown.empty());

    // Flush what the kills left in the outbox, as the next regular sync would.
    auto store = std::move(OutboxStore::open(db_path)).value();
    BackendClient client(backend.url(), identity.token);
    SyncEngine engine(*store, client);
    for (int i = 0; i < 5 && store->counts().pending > 0; ++i) {
        ASSERT_TRUE(engine.run_cycle(core::system_now_ms()).completed());
    }
    EXPECT_EQ(store->counts().pending, 0);
    EXPECT_EQ(store->counts().dead_letters, 0);

    SQLite::Database server(backend.db(), SQLite::OPEN_READONLY);
    for (const auto& code : shown) {
        SQLite::Statement query(server, "SELECT COUNT(*) FROM requests WHERE kiosk_id = ? AND code = ?");
        query.bind(1, identity.kiosk_id);
        query.bind(2, code);
        query.executeStep();
        EXPECT_EQ(query.getColumn(0).getInt(), 1) << "code " << code;
    }
    // Nothing stored at the kiosk is missing or doubled on the server, shown or not.
    int kiosk_requests = store->db().raw().execAndGet("SELECT COUNT(*) FROM requests").getInt();
    SQLite::Statement total(server, "SELECT COUNT(*), COUNT(DISTINCT code) FROM requests WHERE kiosk_id = ?");
    total.bind(1, identity.kiosk_id);
    total.executeStep();
    EXPECT_EQ(total.getColumn(0).getInt(), kiosk_requests);
    EXPECT_EQ(total.getColumn(1).getInt(), kiosk_requests);
}

}  // namespace
}  // namespace xiangke::kiosk
