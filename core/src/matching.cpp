#include "xiangke/core/matching.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "xiangke/core/region_code.h"

namespace xiangke::core::matching {
namespace {

constexpr double kEarthRadiusKm = 6371.0;
constexpr double kPi = 3.14159265358979323846;

// Expertise fit: a crop or animal named in the agent's expertise is a closer fit than the whole
// category (an agent who lists 水稻 knows rice better than one who lists 种植).
constexpr double kCropFit = 1.0;
constexpr double kCategoryFit = 0.6;

bool has_tag(const AgentProfile& agent, std::string_view tag) {
    return !tag.empty() && std::find(agent.expertise.begin(), agent.expertise.end(), tag) != agent.expertise.end();
}

std::string one_decimal(double value) {
    std::array<char, 32> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%.1f", value);
    return buffer.data();
}

Factor proximity_factor(const AgentProfile& agent, const RequestProfile& request, double weight) {
    auto home = RegionCode::parse(agent.home_region);
    auto village = RegionCode::parse(request.village_code);
    RegionRelation relation = home.ok() && village.ok() ? relation_between(*home, *village) : RegionRelation::Unrelated;
    switch (relation) {
        case RegionRelation::SameVillage:
            return {"proximity", 1.0, weight, "同村"};
        case RegionRelation::SameTownship:
            return {"proximity", 0.75, weight, "同乡镇"};
        case RegionRelation::SameCounty:
            return {"proximity", 0.5, weight, "同县"};
        case RegionRelation::SameCity:
            return {"proximity", 0.25, weight, "同市"};
        case RegionRelation::SameProvince:
            return {"proximity", 0.1, weight, "同省"};
        case RegionRelation::Unrelated:
            break;
    }
    return {"proximity", 0.0, weight, "外地"};
}

}  // namespace

double distance_km(const GeoPoint& a, const GeoPoint& b) {
    auto radians = [](double degrees) { return degrees * kPi / 180.0; };
    double dlat = radians(b.latitude - a.latitude);
    double dlon = radians(b.longitude - a.longitude);
    double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
               std::cos(radians(a.latitude)) * std::cos(radians(b.latitude)) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

std::string_view ineligibility_code(Ineligibility reason) {
    switch (reason) {
        case Ineligibility::None:
            return "eligible";
        case Ineligibility::Inactive:
            return "inactive";
        case Ineligibility::OnLeave:
            return "on_leave";
        case Ineligibility::OutsideServiceArea:
            return "not_in_service_area";
        case Ineligibility::NoMatchingExpertise:
            return "no_matching_expertise";
        case Ineligibility::AtCapacity:
            return "at_capacity";
    }
    return "eligible";
}

bool serves_village(const AgentProfile& agent, std::string_view village_code) {
    return std::any_of(agent.service_prefixes.begin(), agent.service_prefixes.end(), [&](const std::string& prefix) {
        return !prefix.empty() && village_code.substr(0, prefix.size()) == prefix;
    });
}

bool on_leave(const AgentProfile& agent, int64_t day) {
    return std::any_of(agent.leave.begin(), agent.leave.end(),
                       [day](const LeavePeriod& p) { return p.first_day <= day && day <= p.last_day; });
}

Ineligibility check_eligibility(const AgentProfile& agent, const RequestProfile& request, int64_t day) {
    if (!agent.active) {
        return Ineligibility::Inactive;
    }
    if (on_leave(agent, day)) {
        return Ineligibility::OnLeave;
    }
    if (!serves_village(agent, request.village_code)) {
        return Ineligibility::OutsideServiceArea;
    }
    if (!has_tag(agent, request.category) && !has_tag(agent, request.crop)) {
        return Ineligibility::NoMatchingExpertise;
    }
    if (agent.held >= agent.capacity) {
        return Ineligibility::AtCapacity;
    }
    return Ineligibility::None;
}

double shrunk_rating(const AgentProfile& agent, const ScoringConfig& config) {
    double n = std::max(0, agent.ratings_count);
    return (config.rating_prior_mean * config.rating_prior_count + agent.ratings_sum) / (config.rating_prior_count + n);
}

Score score(const AgentProfile& agent, const RequestProfile& request, const ScoringConfig& config,
            std::string_view category_label) {
    const Weights& w = config.weights;
    Score result;
    if (has_tag(agent, request.crop)) {
        result.factors.push_back({"expertise", kCropFit, w.expertise, "擅长" + request.crop});
    } else {
        std::string label(category_label.empty() ? std::string_view(request.category) : category_label);
        result.factors.push_back({"expertise", kCategoryFit, w.expertise, "擅长" + label});
    }
    result.factors.push_back(proximity_factor(agent, request, w.proximity));
    if (agent.location && request.location) {
        double km = distance_km(*agent.location, *request.location);
        result.distance_km = km;
        double value = 1.0 / (1.0 + km / std::max(config.distance_scale_km, 0.001));
        std::string shown = km < 10 ? one_decimal(km) : std::to_string(static_cast<int>(std::lround(km)));
        result.factors.push_back({"distance", value, w.distance, "距离" + shown + "公里"});
    }
    double free_share =
        agent.capacity > 0 ? 1.0 - static_cast<double>(std::min(agent.held, agent.capacity)) / agent.capacity : 0.0;
    result.factors.push_back({"load", free_share, w.load, "在办" + std::to_string(agent.held) + "件"});
    double rating = shrunk_rating(agent, config);
    result.factors.push_back({"rating", std::clamp((rating - 1.0) / 4.0, 0.0, 1.0), w.rating,
                              agent.ratings_count > 0 ? "评价" + one_decimal(rating) : "暂无评价"});
    double spread = 1.0 / (1.0 + std::max(0, agent.recent_pickups) / std::max(config.spread_scale, 0.001));
    result.factors.push_back(
        {"spread", spread, w.spread, "近期接单" + std::to_string(std::max(0, agent.recent_pickups)) + "件"});
    for (const auto& f : result.factors) {
        result.total += f.value * f.weight;
    }
    return result;
}

AgentIndex::AgentIndex(const std::vector<AgentProfile>& agents) {
    for (size_t i = 0; i < agents.size(); ++i) {
        for (const auto& prefix : agents[i].service_prefixes) {
            m_by_prefix.emplace_back(prefix, i);
        }
    }
    std::sort(m_by_prefix.begin(), m_by_prefix.end());
}

std::vector<size_t> AgentIndex::serving(std::string_view village_code) const {
    std::vector<size_t> found;
    for (auto level :
         {RegionLevel::Province, RegionLevel::City, RegionLevel::County, RegionLevel::Township, RegionLevel::Village}) {
        auto length = static_cast<size_t>(region_code_length(level));
        if (village_code.size() < length) {
            break;
        }
        std::string prefix(village_code.substr(0, length));
        auto first = std::lower_bound(m_by_prefix.begin(), m_by_prefix.end(), std::make_pair(prefix, size_t{0}));
        for (auto it = first; it != m_by_prefix.end() && it->first == prefix; ++it) {
            found.push_back(it->second);
        }
    }
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    return found;
}

}  // namespace xiangke::core::matching
