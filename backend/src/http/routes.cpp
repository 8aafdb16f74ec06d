// The route table: every HTTP route, who may call it, what it touches, and its handler.
#include "http/handlers.h"

namespace xiangke::backend {

#define XIANGKE_ULID "([0-9A-HJKMNP-TV-Z]{26})"

const std::vector<Route>& route_table() {
    using namespace callers;
    static const std::vector<Route> kRoutes = {
        {"GET", "/healthz", "/healthz", {kAnyone}, handlers::healthz},
        {"GET", "/metrics", "/metrics", {kAdmins, Scope::None, true}, handlers::metrics},

        {"POST", "/api/v1/kiosks/enroll", "/api/v1/kiosks/enroll", {kAnyone}, handlers::enroll},
        {"POST", "/api/v1/sync/push", "/api/v1/sync/push", {kKiosk}, handlers::push},
        {"GET", "/api/v1/sync/pull", "/api/v1/sync/pull", {kKiosk}, handlers::pull},
        {"POST", "/api/v1/sync/phone-check", "/api/v1/sync/phone-check", {kKiosk}, handlers::phone_check},
        {"GET", "/api/v1/content/manifest", "/api/v1/content/manifest", {kKiosk}, handlers::content_manifest},
        {"GET",
         "/api/v1/content/blobs/([0-9a-f]{64})",
         "/api/v1/content/blobs/{sha256}",
         {kKiosk},
         handlers::content_blob},

        {"POST", "/api/v1/auth/login", "/api/v1/auth/login", {kAnyone}, handlers::login},
        {"POST", "/api/v1/auth/logout", "/api/v1/auth/logout", {kPeople}, handlers::logout},
        {"GET",
         "/api/v1/requests/" XIANGKE_ULID,
         "/api/v1/requests/{id}",
         {kPeople, Scope::RequestHeld},
         handlers::request_detail},
        {"GET",
         "/api/v1/requests/" XIANGKE_ULID "/voice",
         "/api/v1/requests/{id}/voice",
         {kPeople, Scope::RequestHeld},
         handlers::request_voice_note},
        {"POST",
         "/api/v1/agent/requests/" XIANGKE_ULID "/claim",
         "/api/v1/agent/requests/{id}/claim",
         {kAgent, Scope::RequestServiceArea},
         handlers::claim_request},
        {"POST",
         "/api/v1/agent/requests/" XIANGKE_ULID "/events",
         "/api/v1/agent/requests/{id}/events",
         {kAgent, Scope::RequestHeld},
         handlers::agent_event},
        {"GET",
         "/api/v1/admin/requests",
         "/api/v1/admin/requests",
         {kAdmins, Scope::RegionParam},
         handlers::admin_requests},
        // 考核 (http/evaluation_api.cpp): admins; the service checks the region of every stored
        // evaluation, callback and complaint against the caller's.
        {"GET", "/api/v1/admin/evaluation", "/api/v1/admin/evaluation", {kAdmins, Scope::RegionParam},
         handlers::admin_evaluation},
        {"GET", "/api/v1/admin/evaluation/schemes", "/api/v1/admin/evaluation/schemes",
         {kAdmins, Scope::RegionParam}, handlers::admin_evaluation_schemes},
        {"POST", "/api/v1/admin/evaluation/overrides", "/api/v1/admin/evaluation/overrides",
         {kAdmins, Scope::RegionParam}, handlers::admin_evaluation_override},
        {"POST", "/api/v1/admin/evaluations", "/api/v1/admin/evaluations", {kAdmins, Scope::RegionParam},
         handlers::admin_evaluations_create},
        {"GET", "/api/v1/admin/evaluations", "/api/v1/admin/evaluations", {kAdmins, Scope::RegionParam},
         handlers::admin_evaluations_list},
        {"GET", "/api/v1/admin/evaluations/([0-9]{1,15})", "/api/v1/admin/evaluations/{id}",
         {kAdmins, Scope::RegionParam}, handlers::admin_evaluation_stored},
        {"POST", "/api/v1/admin/evaluations/([0-9]{1,15})/objections", "/api/v1/admin/evaluations/{id}/objections",
         {kAdmins, Scope::RegionParam}, handlers::admin_objection_create},
        {"POST", "/api/v1/admin/evaluations/([0-9]{1,15})/objections/([0-9]{1,15})/decision",
         "/api/v1/admin/evaluations/{id}/objections/{objection_id}/decision", {kAdmins, Scope::RegionParam},
         handlers::admin_objection_decision},
        {"POST", "/api/v1/admin/evaluations/([0-9]{1,15})/finalize", "/api/v1/admin/evaluations/{id}/finalize",
         {kAdmins, Scope::RegionParam}, handlers::admin_evaluation_finalize},
        {"GET", "/api/v1/admin/callbacks", "/api/v1/admin/callbacks", {kAdmins, Scope::RegionParam},
         handlers::admin_callbacks},
        {"POST", "/api/v1/admin/callbacks/sample", "/api/v1/admin/callbacks/sample", {kAdmins, Scope::RegionParam},
         handlers::admin_callback_sample},
        {"POST", "/api/v1/admin/callbacks/([0-9]{1,15})/result", "/api/v1/admin/callbacks/{id}/result",
         {kAdmins, Scope::RegionParam}, handlers::admin_callback_result},
        {"POST", "/api/v1/admin/complaints/([0-9]{1,15})/decision", "/api/v1/admin/complaints/{event_id}/decision",
         {kAdmins, Scope::RegionParam}, handlers::admin_complaint_decision},
        // Matching (http/matching_api.cpp).
        {"GET", "/api/v1/agent/feed", "/api/v1/agent/feed", {kAgent}, handlers::feed},
        {"GET", "/api/v1/agent/leave", "/api/v1/agent/leave", {kAgent}, handlers::get_leave},
        {"PUT", "/api/v1/agent/leave", "/api/v1/agent/leave", {kAgent}, handlers::put_leave},
        {"DELETE", "/api/v1/agent/leave", "/api/v1/agent/leave", {kAgent}, handlers::delete_leave},
        {"GET",
         "/api/v1/admin/escalations",
         "/api/v1/admin/escalations",
         {kAdmins, Scope::RegionParam},
         handlers::admin_escalations},
        // The agent's JSON API beyond claim and events (http/agent_api.cpp).
        {"POST",
         "/api/v1/agent/requests/" XIANGKE_ULID "/photos",
         "/api/v1/agent/requests/{id}/photos",
         {kAgent, Scope::RequestHeld},
         handlers::agent_photo_upload},
        {"GET", "/api/v1/agent/trainings", "/api/v1/agent/trainings", {kAgent}, handlers::agent_trainings},
        {"POST", "/api/v1/agent/trainings", "/api/v1/agent/trainings", {kAgent}, handlers::agent_training_create},
        {"GET", "/api/v1/agent/me", "/api/v1/agent/me", {kAgent}, handlers::agent_me},
        {"GET", "/api/v1/agent/notifications", "/api/v1/agent/notifications", {kAgent}, handlers::agent_notifications},
        {"POST",
         "/api/v1/agent/notifications/read",
         "/api/v1/agent/notifications/read",
         {kAgent},
         handlers::agent_notifications_read_json},
        {"GET",
         "/api/v1/admin/notifications",
         "/api/v1/admin/notifications",
         {kAdmins, Scope::RegionParam},
         handlers::admin_notifications},

        // The agent's pages (web/agent_pages.cpp): no session → the login page; CSRF on every POST.
        {"GET", "/agent/login", "/agent/login", {kAnyone}, handlers::agent_login_page},
        {"POST", "/agent/login", "/agent/login", {kAnyone}, handlers::agent_login_submit},
        {"POST",
         "/agent/logout",
         "/agent/logout",
         {kPeople, Scope::None, false, Surface::Page},
         handlers::agent_logout_submit},
        {"GET", "/agent/", "/agent/", {kAgent, Scope::None, false, Surface::Page}, handlers::agent_home_page},
        {"POST",
         "/agent/notifications/read",
         "/agent/notifications/read",
         {kAgent, Scope::None, false, Surface::Page},
         handlers::agent_notifications_read},
        {"GET",
         "/agent/requests/" XIANGKE_ULID,
         "/agent/requests/{id}",
         {kAgent, Scope::RequestServiceArea, false, Surface::Page},
         handlers::agent_request_page},
        {"POST",
         "/agent/requests/" XIANGKE_ULID "/claim",
         "/agent/requests/{id}/claim",
         {kAgent, Scope::RequestServiceArea, false, Surface::Page},
         handlers::agent_claim_submit},
        {"POST",
         "/agent/requests/" XIANGKE_ULID "/report",
         "/agent/requests/{id}/report",
         {kAgent, Scope::RequestHeld, false, Surface::Page},
         handlers::agent_report_submit},
        {"POST",
         "/agent/requests/" XIANGKE_ULID "/visit",
         "/agent/requests/{id}/visit",
         {kAgent, Scope::RequestHeld, false, Surface::Page},
         handlers::agent_visit_submit},
        {"GET",
         "/agent/history",
         "/agent/history",
         {kAgent, Scope::None, false, Surface::Page},
         handlers::agent_history_page},
        {"GET",
         "/agent/trainings",
         "/agent/trainings",
         {kAgent, Scope::None, false, Surface::Page},
         handlers::agent_trainings_page},
        {"POST",
         "/agent/trainings",
         "/agent/trainings",
         {kAgent, Scope::None, false, Surface::Page},
         handlers::agent_training_submit},
        {"GET",
         "/agent/leave",
         "/agent/leave",
         {kAgent, Scope::None, false, Surface::Page},
         handlers::agent_leave_page},
        {"POST",
         "/agent/leave",
         "/agent/leave",
         {kAgent, Scope::None, false, Surface::Page},
         handlers::agent_leave_submit},

        // The public progress page behind the kiosk's QR code (web/status_page.cpp).
        {"GET", "/s/([0-9A-Za-z]{1,64})", "/s/{token}", {kAnyone}, handlers::public_status_page},
    };
    return kRoutes;
}

#undef XIANGKE_ULID

namespace handlers {

void healthz(BackendContext& context, RequestContext& ctx) {
    bool db_ok = true;
    try {
        auto query = context.store.reader().prepare("SELECT 1");
        db_ok = query.step();
    } catch (const std::exception&) {
        db_ok = false;
    }
    send_json(ctx.response, db_ok ? 200 : 503,
              {{"status", db_ok ? "ok" : "degraded"}, {"version", XIANGKE_VERSION}, {"db", db_ok ? "ok" : "error"}});
}

void metrics(BackendContext& context, RequestContext& ctx) {
    ctx.response.status = 200;
    ctx.response.set_content(context.metrics.render(context.store.path()), "text/plain; version=0.0.4");
}

}  // namespace handlers
}  // namespace xiangke::backend
