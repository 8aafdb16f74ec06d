#pragma once
// A problem found in the content sources, reported as `FILE:LINE: field: reason`.
#include <string>
#include <vector>

namespace xiangke::content {

struct Diagnostic {
    std::string file;   // as the author sees it: the content directory joined with the relative path
    int line = 0;       // 1-based; 0 when the problem concerns the whole file
    std::string field;  // front matter key, "body", or the JSON field at fault
    std::string reason;
};

inline std::string format_diagnostic(const Diagnostic& d) {
    return d.file + ":" + std::to_string(d.line) + ": " + d.field + ": " + d.reason;
}

// Collects errors (which fail validation) and warnings (which are only printed).
struct Diagnostics {
    std::vector<Diagnostic> errors;
    std::vector<Diagnostic> warnings;

    void error(std::string file, int line, std::string field, std::string reason) {
        errors.push_back({std::move(file), line, std::move(field), std::move(reason)});
    }
    void warning(std::string file, int line, std::string field, std::string reason) {
        warnings.push_back({std::move(file), line, std::move(field), std::move(reason)});
    }
};

}  // namespace xiangke::content
