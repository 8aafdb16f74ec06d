#pragma once
// Reads fields out of a JSON object with validation; the first problem found is kept as an
// Error naming the field (with its path, e.g. "ops[3].payload.farmer_phone").
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "xiangke/core/result.h"

namespace xiangke::core {

// Characters (Unicode code points) in a UTF-8 string; invalid UTF-8 counts as -1.
int64_t utf8_length(const std::string& text);

class JsonReader {
public:
    JsonReader(const nlohmann::json& object, std::string path);

    std::string string(const char* name, size_t max_chars, bool required = true);
    std::optional<std::string> optional_string(const char* name, size_t max_chars);
    int64_t integer(const char* name, int64_t min, int64_t max, bool required = true);
    std::optional<int64_t> optional_integer(const char* name, int64_t min, int64_t max);
    std::vector<std::string> string_list(const char* name, size_t max_items, size_t max_chars);
    // The nested value (object or array) or null when missing and not required.
    const nlohmann::json* child(const char* name, nlohmann::json::value_t type, bool required = true);
    bool has(const char* name) const;

    std::string path_of(const char* name) const;
    void fail(const std::string& field, const std::string& message, const std::string& code = "invalid_field");
    bool ok() const { return !m_error.has_value(); }
    const Error& error() const { return *m_error; }
    // Adopts the error of a nested reader.
    void adopt(const JsonReader& nested);

private:
    const nlohmann::json& m_object;
    std::string m_path;
    std::optional<Error> m_error;
};

// Parses text into a JSON object; the error says where the syntax broke.
Result<nlohmann::json> parse_json_object(const std::string& text);

}  // namespace xiangke::core
