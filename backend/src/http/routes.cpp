// The route table: every HTTP route, who may call it, and its handler. Handlers decode, call the
// store, encode.
#include "http/server.h"
#include "log.h"
#include "store/kiosks.h"
#include "xiangke/core/protocol.h"
#include "xiangke/core/time.h"

namespace xiangke::backend {
namespace {

namespace protocol = core::protocol;

void healthz(BackendContext& context, RequestContext& ctx) {
    std::string db_status = "ok";
    try {
        context.store.connection().raw().execAndGet("SELECT 1");
    } catch (const std::exception&) {
        db_status = "error";
    }
    send_json(ctx.response, db_status == "ok" ? 200 : 503,
              {{"status", db_status == "ok" ? "ok" : "degraded"}, {"version", XIANGKE_VERSION}, {"db", db_status}});
}

void enroll(BackendContext& context, RequestContext& ctx) {
    auto body = read_json_body(ctx);
    if (!body) {
        return;
    }
    auto request = protocol::decode_enroll_request(*body);
    if (!request.ok()) {
        send_error(ctx.response, 400, request.error());
        return;
    }
    auto enrolled = enroll_kiosk(context.store.connection(), *request, core::system_now_ms());
    if (!enrolled.ok()) {
        log::warn("enroll_refused", {{"reason", enrolled.error().code}});
        send_error(ctx.response, 401, enrolled.error());
        return;
    }
    log::info("kiosk_enrolled", {{"kiosk_id", enrolled->kiosk_id}, {"village_code", enrolled->village_code}});
    send_json(ctx.response, 201, protocol::to_json(*enrolled));
}

}  // namespace

std::vector<Route> make_routes(BackendContext& context) {
    auto bind = [&context](void (*handler)(BackendContext&, RequestContext&)) {
        return [&context, handler](RequestContext& ctx) { handler(context, ctx); };
    };
    return {
        {"GET", "/healthz", Access::Public, bind(healthz)},
        {"POST", "/api/v1/kiosks/enroll", Access::Public, bind(enroll)},
    };
}

}  // namespace xiangke::backend
