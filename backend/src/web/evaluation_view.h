#pragma once
// The 考核 pages as functions of their data: an EvaluationResult (live draft or a stored snapshot's
// frozen result), its Scheme and the form's parameters go in, HTML comes out. No store, no HTTP:
// the handlers (web/evaluation_pages.cpp) load, call these and send.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "xiangke/core/evaluation.h"

namespace xiangke::backend::web {

// The parameters of a ranking, as the form sends them and as every link carries them on.
struct EvaluationQuery {
    std::string scheme;  // empty: the default scheme
    std::string from;    // YYYY-MM-DD
    std::string to;
    std::string region;      // region-code prefix inside the admin's scope
    int64_t team = 0;        // 0: every team
    std::string agent_type;  // "", individual, team, organisation

    // "scheme=…&from=…&to=…&region=…[&team=…][&type=…]", percent-encoded.
    std::string query_string() const;
};

// 本年度 / 上半年 / 本季度 / 上月 relative to `today` (YYYY-MM-DD): {label, from, to}.
struct PeriodPreset {
    std::string label;
    std::string from;
    std::string to;
};
std::vector<PeriodPreset> period_presets(const std::string& today);

struct Choice {
    std::string value;
    std::string label;
};

// What the ranking form offers.
struct RankingForm {
    EvaluationQuery query;
    std::vector<Choice> schemes;  // id → name
    std::vector<Choice> regions;  // the admin's region and the counties within it
    std::string today;
    std::string region_name;
    std::string csrf;  // the 公示 form posts
    int publicity_days = 5;
};

// Where the evidence behind an item leads: the request of an event, visit or feedback row, and a
// short description of trainings and callbacks.
struct EvidenceTarget {
    std::string request_id;  // empty when the row is not about a request
    std::string request_code;
    std::string label;  // 培训 2026-05-03 渚山村 32 人
};
using EvidenceTargets = std::map<std::pair<std::string, int64_t>, EvidenceTarget>;  // (kind, id)

// The result back from its JSON answer (a stored evaluation's frozen bytes): what the pages show.
// Figures the JSON does not carry stay 0.
core::evaluation::EvaluationResult decode_result(const nlohmann::json& answer);

// A stored answer lists the first evidence entries of each item and counts them all: item id →
// "evidence_count" of one agent (or team) of the answer.
std::map<std::string, int64_t> decode_evidence_counts(const nlohmann::json& answer, bool team, int64_t id);

// The agents and teams the filters keep (team, agent type); the result's order is kept.
std::vector<const core::evaluation::ScoredEntry*> filter_agents(const core::evaluation::EvaluationResult& result,
                                                                const EvaluationQuery& query);

// /admin/evaluation: the form, the links (CSV, Excel, 打印公示, 发布公示), the agents' and the
// teams' ranking tables, the score distribution chart with its table.
std::string render_ranking_body(const RankingForm& form, const core::evaluation::EvaluationResult& result,
                                const core::evaluation::Scheme& scheme);

// A stored override as the drill-down shows it.
struct OverrideView {
    std::string band;
    std::string reason;
    std::string actor;
    int64_t at = 0;
};

// A complaint (催办) against the agent and the decision on it, if any.
struct ComplaintView {
    int64_t event_id = 0;
    std::string request_id;
    std::string request_code;
    int64_t at = 0;
    std::optional<bool> upheld;  // nullopt: not decided (counted as upheld)
    std::string reason;
    std::string decided_by;
};

// Evidence lines listed per item (and events per flag) on the drill-down; the rest are counted.
inline constexpr size_t kEvidenceLinesPerItem = 50;

struct AgentPageData {
    EvaluationQuery query;
    std::string csrf;
    std::string base_path;                 // "/admin/evaluation" or "/admin/evaluation/evaluations/ID" (read-only)
    bool read_only = false;                // a final evaluation: no override form
    std::optional<int64_t> evaluation_id;  // a stored evaluation (overrides go to it; no complaint forms)
    bool is_team = false;
    EvidenceTargets targets;
    std::map<std::string, int64_t> evidence_counts;  // item id → every counted fact, when more than listed
    std::optional<OverrideView> override_view;
    std::vector<ComplaintView> complaints;
};

// /admin/evaluation/agents/ID: figures, every item with its quantity, points and evidence, flags
// with their events, the override form and the complaints with their decisions.
std::string render_agent_body(const AgentPageData& data, const core::evaluation::ScoredEntry& entry,
                              const core::evaluation::EvaluationResult& result, const core::evaluation::Scheme& scheme);

// The printable 考核结果公示.
struct PublicityNotice {
    std::string region_name;      // 余姚市
    std::string issued_on;        // YYYY-MM-DD
    std::string issuer;           // 余姚市科学技术局
    std::string objection_until;  // YYYY-MM-DD; empty: "公示期 N 个工作日"
    int publicity_days = 7;
    std::string contact;  // 联系电话 of the office (configured text), may be empty
    bool draft = false;   // a live ranking: marked 草稿
};
std::string render_publicity_body(const PublicityNotice& notice, const core::evaluation::EvaluationResult& result,
                                  const EvaluationQuery& query);

// A bar chart (server-drawn SVG) of how many agents fall in each 10-point score bucket, coloured
// by band, followed by its table; and the count per band.
std::string render_distribution(const std::vector<const core::evaluation::ScoredEntry*>& entries);

// The Chinese name of a flag code (接单未联系 for never_contacted).
std::string flag_label(const std::string& code);

// 个人/团队/法人 label of a query's agent type value; empty for "".
std::string agent_type_option_label(const std::string& value);

}  // namespace xiangke::backend::web
