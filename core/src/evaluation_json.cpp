// The evaluation result as the JSON answer of GET /api/v1/admin/evaluation (CONTRACT.md).
#include <algorithm>
#include <cmath>

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

}  // namespace xiangke::core::evaluation
