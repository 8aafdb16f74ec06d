#pragma once
// What an administrator manages in their region (特派员, 团队, 触摸屏): the lists and single
// records their pages show, and the writes the pages make beyond the operator commands' own store
// functions (add_user, import_agents, issue_enrollment_code, revoke_kiosk). Everything is scoped
// by a region-code prefix: an object is inside it when its region (an agent's home region, a
// team's region, a kiosk's village) starts with the prefix.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/users.h"
#include "xiangke/core/result.h"

namespace xiangke::backend {

// Whether `code` lies inside the region prefix (an empty prefix contains nothing).
bool in_region(const std::string& prefix, const std::string& code);

// ---- agents (科技特派员) ----
struct AgentListItem {
    int64_t id = 0;
    std::string name;
    std::string phone_masked;  // 139****0101
    std::string region_code;   // home region
    std::string region_name;
    std::string agent_type;  // individual | team | organisation
    std::optional<int64_t> team_id;
    std::string team;
    std::vector<std::string> expertise;
    std::vector<std::string> service_regions;
    int64_t capacity = 0;
    int64_t held = 0;  // requests held now
    std::string leave_from, leave_to;
    bool active = true;
    std::optional<int64_t> last_login_at;
};

struct AgentQuery {
    std::string region_prefix;  // the admin's scope
    std::string text;           // part of the name, the team or an expertise tag; empty = all
    std::optional<int64_t> team_id;
    bool active_only = false;
    size_t limit = 500;
    size_t offset = 0;
};
std::vector<AgentListItem> list_agents(Database& db, const AgentQuery& query);
std::optional<AgentListItem> find_agent(Database& db, int64_t agent_id);
// The home region of an agent (nullopt for unknown ids and for people who are not agents).
std::optional<std::string> agent_region(Database& db, int64_t agent_id);

// Checks that an agent's home region and every service region lie inside `scope_prefix`; the
// error names the field (region, service-regions) with the code "out_of_scope".
core::Result<bool> check_agent_in_scope(const NewUser& user, const std::string& scope_prefix);

// Rewrites an agent's name, home region, type, team, expertise, service regions and capacity
// (and the phone when `user.phone` is not empty). Validates like add_user; the password is left
// alone. Call inside a write.
core::Result<bool> update_agent(Database& db, int64_t agent_id, const NewUser& user);
// Deactivates (every session ends at once: find_session checks `active`) or reactivates an agent.
// Held requests stay with the agent until an administrator reassigns them. Call inside a write.
void set_agent_active(Database& db, int64_t agent_id, bool active, int64_t now_ms);
// Replaces the password hash and ends every session of the person. Call inside a write.
void set_password_hash(Database& db, int64_t user_id, const std::string& password_hash, int64_t now_ms);

// ---- teams (团队) ----
struct TeamListItem {
    int64_t id = 0;
    std::string name;
    std::string region_code;
    std::string region_name;
    std::optional<int64_t> leader_id;
    std::string leader_name;
    int64_t members = 0;
};
std::vector<TeamListItem> list_teams(Database& db, const std::string& region_prefix);
std::optional<TeamListItem> find_team(Database& db, int64_t team_id);
// The team's region; nullopt when the team is unknown. Teams made before they had a region
// answer the empty string (inside no administrator's scope).
std::optional<std::string> team_region(Database& db, int64_t team_id);

std::optional<int64_t> team_id_by_name(Database& db, const std::string& name);
struct TeamUpdate {
    std::string name;
    std::string region_code;
    std::optional<int64_t> leader_id;  // must be a member of the team; nullopt: no leader
};
// Renames a team, moves it to another region, sets or clears its leader. The error names the field
// (name, region, leader). Call inside a write.
core::Result<bool> update_team(Database& db, int64_t team_id, const TeamUpdate& update);

// ---- kiosks (触摸屏) ----
struct KioskListItem {
    std::string id;
    std::string village_code;
    std::string village_name;
    std::string device_name;
    int64_t enrolled_at = 0;
    std::optional<int64_t> last_seen_at;
    std::optional<int64_t> revoked_at;
    // What the kiosk last reported with a push (migration 12), when it did.
    std::string app_version;
    std::optional<int64_t> content_version;
    std::optional<int64_t> outbox;
    std::optional<int64_t> reported_at;
};
std::vector<KioskListItem> list_kiosks(Database& db, const std::string& region_prefix, size_t limit);
std::optional<KioskListItem> find_kiosk(Database& db, const std::string& kiosk_id);

struct VillageMatch {
    std::string code;
    std::string name;
    std::string township;  // the parent's name
};
// Villages (12-digit codes) inside the prefix whose name contains `text` or whose code starts with it.
std::vector<VillageMatch> find_villages(Database& db, const std::string& region_prefix, const std::string& text,
                                        size_t limit);

}  // namespace xiangke::backend
