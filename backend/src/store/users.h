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

}  // namespace xiangke::backend
