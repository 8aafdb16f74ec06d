// People's API: login, the request a person may see, the agent's claim and reports, the admin's
// list. Farmers' phone numbers leave the server only here, to the agent holding the request or an
// administrator in scope, and every such answer is written to the audit log.
#include "http/byte_range.h"
#include "http/handlers.h"
#include "log.h"
#include "matching/claim.h"
#include "store/audit.h"
#include "store/request_reads.h"
#include "store/service_records.h"
#include "xiangke/core/json_reader.h"
#include "xiangke/core/phone.h"
#include "xiangke/core/time.h"

namespace xiangke::backend::handlers {
namespace {

namespace protocol = core::protocol;

constexpr size_t kAdminListLimit = 200;

std::string session_cookie_header(const std::string& token, int64_t max_age_s, bool secure) {
    std::string cookie = std::string(kSessionCookie) + "=" + token + "; Path=/; Max-Age=" + std::to_string(max_age_s) +
                         "; HttpOnly; SameSite=Strict";
    return secure ? cookie + "; Secure" : cookie;
}

bool cookies_secure(const Config& config) {
    return config.public_base_url.rfind("https://", 0) == 0;
}

std::string actor_id(const RequestContext& ctx) {
    return std::to_string(ctx.person->user_id);
}

void audit_read(BackendContext& context, RequestContext& ctx, const char* action) {
    context.store.write([&](Database& db) {
        write_audit(db,
                    {"user",
                     actor_id(ctx),
                     action,
                     "request",
                     ctx.target->id,
                     ctx.client.address,
                     {{"role", caller_name(ctx.caller)}}},
                    ctx.now_ms, ctx.target->village_code);
    });
}

nlohmann::json events_of(Database& db, const std::string& request_id) {
    nlohmann::json events = nlohmann::json::array();
    for (const auto& event : read_request_timeline(db, request_id)) {
        nlohmann::json e = {
            {"event_id", event.event_id}, {"kind", event.kind}, {"actor", event.actor}, {"at", event.server_at}};
        if (event.agent_id) {
            e["agent_id"] = *event.agent_id;
            e["agent_name"] = event.agent_name;
        }
        if (event.device_at) {
            e["device_at"] = *event.device_at;
        }
        if (event.reason) {
            e["reason"] = *event.reason;
        }
        if (!event.data.is_null()) {
            e["data"] = event.data;
        }
        events.push_back(std::move(e));
    }
    return events;
}

core::Result<AgentReport> decode_agent_report(const nlohmann::json& body) {
    static const std::vector<std::pair<std::string, lifecycle::EventKind>> kTypes = {
        {"contacted", lifecycle::EventKind::Contacted}, {"visit", lifecycle::EventKind::Visited},
        {"resolved", lifecycle::EventKind::Resolved},   {"partly_resolved", lifecycle::EventKind::PartlyResolved},
        {"referred", lifecycle::EventKind::Referred},   {"cannot_resolve", lifecycle::EventKind::CannotResolve},
        {"decline", lifecycle::EventKind::Declined},    {"unreachable", lifecycle::EventKind::Unreachable},
    };
    core::JsonReader r(body, "");
    std::string type = r.string("type", 32);
    AgentReport report;
    bool known = false;
    for (const auto& [name, kind] : kTypes) {
        if (name == type) {
            report.kind = kind;
            known = true;
        }
    }
    if (r.ok() && !known) {
        r.fail("type", "unknown event type '" + type + "'", "invalid_field");
    }
    report.at = r.optional_integer("at", 0, int64_t{1} << 47);
    report.note = r.string("note", 1000, false);
    if (!report.note.empty()) {
        report.data["note"] = report.note;
    }
    if (auto to = r.optional_string("to", 200); to && report.kind == lifecycle::EventKind::Referred) {
        report.data["to"] = *to;
    }
    auto check_date = [&r](const std::string& text, const std::string& field) {
        if (r.ok() && !core::parse_shanghai_date(text, field).ok()) {
            r.fail(field, "expected a date YYYY-MM-DD");
        }
    };
    if (report.kind == lifecycle::EventKind::Visited) {
        if (const nlohmann::json* visit = r.child("visit", nlohmann::json::value_t::object)) {
            core::JsonReader v(*visit, "visit");
            std::string date = v.string("date", 10);
            check_date(date, "visit.date");
            std::string method = v.string("method", 16);
            if (v.ok() && method != "onsite" && method != "phone" && method != "video" && method != "training") {
                v.fail("visit.method", "method must be onsite, phone, video or training");
            }
            report.visit_summary = v.string("summary", 2000);
            report.attendees = v.optional_integer("attendees", 0, 100'000);
            if (const nlohmann::json* follow_up = v.child("follow_up", nlohmann::json::value_t::boolean, false)) {
                report.follow_up = follow_up->get<bool>();
            }
            r.adopt(v);
            report.visit_date = date;
            report.visit_method = method;
            report.data["visit"] = {{"date", date}, {"method", method}};
            if (report.attendees) {
                report.data["visit"]["attendees"] = *report.attendees;
            }
        }
    } else if (report.kind == lifecycle::EventKind::Contacted) {
        // A planned visit date the farmer can see on the kiosk.
        if (auto planned = r.optional_string("visit_date", 10)) {
            check_date(*planned, "visit_date");
            report.visit_date = planned;
        }
    }
    if (!r.ok()) {
        return r.error();
    }
    return report;
}

}  // namespace

void login(BackendContext& context, RequestContext& ctx) {
    auto body = read_json_body(ctx);
    if (!body) {
        return;
    }
    core::JsonReader r(*body, "");
    std::string phone = r.string("phone", protocol::limits::kPhone);
    std::string password = r.string("password", kMaxPasswordLength);
    if (!r.ok()) {
        send_error(ctx.response, 400, r.error());
        return;
    }
    const Config& c = context.config;
    LoginPolicy policy{c.max_failed_logins_per_account, c.failed_login_window_minutes * core::kMinuteMs,
                       c.max_login_attempts_per_address, core::kMinuteMs, c.session_ttl_hours * core::kHourMs};
    auto session = login(context.store, phone, password, ctx.client.address, policy, ctx.now_ms);
    if (!session.ok()) {
        const auto& error = session.error();
        if (error.code == "too_many_attempts") {
            int64_t wait_s = (error.field == "phone" ? policy.failure_window_ms : policy.address_window_ms) / 1000;
            ctx.response.set_header("Retry-After", std::to_string(wait_s));
            log::warn("login_limited", {{"limit", error.field == "phone" ? "account" : "address"}});
            send_error(ctx.response, 429, error);
        } else if (error.code == "invalid_credentials") {
            log::info("login_failed", {});
            send_error(ctx.response, 401, error);
        } else {
            send_error(ctx.response, 400, error);
        }
        return;
    }
    log::info("login", {{"user_id", session->person.user_id}, {"role", role_name(session->person.role)}});
    ctx.response.set_header("Set-Cookie",
                            session_cookie_header(session->token, policy.session_ttl_ms / 1000, cookies_secure(c)));
    ctx.response.set_header("Cache-Control", "no-store");
    send_json(ctx.response, 200,
              {{"token", session->token},
               {"role", role_name(session->person.role)},
               {"expires_at", session->expires_at},
               {"user_id", session->person.user_id},
               {"name", session->person.name}});
}

void logout(BackendContext& context, RequestContext& ctx) {
    context.store.write([&](Database& db) { revoke_session(db, ctx.credential, ctx.now_ms); });
    ctx.response.set_header("Set-Cookie", session_cookie_header("", 0, cookies_secure(context.config)));
    send_json(ctx.response, 200, {{"status", "logged_out"}});
}

void request_detail(BackendContext& context, RequestContext& ctx) {
    Database& db = context.store.reader();
    auto request = read_request_detail(db, ctx.target->id);
    if (!request) {
        send_error(ctx.response, 404, {"not_found", "no request with this id", "id"});
        return;
    }
    nlohmann::json out = {{"request_id", request->id},
                          {"code", request->code},
                          {"village_code", request->village_code},
                          {"village_name", request->village_name},
                          {"category", request->category},
                          {"crop", request->crop},
                          {"symptoms", request->symptoms},
                          {"description", request->description},
                          {"farmer_name", request->farmer_name},
                          {"farmer_phone", request->farmer_phone},
                          {"preferred_time", request->preferred_time},
                          {"created_at", request->created_at},
                          {"received_at", request->received_at},
                          {"status", request->status},
                          {"complaints", request->complaints}};
    if (request->holder_id) {
        out["holder"] = {{"agent_id", *request->holder_id}, {"name", request->holder_name}};
    }
    if (request->visit_date) {
        out["visit_date"] = *request->visit_date;
    }
    if (request->voice_duration_ms) {
        out["voice_note"] = {{"duration_ms", *request->voice_duration_ms},
                             {"url", "/api/v1/requests/" + ctx.target->id + "/voice"}};
    }
    out["events"] = events_of(db, ctx.target->id);
    audit_read(context, ctx, "farmer_phone.read");
    ctx.response.set_header("Cache-Control", "no-store");
    send_json(ctx.response, 200, out);
}

void request_voice_note(BackendContext& context, RequestContext& ctx) {
    auto note = read_voice_note(context.store.reader(), ctx.target->id);
    if (!note) {
        send_error(ctx.response, 404, {"not_found", "this request has no voice note", "id"});
        return;
    }
    std::string bytes = std::move(note->bytes);
    const std::string etag = "\"" + note->sha256 + "\"";
    audit_read(context, ctx, "voice_note.read");
    // A phone browser's <audio> asks with Range ("bytes=0-", then where the listener seeks) and
    // shows no duration or seek bar unless it gets 206 answers.
    const auto size = static_cast<int64_t>(bytes.size());
    ctx.response.set_header("Accept-Ranges", "bytes");
    ctx.response.set_header("ETag", etag);
    ctx.response.set_header("Cache-Control", "private, no-store");
    ByteRange range = parse_byte_range(ctx.request.get_header_value("Range"), size);
    if (ctx.request.has_header("If-Range") && ctx.request.get_header_value("If-Range") != etag) {
        range = {ByteRange::Kind::Whole, 0, size};
    }
    if (range.kind == ByteRange::Kind::Unsatisfiable) {
        ctx.response.set_header("Content-Range", "bytes */" + std::to_string(size));
        send_error(ctx.response, 416, {"range_not_satisfiable", "the range starts past the end of the note", "Range"});
        return;
    }
    if (range.kind == ByteRange::Kind::Part) {
        ctx.response.status = 206;
        ctx.response.set_header("Content-Range", "bytes " + std::to_string(range.offset) + "-" +
                                                     std::to_string(range.offset + range.length - 1) + "/" +
                                                     std::to_string(size));
        bytes = bytes.substr(static_cast<size_t>(range.offset), static_cast<size_t>(range.length));
    } else {
        ctx.response.status = 200;
    }
    ctx.response.set_content(bytes, "audio/ogg");
}

void claim_request(BackendContext& context, RequestContext& ctx) {
    const int64_t me = ctx.person->user_id;
    const std::string request_id = ctx.target->id;
    // Eligibility and the first-claim-wins check run inside the write transaction.
    auto claimed = context.store.write(
        [&](Database& db) { return claim_request_for(db, request_id, me, ctx.now_ms, context.config.matching); });
    if (!claimed.ok()) {
        send_error(ctx.response, claim_error_status(claimed.error()), claimed.error());
        return;
    }
    log::info("request_claimed", {{"request_id", request_id}, {"agent_id", me}});
    send_json(ctx.response, 200,
              {{"request_id", request_id},
               {"status", lifecycle::status_name(claimed->state.status)},
               {"holder", {{"agent_id", me}, {"name", ctx.person->name}}}});
}

void agent_event(BackendContext& context, RequestContext& ctx) {
    auto body = read_json_body(ctx);
    if (!body) {
        return;
    }
    auto report = decode_agent_report(*body);
    if (!report.ok()) {
        send_error(ctx.response, 400, report.error());
        return;
    }
    const int64_t me = ctx.person->user_id;
    auto appended = context.store.write(
        [&](Database& db) { return apply_agent_report(db, ctx.target->id, me, *report, ctx.now_ms); });
    if (!appended.ok()) {
        const auto& error = appended.error();
        send_error(ctx.response, error.code == "not_holder" ? 403 : error.code == "not_found" ? 404 : 409, error);
        return;
    }
    log::info("agent_event",
              {{"request_id", ctx.target->id}, {"agent_id", me}, {"kind", lifecycle::event_kind_name(report->kind)}});
    send_json(ctx.response, 200,
              {{"request_id", ctx.target->id},
               {"status", lifecycle::status_name(appended->event.after.status)},
               {"event_id", appended->event.event_id}});
}

void admin_requests(BackendContext& context, RequestContext& ctx) {
    std::string region = ctx.request.get_param_value("region");
    if (region.empty()) {
        region = ctx.person->region_code;
    }
    std::string status = ctx.request.get_param_value("status");
    if (!status.empty() && !lifecycle::status_from_name(status)) {
        send_error(ctx.response, 400, {"invalid_field", "unknown status '" + status + "'", "status"});
        return;
    }
    nlohmann::json requests = nlohmann::json::array();
    for (const auto& r : read_region_requests(context.store.reader(), region, status, kAdminListLimit)) {
        nlohmann::json item = {{"request_id", r.request_id},
                               {"code", r.code},
                               {"village_code", r.village_code},
                               {"village_name", r.village_name},
                               {"category", r.category},
                               {"crop", r.crop},
                               {"status", r.status},
                               {"received_at", r.received_at},
                               // Lists show masked numbers; the full one is behind the audited detail view.
                               {"farmer_phone_masked", core::mask_phone_text(r.farmer_phone)},
                               {"complaints", r.complaints}};
        if (r.agent_name) {
            item["agent_name"] = *r.agent_name;
        }
        requests.push_back(std::move(item));
    }
    send_json(ctx.response, 200, {{"region", region}, {"requests", requests}});
}

}  // namespace xiangke::backend::handlers
