// The agent's JSON API beyond claim and events (people_api.cpp): visit photos, training sessions,
// own figures and history, notifications; and the notification log for administrators. The same
// store functions as the agent's pages (web/agent_pages.cpp).
#include "http/handlers.h"
#include "log.h"
#include "notify/notifications.h"
#include "store/service_records.h"
#include "web/image_check.h"
#include "xiangke/core/json_reader.h"

namespace xiangke::backend::handlers {
namespace {

constexpr size_t kListLimit = 100;

nlohmann::json item_json(const AgentRequestItem& item) {
    return {{"request_id", item.request_id},
            {"code", item.code},
            {"category", item.category},
            {"crop", item.crop},
            {"village_name", item.village_name},
            {"status", item.status},
            {"received_at", item.received_at},
            {"last_event_at", item.last_event_at},
            {"holding", item.holding}};
}

nlohmann::json training_json(const TrainingSession& s) {
    return {{"training_id", s.id}, {"village_code", s.village_code}, {"village_name", s.village_name},
            {"topic", s.topic},    {"held_on", s.held_on},           {"attendees", s.attendees}};
}

}  // namespace

void agent_photo_upload(BackendContext& context, RequestContext& ctx) {
    auto inspected = web::inspect_photo(ctx.request.body);
    if (!inspected.ok()) {
        send_error(ctx.response, inspected.error().code == "photo_too_large" ? 413 : 400, inspected.error());
        return;
    }
    const int64_t me = ctx.person->user_id;
    int64_t photo_id = context.store.write([&](Database& db) {
        return store_service_photo(db,
                                   {ctx.target->id, me, latest_service_record(db, ctx.target->id, me),
                                    inspected->format, inspected->width, inspected->height, ctx.request.body},
                                   ctx.now_ms);
    });
    log::info("service_photo", {{"request_id", ctx.target->id}, {"agent_id", me}, {"photo_id", photo_id}});
    send_json(ctx.response, 201,
              {{"photo_id", photo_id},
               {"request_id", ctx.target->id},
               {"format", inspected->format},
               {"width", inspected->width},
               {"height", inspected->height}});
}

void agent_trainings(BackendContext& context, RequestContext& ctx) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& s : agent_trainings(context.store.reader(), ctx.person->user_id, kListLimit)) {
        list.push_back(training_json(s));
    }
    send_json(ctx.response, 200, {{"trainings", list}});
}

void agent_training_create(BackendContext& context, RequestContext& ctx) {
    auto body = read_json_body(ctx);
    if (!body) {
        return;
    }
    core::JsonReader r(*body, "");
    std::string village = r.string("village_code", 12);
    std::string topic = r.string("topic", kMaxTrainingTopicChars);
    std::string held_on = r.string("held_on", 10);
    int64_t attendees = r.integer("attendees", 0, kMaxTrainingAttendees);
    if (!r.ok()) {
        send_error(ctx.response, 400, r.error());
        return;
    }
    auto session = context.store.write([&](Database& db) -> core::Result<TrainingSession> {
        auto valid = validate_training(db, village, topic, held_on, attendees);
        if (valid.ok()) {
            valid->id = record_training(db, ctx.person->user_id, *valid, ctx.now_ms);
        }
        return valid;
    });
    if (!session.ok()) {
        send_error(ctx.response, 400, session.error());
        return;
    }
    send_json(ctx.response, 201, training_json(*session));
}

void agent_me(BackendContext& context, RequestContext& ctx) {
    Database& db = context.store.reader();
    const int64_t me = ctx.person->user_id;
    nlohmann::json held = nlohmann::json::array();
    for (const auto& item : held_requests(db, me, kListLimit)) {
        held.push_back(item_json(item));
    }
    nlohmann::json history = nlohmann::json::array();
    for (const auto& item : agent_history(db, me, kListLimit)) {
        history.push_back(item_json(item));
    }
    send_json(ctx.response, 200,
              {{"agent_id", me},
               {"name", ctx.person->name},
               {"figures", agent_figures_json(agent_figures(db, me))},
               {"holding", held},
               {"history", history}});
}

void agent_notifications(BackendContext& context, RequestContext& ctx) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& n : unread_notifications(context.store.reader(), ctx.person->user_id, kListLimit)) {
        list.push_back(notification_json(n));
    }
    send_json(ctx.response, 200, {{"notifications", list}});
}

void agent_notifications_read_json(BackendContext& context, RequestContext& ctx) {
    auto body = read_json_body(ctx);
    if (!body) {
        return;
    }
    core::JsonReader r(*body, "");
    auto id = r.optional_integer("notification_id", 1, int64_t{1} << 53);
    if (!r.ok()) {
        send_error(ctx.response, 400, r.error());
        return;
    }
    int64_t changed = context.store.write(
        [&](Database& db) { return mark_notifications_read(db, ctx.person->user_id, id.value_or(0), ctx.now_ms); });
    send_json(ctx.response, 200, {{"marked_read", changed}});
}

void admin_notifications(BackendContext& context, RequestContext& ctx) {
    std::string region = ctx.request.get_param_value("region");
    if (region.empty()) {
        region = ctx.person->region_code;
    }
    nlohmann::json list = nlohmann::json::array();
    for (const auto& n : notifications_in_region(context.store.reader(), region, 500)) {
        list.push_back(notification_json(n));
    }
    send_json(ctx.response, 200, {{"region", region}, {"notifications", list}});
}

}  // namespace xiangke::backend::handlers
