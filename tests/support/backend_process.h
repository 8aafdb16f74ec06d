#pragma once
// Runs the real xiangke-backend executable for integration tests: a fresh database in a temporary
// directory, `serve` on an ephemeral 127.0.0.1 port, SIGTERM (then SIGKILL) on destruction.
#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace xiangke::test {

struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs a command to completion, feeding `input` on stdin.
CommandResult run_command(const std::vector<std::string>& argv, const std::string& input = "");

std::string backend_executable();
std::string kiosk_executable();

class TempDir {
public:
    TempDir();
    ~TempDir();
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

class BackendProcess {
public:
    // Creates (if needed) and serves `db_path`; extra arguments go to `serve`.
    explicit BackendProcess(std::string db_path, std::vector<std::string> extra_args = {});
    ~BackendProcess();
    BackendProcess(const BackendProcess&) = delete;
    BackendProcess& operator=(const BackendProcess&) = delete;

    int port() const { return m_port; }
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    pid_t pid() const { return m_pid; }
    // Sends SIGTERM and waits; returns the exit status (or -1).
    int stop();
    // SIGKILL, as in a crash.
    void kill_hard();
    // What the server wrote to stderr so far (its structured log).
    std::string log() const;

private:
    std::string m_db_path;
    std::filesystem::path m_log_path;
    pid_t m_pid = -1;
    int m_port = 0;
};

}  // namespace xiangke::test
