// The evaluation result as the JSON answer of GET /api/v1/admin/evaluation (CONTRACT.md).
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>

#include "xiangke/core/evaluation.h"

namespace xiangke::core::evaluation {
namespace {

using nlohmann::json;

double round2(double value) {
    double rounded = std::round(value * 100.0) / 100.0;
    return rounded == 0 ? 0.0 : rounded;
}

json optional_number(const std::optional<double>& value) {
    return value ? json(round2(*value)) : json(nullptr);
}

json figures_json(const Figures& f) {
    json out = json::object();
    for (const auto& name : figure_names()) {
        auto value = figure_value(f, name);
        if (!value) {
            out[name] = nullptr;
        } else if (name == "resolution_rate" || name == "confirmation_rate" || name == "mean_rating" ||
                   name == "satisfaction" || name.find("minutes") != std::string::npos) {
            out[name] = round2(*value);
        } else {
            out[name] = static_cast<int64_t>(*value);
        }
    }
    return out;
}

// The JSON text of result_json without the tree, byte for byte its dump(): keys in std::map order
// (sorted, the last of equal keys kept), numbers as nlohmann writes them.
class TextWriter {
public:
    explicit TextWriter(bool replace_invalid_utf8) : m_replace(replace_invalid_utf8) {}

    std::string& out() { return m_out; }
    void raw(std::string_view text) { m_out.append(text); }
    void key(std::string_view name) {
        string(name);
        m_out.push_back(':');
    }
    void string(std::string_view text) {
        bool plain = true;
        for (unsigned char c : text) {
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                plain = false;
                break;
            }
        }
        if (plain) {
            m_out.push_back('"');
            m_out.append(text);
            m_out.push_back('"');
            return;
        }
        m_out += json(std::string(text))
                     .dump(-1, ' ', false, m_replace ? json::error_handler_t::replace : json::error_handler_t::strict);
    }
    template <typename Integer>
    void integer(Integer value) {
        std::array<char, 24> buffer{};
        auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value).ptr;
        m_out.append(buffer.data(), end);
    }
    void number(double value) {
        if (!std::isfinite(value)) {
            m_out.append("null");
            return;
        }
        std::array<char, 64> buffer{};
        char* end = nlohmann::detail::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
        m_out.append(buffer.data(), end);
    }
    void optional(const std::optional<double>& value) {
        if (value) {
            number(round2(*value));
        } else {
            m_out.append("null");
        }
    }

private:
    std::string m_out;
    bool m_replace;
};

// Figure names in key order, each with whether it is written as a rounded number.
std::vector<std::pair<std::string, bool>> figure_order() {
    std::map<std::string, bool> sorted;
    for (const auto& name : figure_names()) {
        sorted[name] = name == "resolution_rate" || name == "confirmation_rate" || name == "mean_rating" ||
                       name == "satisfaction" || name.find("minutes") != std::string::npos;
    }
    return {sorted.begin(), sorted.end()};
}

// Pairs (key, value) in key order, the last of equal keys kept, like assigning into a json object.
template <typename Value>
std::vector<const std::pair<std::string, Value>*> keyed(const std::vector<std::pair<std::string, Value>>& pairs) {
    std::vector<const std::pair<std::string, Value>*> order;
    order.reserve(pairs.size());
    for (const auto& pair : pairs) {
        order.push_back(&pair);
    }
    std::stable_sort(order.begin(), order.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
    std::vector<const std::pair<std::string, Value>*> out;
    out.reserve(order.size());
    for (size_t i = 0; i < order.size(); ++i) {
        if (i + 1 < order.size() && order[i + 1]->first == order[i]->first) {
            continue;
        }
        out.push_back(order[i]);
    }
    return out;
}

void write_entry(TextWriter& w, const ScoredEntry& entry, bool team, const JsonOptions& options,
                 const std::vector<std::pair<std::string, bool>>& figures) {
    const Figures& f = entry.figures;
    w.raw("{");
    if (!team) {
        w.key("agent_id");
        w.integer(entry.id);
        w.raw(",");
    }
    w.key("attendees");
    w.integer(f.attendees);
    w.raw(",");
    w.key("band");
    w.string(band_label(entry.band));
    w.raw(",");
    w.key("band_reason");
    w.string(entry.band_reason);
    w.raw(",");
    w.key("confirmed");
    w.integer(f.confirmed);
    w.raw(",\"dimensions\":{");
    bool first = true;
    for (const auto* dimension : keyed(entry.dimensions)) {
        if (!first) {
            w.raw(",");
        }
        first = false;
        w.key(dimension->first);
        w.number(round2(dimension->second));
    }
    w.raw("},\"figures\":{");
    first = true;
    for (const auto& [name, rounded] : figures) {
        if (!first) {
            w.raw(",");
        }
        first = false;
        w.key(name);
        auto value = figure_value(f, name);
        if (!value) {
            w.raw("null");
        } else if (rounded) {
            w.number(round2(*value));
        } else {
            w.integer(static_cast<int64_t>(*value));
        }
    }
    w.raw("},\"flags\":[");
    first = true;
    for (const auto& flag : entry.flags) {
        w.raw(first ? "{" : ",{");
        first = false;
        w.key("code");
        w.string(flag.code);
        w.raw(",\"event_ids\":[");
        for (size_t i = 0; i < flag.event_ids.size(); ++i) {
            if (i > 0) {
                w.raw(",");
            }
            w.integer(flag.event_ids[i]);
        }
        w.raw("],");
        w.key("message");
        w.string(flag.message);
        w.raw("}");
    }
    w.raw("],");
    w.key("handled");
    w.integer(f.handled);
    w.raw(",\"items\":[");
    first = true;
    for (const auto& item : entry.items) {
        w.raw(first ? "{" : ",{");
        first = false;
        w.key("dimension");
        w.string(item.dimension);
        w.raw(",\"evidence\":[");
        size_t shown = item.evidence.size();
        if (options.max_evidence_per_item >= 0) {
            shown = std::min(shown, static_cast<size_t>(options.max_evidence_per_item));
        }
        for (size_t i = 0; i < shown; ++i) {
            const auto& e = item.evidence[i];
            w.raw(i == 0 ? "{\"id\":" : ",{\"id\":");
            w.integer(e.id);
            w.raw(",");
            w.key("kind");
            w.string(e.kind);
            w.raw(",");
            w.key("source");
            w.string(evidence_source_name(e.source));
            w.raw("}");
        }
        w.raw("],\"evidence_count\":");
        w.integer(item.evidence.size());
        w.raw(",");
        w.key("id");
        w.string(item.id);
        w.raw(",");
        w.key("name");
        w.string(item.name);
        w.raw(",\"points\":");
        w.number(round2(item.points));
        w.raw(",\"quantity\":");
        w.number(round2(item.quantity));
        w.raw("}");
    }
    w.raw("],\"mean_rating\":");
    w.optional(f.mean_rating);
    w.raw(",\"median_claim_minutes\":");
    w.optional(f.median_claim_minutes);
    if (team) {
        w.raw(",\"members\":[");
        for (size_t i = 0; i < entry.members.size(); ++i) {
            if (i > 0) {
                w.raw(",");
            }
            w.integer(entry.members[i]);
        }
        w.raw("]");
    }
    w.raw(",");
    w.key("name");
    w.string(entry.name);
    w.raw(",\"overdue\":");
    w.integer(f.overdue);
    w.raw(",");
    w.key("pool");
    w.string(entry.pool);
    w.raw(",\"rank\":");
    w.integer(entry.rank);
    w.raw(",\"resolved\":");
    w.integer(f.resolved);
    w.raw(",\"score\":");
    w.number(round2(entry.score));
    w.raw(",\"service_days\":");
    w.integer(f.service_days);
    w.raw(",");
    w.key("team");
    w.string(entry.team);
    if (team) {
        w.raw(",\"team_id\":");
        w.integer(entry.id);
    }
    w.raw(",\"trainings\":");
    w.integer(f.trainings);
    w.raw(",");
    w.key("type");
    w.string(agent_type_name(entry.type));
    w.raw(",\"visits\":");
    w.integer(f.visits);
    w.raw("}");
}

}  // namespace

json entry_json(const ScoredEntry& entry, bool team, const JsonOptions& options) {
    json out;
    if (team) {
        out["team_id"] = entry.id;
        out["members"] = entry.members;
    } else {
        out["agent_id"] = entry.id;
    }
    const Figures& f = entry.figures;
    out["name"] = entry.name;
    out["team"] = entry.team;
    out["type"] = std::string(agent_type_name(entry.type));
    out["handled"] = f.handled;
    out["resolved"] = f.resolved;
    out["confirmed"] = f.confirmed;
    out["mean_rating"] = optional_number(f.mean_rating);
    out["median_claim_minutes"] = optional_number(f.median_claim_minutes);
    out["overdue"] = f.overdue;
    out["service_days"] = f.service_days;
    out["visits"] = f.visits;
    out["trainings"] = f.trainings;
    out["attendees"] = f.attendees;
    json dimensions = json::object();
    for (const auto& [id, points] : entry.dimensions) {
        dimensions[id] = round2(points);
    }
    out["dimensions"] = dimensions;
    json items = json::array();
    for (const auto& item : entry.items) {
        json evidence = json::array();
        size_t shown = item.evidence.size();
        if (options.max_evidence_per_item >= 0) {
            shown = std::min(shown, static_cast<size_t>(options.max_evidence_per_item));
        }
        for (size_t i = 0; i < shown; ++i) {
            const auto& e = item.evidence[i];
            evidence.push_back(
                {{"kind", e.kind}, {"id", e.id}, {"source", std::string(evidence_source_name(e.source))}});
        }
        items.push_back({{"id", item.id},
                         {"name", item.name},
                         {"dimension", item.dimension},
                         {"quantity", round2(item.quantity)},
                         {"points", round2(item.points)},
                         {"evidence", evidence},
                         {"evidence_count", item.evidence.size()}});
    }
    out["items"] = items;
    json flags = json::array();
    for (const auto& flag : entry.flags) {
        flags.push_back({{"code", flag.code}, {"message", flag.message}, {"event_ids", flag.event_ids}});
    }
    out["flags"] = flags;
    out["score"] = round2(entry.score);
    out["band"] = std::string(band_label(entry.band));
    out["band_reason"] = entry.band_reason;
    out["rank"] = entry.rank;
    out["pool"] = entry.pool;
    out["figures"] = figures_json(f);
    return out;
}

nlohmann::json result_json(const EvaluationResult& result, const Scheme& scheme) {
    return result_json(result, scheme, JsonOptions{});
}

nlohmann::json result_json(const EvaluationResult& result, const Scheme& scheme, const JsonOptions& options) {
    json out;
    out["from"] = result.period.from_date;
    out["to"] = result.period.to_date;
    out["scheme"] = {{"id", result.scheme_id},
                     {"version", result.scheme_version},
                     {"name", result.scheme_name.empty() ? scheme.name : result.scheme_name},
                     {"source", scheme.source}};
    if (!scheme.note.empty()) {
        out["scheme"]["note"] = scheme.note;
    }
    json weights = json::object();
    for (const auto& dimension : type_scheme(scheme, AgentType::Individual).dimensions) {
        weights[dimension.id] = round2(dimension.weight);
    }
    out["weights"] = weights;
    json dimension_names = json::object();
    for (const auto& [type, section] : scheme.types) {
        for (const auto& dimension : section.dimensions) {
            dimension_names[dimension.id] = dimension.name;
        }
    }
    out["dimension_names"] = dimension_names;
    json agents = json::array();
    for (const auto& entry : result.agents) {
        agents.push_back(entry_json(entry, false, options));
    }
    out["agents"] = agents;
    json teams = json::array();
    for (const auto& entry : result.teams) {
        teams.push_back(entry_json(entry, true, options));
    }
    out["teams"] = teams;
    return out;
}

std::string result_json_text(const EvaluationResult& result, const Scheme& scheme, const JsonOptions& options,
                             const std::optional<std::string>& region, bool replace_invalid_utf8) {
    TextWriter w(replace_invalid_utf8);
    const auto figures = figure_order();
    w.raw("{\"agents\":[");
    bool first = true;
    for (const auto& entry : result.agents) {
        if (!first) {
            w.raw(",");
        }
        first = false;
        write_entry(w, entry, false, options, figures);
    }
    w.raw("],\"dimension_names\":{");
    std::vector<std::pair<std::string, std::string>> names;
    for (const auto& [type, section] : scheme.types) {
        for (const auto& dimension : section.dimensions) {
            names.emplace_back(dimension.id, dimension.name);
        }
    }
    first = true;
    for (const auto* name : keyed(names)) {
        if (!first) {
            w.raw(",");
        }
        first = false;
        w.key(name->first);
        w.string(name->second);
    }
    w.raw("},");
    w.key("from");
    w.string(result.period.from_date);
    if (region) {
        w.raw(",");
        w.key("region");
        w.string(*region);
    }
    w.raw(",\"scheme\":{");
    w.key("id");
    w.string(result.scheme_id);
    w.raw(",");
    w.key("name");
    w.string(result.scheme_name.empty() ? scheme.name : result.scheme_name);
    if (!scheme.note.empty()) {
        w.raw(",");
        w.key("note");
        w.string(scheme.note);
    }
    w.raw(",");
    w.key("source");
    w.string(scheme.source);
    w.raw(",\"version\":");
    w.integer(result.scheme_version);
    w.raw("},\"teams\":[");
    first = true;
    for (const auto& entry : result.teams) {
        if (!first) {
            w.raw(",");
        }
        first = false;
        write_entry(w, entry, true, options, figures);
    }
    w.raw("],");
    w.key("to");
    w.string(result.period.to_date);
    w.raw(",\"weights\":{");
    std::vector<std::pair<std::string, double>> weights;
    for (const auto& dimension : type_scheme(scheme, AgentType::Individual).dimensions) {
        weights.emplace_back(dimension.id, dimension.weight);
    }
    first = true;
    for (const auto* weight : keyed(weights)) {
        if (!first) {
            w.raw(",");
        }
        first = false;
        w.key(weight->first);
        w.number(round2(weight->second));
    }
    w.raw("}}");
    return std::move(w.out());
}

}  // namespace xiangke::core::evaluation
