#include "xiangke/core/protocol.h"

#include <array>

#include "name_table.h"
#include "xiangke/core/json_reader.h"
#include "xiangke/core/phone.h"
#include "xiangke/core/region_code.h"
#include "xiangke/core/ulid.h"

namespace xiangke::core::protocol {
namespace {

using nlohmann::json;
constexpr int64_t kMaxTimestamp = int64_t{1} << 47;  // far beyond any real clock, fits a ULID

template <typename T>
Result<T> finish(const JsonReader& reader, T value) {
    if (!reader.ok()) {
        return reader.error();
    }
    return value;
}

void check_version(JsonReader& reader) {
    int64_t version = reader.integer("protocol_version", 0, 1'000'000);
    if (reader.ok() && version != kProtocolVersion) {
        reader.fail("protocol_version",
                    "protocol version " + std::to_string(version) + " is not supported; this side speaks " +
                        std::to_string(kProtocolVersion),
                    "version_mismatch");
    }
}

void check_ulid(JsonReader& reader, const char* name, const std::string& value) {
    if (reader.ok() && !is_valid_ulid(value)) {
        reader.fail(reader.path_of(name), "expected a ULID (26 Crockford base32 characters)");
    }
}

constexpr std::array<std::string_view, 4> kOpTypes{"request.create", "request.cancel", "feedback.create",
                                                   "usage.report"};
constexpr std::array<std::string_view, 3> kOpStatuses{"applied", "duplicate", "rejected"};
constexpr std::array<std::string_view, 3> kOutcomes{"solved", "partly", "not_solved"};
constexpr std::array<std::string_view, 14> kKioskStatuses{
    "received", "offered",        "claimed",   "contacted",          "visited",   "resolved", "partly_resolved",
    "referred", "cannot_resolve", "confirmed", "closed_unconfirmed", "cancelled", "reopened", "rejected"};

void put_optional(json& out, const char* name, const std::optional<std::string>& value) {
    if (value) {
        out[name] = *value;
    }
}

}  // namespace

std::string_view op_type_name(OpType type) {
    return kOpTypes[static_cast<size_t>(type)];
}
std::optional<OpType> op_type_from_name(std::string_view name) {
    int i = index_of(kOpTypes, name);
    return i < 0 ? std::nullopt : std::optional<OpType>(static_cast<OpType>(i));
}
std::string_view op_status_name(OpStatus status) {
    return kOpStatuses[static_cast<size_t>(status)];
}
std::string_view feedback_outcome_name(FeedbackOutcome outcome) {
    return kOutcomes[static_cast<size_t>(outcome)];
}
bool is_kiosk_visible_status(std::string_view status) {
    return index_of(kKioskStatuses, status) >= 0;
}

// ---- encoders ----
json to_json(const EnrollRequest& v) {
    return {{"enrollment_code", v.enrollment_code},
            {"device_name", v.device_name},
            {"protocol_version", v.protocol_version}};
}
json to_json(const EnrollResponse& v) {
    return {{"kiosk_id", v.kiosk_id},
            {"token", v.token},
            {"village_code", v.village_code},
            {"village_name", v.village_name}};
}
json to_json(const Op& v) {
    return {{"op_id", v.op_id}, {"type", op_type_name(v.type)}, {"created_at", v.created_at}, {"payload", v.payload}};
}
json to_json(const PushRequest& v) {
    json ops = json::array();
    for (const auto& op : v.ops) {
        ops.push_back(to_json(op));
    }
    json out = {{"protocol_version", v.protocol_version}, {"ops", ops}};
    if (v.client) {
        json client = {{"app_version", v.client->app_version}, {"outbox", v.client->outbox}};
        if (v.client->content_version) {
            client["content_version"] = *v.client->content_version;
        }
        out["client"] = client;
    }
    return out;
}
json to_json(const PushResponse& v) {
    json results = json::array();
    for (const auto& r : v.results) {
        json item = {{"op_id", r.op_id}, {"status", op_status_name(r.status)}};
        if (r.error) {
            item["error"] = error_json(*r.error);
        }
        results.push_back(item);
    }
    return {{"results", results}};
}
json to_json(const RequestCreate& v) {
    json out = {{"request_id", v.request_id},
                {"code", v.code},
                {"village_code", v.village_code},
                {"category", category_code(v.category)},
                {"crop", v.crop},
                {"symptoms", v.symptoms},
                {"description", v.description},
                {"farmer_name", v.farmer_name},
                {"farmer_phone", v.farmer_phone},
                {"preferred_time", v.preferred_time}};
    if (v.voice_note) {
        out["voice_note"] = {{"format", v.voice_note->format},
                             {"duration_ms", v.voice_note->duration_ms},
                             {"data", v.voice_note->data_base64}};
    }
    if (v.status_token) {
        out["status_token"] = *v.status_token;
    }
    return out;
}
json to_json(const RequestCancel& v) {
    return {{"request_id", v.request_id}, {"reason", v.reason}};
}
json to_json(const FeedbackCreate& v) {
    return {{"request_id", v.request_id},
            {"outcome", feedback_outcome_name(v.outcome)},
            {"rating", v.rating},
            {"comment", v.comment}};
}
json to_json(const UsageReport& v) {
    json articles = json::array();
    for (const auto& a : v.articles) {
        articles.push_back({{"article_id", a.article_id}, {"views", a.views}});
    }
    return {{"period_start", v.period_start}, {"period_end", v.period_end}, {"articles", articles}};
}
json to_json(const Change& v) {
    json out = v.fields.is_object() ? v.fields : json::object();
    out["seq"] = v.seq;
    out["type"] = v.type;
    out["at"] = v.at;
    return out;
}
json to_json(const PullResponse& v) {
    json changes = json::array();
    for (const auto& c : v.changes) {
        changes.push_back(to_json(c));
    }
    return {{"changes", changes}, {"next_cursor", v.next_cursor}, {"has_more", v.has_more}};
}
json to_json(const RequestStatusChange& v) {
    json out = {{"request_id", v.request_id}, {"code", v.code}, {"status", v.status}};
    put_optional(out, "agent_name", v.agent_name);
    put_optional(out, "visit_date", v.visit_date);
    put_optional(out, "reason", v.reason);
    return out;
}
json to_json(const NoticeChange& v) {
    json out = {{"title", v.title}, {"body", v.body}, {"until", v.until}};
    if (v.notice_id) {
        out["notice_id"] = *v.notice_id;
    }
    return out;
}
json to_json(const ContentVersionChange& v) {
    return {{"version", v.version}};
}
json error_json(const Error& error) {
    json out = {{"error", error.code}, {"message", error.message}};
    if (!error.field.empty()) {
        out["field"] = error.field;
    }
    return out;
}

// ---- decoders ----
Result<EnrollRequest> decode_enroll_request(const json& j) {
    JsonReader r(j, "");
    EnrollRequest v;
    v.enrollment_code = r.string("enrollment_code", limits::kEnrollmentCode);
    v.device_name = r.string("device_name", limits::kDeviceName);
    check_version(r);
    return finish(r, v);
}

Result<EnrollResponse> decode_enroll_response(const json& j) {
    JsonReader r(j, "");
    EnrollResponse v;
    v.kiosk_id = r.string("kiosk_id", 64);
    v.token = r.string("token", 256);
    v.village_code = r.string("village_code", 12);
    v.village_name = r.string("village_name", 100);
    return finish(r, v);
}

Result<PushRequest> decode_push_request(const json& j) {
    JsonReader r(j, "");
    PushRequest v;
    check_version(r);
    const json* ops = r.child("ops", json::value_t::array);
    if (r.ok() && ops->size() > limits::kOpsPerBatch) {
        r.fail("ops", "at most " + std::to_string(limits::kOpsPerBatch) + " ops per batch", "too_many_ops");
    }
    for (size_t i = 0; r.ok() && i < ops->size(); ++i) {
        auto op = decode_op((*ops)[i], "ops[" + std::to_string(i) + "]");
        if (!op.ok()) {
            r.fail(op.error().field, op.error().message, op.error().code);
            break;
        }
        v.ops.push_back(std::move(op).value());
    }
    if (r.ok()) {
        auto client = decode_client_status(j);
        if (!client.ok()) {
            return client.error();
        }
        v.client = *client;
    }
    return finish(r, v);
}

Result<std::optional<ClientStatus>> decode_client_status(const json& push_body) {
    if (!push_body.is_object() || !push_body.contains("client")) {
        return std::optional<ClientStatus>();
    }
    JsonReader r(push_body, "");
    const json* client = r.child("client", json::value_t::object);
    if (!r.ok()) {
        return r.error();
    }
    JsonReader c(*client, "client");
    ClientStatus status;
    status.app_version = c.optional_string("app_version", limits::kAppVersion).value_or("");
    status.content_version = c.optional_integer("content_version", 0, kMaxTimestamp);
    status.outbox = c.optional_integer("outbox", 0, 10'000'000).value_or(0);
    if (!c.ok()) {
        return c.error();
    }
    return std::optional<ClientStatus>(status);
}

Result<Op> decode_op(const json& j, const std::string& path) {
    JsonReader item(j, path);
    Op op;
    op.op_id = item.string("op_id", 26);
    check_ulid(item, "op_id", op.op_id);
    std::string type = item.string("type", 32);
    op.created_at = item.integer("created_at", 0, kMaxTimestamp);
    const json* payload = item.child("payload", json::value_t::object);
    if (item.ok()) {
        auto parsed = op_type_from_name(type);
        if (!parsed) {
            item.fail(item.path_of("type"), "unknown op type '" + type + "'", "unknown_op_type");
        } else {
            op.type = *parsed;
            op.payload = *payload;
        }
    }
    return finish(item, op);
}

Result<PushResponse> decode_push_response(const json& j) {
    JsonReader r(j, "");
    PushResponse v;
    const json* results = r.child("results", json::value_t::array);
    for (size_t i = 0; r.ok() && i < results->size(); ++i) {
        JsonReader item((*results)[i], "results[" + std::to_string(i) + "]");
        OpResult result;
        result.op_id = item.string("op_id", 26);
        std::string status = item.string("status", 16);
        int index = index_of(kOpStatuses, status);
        if (item.ok() && index < 0) {
            item.fail(item.path_of("status"), "unknown op status '" + status + "'");
        }
        result.status = static_cast<OpStatus>(index < 0 ? 0 : index);
        if (const json* error = item.child("error", json::value_t::object, false)) {
            JsonReader e(*error, item.path_of("error"));
            Error err;
            err.code = e.string("error", 64);
            err.message = e.string("message", 1000);
            err.field = e.optional_string("field", 200).value_or("");
            item.adopt(e);
            result.error = err;
        }
        r.adopt(item);
        v.results.push_back(std::move(result));
    }
    return finish(r, v);
}

Result<RequestCreate> decode_request_create(const json& j) {
    JsonReader r(j, "payload");
    RequestCreate v;
    v.request_id = r.string("request_id", 26);
    check_ulid(r, "request_id", v.request_id);
    v.code = r.string("code", limits::kRequestCode);
    if (r.ok() && v.code.empty()) {
        r.fail(r.path_of("code"), "the request code is empty");
    }
    v.village_code = r.string("village_code", 12);
    if (r.ok()) {
        auto village = RegionCode::parse(v.village_code);
        if (!village.ok() || village->level() != RegionLevel::Village) {
            r.fail(r.path_of("village_code"), "expected a 12-digit village code");
        }
    }
    std::string category = r.string("category", 32);
    if (r.ok()) {
        auto parsed = category_from_code(category);
        if (!parsed) {
            r.fail(r.path_of("category"), "unknown category '" + category + "'", "unknown_category");
        } else {
            v.category = *parsed;
        }
    }
    v.crop = r.string("crop", limits::kCrop, false);
    v.symptoms = r.string_list("symptoms", limits::kSymptoms, limits::kSymptom);
    v.description = r.string("description", limits::kDescription, false);
    v.farmer_name = r.string("farmer_name", limits::kFarmerName, false);
    v.farmer_phone = r.string("farmer_phone", limits::kPhone);
    if (r.ok()) {
        auto phone = parse_phone(v.farmer_phone, r.path_of("farmer_phone"));
        if (!phone.ok()) {
            r.fail(phone.error().field, phone.error().message);
        } else {
            v.farmer_phone = phone->digits;
        }
    }
    v.preferred_time = r.string("preferred_time", limits::kPreferredTime, false);
    if (const json* note = r.child("voice_note", json::value_t::object, false)) {
        JsonReader n(*note, r.path_of("voice_note"));
        VoiceNote voice;
        voice.format = n.string("format", 16);
        if (n.ok() && voice.format != "ogg-opus") {
            n.fail(n.path_of("format"), "only 'ogg-opus' voice notes are accepted");
        }
        voice.duration_ms = n.integer("duration_ms", 1, limits::kVoiceNoteMaxMs);
        voice.data_base64 = n.string("data", limits::kVoiceNoteBase64);
        r.adopt(n);
        v.voice_note = voice;
    }
    if (auto token = r.optional_string("status_token", 26)) {
        if (r.ok() && !is_valid_status_token(*token)) {
            r.fail(r.path_of("status_token"), "expected 26 Crockford base32 characters (128 random bits)");
        }
        v.status_token = token;
    }
    return finish(r, v);
}

std::string make_status_token(const std::array<uint8_t, 16>& random) {
    static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    // 26 characters hold 130 bits: the 128 random bits sit in the low bits, the top two are zero.
    std::string out(26, '0');
    for (int i = 0; i < 26; ++i) {
        int bit = (25 - i) * 5;  // the lowest bit of character i
        unsigned value = 0;
        for (int b = 4; b >= 0; --b) {
            int index = bit + b;  // 0 = least significant bit of the 128-bit number
            unsigned set = 0;
            if (index < 128) {
                set = (random[static_cast<size_t>(15 - index / 8)] >> (index % 8)) & 1u;
            }
            value = (value << 1) | set;
        }
        out[static_cast<size_t>(i)] = kAlphabet[value];
    }
    return out;
}

bool is_valid_status_token(std::string_view text) {
    // The same shape as a ULID: 26 characters of the alphabet, the first one 0-7; upper case
    // only, since the token is looked up as written.
    for (char c : text) {
        if (c >= 'a' && c <= 'z') {
            return false;
        }
    }
    return is_valid_ulid(text);
}

Result<RequestCancel> decode_request_cancel(const json& j) {
    JsonReader r(j, "payload");
    RequestCancel v;
    v.request_id = r.string("request_id", 26);
    check_ulid(r, "request_id", v.request_id);
    v.reason = r.string("reason", limits::kReason, false);
    return finish(r, v);
}

Result<FeedbackCreate> decode_feedback_create(const json& j) {
    JsonReader r(j, "payload");
    FeedbackCreate v;
    v.request_id = r.string("request_id", 26);
    check_ulid(r, "request_id", v.request_id);
    std::string outcome = r.string("outcome", 16);
    int index = index_of(kOutcomes, outcome);
    if (r.ok() && index < 0) {
        r.fail(r.path_of("outcome"), "outcome must be solved, partly or not_solved");
    }
    v.outcome = static_cast<FeedbackOutcome>(index < 0 ? 0 : index);
    v.rating = static_cast<int>(r.integer("rating", 1, 5));
    v.comment = r.string("comment", limits::kComment, false);
    return finish(r, v);
}

Result<UsageReport> decode_usage_report(const json& j) {
    JsonReader r(j, "payload");
    UsageReport v;
    v.period_start = r.integer("period_start", 0, kMaxTimestamp);
    v.period_end = r.integer("period_end", 0, kMaxTimestamp);
    if (r.ok() && v.period_end < v.period_start) {
        r.fail(r.path_of("period_end"), "period_end is before period_start", "out_of_range");
    }
    const json* articles = r.child("articles", json::value_t::array);
    if (r.ok() && articles->size() > limits::kUsageEntries) {
        r.fail(r.path_of("articles"), "too many entries", "too_long");
    }
    for (size_t i = 0; r.ok() && i < articles->size(); ++i) {
        JsonReader item((*articles)[i], r.path_of("articles") + "[" + std::to_string(i) + "]");
        ArticleViews views;
        views.article_id = item.string("article_id", limits::kArticleId);
        views.views = item.integer("views", 0, 1'000'000'000);
        r.adopt(item);
        v.articles.push_back(views);
    }
    return finish(r, v);
}

Result<PullResponse> decode_pull_response(const json& j) {
    JsonReader r(j, "");
    PullResponse v;
    const json* changes = r.child("changes", json::value_t::array);
    v.next_cursor = r.integer("next_cursor", 0, INT64_MAX);
    if (r.ok() && !j.at("has_more").is_boolean()) {
        r.fail("has_more", "expected a boolean", "wrong_type");
    }
    if (r.ok()) {
        v.has_more = j.at("has_more").get<bool>();
    }
    for (size_t i = 0; r.ok() && i < changes->size(); ++i) {
        JsonReader item((*changes)[i], "changes[" + std::to_string(i) + "]");
        Change change;
        change.seq = item.integer("seq", 1, INT64_MAX);
        change.type = item.string("type", 32);
        change.at = item.integer("at", 0, kMaxTimestamp);
        if (item.ok()) {
            change.fields = (*changes)[i];
            change.fields.erase("seq");
            change.fields.erase("type");
            change.fields.erase("at");
        }
        r.adopt(item);
        v.changes.push_back(std::move(change));
    }
    return finish(r, v);
}

Result<RequestStatusChange> decode_request_status(const Change& change) {
    JsonReader r(change.fields, "change");
    RequestStatusChange v;
    v.request_id = r.string("request_id", 26);
    v.code = r.string("code", limits::kRequestCode);
    v.status = r.string("status", 32);
    if (r.ok() && !is_kiosk_visible_status(v.status)) {
        r.fail(r.path_of("status"), "unknown status '" + v.status + "'");
    }
    v.agent_name = r.optional_string("agent_name", 40);
    v.visit_date = r.optional_string("visit_date", 10);
    v.reason = r.optional_string("reason", limits::kReason);
    return finish(r, v);
}

Result<NoticeChange> decode_notice(const Change& change) {
    JsonReader r(change.fields, "change");
    NoticeChange v;
    v.title = r.string("title", 60);
    v.body = r.string("body", 2000);
    v.until = r.integer("until", 0, kMaxTimestamp);
    v.notice_id = r.optional_integer("notice_id", 1, INT64_MAX);
    return finish(r, v);
}

Result<ContentVersionChange> decode_content_version(const Change& change) {
    JsonReader r(change.fields, "change");
    ContentVersionChange v;
    v.version = r.integer("version", 1, INT64_MAX);
    return finish(r, v);
}

}  // namespace xiangke::core::protocol
