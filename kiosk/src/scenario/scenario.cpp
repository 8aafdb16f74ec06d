#include "scenario/scenario.h"

#include <cctype>
#include <cstdlib>

namespace xiangke::kiosk {
namespace {

std::string trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) {
        return {};
    }
    size_t e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

// A double-quoted argument; \" and \\ escape. Returns false when malformed.
bool parse_quoted(const std::string& rest, std::string& out, std::string& after) {
    if (rest.empty() || rest[0] != '"') {
        return false;
    }
    out.clear();
    for (size_t i = 1; i < rest.size(); ++i) {
        if (rest[i] == '\\' && i + 1 < rest.size()) {
            out.push_back(rest[++i]);
        } else if (rest[i] == '"') {
            after = trim(rest.substr(i + 1));
            return true;
        } else {
            out.push_back(rest[i]);
        }
    }
    return false;
}

bool parse_point(const std::string& token, Point& p) {
    auto comma = token.find(',');
    if (comma == std::string::npos) {
        return false;
    }
    char* end = nullptr;
    p.x = std::strtof(token.c_str(), &end);
    if (end != token.c_str() + comma) {
        return false;
    }
    const char* y_begin = token.c_str() + comma + 1;
    p.y = std::strtof(y_begin, &end);
    return end == token.c_str() + token.size() && end != y_begin && p.x >= 0 && p.y >= 0;
}

std::vector<std::string> split_ws(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == ' ' || c == '\t') {
            if (!cur.empty()) {
                out.push_back(cur);
                cur.clear();
            }
        } else {
            cur.push_back(c);
        }
    }
    if (!cur.empty()) {
        out.push_back(cur);
    }
    return out;
}

bool parse_duration(const std::string& token, int64_t& ms) {
    size_t digits = 0;
    while (digits < token.size() && std::isdigit(static_cast<unsigned char>(token[digits]))) {
        ++digits;
    }
    if (digits == 0 || digits > 9) {
        return false;
    }
    int64_t value = std::atoll(token.substr(0, digits).c_str());
    std::string unit = token.substr(digits);
    if (unit == "ms") {
        ms = value;
    } else if (unit == "s" || unit.empty()) {
        ms = value * 1000;
    } else if (unit == "min" || unit == "m") {
        ms = value * 60'000;
    } else if (unit == "h") {
        ms = value * 3'600'000;
    } else {
        return false;
    }
    return true;
}

}  // namespace

core::Result<std::vector<Step>> parse_scenario(const std::string& text) {
    std::vector<Step> steps;
    size_t start = 0;
    int line_number = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) {
            end = text.size();
        }
        std::string raw = text.substr(start, end - start);
        start = end + 1;
        ++line_number;
        // Strip a comment, unless the # is inside quotes.
        bool quoted = false;
        for (size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] == '"' && (i == 0 || raw[i - 1] != '\\')) {
                quoted = !quoted;
            } else if (raw[i] == '#' && !quoted) {
                raw = raw.substr(0, i);
                break;
            }
        }
        std::string line = trim(raw);
        if (line.empty()) {
            if (end == text.size()) {
                break;
            }
            continue;
        }
        auto space = line.find_first_of(" \t");
        std::string verb = line.substr(0, space);
        std::string rest = space == std::string::npos ? "" : trim(line.substr(space));
        auto bad = [&](const std::string& why) {
            return core::Error{"bad_scenario", std::to_string(line_number) + ": " + why + ": " + line, ""};
        };
        Step step{Step::Kind::Sync, line_number, {}, {}, 0, line};
        std::string after;
        if (verb == "tap") {
            Point p;
            if (parse_quoted(rest, step.text, after) && after.empty()) {
                step.kind = Step::Kind::TapText;
            } else if (parse_point(rest, p)) {
                step.kind = Step::Kind::TapPoint;
                step.points = {p};
            } else {
                return bad("tap takes \"text\" or X,Y");
            }
        } else if (verb == "drag" || verb == "stroke") {
            for (const auto& token : split_ws(rest)) {
                Point p;
                if (!parse_point(token, p)) {
                    return bad("expected points X,Y");
                }
                step.points.push_back(p);
            }
            step.kind = verb == "drag" ? Step::Kind::Drag : Step::Kind::Stroke;
            if ((verb == "drag" && step.points.size() != 2) || step.points.size() < 2) {
                return bad(verb == "drag" ? "drag takes two points" : "stroke takes at least two points");
            }
        } else if (verb == "type" || verb == "keys" || verb == "expect" || verb == "expect-not") {
            if (!parse_quoted(rest, step.text, after) || !after.empty() || step.text.empty()) {
                return bad(verb + " takes one non-empty \"text\"");
            }
            step.kind = verb == "type"     ? Step::Kind::Type
                        : verb == "keys"   ? Step::Kind::Keys
                        : verb == "expect" ? Step::Kind::Expect
                                           : Step::Kind::ExpectNot;
        } else if (verb == "wait") {
            if (!parse_duration(rest, step.duration_ms)) {
                return bad("wait takes a duration like 500ms, 30s or 2min");
            }
            step.kind = Step::Kind::Wait;
        } else if (verb == "sync") {
            if (!rest.empty()) {
                return bad("sync takes no argument");
            }
            step.kind = Step::Kind::Sync;
        } else if (verb == "screenshot") {
            if (rest.empty() || rest.find('/') != std::string::npos || rest.find("..") != std::string::npos) {
                return bad("screenshot takes a plain NAME");
            }
            step.kind = Step::Kind::Screenshot;
            step.text = rest;
        } else {
            return bad("unknown step '" + verb + "'");
        }
        steps.push_back(std::move(step));
        if (end == text.size()) {
            break;
        }
    }
    return steps;
}

}  // namespace xiangke::kiosk
