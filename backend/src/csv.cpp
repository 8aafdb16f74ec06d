#include "csv.h"

namespace xiangke::backend {

core::Result<std::vector<CsvRow>> parse_csv(const std::string& text) {
    std::vector<CsvRow> rows;
    CsvRow row{1, {}};
    std::string field;
    size_t line = 1;
    bool in_quotes = false;
    bool after_quote = false;
    size_t i = 0;
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) {
        i = 3;  // byte-order mark
    }
    auto end_row = [&] {
        row.fields.push_back(std::move(field));
        field.clear();
        if (!(row.fields.size() == 1 && row.fields[0].empty())) {
            rows.push_back(std::move(row));
        }
        row = CsvRow{line + 1, {}};
        after_quote = false;
    };
    for (; i < text.size(); ++i) {
        char c = text[i];
        if (in_quotes) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field.push_back('"');
                ++i;
            } else if (c == '"') {
                in_quotes = false;
                after_quote = true;
            } else {
                if (c == '\n') {
                    ++line;
                }
                field.push_back(c);
            }
            continue;
        }
        if (c == ',') {
            row.fields.push_back(std::move(field));
            field.clear();
            after_quote = false;
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            continue;
        } else if (c == '\n') {
            end_row();
            ++line;
        } else if (c == '"' && field.empty() && !after_quote) {
            in_quotes = true;
        } else if (after_quote) {
            return core::Error{"bad_csv", "line " + std::to_string(line) + ": text after a closing quote", ""};
        } else {
            field.push_back(c);
        }
    }
    if (in_quotes) {
        return core::Error{"bad_csv", "line " + std::to_string(row.line) + ": quote never closed", ""};
    }
    if (!field.empty() || !row.fields.empty()) {
        end_row();
    }
    return rows;
}

}  // namespace xiangke::backend
