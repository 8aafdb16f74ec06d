#pragma once
// People who log in: field agents (科技特派员) and county/city administrators.
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "xiangke/core/result.h"

namespace xiangke::backend {

enum class Role { Agent, CountyAdmin, CityAdmin };
std::string_view role_name(Role role);
std::optional<Role> role_from_name(std::string_view name);

// 个人 / 团队 / 法人: an agent is a person, a team acting as one, or an organisation (DB33/T
// 1316—2023 evaluates each type by its own rules).
enum class AgentType { Individual, Team, Organisation };
std::string_view agent_type_name(AgentType type);  // individual, team, organisation
std::optional<AgentType> agent_type_from_name(std::string_view name);

struct NewUser {
    Role role = Role::Agent;
    std::string region_code;  // home region; an admin's scope prefix
    std::string name;
    std::string phone;
    std::string password;
    // Agents only.
    std::vector<std::string> expertise;        // category codes or crop/animal names (validated by caller)
    std::vector<std::string> service_regions;  // region-code prefixes
    int capacity = 5;
    std::string team;
    std::optional<AgentType> type = std::nullopt;  // empty: individual for a new agent, unchanged for an existing one
};

inline constexpr size_t kMinPasswordLength = 8;
inline constexpr size_t kMaxPasswordLength = 128;

enum class PasswordCheck { Required, Skip };
// Checks a person's fields (not whether the phone is taken); returns the normalised phone digits.
// The error names the field (name, phone, region, password, service-regions, capacity, team).
core::Result<std::string> validate_user(Database& db, const NewUser& user, PasswordCheck password_check);
// Writes or rewrites an agent's profile, team, expertise and service regions (inside a transaction).
void write_agent_profile(Database& db, int64_t user_id, const NewUser& user);
// Validates and stores a user; runs its own transaction.
core::Result<int64_t> add_user(Database& db, const NewUser& user, int64_t now_ms);
// The write part of add_user for a user validated by validate_user (`phone_digits` is what it
// returned) whose password is already hashed; refuses a phone that is taken. Call inside a write.
core::Result<int64_t> insert_user(Database& db, const NewUser& user, const std::string& phone_digits,
                                  const std::string& password_hash, int64_t now_ms);

// The id of the person with this login phone (normalised digits).
std::optional<int64_t> find_user_id_by_phone(Database& db, const std::string& phone_digits);
// Whether one of the agent's service-region prefixes covers the village.
bool agent_serves_village(Database& db, int64_t agent_id, const std::string& village_code);

// 团队: a team of agents with its home region and, optionally, its leader (an agent).
struct NewTeam {
    std::string name;
    std::string region_code;
    std::string leader_phone;  // empty: no leader (an existing leader is kept)
};
inline constexpr size_t kMaxTeamNameChars = 60;
// Creates the team or updates its region and leader; runs its own transaction. Returns the team
// id. The error names the field (name, region, leader).
core::Result<int64_t> add_or_update_team(Database& db, const NewTeam& team, int64_t now_ms);
// The same without its own transaction: call inside a write (the administrators' pages).
core::Result<int64_t> upsert_team(Database& db, const NewTeam& team, int64_t now_ms);

}  // namespace xiangke::backend
