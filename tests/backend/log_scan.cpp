// Runs after every backend test (a CTest cleanup fixture): reads every log the test servers wrote
// and fails on anything that looks like a mainland phone number (11 digits starting 1[3-9], not
// part of a longer number such as a timestamp or a region code) or a bearer token (64 hex digits).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: backend_log_scan LOGDIR\n");
        return 2;
    }
    const std::regex phone(R"((^|[^0-9])1[3-9][0-9]{9}([^0-9]|$))");
    const std::regex token(R"((^|[^0-9a-f])[0-9a-f]{64}([^0-9a-f]|$))");
    size_t files = 0;
    size_t lines = 0;
    size_t problems = 0;
    std::error_code ec;
    for (const auto& entry : fs::recursive_directory_iterator(argv[1], ec)) {
        if (!entry.is_regular_file()) {
            continue;
        }
        ++files;
        std::ifstream in(entry.path());
        std::string line;
        size_t number = 0;
        while (std::getline(in, line)) {
            ++number;
            ++lines;
            const char* what = std::regex_search(line, phone)   ? "a phone number"
                               : std::regex_search(line, token) ? "a token"
                                                                : nullptr;
            if (what != nullptr) {
                ++problems;
                // The line itself is not repeated: it is what must not spread.
                std::printf("%s:%zu: %s in the log\n", entry.path().c_str(), number, what);
            }
        }
    }
    std::printf("scanned %zu lines in %zu server logs\n", lines, files);
    if (files == 0) {
        std::printf("no server logs found in %s: did the backend tests run?\n", argv[1]);
        return 1;
    }
    return problems == 0 ? 0 : 1;
}
