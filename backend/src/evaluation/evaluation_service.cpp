#include "evaluation/evaluation_service.h"

#include <algorithm>
#include <map>
#include <random>
#include <unordered_set>

#include "reports/evaluation_export.h"
#include "store/audit.h"
#include "xiangke/core/region_code.h"
#include "xiangke/platform/random.h"

namespace xiangke::backend::evaluation {
namespace {

namespace ev = core::evaluation;
using nlohmann::json;

constexpr int64_t kDayMs = 24 * 60 * 60 * 1000;

core::Error not_found(const std::string& what, const std::string& field) {
    return core::Error{"not_found", "no " + what + " with this id", field};
}

core::Error out_of_scope(const std::string& what) {
    return core::Error{"out_of_scope", what + " is outside your administrative region", ""};
}

bool starts_with(const std::string& text, const std::string& prefix) {
    return text.compare(0, prefix.size(), prefix) == 0;
}

bool overlaps(const std::string& a, const std::string& b) {
    return starts_with(a, b) || starts_with(b, a);
}

// Counts code points, for limits people understand (a Chinese character is one).
size_t chars(const std::string& text) {
    return static_cast<size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string trimmed(const std::string& text) {
    size_t begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos) {
        return {};
    }
    size_t end = text.find_last_not_of(" \t\r\n");
    return text.substr(begin, end - begin + 1);
}

core::Result<std::string> required_text(const std::string& text, const std::string& field, size_t max_chars) {
    std::string value = trimmed(text);
    if (value.empty()) {
        return core::field_error(field, field + " is required");
    }
    if (chars(value) > max_chars) {
        return core::field_error(field, field + " is longer than " + std::to_string(max_chars) + " characters");
    }
    return value;
}

AuditEntry audit(const AdminActor& actor, std::string action, std::string object_type, std::string object_id,
                 json detail) {
    return AuditEntry{"user",
                      std::to_string(actor.user_id),
                      std::move(action),
                      std::move(object_type),
                      std::move(object_id),
                      actor.address,
                      std::move(detail)};
}

// --- frozen inputs (agents, teams, watermarks, as_of) as JSON -------------------------------

json agent_json(const ev::AgentInfo& a) {
    return {{"id", a.id},
            {"name", a.name},
            {"type", std::string(ev::agent_type_name(a.type))},
            {"team_id", a.team_id},
            {"team_name", a.team_name},
            {"region_code", a.region_code},
            {"service_regions", a.service_regions},
            {"active", a.active}};
}

ev::AgentInfo agent_from_json(const json& j) {
    ev::AgentInfo a;
    a.id = j.at("id").get<int64_t>();
    a.name = j.at("name").get<std::string>();
    a.type = ev::agent_type_from_name(j.at("type").get<std::string>()).value_or(ev::AgentType::Individual);
    a.team_id = j.at("team_id").get<int64_t>();
    a.team_name = j.at("team_name").get<std::string>();
    a.region_code = j.at("region_code").get<std::string>();
    a.service_regions = j.at("service_regions").get<std::vector<std::string>>();
    a.active = j.at("active").get<bool>();
    return a;
}

json team_json(const ev::TeamInfo& t) {
    return {{"id", t.id}, {"name", t.name}, {"region_code", t.region_code}, {"leader_id", t.leader_id}};
}

ev::TeamInfo team_from_json(const json& j) {
    return ev::TeamInfo{j.at("id").get<int64_t>(), j.at("name").get<std::string>(),
                        j.at("region_code").get<std::string>(), j.at("leader_id").get<int64_t>()};
}

json watermarks_json(const InputWatermarks& w) {
    return {{"events", w.events},       {"visits", w.visits},       {"feedback", w.feedback},
            {"trainings", w.trainings}, {"callbacks", w.callbacks}, {"decisions", w.decisions}};
}

InputWatermarks watermarks_from_json(const json& j) {
    InputWatermarks w;
    w.events = j.at("events").get<int64_t>();
    w.visits = j.at("visits").get<int64_t>();
    w.feedback = j.at("feedback").get<int64_t>();
    w.trainings = j.at("trainings").get<int64_t>();
    w.callbacks = j.at("callbacks").get<int64_t>();
    w.decisions = j.at("decisions").get<int64_t>();
    return w;
}

// Overrides as the engine takes them: the latest per subject, for the subjects in the input.
std::vector<ev::Override> engine_overrides(const std::vector<OverrideRow>& rows, const ev::EvaluationInput& input) {
    std::unordered_set<int64_t> agents;
    std::unordered_set<int64_t> teams;
    for (const auto& a : input.agents) {
        agents.insert(a.id);
    }
    for (const auto& t : input.teams) {
        teams.insert(t.id);
    }
    std::map<std::pair<bool, int64_t>, ev::Override> latest;
    for (const auto& row : rows) {
        bool team = row.subject_kind == "team";
        if ((team ? teams.count(row.subject_id) : agents.count(row.subject_id)) == 0) {
            continue;
        }
        auto band = ev::band_from_label(row.band);
        if (!band) {
            continue;
        }
        ev::Override o;
        o.agent_id = row.subject_id;
        o.for_team = team;
        o.band = *band;
        o.reason = row.reason;
        o.actor = row.actor_name.empty() ? std::to_string(row.actor_id) : row.actor_name;
        o.at = row.at;
        latest[{team, row.subject_id}] = std::move(o);
    }
    std::vector<ev::Override> out;
    for (auto& [key, o] : latest) {
        out.push_back(std::move(o));
    }
    return out;
}

// The answer's bytes: the engine's JSON with the region added.
std::string answer_bytes(const ev::EvaluationResult& result, const ev::Scheme& scheme, const std::string& region,
                         int64_t max_evidence_per_item) {
    return ev::result_json_text(result, scheme, ev::JsonOptions{max_evidence_per_item}, region);
}

bool has_subject(const json& inputs, const std::string& kind, int64_t id) {
    const json& list = inputs.at(kind == "team" ? "teams" : "agents");
    return std::any_of(list.begin(), list.end(), [id](const json& j) { return j.at("id").get<int64_t>() == id; });
}

// Fisher–Yates with the 64-bit Mersenne Twister (fully specified by the standard, unlike the
// distributions), so a seed draws the same sample on every platform.
template <typename T>
void seeded_shuffle(std::vector<T>& items, uint64_t seed) {
    std::mt19937_64 rng(seed);
    for (size_t i = items.size(); i > 1; --i) {
        size_t j = static_cast<size_t>(rng() % i);
        std::swap(items[i - 1], items[j]);
    }
}

}  // namespace

int http_status(const core::Error& error) {
    const std::string& code = error.code;
    if (code == "invalid_field" || code == "unknown_scheme" || code == "missing_field" || code == "wrong_type" ||
        code == "out_of_range" || code == "bad_json") {
        return 400;
    }
    if (code == "out_of_scope" || code == "forbidden") {
        return 403;
    }
    if (code == "not_found") {
        return 404;
    }
    if (code == "evaluation_final" || code == "publicity_not_over" || code == "objections_pending" ||
        code == "already_decided" || code == "not_in_publicity") {
        return 409;
    }
    return 500;
}

EvaluationService::EvaluationService(Store& store, SchemeRegistry schemes)
    : m_store(store), m_schemes(std::move(schemes)) {}

json EvaluationService::schemes_json() const {
    json list = json::array();
    for (const auto& scheme : m_schemes.all()) {
        json types = json::array();
        for (const auto& [type, section] : scheme->types) {
            json dimensions = json::array();
            for (const auto& d : section.dimensions) {
                dimensions.push_back({{"id", d.id}, {"name", d.name}, {"weight", d.weight}});
            }
            types.push_back({{"type", std::string(ev::agent_type_name(type))}, {"dimensions", dimensions}});
        }
        json item = {{"id", scheme->id},
                     {"version", scheme->version},
                     {"name", scheme->name},
                     {"source", scheme->source},
                     {"default", scheme->id == kDefaultSchemeId},
                     {"types", types}};
        if (!scheme->note.empty()) {
            item["note"] = scheme->note;
        }
        list.push_back(std::move(item));
    }
    return {{"schemes", list}};
}

core::Result<std::string> EvaluationService::scoped_region(const AdminActor& actor, const std::string& region) const {
    std::string value = region.empty() ? actor.region_code : region;
    if (!core::is_valid_region_prefix(value)) {
        return core::field_error("region", "region must be a region-code prefix");
    }
    if (actor.region_code.empty() || !starts_with(value, actor.region_code)) {
        return out_of_scope("this region");
    }
    return value;
}

core::Result<LiveEvaluation> EvaluationService::live(const AdminActor& actor, const EvaluationQuery& query,
                                                     int64_t now_ms) {
    if (query.max_evidence_per_item < -1 || query.max_evidence_per_item > kMaxEvidencePerItem) {
        return core::field_error("evidence", "evidence must be all or 0 to " + std::to_string(kMaxEvidencePerItem));
    }
    auto period = ev::make_period(query.from_date, query.to_date);
    if (!period) {
        return period.error();
    }
    auto region = scoped_region(actor, query.region);
    if (!region) {
        return region.error();
    }
    const std::string scheme_id = query.scheme_id.empty() ? kDefaultSchemeId : query.scheme_id;
    auto scheme = m_schemes.find(scheme_id);
    if (!scheme) {
        return core::Error{"unknown_scheme", "no evaluation scheme '" + scheme_id + "'", "scheme"};
    }
    Database& db = m_store.reader();
    ev::EvaluationInput input;
    input.period = *period;
    input.as_of = now_ms;
    auto people = m_inputs.read_agents(db, *region);
    input.agents = std::move(people.agents);
    input.teams = std::move(people.teams);
    input.overrides = engine_overrides(list_overrides(db, std::nullopt), input);

    LiveEvaluation live;
    live.region = *region;
    live.period = *period;
    live.scheme = scheme;
    live.result = m_inputs.with_live_input(
        db, input, [&scheme](const ev::EvaluationInput& facts) { return ev::evaluate(facts, *scheme); });
    live.max_evidence_per_item = query.max_evidence_per_item;
    live.text = ev::result_json_text(live.result, *scheme, ev::JsonOptions{query.max_evidence_per_item}, *region, true);
    return live;
}

json LiveEvaluation::json() const {
    auto answer = ev::result_json(result, *scheme, ev::JsonOptions{max_evidence_per_item});
    answer["region"] = region;
    return answer;
}

core::Result<std::string> EvaluationService::recompute_frozen(Database& db, int64_t evaluation_id) {
    auto row = find_evaluation(db, evaluation_id);
    auto frozen = frozen_evaluation(db, evaluation_id);
    if (!row || !frozen) {
        return not_found("evaluation", "id");
    }
    auto scheme = ev::parse_scheme(frozen->scheme_json, "evaluation " + std::to_string(evaluation_id));
    if (!scheme) {
        return core::Error{"internal", "the frozen scheme does not parse: " + scheme.error().message, ""};
    }
    auto period = ev::make_period(row->from_date, row->to_date);
    if (!period) {
        return period.error();
    }
    json inputs = json::parse(frozen->inputs_json);
    ev::EvaluationInput input;
    input.period = *period;
    input.as_of = inputs.at("as_of").get<int64_t>();
    for (const auto& a : inputs.at("agents")) {
        input.agents.push_back(agent_from_json(a));
    }
    m_inputs.fill_agent_phone_keys(db, input.agents);
    for (const auto& t : inputs.at("teams")) {
        input.teams.push_back(team_from_json(t));
    }
    input.overrides = engine_overrides(list_overrides(db, evaluation_id), input);
    m_inputs.fill(db, input, watermarks_from_json(inputs.at("watermarks")));
    return answer_bytes(ev::evaluate(input, *scheme), *scheme, row->region,
                        inputs.value("max_evidence_per_item", int64_t{-1}));
}

core::Result<std::string> EvaluationService::recompute_stored(int64_t evaluation_id) {
    return recompute_frozen(m_store.reader(), evaluation_id);
}

core::Result<StoredEvaluation> EvaluationService::create_snapshot(const AdminActor& actor, const EvaluationQuery& query,
                                                                  int publicity_days, int64_t now_ms) {
    if (query.max_evidence_per_item < -1 || query.max_evidence_per_item > kMaxEvidencePerItem) {
        return core::field_error("evidence", "evidence must be all or 0 to " + std::to_string(kMaxEvidencePerItem));
    }
    if (publicity_days < 0 || publicity_days > kMaxPublicityDays) {
        return core::field_error("publicity_days", "publicity_days must be 0 to " + std::to_string(kMaxPublicityDays));
    }
    auto period = ev::make_period(query.from_date, query.to_date);
    if (!period) {
        return period.error();
    }
    auto region = scoped_region(actor, query.region);
    if (!region) {
        return region.error();
    }
    const std::string scheme_id = query.scheme_id.empty() ? kDefaultSchemeId : query.scheme_id;
    auto scheme = m_schemes.find(scheme_id);
    if (!scheme) {
        return core::Error{"unknown_scheme", "no evaluation scheme '" + scheme_id + "'", "scheme"};
    }
    // The scheme is frozen as canonical JSON and the answer computed from that text, exactly as a
    // recomputation will.
    const std::string scheme_json = ev::scheme_canonical_json(*scheme);
    auto frozen_scheme = ev::parse_scheme(scheme_json, scheme_id);
    if (!frozen_scheme) {
        return core::Error{"internal", "the canonical scheme does not parse: " + frozen_scheme.error().message, ""};
    }

    std::lock_guard lock(m_stored_mutex);
    Database& db = m_store.reader();
    ev::EvaluationInput input;
    input.period = *period;
    input.as_of = now_ms;
    auto people = m_inputs.read_agents(db, *region);
    input.agents = std::move(people.agents);
    input.teams = std::move(people.teams);
    // Live overrides of these agents and teams are carried into the snapshot.
    std::vector<OverrideRow> carried;
    {
        std::unordered_set<int64_t> agents;
        std::unordered_set<int64_t> teams;
        for (const auto& a : input.agents) {
            agents.insert(a.id);
        }
        for (const auto& t : input.teams) {
            teams.insert(t.id);
        }
        for (auto& row : list_overrides(db, std::nullopt)) {
            bool team = row.subject_kind == "team";
            if ((team ? teams.count(row.subject_id) : agents.count(row.subject_id)) != 0) {
                carried.push_back(std::move(row));
            }
        }
    }
    input.overrides = engine_overrides(carried, input);
    InputWatermarks seen = m_inputs.fill(db, input);

    json inputs = {{"as_of", now_ms},
                   {"watermarks", watermarks_json(seen)},
                   {"max_evidence_per_item", query.max_evidence_per_item}};
    inputs["agents"] = json::array();
    for (const auto& a : input.agents) {
        inputs["agents"].push_back(agent_json(a));
    }
    inputs["teams"] = json::array();
    for (const auto& t : input.teams) {
        inputs["teams"].push_back(team_json(t));
    }
    const std::string result =
        answer_bytes(ev::evaluate(input, *frozen_scheme), *frozen_scheme, *region, query.max_evidence_per_item);

    NewStoredEvaluation row;
    row.region = *region;
    row.from_date = period->from_date;
    row.to_date = period->to_date;
    row.scheme_id = scheme->id;
    row.scheme_version = scheme->version;
    row.scheme_json = scheme_json;
    row.inputs_json = inputs.dump();
    row.status = EvaluationStatus::Publicity;
    row.publicity_until = now_ms + publicity_days * kDayMs;
    row.result_json = result;
    row.created_by = actor.user_id;
    row.created_at = now_ms;
    int64_t id = m_store.write([&](Database& w) {
        int64_t new_id = insert_evaluation(w, row);
        for (OverrideRow o : carried) {
            o.evaluation_id = new_id;
            insert_override(w, o);
        }
        write_audit(w,
                    audit(actor, "evaluation.create", "evaluation", std::to_string(new_id),
                          {{"region", row.region},
                           {"from", row.from_date},
                           {"to", row.to_date},
                           {"scheme", row.scheme_id},
                           {"scheme_version", row.scheme_version},
                           {"agents", input.agents.size()},
                           {"publicity_days", publicity_days}}),
                    now_ms);
        return new_id;
    });
    return load_stored(actor, id);
}

core::Result<std::vector<StoredEvaluationRow>> EvaluationService::list_stored(const AdminActor& actor,
                                                                              const std::string& region) {
    auto scoped = scoped_region(actor, region);
    if (!scoped) {
        return scoped.error();
    }
    return list_evaluations(m_store.reader(), *scoped, 200);
}

core::Result<StoredEvaluation> EvaluationService::load_stored(const AdminActor& actor, int64_t evaluation_id) {
    Database& db = m_store.reader();
    auto row = find_evaluation(db, evaluation_id);
    if (!row) {
        return not_found("evaluation", "id");
    }
    if (actor.region_code.empty() || !starts_with(row->region, actor.region_code)) {
        return out_of_scope("this evaluation");
    }
    StoredEvaluation stored;
    stored.row = *row;
    stored.result_json = evaluation_result_json(db, evaluation_id).value_or("{}");
    stored.objections = list_objections(db, evaluation_id);
    stored.overrides = list_overrides(db, evaluation_id);
    return stored;
}

core::Result<StoredEvaluation> EvaluationService::stored(const AdminActor& actor, int64_t evaluation_id) {
    return load_stored(actor, evaluation_id);
}

core::Result<ObjectionRow> EvaluationService::file_objection(const AdminActor& actor, int64_t evaluation_id,
                                                             const ObjectionInput& input, int64_t now_ms) {
    auto evaluation = load_stored(actor, evaluation_id);
    if (!evaluation) {
        return evaluation.error();
    }
    if (evaluation->row.status == EvaluationStatus::Final) {
        return core::Error{"evaluation_final", "this evaluation is final: objections are closed", ""};
    }
    if (evaluation->row.status != EvaluationStatus::Publicity) {
        return core::Error{"not_in_publicity", "objections are taken during the publicity (公示) only", ""};
    }
    if (input.subject_kind != "agent" && input.subject_kind != "team") {
        return core::field_error("subject_kind", "subject_kind must be agent or team");
    }
    auto text = required_text(input.text, "text", kMaxObjectionChars);
    if (!text) {
        return text.error();
    }
    auto frozen = frozen_evaluation(m_store.reader(), evaluation_id);
    if (!frozen || !has_subject(json::parse(frozen->inputs_json), input.subject_kind, input.subject_id)) {
        return core::field_error("subject_id", "this " + input.subject_kind + " is not in the evaluation");
    }
    ObjectionRow row;
    row.evaluation_id = evaluation_id;
    row.subject_kind = input.subject_kind;
    row.subject_id = input.subject_id;
    row.text = *text;
    row.filed_by = actor.user_id;
    row.filed_at = now_ms;
    row.id = m_store.write([&](Database& db) {
        int64_t id = insert_objection(db, row);
        write_audit(db,
                    audit(actor, "evaluation.objection", "evaluation", std::to_string(evaluation_id),
                          {{"objection_id", id}, {"subject_kind", row.subject_kind}, {"subject_id", row.subject_id}}),
                    now_ms);
        return id;
    });
    return row;
}

core::Result<ObjectionRow> EvaluationService::decide_objection(const AdminActor& actor, int64_t evaluation_id,
                                                               int64_t objection_id, bool accepted,
                                                               const std::string& reason, int64_t now_ms) {
    auto evaluation = load_stored(actor, evaluation_id);
    if (!evaluation) {
        return evaluation.error();
    }
    if (evaluation->row.status == EvaluationStatus::Final) {
        return core::Error{"evaluation_final", "this evaluation is final", ""};
    }
    auto text = required_text(reason, "reason", kMaxReasonChars);
    if (!text) {
        return text.error();
    }
    auto objection = find_objection(m_store.reader(), evaluation_id, objection_id);
    if (!objection) {
        return not_found("objection", "objection_id");
    }
    if (objection->accepted) {
        return core::Error{"already_decided", "this objection was decided already", ""};
    }
    bool decided = m_store.write([&](Database& db) {
        if (!backend::decide_objection(db, objection_id, accepted, *text, actor.user_id, now_ms)) {
            return false;
        }
        write_audit(db,
                    audit(actor, "evaluation.objection_decision", "evaluation", std::to_string(evaluation_id),
                          {{"objection_id", objection_id}, {"decision", accepted ? "accepted" : "rejected"}}),
                    now_ms);
        return true;
    });
    if (!decided) {
        return core::Error{"already_decided", "this objection was decided already", ""};
    }
    objection->accepted = accepted;
    objection->decision_reason = *text;
    objection->decided_by = actor.user_id;
    objection->decided_at = now_ms;
    return *objection;
}

core::Result<StoredEvaluation> EvaluationService::finalize(const AdminActor& actor, int64_t evaluation_id,
                                                           int64_t now_ms) {
    std::lock_guard lock(m_stored_mutex);
    auto evaluation = load_stored(actor, evaluation_id);
    if (!evaluation) {
        return evaluation.error();
    }
    const auto& row = evaluation->row;
    if (row.status == EvaluationStatus::Final) {
        return core::Error{"evaluation_final", "this evaluation is final already", ""};
    }
    if (row.status != EvaluationStatus::Publicity) {
        return core::Error{"not_in_publicity", "only an evaluation in publicity (公示) can be finalized", ""};
    }
    if (now_ms < row.publicity_until) {
        return core::Error{"publicity_not_over",
                           "the publicity (公示) runs until " + std::to_string(row.publicity_until) +
                               " (epoch ms); finalize after it ends",
                           ""};
    }
    if (row.objections_open > 0) {
        return core::Error{"objections_pending",
                           std::to_string(row.objections_open) + " objection(s) are not decided yet", ""};
    }
    auto result = recompute_frozen(m_store.reader(), evaluation_id);
    if (!result) {
        return result.error();
    }
    m_store.write([&](Database& db) {
        finalize_evaluation(db, evaluation_id, *result, now_ms);
        write_audit(db, audit(actor, "evaluation.finalize", "evaluation", std::to_string(evaluation_id), {}), now_ms);
    });
    return load_stored(actor, evaluation_id);
}

core::Result<OverrideRow> EvaluationService::add_override(const AdminActor& actor, const OverrideInput& input,
                                                          int64_t now_ms) {
    if (input.subject_kind != "agent" && input.subject_kind != "team") {
        return core::field_error("subject_kind", "subject_kind must be agent or team");
    }
    if (!ev::band_from_label(input.band)) {
        return core::field_error("band", "band must be one of 优秀, 良好, 合格, 不合格");
    }
    auto reason = required_text(input.reason, "reason", kMaxReasonChars);
    if (!reason) {
        return reason.error();
    }
    std::lock_guard lock(m_stored_mutex);
    if (input.evaluation_id) {
        auto evaluation = load_stored(actor, *input.evaluation_id);
        if (!evaluation) {
            return evaluation.error();
        }
        if (evaluation->row.status == EvaluationStatus::Final) {
            return core::Error{"evaluation_final", "this evaluation is final: its bands cannot change", ""};
        }
        auto frozen = frozen_evaluation(m_store.reader(), *input.evaluation_id);
        if (!frozen || !has_subject(json::parse(frozen->inputs_json), input.subject_kind, input.subject_id)) {
            return core::field_error("subject_id", "this " + input.subject_kind + " is not in the evaluation");
        }
    } else {
        auto regions = subject_regions(m_store.reader(), input.subject_kind, input.subject_id);
        if (regions.empty()) {
            return core::field_error("subject_id", "no " + input.subject_kind + " with this id");
        }
        if (actor.region_code.empty() || std::none_of(regions.begin(), regions.end(), [&actor](const std::string& r) {
                return overlaps(r, actor.region_code);
            })) {
            return out_of_scope("this " + input.subject_kind);
        }
    }
    OverrideRow row;
    row.evaluation_id = input.evaluation_id;
    row.subject_kind = input.subject_kind;
    row.subject_id = input.subject_id;
    row.band = input.band;
    row.reason = *reason;
    row.actor_id = actor.user_id;
    row.actor_name = actor.name;
    row.at = now_ms;
    row.id = m_store.write([&](Database& db) {
        int64_t id = insert_override(db, row);
        write_audit(db,
                    audit(actor, "evaluation.override", input.subject_kind, std::to_string(input.subject_id),
                          {{"override_id", id},
                           {"band", row.band},
                           {"evaluation_id", input.evaluation_id ? json(*input.evaluation_id) : json(nullptr)}}),
                    now_ms);
        return id;
    });
    if (input.evaluation_id) {
        // The stored answer follows its overrides during 公示.
        auto result = recompute_frozen(m_store.reader(), *input.evaluation_id);
        if (!result) {
            return result.error();
        }
        m_store.write([&](Database& db) { update_evaluation_result(db, *input.evaluation_id, *result); });
    }
    return row;
}

core::Result<CallbackSample> EvaluationService::draw_callback_sample(const AdminActor& actor,
                                                                     const CallbackSampleRequest& request,
                                                                     int64_t now_ms) {
    auto period = ev::make_period(request.from_date, request.to_date);
    if (!period) {
        return period.error();
    }
    auto region = scoped_region(actor, request.region);
    if (!region) {
        return region.error();
    }
    if (request.size < 1 || request.size > kMaxCallbackSample) {
        return core::field_error("size", "size must be 1 to " + std::to_string(kMaxCallbackSample));
    }
    CallbackSample sample;
    sample.seed = request.seed ? *request.seed : platform::random_u64() >> 11;  // exact in a JSON number
    auto candidates = callback_candidates(m_store.reader(), *region, period->from_date, period->to_date);
    sample.candidates = static_cast<int64_t>(candidates.size());
    seeded_shuffle(candidates, sample.seed);
    if (candidates.size() > static_cast<size_t>(request.size)) {
        candidates.resize(static_cast<size_t>(request.size));
    }
    m_store.write([&](Database& db) {
        for (auto& item : candidates) {
            item.admin_id = actor.user_id;
            item.sampled_at = now_ms;
            item.id = insert_callback(db, item);
        }
        write_audit(db,
                    audit(actor, "callback.sample", "region", *region,
                          {{"from", period->from_date},
                           {"to", period->to_date},
                           {"seed", sample.seed},
                           {"candidates", sample.candidates},
                           {"sampled", candidates.size()}}),
                    now_ms);
    });
    sample.items = std::move(candidates);
    return sample;
}

namespace {
bool is_callback_result(const std::string& result) {
    return result == "confirmed" || result == "denied" || result == "unreachable";
}
}  // namespace

core::Result<CallbackRow> EvaluationService::record_callback_result(const AdminActor& actor, int64_t callback_id,
                                                                    const std::string& result, const std::string& note,
                                                                    int64_t now_ms) {
    if (!is_callback_result(result)) {
        return core::field_error("result", "result must be confirmed, denied or unreachable");
    }
    if (chars(note) > kMaxReasonChars) {
        return core::field_error("note", "note is longer than " + std::to_string(kMaxReasonChars) + " characters");
    }
    auto row = find_callback(m_store.reader(), callback_id);
    if (!row) {
        return not_found("callback", "id");
    }
    if (actor.region_code.empty() || !starts_with(row->village_code, actor.region_code)) {
        return out_of_scope("this callback");
    }
    if (!row->result.empty()) {
        return core::Error{"already_decided", "this callback has a result already", ""};
    }
    bool set = m_store.write([&](Database& db) {
        if (!set_callback_result(db, callback_id, result, trimmed(note), actor.user_id, now_ms)) {
            return false;
        }
        write_audit(db,
                    audit(actor, "callback.result", row->subject_kind, row->subject_id,
                          {{"callback_id", callback_id}, {"result", result}}),
                    now_ms);
        return true;
    });
    if (!set) {
        return core::Error{"already_decided", "this callback has a result already", ""};
    }
    return *find_callback(m_store.reader(), callback_id);
}

core::Result<CallbackRow> EvaluationService::record_callback(const AdminActor& actor, const std::string& subject_kind,
                                                             const std::string& subject_id, const std::string& result,
                                                             const std::string& note, int64_t now_ms) {
    if (subject_kind != "visit" && subject_kind != "training" && subject_kind != "request") {
        return core::field_error("subject_kind", "subject_kind must be visit, training or request");
    }
    if (!is_callback_result(result)) {
        return core::field_error("result", "result must be confirmed, denied or unreachable");
    }
    if (chars(note) > kMaxReasonChars) {
        return core::field_error("note", "note is longer than " + std::to_string(kMaxReasonChars) + " characters");
    }
    auto subject = callback_subject(m_store.reader(), subject_kind, subject_id);
    if (!subject) {
        return not_found(subject_kind, "subject_id");
    }
    if (actor.region_code.empty() || !starts_with(subject->village_code, actor.region_code)) {
        return out_of_scope("this " + subject_kind);
    }
    CallbackRow row;
    row.subject_kind = subject_kind;
    row.subject_id = subject_id;
    row.agent_id = subject->agent_id;
    row.agent_name = subject->agent_name;
    row.village_code = subject->village_code;
    row.date = subject->date;
    row.result = result;
    row.note = trimmed(note);
    row.admin_id = actor.user_id;
    row.at = now_ms;
    row.id = m_store.write([&](Database& db) {
        int64_t id = insert_callback(db, row);
        write_audit(
            db, audit(actor, "callback.result", subject_kind, subject_id, {{"callback_id", id}, {"result", result}}),
            now_ms);
        return id;
    });
    return row;
}

core::Result<std::vector<CallbackRow>> EvaluationService::callbacks(const AdminActor& actor, const std::string& region,
                                                                    const std::string& from_date,
                                                                    const std::string& to_date) {
    auto period = ev::make_period(from_date, to_date);
    if (!period) {
        return period.error();
    }
    auto scoped = scoped_region(actor, region);
    if (!scoped) {
        return scoped.error();
    }
    return list_callbacks(m_store.reader(), *scoped, period->from_date, period->to_date);
}

core::Result<ComplaintDecisionRow> EvaluationService::decide_complaint(const AdminActor& actor, int64_t event_id,
                                                                       bool upheld, const std::string& reason,
                                                                       int64_t now_ms) {
    auto text = required_text(reason, "reason", kMaxReasonChars);
    if (!text) {
        return text.error();
    }
    auto complaint = find_complaint(m_store.reader(), event_id);
    if (!complaint) {
        return not_found("complaint event", "id");
    }
    if (actor.region_code.empty() || !starts_with(complaint->village_code, actor.region_code)) {
        return out_of_scope("this complaint");
    }
    ComplaintDecisionRow row;
    row.event_id = event_id;
    row.upheld = upheld;
    row.reason = *text;
    row.admin_id = actor.user_id;
    row.at = now_ms;
    row.id = m_store.write([&](Database& db) {
        int64_t id = insert_complaint_decision(db, row);
        write_audit(db,
                    audit(actor, "complaint.decision", "request", complaint->request_id,
                          {{"event_id", event_id}, {"upheld", upheld}, {"decision_id", id}}),
                    now_ms);
        return id;
    });
    return row;
}

core::Result<ExportFile> export_evaluation(const json& answer, const std::string& format) {
    const std::string stem = "考核-" + answer.value("region", std::string()) + "-" +
                             answer.value("from", std::string()) + "-" + answer.value("to", std::string());
    if (format == "csv") {
        return ExportFile{stem + ".csv", "text/csv; charset=utf-8", reports::evaluation_csv(answer)};
    }
    if (format == "xlsx") {
        auto bytes = reports::evaluation_xlsx(answer);
        if (!bytes) {
            return bytes.error();
        }
        return ExportFile{stem + ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          std::move(bytes).value()};
    }
    return core::field_error("format", "format must be json, csv or xlsx");
}

}  // namespace xiangke::backend::evaluation
