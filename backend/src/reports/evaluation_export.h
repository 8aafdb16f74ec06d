#pragma once
// Exports of an evaluation's JSON answer (CONTRACT.md "Evaluation"): CSV and Excel carry the same
// figures as the JSON because they are written from it.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "xiangke/core/result.h"

namespace xiangke::backend::reports {

// UTF-8 with a BOM, RFC 4180 quoting, CRLF line ends; text cells starting with = + - @, a tab or
// a carriage return get a leading ' so a spreadsheet never runs them as formulas.
std::string evaluation_csv(const nlohmann::json& answer);

// An .xlsx workbook (libxlsxwriter): 汇总 (one row per agent), 明细 (one row per item), 团队 (one
// row per team); numbers as numbers, header rows frozen, column widths set.
core::Result<std::string> evaluation_xlsx(const nlohmann::json& answer);

// One CSV cell: neutralised and quoted as needed.
std::string csv_cell(const std::string& text);

// Content-Disposition for a download named in UTF-8 (RFC 6266 / RFC 5987): an ASCII fallback and
// filename*=UTF-8''….
std::string content_disposition(const std::string& filename);

// The summary table both exports share: header and one row per agent (text or number cells).
struct Cell {
    enum class Kind { Text, Number, Empty } kind = Kind::Empty;
    std::string text;
    double number = 0;
};
struct Table {
    std::vector<std::string> header;
    std::vector<double> widths;  // characters, for the Excel columns
    std::vector<std::vector<Cell>> rows;
};
Table summary_table(const nlohmann::json& answer);
Table details_table(const nlohmann::json& answer);
Table teams_table(const nlohmann::json& answer);

}  // namespace xiangke::backend::reports
