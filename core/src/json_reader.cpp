#include "xiangke/core/json_reader.h"

namespace xiangke::core {

int64_t utf8_length(const std::string& text) {
    int64_t count = 0;
    for (size_t i = 0; i < text.size();) {
        auto c = static_cast<unsigned char>(text[i]);
        size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > text.size()) {
            return -1;
        }
        for (size_t k = 1; k < len; ++k) {
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
                return -1;
            }
        }
        i += len;
        ++count;
    }
    return count;
}

JsonReader::JsonReader(const nlohmann::json& object, std::string path)
    : m_object(object), m_path(std::move(path)) {
    if (!m_object.is_object()) {
        fail(m_path, "expected a JSON object", "wrong_type");
    }
}

std::string JsonReader::path_of(const char* name) const {
    return m_path.empty() ? std::string(name) : m_path + "." + name;
}

void JsonReader::fail(const std::string& field, const std::string& message, const std::string& code) {
    if (!m_error) {
        m_error = Error{code, message, field};
    }
}

void JsonReader::adopt(const JsonReader& nested) {
    if (!nested.ok()) {
        fail(nested.error().field, nested.error().message, nested.error().code);
    }
}

bool JsonReader::has(const char* name) const {
    return m_object.is_object() && m_object.contains(name) && !m_object.at(name).is_null();
}

std::optional<std::string> JsonReader::optional_string(const char* name, size_t max_chars) {
    if (!ok() || !has(name)) {
        return std::nullopt;
    }
    const auto& value = m_object.at(name);
    if (!value.is_string()) {
        fail(path_of(name), "expected a string", "wrong_type");
        return std::nullopt;
    }
    const auto& text = value.get_ref<const std::string&>();
    int64_t length = utf8_length(text);
    if (length < 0) {
        fail(path_of(name), "not valid UTF-8");
        return std::nullopt;
    }
    if (static_cast<size_t>(length) > max_chars) {
        fail(path_of(name), "longer than " + std::to_string(max_chars) + " characters", "too_long");
        return std::nullopt;
    }
    return text;
}

std::string JsonReader::string(const char* name, size_t max_chars, bool required) {
    if (ok() && required && !has(name)) {
        fail(path_of(name), "required field is missing", "missing_field");
    }
    return optional_string(name, max_chars).value_or(std::string());
}

std::optional<int64_t> JsonReader::optional_integer(const char* name, int64_t min, int64_t max) {
    if (!ok() || !has(name)) {
        return std::nullopt;
    }
    const auto& value = m_object.at(name);
    if (!value.is_number_integer()) {
        fail(path_of(name), "expected an integer", "wrong_type");
        return std::nullopt;
    }
    auto number = value.get<int64_t>();
    if (value.is_number_unsigned() && value.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
        number = INT64_MAX;
    }
    if (number < min || number > max) {
        fail(path_of(name), "must be between " + std::to_string(min) + " and " + std::to_string(max),
             "out_of_range");
        return std::nullopt;
    }
    return number;
}

int64_t JsonReader::integer(const char* name, int64_t min, int64_t max, bool required) {
    if (ok() && required && !has(name)) {
        fail(path_of(name), "required field is missing", "missing_field");
    }
    return optional_integer(name, min, max).value_or(0);
}

std::vector<std::string> JsonReader::string_list(const char* name, size_t max_items, size_t max_chars) {
    std::vector<std::string> items;
    const auto* list = child(name, nlohmann::json::value_t::array, false);
    if (list == nullptr) {
        return items;
    }
    if (list->size() > max_items) {
        fail(path_of(name), "more than " + std::to_string(max_items) + " items", "too_long");
        return items;
    }
    for (size_t i = 0; i < list->size(); ++i) {
        std::string item_path = path_of(name) + "[" + std::to_string(i) + "]";
        const auto& item = (*list)[i];
        if (!item.is_string()) {
            fail(item_path, "expected a string", "wrong_type");
            return items;
        }
        int64_t length = utf8_length(item.get_ref<const std::string&>());
        if (length < 0 || static_cast<size_t>(length) > max_chars) {
            fail(item_path, "longer than " + std::to_string(max_chars) + " characters", "too_long");
            return items;
        }
        items.push_back(item.get<std::string>());
    }
    return items;
}

const nlohmann::json* JsonReader::child(const char* name, nlohmann::json::value_t type, bool required) {
    if (!ok()) {
        return nullptr;
    }
    if (!has(name)) {
        if (required) {
            fail(path_of(name), "required field is missing", "missing_field");
        }
        return nullptr;
    }
    const auto& value = m_object.at(name);
    if (value.type() != type) {
        fail(path_of(name), type == nlohmann::json::value_t::array ? "expected an array" : "expected an object",
             "wrong_type");
        return nullptr;
    }
    return &value;
}

Result<nlohmann::json> parse_json_object(const std::string& text) {
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (parsed.is_discarded()) {
        return Error{"bad_json", "the body is not valid JSON", ""};
    }
    if (!parsed.is_object()) {
        return Error{"bad_json", "the body must be a JSON object", ""};
    }
    return parsed;
}

}  // namespace xiangke::core
