#include "store/users.h"

#include <array>

#include "crypto.h"
#include "store/regions.h"
#include "xiangke/core/json_reader.h"
#include "xiangke/core/phone.h"
#include "xiangke/core/region_code.h"

namespace xiangke::backend {
namespace {
constexpr std::array<std::string_view, 3> kRoleNames{"agent", "county_admin", "city_admin"};
constexpr std::array<std::string_view, 3> kAgentTypeNames{"individual", "team", "organisation"};
}  // namespace

std::string_view role_name(Role role) {
    return kRoleNames[static_cast<size_t>(role)];
}

std::optional<Role> role_from_name(std::string_view name) {
    for (size_t i = 0; i < kRoleNames.size(); ++i) {
        if (kRoleNames[i] == name) {
            return static_cast<Role>(i);
        }
    }
    return std::nullopt;
}

std::string_view agent_type_name(AgentType type) {
    return kAgentTypeNames[static_cast<size_t>(type)];
}

std::optional<AgentType> agent_type_from_name(std::string_view name) {
    for (size_t i = 0; i < kAgentTypeNames.size(); ++i) {
        if (kAgentTypeNames[i] == name) {
            return static_cast<AgentType>(i);
        }
    }
    return std::nullopt;
}

core::Result<std::string> validate_user(Database& db, const NewUser& user, PasswordCheck password_check) {
    int64_t name_length = core::utf8_length(user.name);
    if (name_length < 1 || name_length > 40) {
        return core::field_error("name", "name must be 1 to 40 characters");
    }
    auto phone = core::parse_phone(user.phone, "phone");
    if (!phone.ok()) {
        return phone.error();
    }
    if (phone->kind != core::PhoneKind::Mobile) {
        return core::field_error("phone", "a login phone number must be a mobile number");
    }
    if (password_check == PasswordCheck::Required &&
        (user.password.size() < kMinPasswordLength || user.password.size() > kMaxPasswordLength)) {
        return core::field_error("password", "password must be 8 to 128 bytes");
    }
    auto region = core::RegionCode::parse(user.region_code);
    if (!region.ok() || region->str().size() != user.region_code.size()) {
        return core::field_error("region", "'" + user.region_code + "' is not a region code or prefix");
    }
    if (user.role == Role::CountyAdmin && region->level() != core::RegionLevel::County) {
        return core::field_error("region", "a county admin's region is a 6-digit county code");
    }
    if (user.role == Role::CityAdmin && region->level() != core::RegionLevel::City) {
        return core::field_error("region", "a city admin's region is a 4-digit city code");
    }
    if (!region_exists(db, region->str())) {
        return core::field_error("region", "region " + region->str() + " is not in the database", "unknown_region");
    }
    for (const auto& prefix : user.service_regions) {
        if (!core::is_valid_region_prefix(prefix)) {
            return core::field_error("service-regions", "'" + prefix + "' is not a region-code prefix");
        }
    }
    if (user.capacity < 0 || user.capacity > 100) {
        return core::field_error("capacity", "capacity must be 0 to 100 open requests");
    }
    if (core::utf8_length(user.team) > 60) {
        return core::field_error("team", "a team name is at most 60 characters");
    }
    return phone->digits;
}

void write_agent_profile(Database& db, int64_t user_id, const NewUser& user) {
    std::optional<int64_t> team_id;
    if (!user.team.empty()) {
        // A team named here for the first time takes the agent's home region; `team add` sets it later.
        auto team = db.prepare(
            "INSERT INTO teams(name, region_code) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET name = name "
            "RETURNING id");
        team.bind(1, user.team);
        team.bind(2, user.region_code);
        team.step();
        team_id = team.column(0).getInt64();
    }
    auto profile = db.prepare(
        "INSERT INTO agent_profiles(user_id, team_id, capacity, agent_type) VALUES (?, ?, ?, COALESCE(?, "
        "'individual')) ON CONFLICT(user_id) DO UPDATE SET team_id = excluded.team_id, capacity = "
        "excluded.capacity, agent_type = COALESCE(?4, agent_type)");
    profile.bind(1, user_id);
    profile.bind_optional(2, team_id);
    profile.bind(3, user.capacity);
    profile.bind_optional(4, user.type ? std::optional<std::string>(agent_type_name(*user.type)) : std::nullopt);
    profile.exec();
    for (const char* sql :
         {"DELETE FROM agent_expertise WHERE user_id = ?", "DELETE FROM agent_service_regions WHERE user_id = ?"}) {
        auto clear = db.prepare(sql);
        clear.bind(1, user_id);
        clear.exec();
    }
    for (const auto& tag : user.expertise) {
        auto insert_tag = db.prepare("INSERT OR IGNORE INTO agent_expertise(user_id, tag) VALUES (?, ?)");
        insert_tag.bind(1, user_id);
        insert_tag.bind(2, tag);
        insert_tag.exec();
    }
    std::vector<std::string> regions = user.service_regions;
    if (regions.empty()) {
        regions.push_back(user.region_code);  // an agent serves at least their home region
    }
    for (const auto& prefix : regions) {
        auto insert_region = db.prepare("INSERT OR IGNORE INTO agent_service_regions(user_id, prefix) VALUES (?, ?)");
        insert_region.bind(1, user_id);
        insert_region.bind(2, prefix);
        insert_region.exec();
    }
}

core::Result<int64_t> add_user(Database& db, const NewUser& user, int64_t now_ms) {
    auto phone = validate_user(db, user, PasswordCheck::Required);
    if (!phone.ok()) {
        return phone.error();
    }
    std::string password_hash = crypto::hash_password(user.password);  // slow: outside the write lock
    return with_write_transaction(db, [&] { return insert_user(db, user, *phone, password_hash, now_ms); });
}

core::Result<int64_t> insert_user(Database& db, const NewUser& user, const std::string& phone_digits,
                                  const std::string& password_hash, int64_t now_ms) {
    auto exists = db.prepare("SELECT 1 FROM users WHERE phone = ?");
    exists.bind(1, phone_digits);
    if (exists.step()) {
        return core::field_error("phone", "a user with this phone number already exists", "duplicate");
    }
    exists.reset();
    auto insert = db.prepare(
        "INSERT INTO users(role, region_code, name, phone, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind(1, std::string(role_name(user.role)));
    insert.bind(2, user.region_code);
    insert.bind(3, user.name);
    insert.bind(4, phone_digits);
    insert.bind(5, password_hash);
    insert.bind(6, now_ms);
    insert.exec();
    int64_t id = db.raw().getLastInsertRowid();
    if (user.role == Role::Agent) {
        write_agent_profile(db, id, user);
    }
    return id;
}

std::optional<int64_t> find_user_id_by_phone(Database& db, const std::string& phone_digits) {
    auto query = db.prepare("SELECT id FROM users WHERE phone = ?");
    query.bind(1, phone_digits);
    if (!query.step()) {
        return std::nullopt;
    }
    return query.column(0).getInt64();
}

bool agent_serves_village(Database& db, int64_t agent_id, const std::string& village_code) {
    auto query = db.prepare(
        "SELECT 1 FROM agent_service_regions WHERE user_id = ? AND substr(?, 1, length(prefix)) = prefix LIMIT 1");
    query.bind(1, agent_id);
    query.bind(2, village_code);
    return query.step();
}

core::Result<int64_t> add_or_update_team(Database& db, const NewTeam& team, int64_t now_ms) {
    return with_write_transaction(db, [&] { return upsert_team(db, team, now_ms); });
}

core::Result<int64_t> upsert_team(Database& db, const NewTeam& team, int64_t now_ms) {
    int64_t name_length = core::utf8_length(team.name);
    if (name_length < 1 || name_length > static_cast<int64_t>(kMaxTeamNameChars)) {
        return core::field_error("name", "a team name is 1 to 60 characters");
    }
    auto region = core::RegionCode::parse(team.region_code);
    if (!region.ok() || region->str().size() != team.region_code.size()) {
        return core::field_error("region", "'" + team.region_code + "' is not a region code or prefix");
    }
    if (!region_exists(db, region->str())) {
        return core::field_error("region", "region " + region->str() + " is not in the database", "unknown_region");
    }
    std::optional<std::string> leader_digits;
    if (!team.leader_phone.empty()) {
        auto phone = core::parse_phone(team.leader_phone, "leader");
        if (!phone.ok()) {
            return phone.error();
        }
        leader_digits = phone->digits;
    }
    {
        std::optional<int64_t> leader_id;
        if (leader_digits) {
            auto leader = db.prepare("SELECT id, role FROM users WHERE phone = ?");
            leader.bind(1, *leader_digits);
            if (!leader.step()) {
                return core::field_error("leader", "no person has this phone number", "unknown_leader");
            }
            if (leader.column(1).getString() != "agent") {
                return core::field_error("leader", "a team's leader is a field agent", "unknown_leader");
            }
            leader_id = leader.column(0).getInt64();
        }
        auto upsert = db.prepare(
            "INSERT INTO teams(name, region_code, leader_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(name) DO "
            "UPDATE SET region_code = excluded.region_code, leader_id = COALESCE(excluded.leader_id, leader_id), "
            "created_at = COALESCE(created_at, excluded.created_at) RETURNING id");
        upsert.bind(1, team.name);
        upsert.bind(2, region->str());
        upsert.bind_optional(3, leader_id);
        upsert.bind(4, now_ms);
        upsert.step();
        return upsert.column(0).getInt64();
    }
}

}  // namespace xiangke::backend
