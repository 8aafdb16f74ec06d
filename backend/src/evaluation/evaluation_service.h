#pragma once
// 考核: the evaluation workflow around the pure engine (core/evaluation.h). Domain rules only, no
// SQL (store/evaluations.h, store/evaluation_inputs.h) and no HTTP: the JSON API
// (http/evaluation_api.cpp) and the administrator's pages (web/) both call these functions.
//
// - A live evaluation (a draft) is computed on every call for any region, period and scheme.
// - A snapshot freezes the scheme, the agents and teams, and the input rows seen so far, and goes
//   to 公示 for N days; objections are recorded and decided with a reason; overrides may set a
//   band with a reason; then it is finalized (not before the publicity ends, not while an
//   objection is undecided). A final evaluation is immutable, and recomputing it from what was
//   frozen gives the stored bytes again.
// - 回访: a seeded random sample of self-reported visits and trainings for phone checks, and the
//   result of each check; decisions on complaints (催办) whether they are upheld.
// Every write is audited (store/audit.h). Errors carry a code http_status() maps to a status.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "evaluation/scheme_registry.h"
#include "store/database.h"
#include "store/evaluation_inputs.h"
#include "store/evaluations.h"
#include "xiangke/core/evaluation.h"
#include "xiangke/core/result.h"

namespace xiangke::backend::evaluation {

// The administrator acting: scope is their region-code prefix.
struct AdminActor {
    int64_t user_id = 0;
    std::string region_code;  // scope prefix
    std::string name;
    std::string address;  // client address for the audit log
};

// Error codes and their HTTP status: invalid_field, unknown_scheme → 400; out_of_scope → 403;
// not_found → 404; evaluation_final, publicity_not_over, objections_pending, already_decided,
// not_in_publicity → 409; anything else → 500.
int http_status(const core::Error& error);

inline constexpr int kDefaultPublicityDays = 5;
inline constexpr int kMaxPublicityDays = 60;
inline constexpr int kMaxCallbackSample = 200;
inline constexpr size_t kMaxReasonChars = 500;
inline constexpr size_t kMaxObjectionChars = 2000;

// Evidence entries per item in the JSON answer (each item also carries "evidence_count"): a
// province's full evidence is over 100 MB; one agent's drill-down asks for all (-1).
inline constexpr int64_t kDefaultEvidencePerItem = 20;
inline constexpr int64_t kMaxEvidencePerItem = 1'000'000;

struct EvaluationQuery {
    std::string region;  // region-code prefix; empty: the actor's own region
    std::string from_date;
    std::string to_date;
    std::string scheme_id;                                    // empty: "default"
    int64_t max_evidence_per_item = kDefaultEvidencePerItem;  // -1: all
};

// A computed evaluation with the answer of GET /api/v1/admin/evaluation (CONTRACT.md).
struct LiveEvaluation {
    std::string region;
    core::evaluation::Period period;
    std::shared_ptr<const core::evaluation::Scheme> scheme;
    core::evaluation::EvaluationResult result;
    int64_t max_evidence_per_item = -1;
    std::string text;  // the JSON answer's bytes, region included (invalid UTF-8 replaced, as send_json does)
    // The answer as a tree (exports): built on demand, the text alone is much cheaper.
    nlohmann::json json() const;
};

struct StoredEvaluation {
    StoredEvaluationRow row;
    std::string result_json;  // the exact bytes of the evaluation's answer
    std::vector<ObjectionRow> objections;
    std::vector<OverrideRow> overrides;
};

struct ObjectionInput {
    std::string subject_kind;  // agent, team
    int64_t subject_id = 0;
    std::string text;
};

struct OverrideInput {
    std::optional<int64_t> evaluation_id;  // empty: live (the draft)
    std::string subject_kind;              // agent, team
    int64_t subject_id = 0;
    std::string band;  // 优秀 良好 合格 不合格
    std::string reason;
};

struct CallbackSampleRequest {
    std::string region;  // empty: the actor's region
    std::string from_date;
    std::string to_date;
    int size = 20;
    std::optional<uint64_t> seed;  // empty: a random seed (returned)
};

struct CallbackSample {
    uint64_t seed = 0;
    int64_t candidates = 0;  // unchecked self-reported facts in the region and period
    std::vector<CallbackRow> items;
};

struct ExportFile {
    std::string filename;  // 考核-REGION-FROM-TO.xlsx
    std::string content_type;
    std::string bytes;
};

class EvaluationService {
public:
    EvaluationService(Store& store, SchemeRegistry schemes);

    const SchemeRegistry& schemes() const { return m_schemes; }
    // GET /api/v1/admin/evaluation/schemes: id, version, name, source, note per scheme.
    nlohmann::json schemes_json() const;

    // The live (draft) evaluation. Errors: invalid_field (from, to, region), unknown_scheme,
    // out_of_scope.
    core::Result<LiveEvaluation> live(const AdminActor& actor, const EvaluationQuery& query, int64_t now_ms);

    // Freezes the live evaluation and puts it to 公示 for `publicity_days` (0 allowed: finalize at once).
    core::Result<StoredEvaluation> create_snapshot(const AdminActor& actor, const EvaluationQuery& query,
                                                   int publicity_days, int64_t now_ms);
    // Stored evaluations in the actor's region (or a region inside it), newest first.
    core::Result<std::vector<StoredEvaluationRow>> list_stored(const AdminActor& actor, const std::string& region);
    core::Result<StoredEvaluation> stored(const AdminActor& actor, int64_t evaluation_id);
    // The stored evaluation's answer recomputed from its frozen scheme, inputs and overrides (the
    // byte-identity check; the stored bytes are what is served).
    core::Result<std::string> recompute_stored(int64_t evaluation_id);

    core::Result<ObjectionRow> file_objection(const AdminActor& actor, int64_t evaluation_id,
                                              const ObjectionInput& input, int64_t now_ms);
    core::Result<ObjectionRow> decide_objection(const AdminActor& actor, int64_t evaluation_id, int64_t objection_id,
                                                bool accepted, const std::string& reason, int64_t now_ms);
    core::Result<StoredEvaluation> finalize(const AdminActor& actor, int64_t evaluation_id, int64_t now_ms);

    // A band set by hand on the draft or on an evaluation in 公示 (its answer is recomputed).
    core::Result<OverrideRow> add_override(const AdminActor& actor, const OverrideInput& input, int64_t now_ms);

    core::Result<CallbackSample> draw_callback_sample(const AdminActor& actor, const CallbackSampleRequest& request,
                                                      int64_t now_ms);
    // The result of a sampled check: confirmed, denied, unreachable.
    core::Result<CallbackRow> record_callback_result(const AdminActor& actor, int64_t callback_id,
                                                     const std::string& result, const std::string& note,
                                                     int64_t now_ms);
    // A check outside a sample (e.g. from a request's page): subject kind visit, training or request.
    core::Result<CallbackRow> record_callback(const AdminActor& actor, const std::string& subject_kind,
                                              const std::string& subject_id, const std::string& result,
                                              const std::string& note, int64_t now_ms);
    core::Result<std::vector<CallbackRow>> callbacks(const AdminActor& actor, const std::string& region,
                                                     const std::string& from_date, const std::string& to_date);

    core::Result<ComplaintDecisionRow> decide_complaint(const AdminActor& actor, int64_t event_id, bool upheld,
                                                        const std::string& reason, int64_t now_ms);

private:
    core::Result<std::string> scoped_region(const AdminActor& actor, const std::string& region) const;
    core::Result<StoredEvaluation> load_stored(const AdminActor& actor, int64_t evaluation_id);
    core::Result<std::string> recompute_frozen(Database& db, int64_t evaluation_id);

    Store& m_store;
    SchemeRegistry m_schemes;
    std::mutex m_stored_mutex;  // one change to stored evaluations at a time (override → recompute → update)
    EvaluationInputCache m_inputs;
};

// Exports of an evaluation's answer (reports/evaluation_export.h), named for the download.
core::Result<ExportFile> export_evaluation(const nlohmann::json& answer, const std::string& format);

}  // namespace xiangke::backend::evaluation
