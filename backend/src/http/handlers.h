#pragma once
// Route handlers: decode, call the store, encode. Access has been checked before any of them runs
// (server.h, authorize); they read the caller from the RequestContext.
#include "http/server.h"

namespace xiangke::backend::handlers {

// operations (routes.cpp)
void healthz(BackendContext& context, RequestContext& ctx);
void metrics(BackendContext& context, RequestContext& ctx);

// kiosks (kiosk_api.cpp)
void enroll(BackendContext& context, RequestContext& ctx);
void push(BackendContext& context, RequestContext& ctx);
void pull(BackendContext& context, RequestContext& ctx);
void phone_check(BackendContext& context, RequestContext& ctx);
void content_manifest(BackendContext& context, RequestContext& ctx);
void content_blob(BackendContext& context, RequestContext& ctx);

// people (people_api.cpp)
void login(BackendContext& context, RequestContext& ctx);
void logout(BackendContext& context, RequestContext& ctx);
void request_detail(BackendContext& context, RequestContext& ctx);
void request_voice_note(BackendContext& context, RequestContext& ctx);
void claim_request(BackendContext& context, RequestContext& ctx);
void agent_event(BackendContext& context, RequestContext& ctx);
void admin_requests(BackendContext& context, RequestContext& ctx);

// matching (matching_api.cpp)
void feed(BackendContext& context, RequestContext& ctx);
void get_leave(BackendContext& context, RequestContext& ctx);
void put_leave(BackendContext& context, RequestContext& ctx);
void delete_leave(BackendContext& context, RequestContext& ctx);
void admin_escalations(BackendContext& context, RequestContext& ctx);

// agent's JSON API (agent_api.cpp)
void agent_photo_upload(BackendContext& context, RequestContext& ctx);
void agent_trainings(BackendContext& context, RequestContext& ctx);
void agent_training_create(BackendContext& context, RequestContext& ctx);
void agent_me(BackendContext& context, RequestContext& ctx);
void agent_notifications(BackendContext& context, RequestContext& ctx);
void agent_notifications_read_json(BackendContext& context, RequestContext& ctx);
void admin_notifications(BackendContext& context, RequestContext& ctx);

// 考核 (evaluation_api.cpp)
void admin_evaluation(BackendContext& context, RequestContext& ctx);
void admin_evaluation_schemes(BackendContext& context, RequestContext& ctx);
void admin_evaluations_create(BackendContext& context, RequestContext& ctx);
void admin_evaluations_list(BackendContext& context, RequestContext& ctx);
void admin_evaluation_stored(BackendContext& context, RequestContext& ctx);
void admin_objection_create(BackendContext& context, RequestContext& ctx);
void admin_objection_decision(BackendContext& context, RequestContext& ctx);
void admin_evaluation_finalize(BackendContext& context, RequestContext& ctx);
void admin_evaluation_override(BackendContext& context, RequestContext& ctx);
void admin_callbacks(BackendContext& context, RequestContext& ctx);
void admin_callback_sample(BackendContext& context, RequestContext& ctx);
void admin_callback_result(BackendContext& context, RequestContext& ctx);
void admin_complaint_decision(BackendContext& context, RequestContext& ctx);

// agent's pages (web/agent_pages.cpp)
void agent_login_page(BackendContext& context, RequestContext& ctx);
void agent_login_submit(BackendContext& context, RequestContext& ctx);
void agent_logout_submit(BackendContext& context, RequestContext& ctx);
void agent_home_page(BackendContext& context, RequestContext& ctx);
void agent_notifications_read(BackendContext& context, RequestContext& ctx);
void agent_request_page(BackendContext& context, RequestContext& ctx);
void agent_claim_submit(BackendContext& context, RequestContext& ctx);
void agent_report_submit(BackendContext& context, RequestContext& ctx);
void agent_visit_submit(BackendContext& context, RequestContext& ctx);
void agent_history_page(BackendContext& context, RequestContext& ctx);
void agent_trainings_page(BackendContext& context, RequestContext& ctx);
void agent_training_submit(BackendContext& context, RequestContext& ctx);
void agent_leave_page(BackendContext& context, RequestContext& ctx);
void agent_leave_submit(BackendContext& context, RequestContext& ctx);

// administrator's 考核 and 回访 pages (web/evaluation_pages.cpp)
void admin_evaluation_page(BackendContext& context, RequestContext& ctx);
void admin_evaluation_agent_page(BackendContext& context, RequestContext& ctx);
void admin_evaluation_team_page(BackendContext& context, RequestContext& ctx);
void admin_evaluation_print(BackendContext& context, RequestContext& ctx);
void admin_evaluation_override_submit(BackendContext& context, RequestContext& ctx);
void admin_evaluation_complaint_submit(BackendContext& context, RequestContext& ctx);
void admin_evaluations_page(BackendContext& context, RequestContext& ctx);
void admin_evaluation_create_submit(BackendContext& context, RequestContext& ctx);
void admin_evaluation_stored_page(BackendContext& context, RequestContext& ctx);
void admin_evaluation_stored_print(BackendContext& context, RequestContext& ctx);
void admin_evaluation_objection_submit(BackendContext& context, RequestContext& ctx);
void admin_evaluation_objection_decide_submit(BackendContext& context, RequestContext& ctx);
void admin_evaluation_finalize_submit(BackendContext& context, RequestContext& ctx);
void admin_callbacks_page(BackendContext& context, RequestContext& ctx);
void admin_callbacks_sample_submit(BackendContext& context, RequestContext& ctx);
void admin_callback_new_page(BackendContext& context, RequestContext& ctx);
void admin_callback_new_submit(BackendContext& context, RequestContext& ctx);
void admin_callback_result_submit(BackendContext& context, RequestContext& ctx);
void admin_callback_phone_submit(BackendContext& context, RequestContext& ctx);

// administrator's management pages: 特派员 (web/admin_agents.cpp), 团队 (web/admin_teams.cpp),
// 触摸屏 (web/admin_kiosks.cpp)
void admin_agents_page(BackendContext& context, RequestContext& ctx);
void admin_agent_new_page(BackendContext& context, RequestContext& ctx);
void admin_agent_create(BackendContext& context, RequestContext& ctx);
void admin_agent_page(BackendContext& context, RequestContext& ctx);
void admin_agent_update(BackendContext& context, RequestContext& ctx);
void admin_agent_active(BackendContext& context, RequestContext& ctx);
void admin_agent_password(BackendContext& context, RequestContext& ctx);
void admin_agent_leave(BackendContext& context, RequestContext& ctx);
void admin_agents_import_page(BackendContext& context, RequestContext& ctx);
void admin_agents_import(BackendContext& context, RequestContext& ctx);
void admin_teams_page(BackendContext& context, RequestContext& ctx);
void admin_team_create(BackendContext& context, RequestContext& ctx);
void admin_team_page(BackendContext& context, RequestContext& ctx);
void admin_team_update(BackendContext& context, RequestContext& ctx);
void admin_kiosks_page(BackendContext& context, RequestContext& ctx);
void admin_kiosk_code_issue(BackendContext& context, RequestContext& ctx);
void admin_kiosk_page(BackendContext& context, RequestContext& ctx);
void admin_kiosk_revoke(BackendContext& context, RequestContext& ctx);

// public progress page (web/status_page.cpp)
void public_status_page(BackendContext& context, RequestContext& ctx);

// administrator's login, 总览, 求助, 通知, 审计 (web/login_pages.cpp, web/admin_overview.cpp,
// web/admin_requests.cpp, web/admin_notices.cpp, web/admin_audit.cpp)
void admin_login_page(BackendContext& context, RequestContext& ctx);
void admin_login_submit(BackendContext& context, RequestContext& ctx);
void admin_overview_page(BackendContext& context, RequestContext& ctx);
void admin_requests_page(BackendContext& context, RequestContext& ctx);
void admin_request_page(BackendContext& context, RequestContext& ctx);
void admin_request_phone_reveal(BackendContext& context, RequestContext& ctx);
void admin_request_reassign(BackendContext& context, RequestContext& ctx);
void admin_request_duplicate(BackendContext& context, RequestContext& ctx);
void admin_request_reject(BackendContext& context, RequestContext& ctx);
void admin_notices_page(BackendContext& context, RequestContext& ctx);
void admin_notice_create(BackendContext& context, RequestContext& ctx);
void admin_notice_end(BackendContext& context, RequestContext& ctx);
void admin_audit_page(BackendContext& context, RequestContext& ctx);

}  // namespace xiangke::backend::handlers
