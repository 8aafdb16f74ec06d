#include "reports/evaluation_export.h"

#include <xlsxwriter.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "xiangke/core/evaluation.h"
#include "xiangke/platform/random.h"

namespace xiangke::backend::reports {
namespace {

using nlohmann::json;
namespace ev = core::evaluation;

// A member object or array by reference (json::value would copy it: the answer can be 100 MB).
// Missing: an empty object (iterates as empty, answers value() with the default).
const json& member(const json& object, const char* key) {
    static const json kEmpty = json::object();
    if (!object.is_object()) {
        return kEmpty;
    }
    auto it = object.find(key);
    return it == object.end() || it->is_null() ? kEmpty : *it;
}

Cell text_cell(std::string text) {
    return Cell{Cell::Kind::Text, std::move(text), 0};
}

Cell number_cell(const json& value) {
    if (!value.is_number()) {
        return Cell{};
    }
    return Cell{Cell::Kind::Number, "", value.get<double>()};
}

std::string type_label(const json& entry) {
    auto type = ev::agent_type_from_name(entry.value("type", std::string()));
    return type ? std::string(ev::agent_type_label(*type)) : entry.value("type", std::string());
}

// The figures every row shows, in order: (JSON key, column title, width).
struct Column {
    const char* key;
    const char* title;
    double width;
};
constexpr Column kFigureColumns[] = {
    {"handled", "经办求助", 9},
    {"resolved", "已解决", 8},
    {"confirmed", "农户确认", 9},
    {"mean_rating", "平均评分", 9},
    {"median_claim_minutes", "接单用时中位数(分钟)", 12},
    {"overdue", "超时", 7},
    {"service_days", "服务天数", 9},
    {"visits", "服务次数", 9},
    {"trainings", "培训场次", 9},
    {"attendees", "培训人次", 9},
};

std::vector<std::pair<std::string, std::string>> dimensions_of(const json& answer) {
    // In the order of the weights (the individual scheme's dimensions), named by dimension_names.
    std::vector<std::pair<std::string, std::string>> out;
    const json& names = member(answer, "dimension_names");
    const json& weights = member(answer, "weights");
    for (const auto& [id, weight] : weights.items()) {
        out.emplace_back(id, names.value(id, id));
    }
    for (const auto& [id, name] : names.items()) {
        bool known = false;
        for (const auto& d : out) {
            known = known || d.first == id;
        }
        if (!known) {
            out.emplace_back(id, name.get<std::string>());
        }
    }
    return out;
}

std::string flags_text(const json& entry) {
    std::string text;
    for (const auto& flag : member(entry, "flags")) {
        if (!text.empty()) {
            text += "；";
        }
        text += flag.value("message", flag.value("code", std::string()));
    }
    return text;
}

Table entries_table(const json& answer, const json& entries, bool teams) {
    Table table;
    auto dimensions = dimensions_of(answer);
    auto add = [&table](std::string title, double width) {
        table.header.push_back(std::move(title));
        table.widths.push_back(width);
    };
    add("排名", 6);
    add(teams ? "团队编号" : "编号", 8);
    add(teams ? "团队" : "姓名", 14);
    if (!teams) {
        add("团队", 16);
    }
    add("类型", 6);
    if (teams) {
        add("成员数", 7);
    }
    for (const auto& c : kFigureColumns) {
        add(c.title, c.width);
    }
    for (const auto& [id, name] : dimensions) {
        add(name, 10);
    }
    add("总分", 8);
    add("等级", 8);
    add("等级说明", 16);
    add("提示", 30);
    for (const auto& e : entries) {
        std::vector<Cell> row;
        row.push_back(number_cell(e.value("rank", json())));
        row.push_back(number_cell(e.value(teams ? "team_id" : "agent_id", json())));
        row.push_back(text_cell(e.value("name", std::string())));
        if (!teams) {
            row.push_back(text_cell(e.value("team", std::string())));
        }
        row.push_back(text_cell(type_label(e)));
        if (teams) {
            row.push_back(number_cell(json(member(e, "members").size())));
        }
        for (const auto& c : kFigureColumns) {
            row.push_back(number_cell(e.value(c.key, json())));
        }
        const json& scores = member(e, "dimensions");
        for (const auto& [id, name] : dimensions) {
            row.push_back(number_cell(scores.value(id, json())));
        }
        row.push_back(number_cell(e.value("score", json())));
        row.push_back(text_cell(e.value("band", std::string())));
        row.push_back(text_cell(e.value("band_reason", std::string())));
        row.push_back(text_cell(flags_text(e)));
        table.rows.push_back(std::move(row));
    }
    return table;
}

std::string number_text(double value) {
    return json(value).dump();
}

std::string csv_line(const std::vector<Cell>& cells) {
    std::string line;
    for (size_t i = 0; i < cells.size(); ++i) {
        if (i != 0) {
            line += ',';
        }
        const Cell& cell = cells[i];
        if (cell.kind == Cell::Kind::Number) {
            line += number_text(cell.number);
        } else if (cell.kind == Cell::Kind::Text) {
            line += csv_cell(cell.text);
        }
    }
    return line + "\r\n";
}

std::string percent_encode(const std::string& text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        }
    }
    return out;
}

// Deletes the temporary workbook file however the export ends.
struct TempFile {
    std::filesystem::path path;
    ~TempFile() {
        std::error_code ec;
        std::filesystem::remove(path, ec);
    }
};

void write_sheet(lxw_workbook* workbook, lxw_worksheet* sheet, const Table& table, lxw_format* header_format) {
    for (size_t c = 0; c < table.header.size(); ++c) {
        worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), table.header[c].c_str(), header_format);
        worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), table.widths[c], nullptr);
    }
    worksheet_freeze_panes(sheet, 1, 0);
    (void)workbook;
    for (size_t r = 0; r < table.rows.size(); ++r) {
        const auto row = static_cast<lxw_row_t>(r + 1);
        for (size_t c = 0; c < table.rows[r].size(); ++c) {
            const Cell& cell = table.rows[r][c];
            const auto col = static_cast<lxw_col_t>(c);
            if (cell.kind == Cell::Kind::Number) {
                worksheet_write_number(sheet, row, col, cell.number, nullptr);
            } else if (cell.kind == Cell::Kind::Text && !cell.text.empty()) {
                worksheet_write_string(sheet, row, col, cell.text.c_str(), nullptr);
            }
        }
    }
}

}  // namespace

std::string csv_cell(const std::string& text) {
    std::string value = text;
    if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' ||
                           value[0] == '\t' || value[0] == '\r')) {
        value.insert(value.begin(), '\'');
    }
    if (value.find_first_of(",\"\r\n") == std::string::npos) {
        return value;
    }
    std::string quoted = "\"";
    for (char c : value) {
        if (c == '"') {
            quoted += '"';
        }
        quoted += c;
    }
    return quoted + "\"";
}

Table summary_table(const json& answer) {
    return entries_table(answer, member(answer, "agents"), false);
}

Table teams_table(const json& answer) {
    return entries_table(answer, member(answer, "teams"), true);
}

Table details_table(const json& answer) {
    Table table;
    table.header = {"编号", "姓名", "团队", "考核项目", "项目编号", "维度", "数量", "得分", "证据条数", "证据"};
    table.widths = {8, 14, 16, 18, 16, 12, 8, 8, 9, 50};
    const json& names = member(answer, "dimension_names");
    for (const auto& agent : member(answer, "agents")) {
        for (const auto& item : member(agent, "items")) {
            const json& evidence = member(item, "evidence");
            std::string ids;
            for (const auto& e : evidence) {
                if (!ids.empty()) {
                    ids += ' ';
                }
                ids += e.value("kind", std::string()) + ":" + std::to_string(e.value("id", int64_t{0}));
            }
            const std::string dimension = item.value("dimension", std::string());
            table.rows.push_back(
                {number_cell(agent.value("agent_id", json())), text_cell(agent.value("name", std::string())),
                 text_cell(agent.value("team", std::string())), text_cell(item.value("name", std::string())),
                 text_cell(item.value("id", std::string())),
                 text_cell(dimension.empty() ? "加减分" : names.value(dimension, dimension)),
                 number_cell(item.value("quantity", json())), number_cell(item.value("points", json())),
                 number_cell(item.value("evidence_count", json(evidence.size()))), text_cell(ids)});
        }
    }
    return table;
}

std::string evaluation_csv(const json& answer) {
    Table table = summary_table(answer);
    std::string out = "\xEF\xBB\xBF";
    std::vector<Cell> header;
    for (const auto& title : table.header) {
        header.push_back(text_cell(title));
    }
    out += csv_line(header);
    for (const auto& row : table.rows) {
        out += csv_line(row);
    }
    return out;
}

core::Result<std::string> evaluation_xlsx(const json& answer) {
    TempFile file{std::filesystem::temp_directory_path() / ("xiangke-export-" + platform::random_hex(12) + ".xlsx")};
    lxw_workbook_options options{};
    // Rows are written in order, so each is flushed at once with its strings inline: faster than
    // the shared-string table for 2,000 agents.
    options.constant_memory = LXW_TRUE;
    const std::string tmpdir = std::filesystem::temp_directory_path().string();
    options.tmpdir = const_cast<char*>(tmpdir.c_str());
    lxw_workbook* workbook = workbook_new_opt(file.path.c_str(), &options);
    if (workbook == nullptr) {
        return core::Error{"export_failed", "cannot create the Excel workbook", ""};
    }
    lxw_format* header = workbook_add_format(workbook);
    format_set_bold(header);
    format_set_bg_color(header, 0xDDEBF7);
    format_set_text_wrap(header);
    write_sheet(workbook, workbook_add_worksheet(workbook, "汇总"), summary_table(answer), header);
    write_sheet(workbook, workbook_add_worksheet(workbook, "明细"), details_table(answer), header);
    write_sheet(workbook, workbook_add_worksheet(workbook, "团队"), teams_table(answer), header);
    lxw_error error = workbook_close(workbook);
    if (error != LXW_NO_ERROR) {
        return core::Error{"export_failed", std::string("Excel export failed: ") + lxw_strerror(error), ""};
    }
    std::ifstream in(file.path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    if (!in) {
        return core::Error{"export_failed", "cannot read the Excel workbook back", ""};
    }
    return bytes.str();
}

std::string content_disposition(const std::string& filename) {
    std::string ascii;
    for (unsigned char c : filename) {
        ascii.push_back(c < 0x80 && c != '"' && c != '\\' ? static_cast<char>(c) : '_');
    }
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + percent_encode(filename);
}

}  // namespace xiangke::backend::reports
