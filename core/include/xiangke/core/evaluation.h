#pragma once
// 考核评估: evaluating field agents (科技特派员) and their teams on what the event log shows.
//
// Pure functions over plain structs: the backend loads the inputs (store/evaluation_inputs), the
// engine computes figures, item scores, dimension scores, totals, bands and flags, and names the
// evidence (event, visit, feedback, training or callback ids) behind every counted item, so an
// administrator can defend each number. Schemes are data (data/evaluation/*.json, parsed and
// validated by parse_scheme); docs/evaluation.md explains every figure and rule.
//
// evaluate() is one pass over the inputs (per-agent facts, O(rows)) followed by the scheme
// (items, dimensions, total, floor, bands with quotas and rank rules, overrides). The backend
// keeps the append-only inputs in memory and reads only rows it has not seen, so a re-evaluation
// after a day of new events costs the engine pass, not a reload.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "xiangke/core/request_lifecycle.h"
#include "xiangke/core/result.h"

namespace xiangke::core::evaluation {

// 个人 / 团队 / 法人 (Zhejiang DB33/T 1316—2023 distinguishes the three and evaluates each apart).
enum class AgentType { Individual, Team, Organisation };
std::string_view agent_type_name(AgentType type);   // "individual", "team", "organisation"
std::string_view agent_type_label(AgentType type);  // 个人, 团队, 法人
std::optional<AgentType> agent_type_from_name(std::string_view name);

// Where a counted fact comes from. A scheme may count self-reported facts only once an
// administrator's phone check (回访) verified them.
enum class EvidenceSource {
    Platform,       // the platform's own log: claims, assignments, timers
    FarmerKiosk,    // the farmer's confirmation or rating at a kiosk
    FarmerSms,      // the farmer's SMS reply
    SelfReported,   // the agent's own report: contact, visit, outcome, a training recorded after the fact
    AdminCallback,  // an administrator's phone check (回访) of a self-reported fact
    KioskSignup,    // villagers' sign-ups checked in at an activity (third-party evidence of a training)
};
std::string_view evidence_source_name(EvidenceSource source);

enum class VisitMethod { Onsite, Phone, Video, Training };  // 上门 / 电话 / 视频 / 培训
std::optional<VisitMethod> visit_method_from_name(std::string_view name);

enum class Band { Excellent, Good, Pass, Fail };  // 优秀 / 良好 / 合格 / 不合格
std::string_view band_label(Band band);           // the Chinese word, as CONTRACT.md spells it
std::optional<Band> band_from_label(std::string_view label);

// ---------------------------------------------------------------------------------------------
// Inputs. Times are UTC epoch ms (server clock); dates are YYYY-MM-DD in Asia/Shanghai.

struct Period {
    std::string from_date;  // inclusive
    std::string to_date;    // inclusive
    int64_t from_ms = 0;    // 00:00 Asia/Shanghai of from_date
    int64_t to_ms = 0;      // 00:00 Asia/Shanghai of the day after to_date (exclusive)
};
// Checks the dates (real calendar dates, from <= to, at most 3 years apart).
Result<Period> make_period(std::string_view from_date, std::string_view to_date);

struct AgentInfo {
    int64_t id = 0;
    std::string name;
    AgentType type = AgentType::Individual;
    int64_t team_id = 0;  // 0: no team
    std::string team_name;
    std::string region_code;                   // home region (the quota pool is its county, 6 digits)
    std::vector<std::string> service_regions;  // prefixes
    std::string phone_key;                     // a keyed hash of the agent's phone (flag: own phone as farmer's)
    bool active = true;
};

struct TeamInfo {
    int64_t id = 0;
    std::string name;
    std::string region_code;
    int64_t leader_id = 0;  // 0: none
};

// A request as far as evaluation cares; no personal data beyond a keyed hash of the phone.
struct RequestInfo {
    std::string id;
    std::string code;
    std::string village_code;
    std::string kiosk_id;
    std::string farmer_key;  // keyed hash of the farmer's phone: distinct farmers, self-dealing
    std::string category;
    int64_t received_at = 0;
};

// One row of request_events.
struct RequestEvent {
    int64_t id = 0;
    std::string request_id;
    lifecycle::EventKind kind = lifecycle::EventKind::Received;
    lifecycle::Actor actor = lifecycle::Actor::System;
    int64_t agent_id = 0;  // the agent concerned, 0 when none
    int64_t server_at = 0;
    std::optional<int64_t> device_at;
    std::string actor_id;             // kiosk id for kiosk events
    std::vector<int64_t> offered_to;  // Offered: the agents it was offered to (the event's data "agents")
};

// One service record (服务记录) of a visit.
struct Visit {
    int64_t id = 0;  // service_records.id
    int64_t event_id = 0;
    std::string request_id;
    int64_t agent_id = 0;
    std::string date;  // the visit's date as the agent gave it
    VisitMethod method = VisitMethod::Onsite;
    int64_t recorded_at = 0;
    int64_t attendees = 0;
};

// The farmer's word on a request (feedback table, or an SMS reply).
struct Feedback {
    int64_t id = 0;
    int64_t event_id = 0;
    std::string request_id;
    std::string kiosk_id;
    lifecycle::EventKind kind = lifecycle::EventKind::Rated;  // Confirmed, Reopened, Complaint or Rated
    int rating = 0;                                           // 1..5
    int64_t agent_id = 0;                                     // who held or resolved it then
    int64_t received_at = 0;
    EvidenceSource source = EvidenceSource::FarmerKiosk;
};

// 培训: a training session (recorded after the fact, or a held activity with checked-in sign-ups).
struct Training {
    int64_t id = 0;
    int64_t agent_id = 0;
    std::string village_code;
    std::string held_on;
    int64_t attendees = 0;           // everyone counted
    int64_t checked_in_signups = 0;  // of them, kiosk sign-ups checked in (third-party evidence)
    EvidenceSource source = EvidenceSource::SelfReported;
};

// An administrator's phone check (回访) of one self-reported fact.
enum class CallbackSubject { Visit, Training, Request };
enum class CallbackResult { Confirmed, Denied, Unreachable };
struct Callback {
    int64_t id = 0;
    CallbackSubject subject = CallbackSubject::Visit;
    std::string subject_id;  // visit or training id as text, or a request id
    CallbackResult result = CallbackResult::Confirmed;
    int64_t at = 0;
};

// An administrator's decision on a complaint (催办): not upheld complaints are not deducted.
struct ComplaintDecision {
    int64_t event_id = 0;
    bool upheld = true;
};

// A band set by hand, with its reason and who set it.
struct Override {
    int64_t agent_id = 0;  // or a team id when for_team
    bool for_team = false;
    Band band = Band::Pass;
    std::string reason;
    std::string actor;
    int64_t at = 0;
};

struct EvaluationInput {
    Period period;
    // The server time of the evaluation (0: the period's end). A claim not contacted by
    // min(as_of, period end) is judged at that moment (overdue, never_contacted).
    int64_t as_of = 0;
    std::vector<AgentInfo> agents;  // the agents to rank (those serving the region)
    std::vector<TeamInfo> teams;
    std::vector<RequestInfo> requests;  // requests any input row refers to
    std::vector<RequestEvent> events;   // may hold rows outside the period: the engine filters
    std::vector<Visit> visits;
    std::vector<Feedback> feedback;
    std::vector<Training> trainings;
    std::vector<Callback> callbacks;
    std::vector<ComplaintDecision> complaint_decisions;
    std::vector<Override> overrides;
};

// ---------------------------------------------------------------------------------------------
// Schemes (data/evaluation/*.json; docs/evaluation.md gives the format with examples).

// What an item counts: one of the figures below, by name ("service_days", "visits",
// "attendees", "confirmed", "resolution_rate", "satisfaction", "complaints_upheld", …).
enum class ItemRule {
    PerUnit,    // points × quantity, at most `cap`
    Threshold,  // the points of the highest step whose `at_least` the quantity reaches
    Ratio,      // points × quantity, for figures in [0, 1] (rates)
    Scaled,     // points × (quantity − from) / (to − from), clamped to [0, points]
    Deduction,  // −points × quantity, at most `cap` deducted
};

struct ThresholdStep {
    double at_least = 0;
    double points = 0;
};

struct SchemeItem {
    std::string id;    // stable id, unique in the scheme ("service_days")
    std::string name;  // Chinese label (服务天数)
    std::string figure;
    ItemRule rule = ItemRule::PerUnit;
    double points = 0;
    std::optional<double> cap;
    double from = 0, to = 0;  // Scaled
    std::vector<ThresholdStep> steps;
    bool verified_only = false;  // self-reported facts count only once a 回访 confirmed them
};

struct Dimension {
    std::string id;
    std::string name;   // 服务情况
    double weight = 0;  // the dimension's score is its items' points clamped to [0, weight]
    std::vector<SchemeItem> items;
};

struct BandRules {
    // Score cut-offs, best band first: a score at or above `excellent` is 优秀, and so on.
    double excellent = 90, good = 75, pass = 60;
    // 优秀 at most this share of each pool (0 < share <= 1; 1 = no quota). Extra ones drop to 良好.
    double excellent_quota = 1.0;
    enum class Pool { County, Region } quota_pool = Pool::County;  // county: first 6 digits of home region
    // 温州: 优秀 also needs a rank at most this within the pool (0 = no rank rule).
    int excellent_max_rank = 0;
    // 河南: below both minimums → 不合格 whatever the score (0 = no floor). Prorated to the period's
    // length when `floor_prorated` (a half-year evaluation needs half the days).
    int64_t floor_service_days = 0;
    int64_t floor_visits = 0;
    bool floor_prorated = true;
};

struct TypeScheme {
    std::vector<Dimension> dimensions;
    std::vector<SchemeItem> adjustments;  // bonuses (+) and deductions (−) outside any dimension
    BandRules bands;
};

struct FlagRules {
    int max_visits_per_day = 6;     // more visits by one agent on one date: implausible
    int burst_confirmations = 5;    // this many confirmations at one kiosk …
    int64_t burst_minutes = 10;     // … within this many minutes: a burst
    int min_ratings_one_phone = 3;  // all of an agent's ratings (at least this many) from one farmer
};

struct SlaRules {
    int64_t claim_minutes = 240;  // offered → claimed; later counts as overdue
    int64_t contact_hours = 24;   // claimed → contacted; later (or never) counts as overdue
};

struct Scheme {
    std::string id;  // file stem: "longyan-2024"
    int version = 1;
    std::string name;    // 龙岩市市级科技特派员年度考核（2023-2024）
    std::string source;  // where the rules come from
    std::string note;    // optional remark shown with the scheme (e.g. "积分制: points, not a 100-point scale")
    double prior_mean =
        4.0;  // satisfaction: Bayesian mean (prior_mean × prior_weight + Σ ratings) / (prior_weight + n)
    double prior_weight = 5;
    SlaRules sla;
    FlagRules flags;
    std::map<AgentType, TypeScheme> types;  // individual is required; team and organisation fall back to it
};

// Parses and validates one scheme file. Errors name the source and the key path
// ("longyan-2024.json: dimensions[1].items[0].figure: unknown figure 'visitz'").
Result<Scheme> parse_scheme(std::string_view json_text, std::string_view source_name);
// The scheme as canonical JSON (stable key order): frozen with every stored evaluation.
std::string scheme_canonical_json(const Scheme& scheme);
const TypeScheme& type_scheme(const Scheme& scheme, AgentType type);

// ---------------------------------------------------------------------------------------------
// Outputs.

struct Evidence {
    std::string kind;  // event, visit, feedback, training, callback
    int64_t id = 0;
    EvidenceSource source = EvidenceSource::Platform;
};

// Each figure is defined exactly in docs/evaluation.md ("Figures").
struct Figures {
    int64_t offered = 0;   // requests offered to the agent in the period
    int64_t claimed = 0;   // claimed by the agent
    int64_t assigned = 0;  // given by matching or an admin
    int64_t handled = 0;   // held in the period: claimed, assigned, or contacted/visited/outcome by the agent
    int64_t resolved = 0;  // outcome `resolved`
    int64_t partly_resolved = 0;
    int64_t referred = 0;
    int64_t cannot_resolve = 0;
    int64_t confirmed = 0;  // outcomes the farmer confirmed
    int64_t reopened = 0;
    int64_t declined = 0;
    int64_t outcomes = 0;               // requests with an outcome reported by the agent (resolved … cannot_resolve)
    double resolution_rate = 0;         // (resolved + partly_resolved) / handled
    double confirmation_rate = 0;       // confirmed / outcomes reported
    std::optional<double> mean_rating;  // plain mean of ratings
    int64_t ratings = 0;
    double satisfaction = 0;  // Bayesian mean toward the scheme's prior
    std::optional<double> median_claim_minutes, p90_claim_minutes;
    std::optional<double> median_contact_minutes, p90_contact_minutes;
    int64_t overdue = 0;
    int64_t complaints = 0;
    int64_t complaints_upheld = 0;
    int64_t villages_covered = 0;
    int64_t farmers_served = 0;
    int64_t visits = 0;
    int64_t visits_onsite = 0, visits_phone = 0, visits_video = 0, visits_training = 0;
    int64_t service_days = 0;  // distinct dates with a visit
    int64_t trainings = 0;
    int64_t attendees = 0;
};
// A figure by the name schemes use; nullopt for an unknown name or an optional figure without a
// value (no ratings, no claims).
std::optional<double> figure_value(const Figures& figures, std::string_view name);
const std::vector<std::string>& figure_names();

struct ItemScore {
    std::string id;
    std::string name;
    std::string dimension;  // empty for adjustments
    double quantity = 0;    // what was counted
    double points = 0;
    std::vector<Evidence> evidence;  // every counted fact
};

struct Flag {
    std::string code;     // resolved_without_visit, never_contacted, implausible_visits, ratings_one_phone,
                          // own_phone, confirmation_burst
    std::string message;  // Chinese, for the administrator
    std::vector<int64_t> event_ids;
};

struct ScoredEntry {
    int64_t id = 0;  // agent or team id
    std::string name;
    std::string team;  // agents: their team's name
    AgentType type = AgentType::Individual;
    std::vector<int64_t> members;  // teams: member agent ids
    Figures figures;
    std::vector<std::pair<std::string, double>> dimensions;  // in scheme order
    std::vector<ItemScore> items;
    std::vector<Flag> flags;  // teams: none (flags stay on the members)
    double score = 0;
    Band band = Band::Fail;
    std::string band_reason;  // cutoff, rank_rule, quota, floor, "override: <reason>"
    int rank = 0;             // 1-based within its pool and type
    std::string pool;         // the quota pool: county code (6 digits) or "" for the whole input
};

struct EvaluationResult {
    Period period;
    std::string scheme_id;
    int scheme_version = 0;
    std::vector<ScoredEntry> agents;  // best score first; ties by agent id
    std::vector<ScoredEntry> teams;
    std::string scheme_name;
};

EvaluationResult evaluate(const EvaluationInput& input, const Scheme& scheme);

// The answer of GET /api/v1/admin/evaluation (CONTRACT.md "Evaluation"), without the request's
// `region`, which the caller adds. Identical inputs give identical JSON (and dump() bytes).
nlohmann::json result_json(const EvaluationResult& result, const Scheme& scheme);

// Evidence makes most of the bytes: 1,000,000 events give over 100 MB of JSON with all of it.
// Every item carries "evidence_count"; its "evidence" holds at most `max_evidence_per_item`
// entries (the first by kind and id; -1: all), so a ranking can be served small and one agent's
// drill-down in full (entry_json).
struct JsonOptions {
    int64_t max_evidence_per_item = -1;
};
nlohmann::json result_json(const EvaluationResult& result, const Scheme& scheme, const JsonOptions& options);
// The bytes of result_json(result, scheme, options) with "region" added when given, dump()ed
// (invalid UTF-8 replaced when `replace_invalid_utf8`, as the HTTP layer dumps; otherwise it
// throws like dump()), written without building the tree: the tree of a 2,000-agent answer costs
// more than the evaluation.
std::string result_json_text(const EvaluationResult& result, const Scheme& scheme, const JsonOptions& options,
                             const std::optional<std::string>& region = std::nullopt,
                             bool replace_invalid_utf8 = false);
// One agent (`team` false: "agent_id") or team ("team_id", "members") as in result_json.
nlohmann::json entry_json(const ScoredEntry& entry, bool team, const JsonOptions& options = {});

}  // namespace xiangke::core::evaluation
