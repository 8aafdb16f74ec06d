// 考核 JSON API (docs/api.md "Evaluation"): decode, call the evaluation service, encode. The route
// table admits administrators; the service checks every region, stored evaluation, callback and
// complaint against the caller's region and audits every write.
#include "http/handlers.h"
#include "reports/evaluation_export.h"
#include "xiangke/core/json_reader.h"

namespace xiangke::backend::handlers {
namespace {

using evaluation::AdminActor;
using nlohmann::json;

constexpr int64_t kMaxId = int64_t{1} << 53;

AdminActor actor_of(const RequestContext& ctx) {
    return AdminActor{ctx.person->user_id, ctx.person->region_code, ctx.person->name, ctx.client.address};
}

void send_service_error(RequestContext& ctx, const core::Error& error) {
    send_error(ctx.response, evaluation::http_status(error), error);
}

std::optional<int64_t> path_id(RequestContext& ctx, size_t group, const char* field) {
    const std::string text = ctx.request.matches.size() > group ? ctx.request.matches[group].str() : std::string();
    try {
        size_t used = 0;
        int64_t id = std::stoll(text, &used);
        if (used == text.size() && id > 0 && id < kMaxId) {
            return id;
        }
    } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): answered below
    }
    send_error(ctx.response, 404, {"not_found", std::string("no such ") + field, field});
    return std::nullopt;
}

// The query's from/to/region/scheme: both dates are required.
std::optional<evaluation::EvaluationQuery> read_query(RequestContext& ctx) {
    evaluation::EvaluationQuery query;
    query.from_date = ctx.request.get_param_value("from");
    query.to_date = ctx.request.get_param_value("to");
    query.region = ctx.request.get_param_value("region");
    query.scheme_id = ctx.request.get_param_value("scheme");
    for (const auto& [name, value] : {std::pair{"from", &query.from_date}, std::pair{"to", &query.to_date}}) {
        if (value->empty()) {
            send_error(ctx.response, 400,
                       {"invalid_field", std::string(name) + " is required (a date YYYY-MM-DD)", name});
            return std::nullopt;
        }
    }
    const std::string evidence = ctx.request.get_param_value("evidence");
    if (evidence == "all") {
        query.max_evidence_per_item = -1;
    } else if (!evidence.empty()) {
        if (evidence.size() > 7 || evidence.find_first_not_of("0123456789") != std::string::npos) {
            send_error(ctx.response, 400, {"invalid_field", "evidence must be all or a number of entries", "evidence"});
            return std::nullopt;
        }
        query.max_evidence_per_item = std::stoll(evidence);
    }
    if (query.scheme_id.size() > 64) {
        send_error(ctx.response, 400, {"unknown_scheme", "no evaluation scheme with this id", "scheme"});
        return std::nullopt;
    }
    return query;
}

bool send_export(RequestContext& ctx, const json& answer) {
    const std::string format = ctx.request.get_param_value("format");
    if (format.empty() || format == "json") {
        return false;
    }
    auto file = evaluation::export_evaluation(answer, format);
    if (!file) {
        send_service_error(ctx, file.error());
        return true;
    }
    ctx.response.status = 200;
    ctx.response.set_header("Content-Disposition", reports::content_disposition(file->filename));
    ctx.response.set_header("Cache-Control", "no-store");
    ctx.response.set_content(std::move(file->bytes), file->content_type);
    return true;
}

json evaluation_row_json(const StoredEvaluationRow& row) {
    return {{"id", row.id},
            {"region", row.region},
            {"from", row.from_date},
            {"to", row.to_date},
            {"scheme_id", row.scheme_id},
            {"scheme_version", row.scheme_version},
            {"status", std::string(evaluation_status_name(row.status))},
            {"publicity_until", row.publicity_until},
            {"created_by", row.created_by},
            {"created_at", row.created_at},
            {"published_at", row.published_at ? json(*row.published_at) : json(nullptr)},
            {"finalized_at", row.finalized_at ? json(*row.finalized_at) : json(nullptr)},
            {"objections", row.objections},
            {"objections_open", row.objections_open}};
}

json objection_json(const ObjectionRow& o) {
    json out = {{"objection_id", o.id},
                {"evaluation_id", o.evaluation_id},
                {"subject_kind", o.subject_kind},
                {"subject_id", o.subject_id},
                {"text", o.text},
                {"filed_by", o.filed_by},
                {"filed_at", o.filed_at},
                {"decision", o.accepted ? json(*o.accepted ? "accepted" : "rejected") : json(nullptr)}};
    if (o.accepted) {
        out["decision_reason"] = o.decision_reason;
        out["decided_by"] = o.decided_by;
        out["decided_at"] = o.decided_at;
    }
    return out;
}

json override_json(const OverrideRow& o) {
    return {{"override_id", o.id},
            {"evaluation_id", o.evaluation_id ? json(*o.evaluation_id) : json(nullptr)},
            {"subject_kind", o.subject_kind},
            {"subject_id", o.subject_id},
            {"band", o.band},
            {"reason", o.reason},
            {"actor_id", o.actor_id},
            {"actor_name", o.actor_name},
            {"at", o.at}};
}

json callback_json(const CallbackRow& c) {
    return {{"callback_id", c.id},
            {"subject_kind", c.subject_kind},
            {"subject_id", c.subject_id},
            {"agent_id", c.agent_id},
            {"agent_name", c.agent_name},
            {"village_code", c.village_code},
            {"date", c.date},
            {"result", c.result.empty() ? json(nullptr) : json(c.result)},
            {"note", c.note},
            {"sampled_at", c.sampled_at != 0 ? json(c.sampled_at) : json(nullptr)},
            {"at", c.at != 0 ? json(c.at) : json(nullptr)}};
}

// The stored evaluation with its answer's exact bytes under "result".
std::string stored_body(const evaluation::StoredEvaluation& stored) {
    json objections = json::array();
    for (const auto& o : stored.objections) {
        objections.push_back(objection_json(o));
    }
    json overrides = json::array();
    for (const auto& o : stored.overrides) {
        overrides.push_back(override_json(o));
    }
    return "{\"evaluation\":" + evaluation_row_json(stored.row).dump() + ",\"objections\":" + objections.dump() +
           ",\"overrides\":" + overrides.dump() + ",\"result\":" + stored.result_json + "}";
}

// agent_id or team_id of a body: exactly one.
bool read_subject(RequestContext& ctx, core::JsonReader& reader, std::string& kind, int64_t& id) {
    const bool agent = reader.has("agent_id");
    const bool team = reader.has("team_id");
    if (agent == team) {
        send_error(ctx.response, 400, {"invalid_field", "give exactly one of agent_id and team_id", "agent_id"});
        return false;
    }
    kind = agent ? "agent" : "team";
    id = reader.integer(agent ? "agent_id" : "team_id", 1, kMaxId);
    return true;
}

}  // namespace

void admin_evaluation(BackendContext& context, RequestContext& ctx) {
    auto query = read_query(ctx);
    if (!query) {
        return;
    }
    auto live = context.evaluation->live(actor_of(ctx), *query, ctx.now_ms);
    if (!live) {
        send_service_error(ctx, live.error());
        return;
    }
    const std::string format = ctx.request.get_param_value("format");
    if (!format.empty() && format != "json") {
        send_export(ctx, live->json());
        return;
    }
    ctx.response.status = 200;
    ctx.response.set_content(std::move(live->text), "application/json");
}

void admin_evaluation_schemes(BackendContext& context, RequestContext& ctx) {
    send_json(ctx.response, 200, context.evaluation->schemes_json());
}

void admin_evaluations_create(BackendContext& context, RequestContext& ctx) {
    auto body = read_json_body(ctx);
    if (!body) {
        return;
    }
    core::JsonReader reader(*body, "");
    evaluation::EvaluationQuery query;
    query.from_date = reader.string("from", 10);
    query.to_date = reader.string("to", 10);
    query.region = reader.optional_string("region", 12).value_or("");
    query.scheme_id = reader.optional_string("scheme", 64).value_or("");
    auto days = reader.optional_integer("publicity_days", 0, evaluation::kMaxPublicityDays);
    if (reader.ok() && reader.has("evidence")) {
        const auto& value = body->at("evidence");
        if (value == "all") {
            query.max_evidence_per_item = -1;
        } else {
            query.max_evidence_per_item =
                reader.optional_integer("evidence", 0, evaluation::kMaxEvidencePerItem).value_or(0);
        }
    }
    if (!reader.ok()) {
        send_error(ctx.response, 400, reader.error());
        return;
    }
    auto stored = context.evaluation->create_snapshot(
        actor_of(ctx), query, static_cast<int>(days.value_or(evaluation::kDefaultPublicityDays)), ctx.now_ms);
    if (!stored) {
        send_service_error(ctx, stored.error());
        return;
    }
    ctx.response.status = 201;
    ctx.response.set_content(stored_body(*stored), "application/json");
}

void admin_evaluations_list(BackendContext& context, RequestContext& ctx) {
    auto rows = context.evaluation->list_stored(actor_of(ctx), ctx.request.get_param_value("region"));
    if (!rows) {
        send_service_error(ctx, rows.error());
        return;
    }
    json list = json::array();
    for (const auto& row : *rows) {
        list.push_back(evaluation_row_json(row));
    }
    send_json(ctx.response, 200, {{"evaluations", list}});
}

void admin_evaluation_stored(BackendContext& context, RequestContext& ctx) {
    auto id = path_id(ctx, 1, "evaluation");
    if (!id) {
        return;
    }
    auto stored = context.evaluation->stored(actor_of(ctx), *id);
    if (!stored) {
        send_service_error(ctx, stored.error());
        return;
    }
    if (!ctx.request.get_param_value("format").empty() && ctx.request.get_param_value("format") != "json") {
        send_export(ctx, json::parse(stored->result_json));
        return;
    }
    ctx.response.status = 200;
    ctx.response.set_content(stored_body(*stored), "application/json");
}

void admin_objection_create(BackendContext& context, RequestContext& ctx) {
    auto id = path_id(ctx, 1, "evaluation");
    auto body = id ? read_json_body(ctx) : std::nullopt;
    if (!body) {
        return;
    }
    core::JsonReader reader(*body, "");
    evaluation::ObjectionInput input;
    if (!read_subject(ctx, reader, input.subject_kind, input.subject_id)) {
        return;
    }
    input.text = reader.string("text", evaluation::kMaxObjectionChars);
    if (!reader.ok()) {
        send_error(ctx.response, 400, reader.error());
        return;
    }
    auto objection = context.evaluation->file_objection(actor_of(ctx), *id, input, ctx.now_ms);
    if (!objection) {
        send_service_error(ctx, objection.error());
        return;
    }
    send_json(ctx.response, 201, objection_json(*objection));
}

void admin_objection_decision(BackendContext& context, RequestContext& ctx) {
    auto id = path_id(ctx, 1, "evaluation");
    auto objection_id = id ? path_id(ctx, 2, "objection") : std::nullopt;
    auto body = objection_id ? read_json_body(ctx) : std::nullopt;
    if (!body) {
        return;
    }
    core::JsonReader reader(*body, "");
    const std::string decision = reader.string("decision", 10);
    const std::string reason = reader.string("reason", evaluation::kMaxReasonChars);
    if (reader.ok() && decision != "accepted" && decision != "rejected") {
        reader.fail("decision", "decision must be accepted or rejected");
    }
    if (!reader.ok()) {
        send_error(ctx.response, 400, reader.error());
        return;
    }
    auto decided = context.evaluation->decide_objection(actor_of(ctx), *id, *objection_id, decision == "accepted",
                                                        reason, ctx.now_ms);
    if (!decided) {
        send_service_error(ctx, decided.error());
        return;
    }
    send_json(ctx.response, 200, objection_json(*decided));
}

void admin_evaluation_finalize(BackendContext& context, RequestContext& ctx) {
    auto id = path_id(ctx, 1, "evaluation");
    if (!id) {
        return;
    }
    auto stored = context.evaluation->finalize(actor_of(ctx), *id, ctx.now_ms);
    if (!stored) {
        send_service_error(ctx, stored.error());
        return;
    }
    ctx.response.status = 200;
    ctx.response.set_content(stored_body(*stored), "application/json");
}

void admin_evaluation_override(BackendContext& context, RequestContext& ctx) {
    auto body = read_json_body(ctx);
    if (!body) {
        return;
    }
    core::JsonReader reader(*body, "");
    evaluation::OverrideInput input;
    if (!read_subject(ctx, reader, input.subject_kind, input.subject_id)) {
        return;
    }
    input.evaluation_id = reader.optional_integer("evaluation_id", 1, kMaxId);
    input.band = reader.string("band", 8);
    input.reason = reader.string("reason", evaluation::kMaxReasonChars);
    if (!reader.ok()) {
        send_error(ctx.response, 400, reader.error());
        return;
    }
    auto row = context.evaluation->add_override(actor_of(ctx), input, ctx.now_ms);
    if (!row) {
        send_service_error(ctx, row.error());
        return;
    }
    send_json(ctx.response, 201, override_json(*row));
}

void admin_callbacks(BackendContext& context, RequestContext& ctx) {
    auto query = read_query(ctx);
    if (!query) {
        return;
    }
    auto rows = context.evaluation->callbacks(actor_of(ctx), query->region, query->from_date, query->to_date);
    if (!rows) {
        send_service_error(ctx, rows.error());
        return;
    }
    json list = json::array();
    for (const auto& row : *rows) {
        list.push_back(callback_json(row));
    }
    send_json(ctx.response, 200, {{"callbacks", list}});
}

void admin_callback_sample(BackendContext& context, RequestContext& ctx) {
    auto body = read_json_body(ctx);
    if (!body) {
        return;
    }
    core::JsonReader reader(*body, "");
    evaluation::CallbackSampleRequest request;
    request.from_date = reader.string("from", 10);
    request.to_date = reader.string("to", 10);
    request.region = reader.optional_string("region", 12).value_or("");
    request.size = static_cast<int>(reader.optional_integer("size", 1, evaluation::kMaxCallbackSample).value_or(20));
    if (auto seed = reader.optional_integer("seed", 0, kMaxId)) {
        request.seed = static_cast<uint64_t>(*seed);
    }
    if (!reader.ok()) {
        send_error(ctx.response, 400, reader.error());
        return;
    }
    auto sample = context.evaluation->draw_callback_sample(actor_of(ctx), request, ctx.now_ms);
    if (!sample) {
        send_service_error(ctx, sample.error());
        return;
    }
    json items = json::array();
    for (const auto& item : sample->items) {
        items.push_back(callback_json(item));
    }
    send_json(ctx.response, 201, {{"seed", sample->seed}, {"candidates", sample->candidates}, {"callbacks", items}});
}

void admin_callback_result(BackendContext& context, RequestContext& ctx) {
    auto id = path_id(ctx, 1, "callback");
    auto body = id ? read_json_body(ctx) : std::nullopt;
    if (!body) {
        return;
    }
    core::JsonReader reader(*body, "");
    const std::string result = reader.string("result", 12);
    const std::string note = reader.optional_string("note", evaluation::kMaxReasonChars).value_or("");
    if (!reader.ok()) {
        send_error(ctx.response, 400, reader.error());
        return;
    }
    auto row = context.evaluation->record_callback_result(actor_of(ctx), *id, result, note, ctx.now_ms);
    if (!row) {
        send_service_error(ctx, row.error());
        return;
    }
    send_json(ctx.response, 200, callback_json(*row));
}

void admin_complaint_decision(BackendContext& context, RequestContext& ctx) {
    auto id = path_id(ctx, 1, "complaint");
    auto body = id ? read_json_body(ctx) : std::nullopt;
    if (!body) {
        return;
    }
    core::JsonReader reader(*body, "");
    const json* upheld = reader.child("upheld", json::value_t::boolean);
    const std::string reason = reader.string("reason", evaluation::kMaxReasonChars);
    if (!reader.ok()) {
        send_error(ctx.response, 400, reader.error());
        return;
    }
    auto row = context.evaluation->decide_complaint(actor_of(ctx), *id, upheld->get<bool>(), reason, ctx.now_ms);
    if (!row) {
        send_service_error(ctx, row.error());
        return;
    }
    send_json(ctx.response, 201,
              {{"decision_id", row->id},
               {"event_id", row->event_id},
               {"upheld", row->upheld},
               {"reason", row->reason},
               {"admin_id", row->admin_id},
               {"at", row->at}});
}

}  // namespace xiangke::backend::handlers
