// Matching's HTTP routes: the agent's feed, the agent's leave dates, the county's escalations.
#include "http/handlers.h"
#include "log.h"
#include "matching/escalations.h"
#include "matching/feed.h"
#include "matching/leave.h"
#include "xiangke/core/json_reader.h"

namespace xiangke::backend::handlers {
namespace {

constexpr size_t kDefaultFeedLength = 50;
constexpr size_t kMaxFeedLength = 200;
constexpr size_t kMaxEscalations = 500;

// `limit` from the query string, clamped to [1, max]; `fallback` when absent or not a number.
size_t limit_param(const httplib::Request& request, size_t fallback, size_t max) {
    const std::string text = request.get_param_value("limit");
    if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos) {
        return fallback;
    }
    return std::clamp<size_t>(std::stoul(text), 1, max);
}

nlohmann::json leave_json(const std::optional<LeaveDates>& leave) {
    if (!leave) {
        return {{"leave", nullptr}};
    }
    return {{"leave", {{"from", leave->from}, {"to", leave->to}}}};
}

}  // namespace

void feed(BackendContext& context, RequestContext& ctx) {
    const int64_t me = ctx.person->user_id;
    Database& db = context.store.reader();
    const size_t limit = limit_param(ctx.request, kDefaultFeedLength, kMaxFeedLength);
    auto items = agent_feed(db, me, ctx.now_ms, context.config.matching, limit);
    nlohmann::json requests = nlohmann::json::array();
    for (const auto& item : items) {
        nlohmann::json factors = nlohmann::json::array();
        for (const auto& f : item.factors) {
            factors.push_back({{"name", f.name}, {"value", f.value}, {"weight", f.weight}, {"label", f.label}});
        }
        nlohmann::json out = {{"request_id", item.request_id},
                              {"code", item.code},
                              {"category", item.category},
                              {"crop", item.crop},
                              {"village_code", item.village_code},
                              {"village_name", item.village_name},
                              {"created_at", item.created_at},
                              {"received_at", item.received_at},
                              {"age_minutes", std::max<int64_t>(0, (ctx.now_ms - item.received_at) / 60'000)},
                              {"score", item.score},
                              {"factors", std::move(factors)}};
        if (item.distance_km) {
            out["distance_km"] = *item.distance_km;
        }
        requests.push_back(std::move(out));
    }
    nlohmann::json body = {{"requests", std::move(requests)}};
    if (std::string blocked = agent_availability(db, me, ctx.now_ms); !blocked.empty()) {
        body["unavailable"] = blocked;  // inactive, on_leave, at_capacity: why the list is empty
    }
    ctx.response.set_header("Cache-Control", "no-store");
    send_json(ctx.response, 200, body);
}

void get_leave(BackendContext& context, RequestContext& ctx) {
    send_json(ctx.response, 200, leave_json(agent_leave(context.store.reader(), ctx.person->user_id)));
}

void put_leave(BackendContext& context, RequestContext& ctx) {
    auto body = read_json_body(ctx);
    if (!body) {
        return;
    }
    core::JsonReader r(*body, "");
    std::string from = r.string("from", 10);
    std::string to = r.string("to", 10);
    if (!r.ok()) {
        send_error(ctx.response, 400, r.error());
        return;
    }
    auto leave = validate_leave(from, to, ctx.now_ms);
    if (!leave.ok()) {
        send_error(ctx.response, 400, leave.error());
        return;
    }
    const int64_t me = ctx.person->user_id;
    context.store.write([&](Database& db) { set_leave(db, me, *leave); });
    log::info("agent_leave_set", {{"agent_id", me}, {"from", leave->from}, {"to", leave->to}});
    send_json(ctx.response, 200, leave_json(*leave));
}

void delete_leave(BackendContext& context, RequestContext& ctx) {
    const int64_t me = ctx.person->user_id;
    context.store.write([&](Database& db) { clear_leave(db, me); });
    log::info("agent_leave_cleared", {{"agent_id", me}});
    send_json(ctx.response, 200, leave_json(std::nullopt));
}

void admin_escalations(BackendContext& context, RequestContext& ctx) {
    std::string region = ctx.request.get_param_value("region");
    if (region.empty()) {
        region = ctx.person->region_code;
    }
    const size_t limit = limit_param(ctx.request, kMaxEscalations, kMaxEscalations);
    send_json(ctx.response, 200,
              {{"region", region}, {"escalations", escalations_in_region(context.store.reader(), region, limit)}});
}

}  // namespace xiangke::backend::handlers
