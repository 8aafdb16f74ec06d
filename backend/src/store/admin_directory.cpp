#include "store/admin_directory.h"

#include "store/regions.h"
#include "store/requests.h"
#include "store/sessions.h"
#include "xiangke/core/json_reader.h"
#include "xiangke/core/phone.h"
#include "xiangke/core/region_code.h"

namespace xiangke::backend {
namespace {

// A region-code prefix as a range of codes: every code inside starts with it, and ':' sorts just
// after '9', so `code >= prefix AND code < prefix || ':'` reads an index instead of every row.
constexpr const char* kAgentColumns =
    "SELECT u.id, u.name, u.phone, u.region_code, COALESCE(g.name, ''), COALESCE(p.agent_type, 'individual'), "
    "p.team_id, COALESCE(t.name, ''), COALESCE(p.capacity, 0), COALESCE(p.leave_from, ''), "
    "COALESCE(p.leave_to, ''), u.active, "
    "(SELECT MAX(a.at) FROM audit_log a WHERE a.actor_type = 'user' AND a.actor_id = CAST(u.id AS TEXT) "
    "AND a.action = 'login') "
    "FROM users u LEFT JOIN agent_profiles p ON p.user_id = u.id LEFT JOIN teams t ON t.id = p.team_id "
    "LEFT JOIN regions g ON g.code = u.region_code ";

AgentListItem read_agent(Statement& q) {
    AgentListItem a;
    a.id = q.column(0).getInt64();
    a.name = q.column(1).getString();
    a.phone_masked = core::mask_phone_text(q.column(2).getString());
    a.region_code = q.column(3).getString();
    a.region_name = q.column(4).getString();
    a.agent_type = q.column(5).getString();
    if (!q.is_null(6)) {
        a.team_id = q.column(6).getInt64();
    }
    a.team = q.column(7).getString();
    a.capacity = q.column(8).getInt64();
    a.leave_from = q.column(9).getString();
    a.leave_to = q.column(10).getString();
    a.active = q.column(11).getInt() != 0;
    if (!q.is_null(12)) {
        a.last_login_at = q.column(12).getInt64();
    }
    return a;
}

// Expertise, service regions and load: a few indexed reads per agent.
void complete_agent(Database& db, AgentListItem& a) {
    auto tags = db.prepare("SELECT tag FROM agent_expertise WHERE user_id = ? ORDER BY tag");
    tags.bind(1, a.id);
    while (tags.step()) {
        a.expertise.push_back(tags.column(0).getString());
    }
    tags.reset();
    auto regions = db.prepare("SELECT prefix FROM agent_service_regions WHERE user_id = ? ORDER BY prefix");
    regions.bind(1, a.id);
    while (regions.step()) {
        a.service_regions.push_back(regions.column(0).getString());
    }
    regions.reset();
    a.held = count_held_requests(db, a.id);
}

std::optional<int64_t> optional_int(Statement& q, int column) {
    return q.is_null(column) ? std::nullopt : std::optional<int64_t>(q.column(column).getInt64());
}

}  // namespace

bool in_region(const std::string& prefix, const std::string& code) {
    return !prefix.empty() && code.size() >= prefix.size() && code.compare(0, prefix.size(), prefix) == 0;
}

std::vector<AgentListItem> list_agents(Database& db, const AgentQuery& query) {
    std::vector<AgentListItem> agents;
    if (query.region_prefix.empty()) {
        return agents;
    }
    // The page is cut in SQL, so only its agents get their tags, regions and load read.
    auto q = db.prepare(std::string(kAgentColumns) +
                        "WHERE u.role = 'agent' AND u.region_code >= ?1 AND u.region_code < ?1 || ':' "
                        "AND (?2 IS NULL OR p.team_id = ?2) AND (?3 = 0 OR u.active = 1) "
                        "AND (?4 = '' OR instr(u.name, ?4) > 0 OR instr(COALESCE(t.name, ''), ?4) > 0 OR EXISTS "
                        "(SELECT 1 FROM agent_expertise e WHERE e.user_id = u.id AND instr(e.tag, ?4) > 0)) "
                        "ORDER BY u.active DESC, u.name, u.id LIMIT ?5 OFFSET ?6");
    q.bind(1, query.region_prefix);
    q.bind_optional(2, query.team_id);
    q.bind(3, query.active_only ? 1 : 0);
    q.bind(4, query.text);
    q.bind(5, static_cast<int64_t>(query.limit));
    q.bind(6, static_cast<int64_t>(query.offset));
    while (q.step()) {
        agents.push_back(read_agent(q));
    }
    q.reset();
    for (auto& a : agents) {
        complete_agent(db, a);
    }
    return agents;
}

std::optional<AgentListItem> find_agent(Database& db, int64_t agent_id) {
    auto q = db.prepare(std::string(kAgentColumns) + "WHERE u.id = ? AND u.role = 'agent'");
    q.bind(1, agent_id);
    if (!q.step()) {
        return std::nullopt;
    }
    AgentListItem a = read_agent(q);
    q.reset();
    complete_agent(db, a);
    return a;
}

std::optional<std::string> agent_region(Database& db, int64_t agent_id) {
    auto q = db.prepare("SELECT region_code FROM users WHERE id = ? AND role = 'agent'");
    q.bind(1, agent_id);
    if (!q.step()) {
        return std::nullopt;
    }
    return q.column(0).getString();
}

core::Result<bool> check_agent_in_scope(const NewUser& user, const std::string& scope_prefix) {
    if (!in_region(scope_prefix, user.region_code)) {
        return core::field_error("region", "the home region must lie inside " + scope_prefix, "out_of_scope");
    }
    for (const auto& prefix : user.service_regions) {
        if (!in_region(scope_prefix, prefix)) {
            return core::field_error("service-regions", "service region " + prefix + " is outside " + scope_prefix,
                                     "out_of_scope");
        }
    }
    return true;
}

core::Result<bool> update_agent(Database& db, int64_t agent_id, const NewUser& user) {
    NewUser checked = user;
    const bool new_phone = !user.phone.empty();
    if (!new_phone) {
        auto stored = db.prepare("SELECT phone FROM users WHERE id = ? AND role = 'agent'");
        stored.bind(1, agent_id);
        if (!stored.step()) {
            return core::field_error("agent", "no agent with this id", "not_found");
        }
        checked.phone = stored.column(0).getString();  // validated as it is; kept
    }
    auto digits = validate_user(db, checked, PasswordCheck::Skip);
    if (!digits.ok()) {
        return digits.error();
    }
    if (new_phone) {
        auto taken = db.prepare("SELECT 1 FROM users WHERE phone = ? AND id <> ?");
        taken.bind(1, *digits);
        taken.bind(2, agent_id);
        if (taken.step()) {
            return core::field_error("phone", "a user with this phone number already exists", "duplicate");
        }
    }
    auto update = db.prepare(
        "UPDATE users SET name = ?, region_code = ?, phone = COALESCE(?, phone) WHERE id = ? AND role = 'agent'");
    update.bind(1, user.name);
    update.bind(2, user.region_code);
    update.bind_optional(3, new_phone ? std::optional<std::string>(*digits) : std::nullopt);
    update.bind(4, agent_id);
    if (update.exec() == 0) {
        return core::field_error("agent", "no agent with this id", "not_found");
    }
    write_agent_profile(db, agent_id, user);
    return true;
}

void set_agent_active(Database& db, int64_t agent_id, bool active, int64_t now_ms) {
    auto update = db.prepare("UPDATE users SET active = ? WHERE id = ? AND role = 'agent'");
    update.bind(1, active ? 1 : 0);
    update.bind(2, agent_id);
    update.exec();
    if (!active) {
        revoke_user_sessions(db, agent_id, now_ms);
    }
}

void set_password_hash(Database& db, int64_t user_id, const std::string& password_hash, int64_t now_ms) {
    auto update = db.prepare("UPDATE users SET password_hash = ? WHERE id = ?");
    update.bind(1, password_hash);
    update.bind(2, user_id);
    update.exec();
    revoke_user_sessions(db, user_id, now_ms);
}

std::vector<TeamListItem> list_teams(Database& db, const std::string& region_prefix) {
    std::vector<TeamListItem> teams;
    if (region_prefix.empty()) {
        return teams;
    }
    auto q = db.prepare(
        "SELECT t.id, t.name, COALESCE(t.region_code, ''), COALESCE(g.name, ''), t.leader_id, "
        "COALESCE(l.name, ''), (SELECT COUNT(*) FROM agent_profiles p WHERE p.team_id = t.id) "
        "FROM teams t LEFT JOIN regions g ON g.code = t.region_code LEFT JOIN users l ON l.id = t.leader_id "
        "WHERE t.region_code >= ?1 AND t.region_code < ?1 || ':' ORDER BY t.name");
    q.bind(1, region_prefix);
    while (q.step()) {
        teams.push_back({q.column(0).getInt64(), q.column(1).getString(), q.column(2).getString(),
                         q.column(3).getString(), optional_int(q, 4), q.column(5).getString(), q.column(6).getInt64()});
    }
    return teams;
}

std::optional<TeamListItem> find_team(Database& db, int64_t team_id) {
    auto q = db.prepare(
        "SELECT t.id, t.name, COALESCE(t.region_code, ''), COALESCE(g.name, ''), t.leader_id, "
        "COALESCE(l.name, ''), (SELECT COUNT(*) FROM agent_profiles p WHERE p.team_id = t.id) "
        "FROM teams t LEFT JOIN regions g ON g.code = t.region_code LEFT JOIN users l ON l.id = t.leader_id "
        "WHERE t.id = ?");
    q.bind(1, team_id);
    if (!q.step()) {
        return std::nullopt;
    }
    return TeamListItem{q.column(0).getInt64(),  q.column(1).getString(), q.column(2).getString(),
                        q.column(3).getString(), optional_int(q, 4),      q.column(5).getString(),
                        q.column(6).getInt64()};
}

std::optional<std::string> team_region(Database& db, int64_t team_id) {
    auto q = db.prepare("SELECT COALESCE(region_code, '') FROM teams WHERE id = ?");
    q.bind(1, team_id);
    if (!q.step()) {
        return std::nullopt;
    }
    return q.column(0).getString();
}

std::optional<int64_t> team_id_by_name(Database& db, const std::string& name) {
    auto q = db.prepare("SELECT id FROM teams WHERE name = ?");
    q.bind(1, name);
    if (!q.step()) {
        return std::nullopt;
    }
    return q.column(0).getInt64();
}

core::Result<bool> update_team(Database& db, int64_t team_id, const TeamUpdate& update) {
    int64_t name_length = core::utf8_length(update.name);
    if (name_length < 1 || name_length > static_cast<int64_t>(kMaxTeamNameChars)) {
        return core::field_error("name", "a team name is 1 to 60 characters");
    }
    if (auto other = team_id_by_name(db, update.name); other && *other != team_id) {
        return core::field_error("name", "another team has this name", "duplicate");
    }
    if (!core::is_valid_region_prefix(update.region_code) || !region_exists(db, update.region_code)) {
        return core::field_error("region", "not a region code in the database");
    }
    if (update.leader_id) {
        auto member = db.prepare("SELECT 1 FROM agent_profiles WHERE user_id = ? AND team_id = ?");
        member.bind(1, *update.leader_id);
        member.bind(2, team_id);
        if (!member.step()) {
            return core::field_error("leader", "the leader must be a member of the team");
        }
    }
    auto write = db.prepare("UPDATE teams SET name = ?, region_code = ?, leader_id = ? WHERE id = ?");
    write.bind(1, update.name);
    write.bind(2, update.region_code);
    write.bind_optional(3, update.leader_id);
    write.bind(4, team_id);
    if (write.exec() == 0) {
        return core::field_error("team", "no team with this id", "not_found");
    }
    return true;
}

namespace {

constexpr const char* kKioskColumns =
    "SELECT k.id, k.village_code, COALESCE(g.name, ''), k.device_name, k.enrolled_at, k.last_seen_at, "
    "k.revoked_at, COALESCE(k.app_version, ''), k.content_version, k.outbox_backlog, k.client_reported_at "
    "FROM kiosks k LEFT JOIN regions g ON g.code = k.village_code ";

KioskListItem read_kiosk(Statement& q) {
    KioskListItem k;
    k.id = q.column(0).getString();
    k.village_code = q.column(1).getString();
    k.village_name = q.column(2).getString();
    k.device_name = q.column(3).getString();
    k.enrolled_at = q.column(4).getInt64();
    k.last_seen_at = optional_int(q, 5);
    k.revoked_at = optional_int(q, 6);
    k.app_version = q.column(7).getString();
    k.content_version = optional_int(q, 8);
    k.outbox = optional_int(q, 9);
    k.reported_at = optional_int(q, 10);
    return k;
}

}  // namespace

std::vector<KioskListItem> list_kiosks(Database& db, const std::string& region_prefix, size_t limit) {
    std::vector<KioskListItem> kiosks;
    if (region_prefix.empty()) {
        return kiosks;
    }
    auto q = db.prepare(std::string(kKioskColumns) +
                        "WHERE k.village_code >= ?1 AND k.village_code < ?1 || ':' "
                        "ORDER BY k.revoked_at IS NOT NULL, k.village_code, k.enrolled_at LIMIT ?2");
    q.bind(1, region_prefix);
    q.bind(2, static_cast<int64_t>(limit));
    while (q.step()) {
        kiosks.push_back(read_kiosk(q));
    }
    return kiosks;
}

std::optional<KioskListItem> find_kiosk(Database& db, const std::string& kiosk_id) {
    auto q = db.prepare(std::string(kKioskColumns) + "WHERE k.id = ?");
    q.bind(1, kiosk_id);
    if (!q.step()) {
        return std::nullopt;
    }
    return read_kiosk(q);
}

std::vector<VillageMatch> find_villages(Database& db, const std::string& region_prefix, const std::string& text,
                                        size_t limit) {
    std::vector<VillageMatch> villages;
    if (region_prefix.empty() || text.empty()) {
        return villages;
    }
    auto q = db.prepare(
        "SELECT v.code, v.name, COALESCE(t.name, '') FROM regions v LEFT JOIN regions t ON t.code = v.parent_code "
        "WHERE v.level = 5 AND v.code >= ?1 AND v.code < ?1 || ':' "
        "AND (instr(v.name, ?2) > 0 OR substr(v.code, 1, length(?2)) = ?2) ORDER BY v.code LIMIT ?3");
    q.bind(1, region_prefix);
    q.bind(2, text);
    q.bind(3, static_cast<int64_t>(limit));
    while (q.step()) {
        villages.push_back({q.column(0).getString(), q.column(1).getString(), q.column(2).getString()});
    }
    return villages;
}

}  // namespace xiangke::backend
