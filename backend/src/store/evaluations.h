#pragma once
// Stored evaluations (考核) and what administrators record around them: objections during 公示,
// overrides of a band, phone checks (回访) of self-reported facts and decisions on complaints.
// SQL only; the rules live in evaluation/evaluation_service.h. Final evaluations are immutable
// (triggers of migration 10).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace xiangke::backend {

enum class EvaluationStatus { Draft, Publicity, Final };           // 草稿 / 公示 / 定稿
std::string_view evaluation_status_name(EvaluationStatus status);  // draft, publicity, final
std::optional<EvaluationStatus> evaluation_status_from_name(std::string_view name);

struct StoredEvaluationRow {
    int64_t id = 0;
    std::string region;
    std::string from_date;
    std::string to_date;
    std::string scheme_id;
    int scheme_version = 0;
    EvaluationStatus status = EvaluationStatus::Draft;
    int64_t publicity_until = 0;
    int64_t created_by = 0;
    int64_t created_at = 0;
    std::optional<int64_t> published_at;
    std::optional<int64_t> finalized_at;
    int64_t objections = 0;       // filed
    int64_t objections_open = 0;  // not yet decided
};

struct NewStoredEvaluation {
    std::string region;
    std::string from_date;
    std::string to_date;
    std::string scheme_id;
    int scheme_version = 0;
    std::string scheme_json;  // the scheme as it was, canonical JSON
    std::string inputs_json;  // frozen agents, teams and the watermarks of the input tables
    EvaluationStatus status = EvaluationStatus::Publicity;
    int64_t publicity_until = 0;
    std::string result_json;  // the exact bytes served
    int64_t created_by = 0;
    int64_t created_at = 0;
};

int64_t insert_evaluation(Database& db, const NewStoredEvaluation& evaluation);
std::optional<StoredEvaluationRow> find_evaluation(Database& db, int64_t id);
// Evaluations whose region starts with `region_prefix`, newest first.
std::vector<StoredEvaluationRow> list_evaluations(Database& db, const std::string& region_prefix, int limit);
struct FrozenEvaluation {
    std::string scheme_json;
    std::string inputs_json;
    std::string result_json;
};
std::optional<FrozenEvaluation> frozen_evaluation(Database& db, int64_t id);
std::optional<std::string> evaluation_result_json(Database& db, int64_t id);
// During 公示 only (the triggers refuse changes to a final evaluation).
void update_evaluation_result(Database& db, int64_t id, const std::string& result_json);
void finalize_evaluation(Database& db, int64_t id, const std::string& result_json, int64_t now_ms);

// 异议: an objection an administrator records for an agent or a team during 公示.
struct ObjectionRow {
    int64_t id = 0;
    int64_t evaluation_id = 0;
    std::string subject_kind;  // agent, team
    int64_t subject_id = 0;
    std::string text;
    int64_t filed_by = 0;
    int64_t filed_at = 0;
    std::optional<bool> accepted;  // empty until decided
    std::string decision_reason;
    int64_t decided_by = 0;
    int64_t decided_at = 0;
};
int64_t insert_objection(Database& db, const ObjectionRow& objection);
std::optional<ObjectionRow> find_objection(Database& db, int64_t evaluation_id, int64_t objection_id);
std::vector<ObjectionRow> list_objections(Database& db, int64_t evaluation_id);
// False when it was decided already.
bool decide_objection(Database& db, int64_t objection_id, bool accepted, const std::string& reason, int64_t admin_id,
                      int64_t now_ms);

// A band set by hand, live (no evaluation: the draft) or on a stored evaluation during 公示.
struct OverrideRow {
    int64_t id = 0;
    std::optional<int64_t> evaluation_id;
    std::string subject_kind;  // agent, team
    int64_t subject_id = 0;
    std::string band;  // 优秀 良好 合格 不合格
    std::string reason;
    int64_t actor_id = 0;
    std::string actor_name;
    int64_t at = 0;
};
int64_t insert_override(Database& db, const OverrideRow& row);
// Live overrides (evaluation_id NULL) or those of one evaluation, oldest first.
std::vector<OverrideRow> list_overrides(Database& db, std::optional<int64_t> evaluation_id);

// 回访: an administrator's phone check of one self-reported fact.
struct CallbackRow {
    int64_t id = 0;
    std::string subject_kind;  // visit, training, request
    std::string subject_id;
    int64_t agent_id = 0;
    std::string agent_name;
    std::string village_code;
    std::string date;    // the visit's or training's date; a request's received date
    std::string result;  // confirmed, denied, unreachable; empty while only sampled
    std::string note;
    int64_t admin_id = 0;
    int64_t at = 0;
    int64_t sampled_at = 0;  // 0: recorded without a sample
};
int64_t insert_callback(Database& db, const CallbackRow& row);
std::optional<CallbackRow> find_callback(Database& db, int64_t id);
// False when the callback already has a result.
bool set_callback_result(Database& db, int64_t id, const std::string& result, const std::string& note, int64_t admin_id,
                         int64_t now_ms);
std::vector<CallbackRow> list_callbacks(Database& db, const std::string& region_prefix, const std::string& from_date,
                                        const std::string& to_date);

// Self-reported facts of a period in a region not yet checked or sampled: visits (service
// records) by the request's village, trainings by their village.
std::vector<CallbackRow> callback_candidates(Database& db, const std::string& region_prefix,
                                             const std::string& from_date, const std::string& to_date);

// Where a subject is (for the scope check): village code and agent; empty when unknown.
struct CallbackSubjectInfo {
    std::string village_code;
    int64_t agent_id = 0;
    std::string agent_name;
    std::string date;
};
std::optional<CallbackSubjectInfo> callback_subject(Database& db, const std::string& kind,
                                                    const std::string& subject_id);

// 催办 decided: upheld complaints are deducted, not upheld ones are not. The latest decision counts.
struct ComplaintDecisionRow {
    int64_t id = 0;
    int64_t event_id = 0;
    bool upheld = true;
    std::string reason;
    int64_t admin_id = 0;
    int64_t at = 0;
};
int64_t insert_complaint_decision(Database& db, const ComplaintDecisionRow& row);
// The complaint event's request village and agent; nullopt when the event is not a complaint.
struct ComplaintInfo {
    std::string request_id;
    std::string village_code;
    int64_t agent_id = 0;
};
std::optional<ComplaintInfo> find_complaint(Database& db, int64_t event_id);

// Where an agent or team belongs, for scope checks: home region and service prefixes (agents),
// region and members' home regions (teams). Empty when unknown.
std::vector<std::string> subject_regions(Database& db, const std::string& subject_kind, int64_t subject_id);

}  // namespace xiangke::backend
