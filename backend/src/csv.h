#pragma once
// RFC 4180 CSV as written by the region data files: comma separated, optional double quotes,
// "" for a quote inside a quoted field.
#include <string>
#include <vector>

#include "xiangke/core/result.h"

namespace xiangke::backend {

struct CsvRow {
    size_t line = 0;  // 1-based line number in the file
    std::vector<std::string> fields;
};

// The error names the line and what broke (unterminated quote, text after a closing quote).
core::Result<std::vector<CsvRow>> parse_csv(const std::string& text);

}  // namespace xiangke::backend
