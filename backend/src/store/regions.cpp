#include "store/regions.h"

#include <zlib.h>

#include <algorithm>
#include <set>

#include "csv.h"
#include "xiangke/core/json_reader.h"
#include "xiangke/core/region_code.h"
#include "xiangke/platform/files.h"

namespace xiangke::backend {
namespace {

using core::RegionLevel;

// The header of each file names its level and which column holds the parent code.
struct FileFormat {
    std::vector<std::string> header;
    RegionLevel level;
    size_t parent_column;
};

const std::vector<FileFormat>& formats() {
    static const std::vector<FileFormat> kFormats = {
        {{"code", "name"}, RegionLevel::Province, 0},
        {{"code", "name", "provinceCode"}, RegionLevel::City, 2},
        {{"code", "name", "cityCode", "provinceCode"}, RegionLevel::County, 2},
        {{"code", "name", "areaCode", "provinceCode", "cityCode"}, RegionLevel::Township, 2},
        {{"code", "name", "streetCode", "provinceCode", "cityCode", "areaCode"}, RegionLevel::Village, 2},
    };
    return kFormats;
}

core::Result<std::string> read_maybe_gzip(const std::string& path) {
    if (path.size() < 3 || path.compare(path.size() - 3, 3, ".gz") != 0) {
        return platform::read_file(path);
    }
    gzFile file = gzopen(path.c_str(), "rb");
    if (file == nullptr) {
        return core::Error{"io_error", "cannot open " + path, path};
    }
    std::string out;
    char buffer[1 << 16];
    int n = 0;
    while ((n = gzread(file, buffer, sizeof buffer)) > 0) {
        out.append(buffer, static_cast<size_t>(n));
    }
    bool failed = n < 0;
    gzclose(file);
    if (failed) {
        return core::Error{"io_error", "corrupt gzip data in " + path, path};
    }
    return out;
}

struct ParsedRow {
    std::string code;
    std::string name;
    RegionLevel level;
    std::string parent;
    std::string where;  // "file:line" for errors
};

core::Error row_error(const std::string& where, const std::string& field, const std::string& reason) {
    return core::Error{"bad_csv", where + ": " + field + ": " + reason, field};
}

core::Result<std::vector<ParsedRow>> parse_region_file(const std::string& path) {
    auto text = read_maybe_gzip(path);
    if (!text.ok()) {
        return text.error();
    }
    auto rows = parse_csv(*text);
    if (!rows.ok()) {
        return core::Error{"bad_csv", path + ": " + rows.error().message, ""};
    }
    if (rows->empty()) {
        return core::Error{"bad_csv", path + ": the file is empty", ""};
    }
    const auto& header = rows->front().fields;
    auto format = std::find_if(formats().begin(), formats().end(), [&](const auto& f) { return f.header == header; });
    if (format == formats().end()) {
        return core::Error{"bad_csv",
                           path +
                               ":1: header is not one of the region file formats (provinces, cities, "
                               "areas, streets, villages)",
                           ""};
    }
    std::vector<ParsedRow> out;
    out.reserve(rows->size());
    for (size_t i = 1; i < rows->size(); ++i) {
        const auto& row = (*rows)[i];
        std::string where = path + ":" + std::to_string(row.line);
        if (row.fields.size() != header.size()) {
            return row_error(
                where, "row",
                "expected " + std::to_string(header.size()) + " columns, found " + std::to_string(row.fields.size()));
        }
        auto code = core::RegionCode::parse(row.fields[0]);
        if (!code.ok() || code->level() != format->level || code->str().size() != row.fields[0].size()) {
            return row_error(where, "code",
                             "'" + row.fields[0] + "' is not a " +
                                 std::to_string(core::region_code_length(format->level)) + "-digit region code");
        }
        int64_t name_length = core::utf8_length(row.fields[1]);
        if (name_length <= 0 || name_length > 100) {
            return row_error(where, "name", "must be 1 to 100 characters of UTF-8");
        }
        std::string parent;
        if (format->level != RegionLevel::Province) {
            parent = code->parent().str();
            // Every parent column present must agree with the code's own prefix.
            for (size_t column = 2; column < header.size(); ++column) {
                const std::string& value = row.fields[column];
                if (code->str().compare(0, value.size(), value) != 0) {
                    return row_error(where, header[column], "'" + value + "' does not contain code " + code->str());
                }
            }
        }
        out.push_back({code->str(), row.fields[1], format->level, parent, where});
    }
    return out;
}

}  // namespace

core::Result<RegionImportReport> import_region_files(Database& db, const std::vector<std::string>& paths) {
    std::vector<ParsedRow> all;
    for (const auto& path : paths) {
        auto rows = parse_region_file(path);
        if (!rows.ok()) {
            return rows.error();
        }
        all.insert(all.end(), std::make_move_iterator(rows->begin()), std::make_move_iterator(rows->end()));
    }
    std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.level < b.level; });
    try {
        return with_write_transaction(db, [&]() -> core::Result<RegionImportReport> {
            std::set<std::string> seen;
            auto upsert = db.prepare(
                "INSERT INTO regions(code, name, level, parent_code) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(code) DO UPDATE SET name = excluded.name");
            for (const auto& row : all) {
                if (!seen.insert(row.code).second) {
                    throw std::runtime_error(row.where + ": code: " + row.code + " appears twice in the import");
                }
                if (!row.parent.empty() && seen.count(row.parent) == 0 && !region_exists(db, row.parent)) {
                    throw std::runtime_error(row.where + ": code: parent region " + row.parent +
                                             " is neither in the database nor in this import");
                }
                upsert.reset();
                upsert.bind(1, row.code);
                upsert.bind(2, row.name);
                upsert.bind(3, static_cast<int>(row.level));
                if (row.parent.empty()) {
                    upsert.bind(4);
                } else {
                    upsert.bind(4, row.parent);
                }
                upsert.exec();
            }
            return RegionImportReport{all.size(), paths.size()};
        });
    } catch (const std::exception& e) {
        return core::Error{"bad_csv", e.what(), ""};
    }
}

std::optional<std::string> region_name(Database& db, const std::string& code) {
    auto query = db.prepare("SELECT name FROM regions WHERE code = ?");
    query.bind(1, code);
    if (!query.step()) {
        return std::nullopt;
    }
    return query.column(0).getString();
}

bool region_exists(Database& db, const std::string& code) {
    return region_name(db, code).has_value();
}

}  // namespace xiangke::backend
