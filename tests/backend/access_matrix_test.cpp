// The authorization matrix: every route of the route table x every kind of caller x an object of
// their own and someone else's, against the real server. A route added to the table without an
// expectation here fails the test, so no route escapes the matrix.
//
// "Allowed" means the access check let the call through (any answer but 401 and 403: the handler
// may still say 400, 404 or 409); "denied" means 401 or 403.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <regex>
#include <set>

#include "backend_fixture.h"
#include "http/server.h"
#include "store/users.h"
#include "web/form.h"
#include "xiangke/core/time.h"

using namespace xiangke;
using namespace xiangke::test;
using nlohmann::json;

namespace {

enum class Who { Anonymous, Kiosk, OtherKiosk, Agent, OtherAgent, CountyAdmin, OtherCountyAdmin, CityAdmin };
enum class Object { Own, Other };

const std::vector<std::pair<Who, const char*>> kEveryone = {
    {Who::Anonymous, "anonymous"},
    {Who::Kiosk, "kiosk"},
    {Who::OtherKiosk, "other kiosk"},
    {Who::Agent, "agent holding the request"},
    {Who::OtherAgent, "other agent of the county"},
    {Who::CountyAdmin, "county admin in scope"},
    {Who::OtherCountyAdmin, "county admin out of scope"},
    {Who::CityAdmin, "city admin"},
};

bool is_kiosk(Who w) {
    return w == Who::Kiosk || w == Who::OtherKiosk;
}
bool is_admin(Who w) {
    return w == Who::CountyAdmin || w == Who::OtherCountyAdmin || w == Who::CityAdmin;
}
bool is_person(Who w) {
    return w == Who::Agent || w == Who::OtherAgent || is_admin(w);
}

struct Expectation {
    // The concrete path for the object (the pattern's capture group filled in).
    std::function<std::string(Object)> path;
    json body;  // for POST routes: chosen so that an allowed call changes nothing that matters
    std::function<bool(Who, Object)> allowed;
};

class AccessMatrix : public BackendTest {
protected:
    void SetUp() override {
        db_path = seeded_database(dir.path());
        // Loopback through a trusted proxy: /metrics is then open to admins only.
        start_server("[server]\ntrusted_proxies = [\"127.0.0.1\"]\n");
        kiosk = enroll(kVillageA);
        other_kiosk = enroll(kVillageB);
        own_request = create_request(kiosk, "13812340010");
        other_request = create_request(other_kiosk, "13812340011");
        EXPECT_EQ(post_json("/api/v1/agent/requests/" + own_request + "/claim", json::object(), session_token(kAgentA))
                      ->status,
                  200);
        EXPECT_EQ(
            post_json("/api/v1/agent/requests/" + other_request + "/claim", json::object(), session_token(kAgentC))
                ->status,
            200);
    }

    std::string credential(Who who) {
        switch (who) {
            case Who::Anonymous:
                return "";
            case Who::Kiosk:
                return kiosk.token;
            case Who::OtherKiosk:
                return other_kiosk.token;
            case Who::Agent:
                return session_token(kAgentA);  // fresh each time: logout may end one
            case Who::OtherAgent:
                return session_token(kAgentB);
            case Who::CountyAdmin:
                return session_token(kCountyAdminA);
            case Who::OtherCountyAdmin:
                return session_token(kCountyAdminB);
            case Who::CityAdmin:
                return session_token(kCityAdmin);
        }
        return "";
    }

    std::map<std::string, Expectation> expectations() {
        auto request_path = [this](const std::string& suffix) {
            return [this, suffix](Object o) {
                return "/api/v1/requests/" + (o == Object::Own ? own_request : other_request) + suffix;
            };
        };
        auto agent_path = [this](const std::string& suffix) {
            return [this, suffix](Object o) {
                return "/api/v1/agent/requests/" + (o == Object::Own ? own_request : other_request) + suffix;
            };
        };
        auto page_path = [this](const std::string& suffix) {
            return [this, suffix](Object o) {
                return "/agent/requests/" + (o == Object::Own ? own_request : other_request) + suffix;
            };
        };
        auto fixed = [](const std::string& path) { return [path](Object) { return path; }; };
        auto admin_request_path = [this](const std::string& suffix) {
            return [this, suffix](Object o) {
                return "/admin/requests/" + (o == Object::Own ? own_request : other_request) + suffix;
            };
        };
        auto admin_in_scope = [](Who w, Object o) {
            return w == Who::CityAdmin || (w == Who::CountyAdmin && o == Object::Own) ||
                   (w == Who::OtherCountyAdmin && o == Object::Other);
        };
        auto agents = [](Who w, Object) { return w == Who::Agent || w == Who::OtherAgent; };
        // The management pages' objects: agents, teams and kiosks of each county.
        auto manage_agent_path = [this](const std::string& suffix) {
            return [this, suffix](Object o) {
                return "/admin/agents/" + std::to_string(user_id(o == Object::Own ? kAgentA : kAgentC)) + suffix;
            };
        };
        const int64_t own_team = team("余姚矩阵队", "330281");
        const int64_t other_team = team("慈溪矩阵队", "330282");
        auto manage_team_path = [own_team, other_team](Object o) {
            return "/admin/teams/" + std::to_string(o == Object::Own ? own_team : other_team);
        };
        auto manage_kiosk_path = [this](const std::string& suffix) {
            return [this, suffix](Object o) {
                return "/admin/kiosks/" + (o == Object::Own ? kiosk.id : other_kiosk.id) + suffix;
            };
        };
        auto anyone = [](Who, Object) { return true; };
        auto kiosks = [](Who w, Object) { return is_kiosk(w); };
        // Own object: the request made at `kiosk` in 330281, held by agent A. Other: made at
        // `other_kiosk` in 330282, held by an agent of that county.
        auto holder_or_admin_in_scope = [](Who w, Object o) {
            if (o == Object::Own) {
                return w == Who::Agent || w == Who::CountyAdmin || w == Who::CityAdmin;
            }
            return w == Who::OtherCountyAdmin || w == Who::CityAdmin;
        };
        // 考核 and 回访 pages (see their entries below).
        auto eval_region_path = [](const std::string& path) {
            return [path](Object o) { return path + "?region=" + (o == Object::Own ? "330281" : "330282"); };
        };
        auto eval_admin_in_scope = [](Who w, Object o) {
            return w == Who::CityAdmin || (w == Who::CountyAdmin && o == Object::Own) ||
                   (w == Who::OtherCountyAdmin && o == Object::Other);
        };
        auto eval_admins = [](Who w, Object) { return is_admin(w); };
        return {
            {"/healthz", {fixed("/healthz"), nullptr, anyone}},
            {"/metrics", {fixed("/metrics"), nullptr, [](Who w, Object) { return is_admin(w); }}},
            {"/api/v1/kiosks/enroll", {fixed("/api/v1/kiosks/enroll"), json::object(), anyone}},
            {"/api/v1/sync/push",
             {fixed("/api/v1/sync/push"), {{"protocol_version", 1}, {"ops", json::array()}}, kiosks}},
            {"/api/v1/sync/pull", {fixed("/api/v1/sync/pull?cursor=0"), nullptr, kiosks}},
            {"/api/v1/sync/phone-check",
             {fixed("/api/v1/sync/phone-check"), {{"protocol_version", 1}, {"farmer_phone", "13812340099"}}, kiosks}},
            {"/api/v1/content/manifest", {fixed("/api/v1/content/manifest"), nullptr, kiosks}},
            {"/api/v1/content/blobs/{sha256}",
             {fixed("/api/v1/content/blobs/" + std::string(64, 'a')), nullptr, kiosks}},
            {"/api/v1/auth/login", {fixed("/api/v1/auth/login"), json::object(), anyone}},
            {"/api/v1/auth/logout",
             {fixed("/api/v1/auth/logout"), json::object(), [](Who w, Object) { return is_person(w); }}},
            {"/api/v1/requests/{id}", {request_path(""), nullptr, holder_or_admin_in_scope}},
            {"/api/v1/requests/{id}/voice", {request_path("/voice"), nullptr, holder_or_admin_in_scope}},
            // Claiming is for agents serving the village (winning the claim is the handler's 409).
            {"/api/v1/agent/requests/{id}/claim",
             {agent_path("/claim"), json::object(),
              [](Who w, Object o) { return o == Object::Own && (w == Who::Agent || w == Who::OtherAgent); }}},
            // An unknown event type: an allowed caller gets 400 and nothing changes.
            {"/api/v1/agent/requests/{id}/events",
             {agent_path("/events"),
              {{"type", "matrix-probe"}},
              [](Who w, Object o) { return o == Object::Own && w == Who::Agent; }}},
            // Matching: the feed and leave dates are the calling agent's own; a bad date is a 400.
            {"/api/v1/agent/feed",
             {fixed("/api/v1/agent/feed"), nullptr,
              [](Who w, Object) { return w == Who::Agent || w == Who::OtherAgent; }}},
            {"/api/v1/agent/leave",
             {fixed("/api/v1/agent/leave"),
              {{"from", "matrix-probe"}, {"to", "2026-01-01"}},
              [](Who w, Object) { return w == Who::Agent || w == Who::OtherAgent; }}},
            {"/api/v1/admin/escalations",
             {[](Object o) {
                  return std::string("/api/v1/admin/escalations?region=") + (o == Object::Own ? "330281" : "330282");
              },
              nullptr,
              [](Who w, Object o) {
                  return w == Who::CityAdmin || (w == Who::CountyAdmin && o == Object::Own) ||
                         (w == Who::OtherCountyAdmin && o == Object::Other);
              }}},
            // The agent's JSON API beyond claim and events: a body that is not an image or a
            // training is a 400 for an allowed caller.
            {"/api/v1/agent/requests/{id}/photos",
             {agent_path("/photos"), json::object(),
              [](Who w, Object o) { return o == Object::Own && w == Who::Agent; }}},
            {"/api/v1/agent/trainings", {fixed("/api/v1/agent/trainings"), json::object(), agents}},
            {"/api/v1/agent/me", {fixed("/api/v1/agent/me"), nullptr, agents}},
            {"/api/v1/agent/notifications", {fixed("/api/v1/agent/notifications"), nullptr, agents}},
            {"/api/v1/agent/notifications/read", {fixed("/api/v1/agent/notifications/read"), json::object(), agents}},
            {"/api/v1/admin/notifications",
             {[](Object o) {
                  return std::string("/api/v1/admin/notifications?region=") + (o == Object::Own ? "330281" : "330282");
              },
              nullptr,
              [](Who w, Object o) {
                  return w == Who::CityAdmin || (w == Who::CountyAdmin && o == Object::Own) ||
                         (w == Who::OtherCountyAdmin && o == Object::Other);
              }}},
            // The agent's pages (the matrix posts forms with the session's CSRF token): a form
            // missing its fields is a 400 for an allowed caller.
            {"/agent/login", {fixed("/agent/login"), json::object(), anyone}},
            {"/agent/logout", {fixed("/agent/logout"), json::object(), [](Who w, Object) { return is_person(w); }}},
            {"/agent/", {fixed("/agent/"), nullptr, agents}},
            {"/agent/notifications/read", {fixed("/agent/notifications/read"), json::object(), agents}},
            {"/agent/history", {fixed("/agent/history"), nullptr, agents}},
            {"/agent/trainings", {fixed("/agent/trainings"), json::object(), agents}},
            {"/agent/leave", {fixed("/agent/leave"), json::object(), agents}},
            {"/agent/requests/{id}",
             {page_path(""), nullptr,
              [](Who w, Object o) { return o == Object::Own && (w == Who::Agent || w == Who::OtherAgent); }}},
            {"/agent/requests/{id}/claim",
             {page_path("/claim"), json::object(),
              [](Who w, Object o) { return o == Object::Own && (w == Who::Agent || w == Who::OtherAgent); }}},
            {"/agent/requests/{id}/report",
             {page_path("/report"),
              {{"type", "matrix-probe"}},
              [](Who w, Object o) { return o == Object::Own && w == Who::Agent; }}},
            {"/agent/requests/{id}/visit",
             {page_path("/visit"), json::object(),
              [](Who w, Object o) { return o == Object::Own && w == Who::Agent; }}},
            {"/s/{token}", {fixed("/s/01HZX3Q4W5E6R7T8Y9ABCDEFGH"), nullptr, anyone}},
            // The administrator's login, 总览, 求助, 通知, 审计 (web/admin_*.cpp): a request of the other
            // county is refused; forms missing their fields are a 400 for an allowed caller, and a
            // notice that does not exist a 404.
            {"/admin/login", {fixed("/admin/login"), json::object(), anyone}},
            {"/admin/", {fixed("/admin/"), nullptr, [](Who w, Object) { return is_admin(w); }}},
            {"/admin/requests", {fixed("/admin/requests"), nullptr, [](Who w, Object) { return is_admin(w); }}},
            {"/admin/requests/{id}", {admin_request_path(""), nullptr, admin_in_scope}},
            {"/admin/requests/{id}/phone", {admin_request_path("/phone"), json::object(), admin_in_scope}},
            {"/admin/requests/{id}/reassign",
             {admin_request_path("/reassign"), {{"agent_id", "matrix-probe"}}, admin_in_scope}},
            {"/admin/requests/{id}/duplicate", {admin_request_path("/duplicate"), json::object(), admin_in_scope}},
            {"/admin/requests/{id}/reject", {admin_request_path("/reject"), json::object(), admin_in_scope}},
            {"/admin/notices", {fixed("/admin/notices"), json::object(), [](Who w, Object) { return is_admin(w); }}},
            {"/admin/notices/{id}/end",
             {fixed("/admin/notices/999999/end"), json::object(), [](Who w, Object) { return is_admin(w); }}},
            {"/admin/audit", {fixed("/admin/audit"), nullptr, [](Who w, Object) { return is_admin(w); }}},
            // 特派员, 团队, 触摸屏 (web/admin_agents.cpp, admin_teams.cpp, admin_kiosks.cpp): own objects
            // are agent A, a team and the kiosk of 330281, others those of 330282. Forms missing
            // their fields or their confirmation are a 400 for an allowed caller.
            {"/admin/agents", {fixed("/admin/agents"), json::object(), [](Who w, Object) { return is_admin(w); }}},
            {"/admin/agents/new", {fixed("/admin/agents/new"), nullptr, [](Who w, Object) { return is_admin(w); }}},
            {"/admin/agents/import",
             {fixed("/admin/agents/import"), json::object(), [](Who w, Object) { return is_admin(w); }}},
            {"/admin/agents/{id}", {manage_agent_path(""), json::object(), admin_in_scope}},
            {"/admin/agents/{id}/active", {manage_agent_path("/active"), {{"active", "0"}}, admin_in_scope}},
            {"/admin/agents/{id}/password", {manage_agent_path("/password"), json::object(), admin_in_scope}},
            {"/admin/agents/{id}/leave", {manage_agent_path("/leave"), json::object(), admin_in_scope}},
            {"/admin/teams", {fixed("/admin/teams"), json::object(), [](Who w, Object) { return is_admin(w); }}},
            {"/admin/teams/{id}", {manage_team_path, json::object(), admin_in_scope}},
            {"/admin/kiosks", {fixed("/admin/kiosks"), nullptr, [](Who w, Object) { return is_admin(w); }}},
            {"/admin/kiosks/codes",
             {fixed("/admin/kiosks/codes"), json::object(), [](Who w, Object) { return is_admin(w); }}},
            {"/admin/kiosks/{id}", {manage_kiosk_path(""), nullptr, admin_in_scope}},
            {"/admin/kiosks/{id}/revoke", {manage_kiosk_path("/revoke"), json::object(), admin_in_scope}},
            // 考核 JSON API (http/evaluation_api.cpp): admins only. Queries by region: inside the
            // admin's region (a call without from/to is then a 400). Stored evaluations, callbacks
            // and complaints by id are checked against the admin's region by the service (tested in
            // evaluation_http_test.cpp): an id that does not exist is a 404 for every admin, and an
            // empty body a 400.
            {"/api/v1/admin/evaluation",
             {[](Object o) {
                  return std::string("/api/v1/admin/evaluation?region=") + (o == Object::Own ? "330281" : "330282");
              },
              nullptr,
              [](Who w, Object o) {
                  return w == Who::CityAdmin || (w == Who::CountyAdmin && o == Object::Own) ||
                         (w == Who::OtherCountyAdmin && o == Object::Other);
              }}},
            {"/api/v1/admin/evaluation/schemes",
             {fixed("/api/v1/admin/evaluation/schemes"), nullptr, [](Who w, Object) { return is_admin(w); }}},
            {"/api/v1/admin/evaluation/overrides",
             {fixed("/api/v1/admin/evaluation/overrides"), json::object(), [](Who w, Object) { return is_admin(w); }}},
            {"/api/v1/admin/evaluations",
             {[](Object o) {
                  return std::string("/api/v1/admin/evaluations?region=") + (o == Object::Own ? "330281" : "330282");
              },
              json::object(),
              [](Who w, Object o) {
                  return w == Who::CityAdmin || (w == Who::CountyAdmin && o == Object::Own) ||
                         (w == Who::OtherCountyAdmin && o == Object::Other);
              }}},
            {"/api/v1/admin/evaluations/{id}",
             {fixed("/api/v1/admin/evaluations/999999"), nullptr, [](Who w, Object) { return is_admin(w); }}},
            {"/api/v1/admin/evaluations/{id}/objections",
             {fixed("/api/v1/admin/evaluations/999999/objections"), json::object(),
              [](Who w, Object) { return is_admin(w); }}},
            {"/api/v1/admin/evaluations/{id}/objections/{objection_id}/decision",
             {fixed("/api/v1/admin/evaluations/999999/objections/1/decision"), json::object(),
              [](Who w, Object) { return is_admin(w); }}},
            {"/api/v1/admin/evaluations/{id}/finalize",
             {fixed("/api/v1/admin/evaluations/999999/finalize"), json::object(),
              [](Who w, Object) { return is_admin(w); }}},
            {"/api/v1/admin/callbacks",
             {[](Object o) {
                  return std::string("/api/v1/admin/callbacks?region=") + (o == Object::Own ? "330281" : "330282");
              },
              nullptr,
              [](Who w, Object o) {
                  return w == Who::CityAdmin || (w == Who::CountyAdmin && o == Object::Own) ||
                         (w == Who::OtherCountyAdmin && o == Object::Other);
              }}},
            {"/api/v1/admin/callbacks/sample",
             {fixed("/api/v1/admin/callbacks/sample"), json::object(), [](Who w, Object) { return is_admin(w); }}},
            {"/api/v1/admin/callbacks/{id}/result",
             {fixed("/api/v1/admin/callbacks/999999/result"), json::object(),
              [](Who w, Object) { return is_admin(w); }}},
            {"/api/v1/admin/complaints/{event_id}/decision",
             {fixed("/api/v1/admin/complaints/999999/decision"), json::object(),
              [](Who w, Object) { return is_admin(w); }}},
            {"/api/v1/admin/requests",
             {[](Object o) {
                  return std::string("/api/v1/admin/requests?region=") + (o == Object::Own ? "330281" : "330282");
              },
              nullptr,
              [](Who w, Object o) {
                  return w == Who::CityAdmin || (w == Who::CountyAdmin && o == Object::Own) ||
                         (w == Who::OtherCountyAdmin && o == Object::Other);
              }}},
            // The administrator's 考核 and 回访 pages: the region parameter inside the admin's
            // region. Stored evaluations and callbacks by id are checked by the handler (an id
            // that does not exist is a 404 for every admin); a 回访 of a request needs the request
            // in the admin's region.
            {"/admin/evaluation", {eval_region_path("/admin/evaluation"), nullptr, eval_admin_in_scope}},
            {"/admin/evaluation/agents/{id}",
             {eval_region_path("/admin/evaluation/agents/" + std::to_string(user_id(kAgentA))), nullptr,
              eval_admin_in_scope}},
            {"/admin/evaluation/teams/{id}",
             {eval_region_path("/admin/evaluation/teams/1"), nullptr, eval_admin_in_scope}},
            {"/admin/evaluation/print", {eval_region_path("/admin/evaluation/print"), nullptr, eval_admin_in_scope}},
            {"/admin/evaluation/overrides",
             {eval_region_path("/admin/evaluation/overrides"), json::object(), eval_admin_in_scope}},
            {"/admin/evaluation/complaints/{id}",
             {eval_region_path("/admin/evaluation/complaints/1"), json::object(), eval_admin_in_scope}},
            {"/admin/evaluation/evaluations",
             {eval_region_path("/admin/evaluation/evaluations"), json::object(), eval_admin_in_scope}},
            {"/admin/evaluation/evaluations/{id}",
             {fixed("/admin/evaluation/evaluations/999999"), nullptr, eval_admins}},
            {"/admin/evaluation/evaluations/{id}/print",
             {fixed("/admin/evaluation/evaluations/999999/print"), nullptr, eval_admins}},
            {"/admin/evaluation/evaluations/{id}/objections",
             {fixed("/admin/evaluation/evaluations/999999/objections"), json::object(), eval_admins}},
            {"/admin/evaluation/evaluations/{id}/objections/{objection}",
             {fixed("/admin/evaluation/evaluations/999999/objections/1"), json::object(), eval_admins}},
            {"/admin/evaluation/evaluations/{id}/finalize",
             {fixed("/admin/evaluation/evaluations/999999/finalize"), json::object(), eval_admins}},
            {"/admin/callbacks", {eval_region_path("/admin/callbacks"), nullptr, eval_admin_in_scope}},
            {"/admin/callbacks/sample",
             {eval_region_path("/admin/callbacks/sample"), json::object(), eval_admin_in_scope}},
            {"/admin/callbacks/new",
             {[this](Object o) {
                  return "/admin/callbacks/new?request=" + (o == Object::Own ? own_request : other_request);
              },
              json::object(),
              [](Who w, Object o) {
                  // GET shows the form for a request in the admin's region; POST without a
                  // result is a 400 for every admin.
                  return w == Who::CityAdmin || (w == Who::CountyAdmin && o == Object::Own) ||
                         (w == Who::OtherCountyAdmin && o == Object::Other);
              }}},
            {"/admin/callbacks/{id}", {fixed("/admin/callbacks/999999"), json::object(), eval_admins}},
            {"/admin/callbacks/{id}/phone", {fixed("/admin/callbacks/999999/phone"), json::object(), eval_admins}},
        };
    }

    // A team made as `team add` makes it (the server sees it at its next request).
    int64_t team(const std::string& name, const std::string& region) {
        backend::Database db(db_path);
        auto id = backend::add_or_update_team(db, {name, region, ""}, core::system_now_ms());
        EXPECT_TRUE(id.ok());
        return id.ok() ? *id : 0;
    }

    Kiosk kiosk;
    Kiosk other_kiosk;
    std::string own_request;
    std::string other_request;
};

}  // namespace

TEST_F(AccessMatrix, EveryRouteEveryCallerOwnAndOtherObjects) {
    auto table = expectations();
    std::set<std::string> covered;
    int cells = 0;
    for (const auto& route : backend::route_table()) {
        auto it = table.find(route.label);
        ASSERT_NE(it, table.end()) << "route " << route.label << " has no expectation in the matrix";
        covered.insert(route.label);
        const Expectation& e = it->second;
        for (auto object : {Object::Own, Object::Other}) {
            std::string path = e.path(object);
            ASSERT_TRUE(std::regex_match(path.substr(0, path.find('?')), std::regex(route.pattern)))
                << path << " does not match " << route.pattern;
            for (const auto& [who, name] : kEveryone) {
                std::string token = credential(who);
                const std::string_view method(route.method);
                httplib::Headers headers;
                if (!token.empty()) {
                    headers = bearer(token);
                }
                // Pages take forms carrying the session's CSRF token, as a browser sends them.
                const bool page = route.access.surface == backend::Surface::Page;
                httplib::Params form;
                if (page && !token.empty()) {
                    form.emplace(backend::web::kCsrfField, backend::web::csrf_token(token));
                }
                if (page && e.body.is_object()) {
                    for (const auto& item : e.body.items()) {
                        form.emplace(item.key(), item.value().get<std::string>());
                    }
                }
                httplib::Result res = method == "GET" ? get(path, token)
                                      : method == "PUT"
                                          ? http->Put(path.c_str(), headers, e.body.dump(), "application/json")
                                      : method == "DELETE" ? http->Delete(path.c_str(), headers)
                                      : page               ? http->Post(path.c_str(), headers, form)
                                                           : post_json(path, e.body, token);
                ASSERT_TRUE(res) << route.method << " " << path;
                // A page sends a caller without a session to the login page instead of a 401.
                const bool to_login = page && res->status == 303 &&
                                      (res->get_header_value("Location") == "/agent/login" ||
                                       res->get_header_value("Location") == "/admin/login");
                bool allowed = res->status != 401 && res->status != 403 && !to_login;
                EXPECT_EQ(allowed, e.allowed(who, object))
                    << route.method << " " << route.label << " as " << name << " on "
                    << (object == Object::Own ? "own" : "other") << " object: HTTP " << res->status << " " << res->body;
                if (!allowed) {
                    // 401 when the route does not know this kind of caller at all (no kiosk token
                    // where people log in, and the reverse), 403 when it does but says no.
                    unsigned admitted = route.access.callers;
                    bool unknown_kind = who == Who::Anonymous ||
                                        (is_kiosk(who) && (admitted & backend::callers::kKiosk) == 0) ||
                                        (is_person(who) && (admitted & backend::callers::kPeople) == 0);
                    EXPECT_EQ(res->status, unknown_kind ? (page ? 303 : 401) : 403) << route.label << " as " << name;
                }
                ++cells;
            }
        }
    }
    EXPECT_EQ(covered.size(), table.size()) << "the matrix lists a route the table no longer has";
    EXPECT_EQ(cells, static_cast<int>(backend::route_table().size() * 2 * kEveryone.size()));
}

TEST_F(AccessMatrix, KiosksActOnlyOnTheirOwnRequests) {
    auto feedback = [](const std::string& request_id) {
        return op("feedback.create",
                  {{"request_id", request_id}, {"outcome", "not_solved"}, {"rating", 2}, {"comment", "还没来"}});
    };
    auto mine = push_ok(kiosk, json::array({feedback(own_request), feedback(other_request)}));
    EXPECT_EQ(mine[0]["status"], "applied");
    EXPECT_EQ(mine[1]["status"], "rejected");
    auto theirs = push_ok(other_kiosk, json::array({feedback(own_request), feedback(other_request)}));
    EXPECT_EQ(theirs[0]["status"], "rejected");
    EXPECT_EQ(theirs[1]["status"], "applied");
    for (const auto& [who, own, other] :
         {std::tuple{&kiosk, &own_request, &other_request}, std::tuple{&other_kiosk, &other_request, &own_request}}) {
        auto changes = pull_all(*who);
        bool saw_own = false;
        for (const auto& c : changes) {
            EXPECT_NE(c.value("request_id", ""), *other);
            saw_own = saw_own || c.value("request_id", "") == *own;
        }
        EXPECT_TRUE(saw_own);
    }
}
