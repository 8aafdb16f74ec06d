#include "web/form.h"

#include <sodium.h>

#include "crypto.h"
#include "web/html.h"

namespace xiangke::backend::web {
namespace {

std::string trimmed(const std::string& text) {
    size_t begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) {
        return {};
    }
    size_t end = text.find_last_not_of(" \t\r\n");
    return text.substr(begin, end - begin + 1);
}

}  // namespace

std::optional<std::string> form_field(const httplib::Request& request, const std::string& name, size_t max_bytes) {
    std::string value;
    if (request.has_param(name.c_str())) {
        value = request.get_param_value(name.c_str());
    } else if (request.has_file(name.c_str())) {
        const auto file = request.get_file_value(name.c_str());
        if (!file.filename.empty()) {
            return std::nullopt;  // a file where text was expected
        }
        value = file.content;
    } else {
        return std::nullopt;
    }
    value = trimmed(value);
    if (value.size() > max_bytes) {
        return std::nullopt;
    }
    return value;
}

bool form_checked(const httplib::Request& request, const std::string& name) {
    auto value = form_field(request, name, 16);
    return value && !value->empty();
}

std::optional<std::string> form_file(const httplib::Request& request, const std::string& name) {
    if (!request.has_file(name.c_str())) {
        return std::nullopt;
    }
    auto file = request.get_file_value(name.c_str());
    if (file.filename.empty() && file.content.empty()) {
        return std::nullopt;  // the file input was left empty
    }
    return std::move(file.content);
}

std::string csrf_token(const std::string& session_token) {
    unsigned char out[16];
    static constexpr unsigned char kLabel[] = "xiangke-csrf-v1";
    crypto_generichash(out, sizeof out, kLabel, sizeof kLabel - 1,
                       reinterpret_cast<const unsigned char*>(session_token.data()), session_token.size());
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned char c : out) {
        hex.push_back(kHex[c >> 4]);
        hex.push_back(kHex[c & 15]);
    }
    return hex;
}

bool csrf_matches(const std::string& expected, const std::string& submitted) {
    return !expected.empty() && expected.size() == submitted.size() && crypto::equal_constant_time(expected, submitted);
}

std::string csrf_input(const std::string& token) {
    return std::string("<input type=\"hidden\" name=\"") + kCsrfField + "\" value=\"" + escape(token) + "\">";
}

std::string cookie_value(const httplib::Request& request, const std::string& name) {
    const std::string& header = request.get_header_value("Cookie");
    const std::string prefix = name + "=";
    size_t pos = 0;
    while (pos < header.size()) {
        while (pos < header.size() && (header[pos] == ' ' || header[pos] == ';')) {
            ++pos;
        }
        size_t end = header.find(';', pos);
        std::string pair = header.substr(pos, (end == std::string::npos ? header.size() : end) - pos);
        if (pair.compare(0, prefix.size(), prefix) == 0) {
            return pair.substr(prefix.size());
        }
        pos = end == std::string::npos ? header.size() : end + 1;
    }
    return {};
}

}  // namespace xiangke::backend::web
