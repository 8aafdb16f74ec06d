#pragma once
// The one catalogue of the backend's Chinese words for codes: request statuses, event kinds (for
// the people who work on a request, and the plainer words the farmer's family reads on /s/),
// actors, categories, visit methods, feedback outcomes. Pages and exports take their words from
// here, so one code reads the same everywhere.
#include <string>
#include <string_view>

namespace xiangke::backend::web {

std::string_view status_label(std::string_view status);
std::string_view category_label_of(std::string_view category_code);
std::string_view visit_method_label(std::string_view method);

// An event of the request log as agents and administrators read it ("专家接单"); the kind itself
// when unknown.
std::string_view event_label(std::string_view kind);
// The same event as the farmer's family reads it on the public progress page, or "" for events
// that change nothing they can see (offers, ratings, escalations).
std::string_view public_event_label(std::string_view kind);
// Who acted: 触摸屏, 特派员, 管理员, 系统.
std::string_view actor_label(std::string_view actor);
// Why an event happened, for the reasons the system and the admin pages record
// (offer_sla_expired, lease_expired, duplicate:CODE, ...); free text comes back as it is.
std::string event_reason_label(std::string_view reason);
// A farmer's answer at the kiosk: 已解决, 部分解决, 没解决.
std::string_view feedback_outcome_label(std::string_view outcome);

}  // namespace xiangke::backend::web
