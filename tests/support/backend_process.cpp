#include "support/backend_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace xiangke::test {
namespace fs = std::filesystem;

namespace {

std::vector<char*> to_argv(const std::vector<std::string>& args) {
    std::vector<char*> out;
    for (const auto& a : args) {
        out.push_back(const_cast<char*>(a.c_str()));
    }
    out.push_back(nullptr);
    return out;
}

}  // namespace

std::string backend_executable() { return std::string(XIANGKE_BINARY_DIR) + "/backend/xiangke-backend"; }
std::string kiosk_executable() { return std::string(XIANGKE_BINARY_DIR) + "/kiosk/xiangke-kiosk"; }

CommandResult run_command(const std::vector<std::string>& argv, const std::string& input) {
    TempDir dir;
    fs::path in_path = dir.path() / "in", out_path = dir.path() / "out", err_path = dir.path() / "err";
    std::ofstream(in_path) << input;
    pid_t pid = ::fork();
    if (pid == 0) {
        int in = ::open(in_path.c_str(), O_RDONLY);
        int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(in, 0);
        ::dup2(out, 1);
        ::dup2(err, 2);
        auto args = to_argv(argv);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    CommandResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream out(out_path), err(err_path);
    std::stringstream o, e;
    o << out.rdbuf();
    e << err.rdbuf();
    result.out = o.str();
    result.err = e.str();
    return result;
}

TempDir::TempDir() {
    std::string pattern = (fs::temp_directory_path() / "xiangke-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    m_path = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

BackendProcess::BackendProcess(std::string db_path, std::vector<std::string> extra_args)
    : m_db_path(std::move(db_path)), m_log_path(m_db_path + ".server.log") {
    int out_pipe[2];
    if (::pipe(out_pipe) != 0) {
        throw std::runtime_error("pipe failed");
    }
    std::vector<std::string> args = {backend_executable(), "serve", "--db", m_db_path, "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    m_pid = ::fork();
    if (m_pid == 0) {
        ::dup2(out_pipe[1], 1);
        int log = ::open(m_log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        ::dup2(log, 2);
        ::close(out_pipe[0]);
        auto argv = to_argv(args);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(out_pipe[1]);
    // The server prints "xiangke-backend listening on http://HOST:PORT" once bound.
    std::string line;
    char c = 0;
    while (::read(out_pipe[0], &c, 1) == 1 && c != '\n') {
        line.push_back(c);
    }
    ::close(out_pipe[0]);
    auto colon = line.rfind(':');
    if (line.find("listening on") == std::string::npos || colon == std::string::npos) {
        stop();
        throw std::runtime_error("backend did not start: " + line + " / " + log());
    }
    m_port = std::stoi(line.substr(colon + 1));
}

BackendProcess::~BackendProcess() { stop(); }

int BackendProcess::stop() {
    if (m_pid <= 0) {
        return -1;
    }
    ::kill(m_pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100; ++i) {
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(m_pid, SIGKILL);
    ::waitpid(m_pid, &status, 0);
    m_pid = -1;
    return -1;
}

void BackendProcess::kill_hard() {
    if (m_pid > 0) {
        ::kill(m_pid, SIGKILL);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
        m_pid = -1;
    }
}

std::string BackendProcess::log() const {
    std::ifstream in(m_log_path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace xiangke::test
