#pragma once
// Matching (派单): which field agents (科技特派员) may take a request, and how well each fits.
//
// Pure functions over plain structs: the backend loads agents and requests from its store, asks
// here, and writes the answer back. Two steps:
//  1. Eligibility, the hard constraints (BRIEF.md "Matching"): the agent is active, not on leave
//     on the day, serves the request's village (one of their region-code prefixes is a prefix of
//     it), has an expertise tag that is the request's category code or its crop/animal name, and
//     holds fewer open requests than their capacity.
//  2. A score for the eligible: a weighted sum of factors in [0, 1] (expertise fit, proximity by
//     region code, distance when both places have coordinates, current load, past farmer ratings
//     shrunk toward the mean, and spreading work over agents). Every score carries its factors,
//     each with a short Chinese label, so a page can say why an agent was chosen.
// The optimal assignment of many requests to many agents is in assignment.h.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xiangke::core::matching {

struct GeoPoint {
    double latitude = 0;
    double longitude = 0;
};

// Great-circle distance in kilometres.
double distance_km(const GeoPoint& a, const GeoPoint& b);

// Days since 1970-01-01 in Asia/Shanghai (core::time's civil days) for leave checks.
struct LeavePeriod {
    int64_t first_day = 0;
    int64_t last_day = 0;  // inclusive
};

// What matching knows about a field agent (FieldAgent, 科技特派员).
struct AgentProfile {
    int64_t id = 0;
    bool active = true;
    std::string home_region;                    // region code of where the agent lives or works
    std::optional<GeoPoint> location;           // when known
    std::vector<std::string> expertise;         // category codes and crop/animal names
    std::vector<std::string> service_prefixes;  // region-code prefixes
    std::vector<LeavePeriod> leave;
    int capacity = 0;        // open requests the agent may hold at once
    int held = 0;            // open requests the agent holds now
    int ratings_count = 0;   // farmers' ratings of this agent's work
    double ratings_sum = 0;  // sum of those ratings (1..5 each)
    int recent_pickups = 0;  // requests claimed or assigned in the recent window (spreading work)
};

// What matching knows about a request (TechRequest, 求助).
struct RequestProfile {
    std::string id;
    std::string village_code;          // 12 digits
    std::string category;              // category code
    std::string crop;                  // crop or animal name, may be empty
    std::optional<GeoPoint> location;  // the village's, when known
};

enum class Ineligibility {
    None,
    Inactive,
    OnLeave,
    OutsideServiceArea,
    NoMatchingExpertise,
    AtCapacity,
};
std::string_view ineligibility_code(Ineligibility reason);  // "on_leave", ...

// The hard constraints, checked in the order of Ineligibility; `day` as in LeavePeriod.
Ineligibility check_eligibility(const AgentProfile& agent, const RequestProfile& request, int64_t day);
bool serves_village(const AgentProfile& agent, std::string_view village_code);
bool on_leave(const AgentProfile& agent, int64_t day);

struct Weights {
    double expertise = 3.0;  // crop/animal named in the expertise beats the whole category
    double proximity = 2.0;  // same village > township > county > city
    double distance = 1.0;   // only when both places have coordinates
    double load = 1.5;       // free capacity
    double rating = 1.5;     // farmers' ratings, Bayesian average
    double spread = 1.0;     // fewer recent pickups first
};

struct ScoringConfig {
    Weights weights;
    // Ratings are shrunk toward this mean with the weight of this many ratings (Bayesian average).
    double rating_prior_mean = 4.0;
    double rating_prior_count = 5.0;
    double distance_scale_km = 15.0;  // the distance factor is 0.5 at this distance
    double spread_scale = 5.0;        // the spread factor is 0.5 after this many recent pickups
};

// One reason in a score: value in [0, 1], the weight it had, and a label for people ("擅长水稻").
struct Factor {
    std::string name;  // expertise, proximity, distance, load, rating, spread
    double value = 0;
    double weight = 0;
    std::string label;
};

struct Score {
    double total = 0;  // sum of value * weight
    std::vector<Factor> factors;
    std::optional<double> distance_km;
};

// Scores a pair already found eligible. `category_label` names the category in Chinese (种植)
// for the expertise label.
Score score(const AgentProfile& agent, const RequestProfile& request, const ScoringConfig& config,
            std::string_view category_label = "");

// The Bayesian average of an agent's ratings (1..5).
double shrunk_rating(const AgentProfile& agent, const ScoringConfig& config);

// Finds the agents whose service areas contain a village without scanning every agent: agents
// are indexed by service prefix, and a village code has only five prefixes (2, 4, 6, 9, 12 digits).
class AgentIndex {
public:
    explicit AgentIndex(const std::vector<AgentProfile>& agents);
    // Indices into the agents vector, each once, ascending.
    std::vector<size_t> serving(std::string_view village_code) const;

private:
    std::vector<std::pair<std::string, size_t>> m_by_prefix;  // sorted by prefix
};

}  // namespace xiangke::core::matching
