#pragma once
// Importing field agents (科技特派员) from a spreadsheet exported as CSV (columns in
// docs/operations.md). Every row is checked before anything is written; one bad row and nothing
// is imported, with the line, the column and the reason.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/audit.h"
#include "store/database.h"
#include "store/users.h"
#include "xiangke/core/result.h"
#include "xiangke/core/vocabulary.h"

namespace xiangke::backend {

enum class PasswordSource { FromFile, GenerateMissing };

struct GeneratedPassword {
    std::string name;
    std::string phone;
    std::string password;
};

struct AgentImportReport {
    size_t created = 0;
    size_t updated = 0;
    std::vector<GeneratedPassword> generated;  // initial passwords made for new agents
};

// One agent of a checked file, ready to write.
struct AgentImportRow {
    size_t line = 0;
    NewUser user;
    std::string phone_digits;
    bool has_password = false;
    std::string password_hash;  // empty: keep an existing agent's password
    std::optional<int64_t> existing_id;
};

// What is wrong with one line (0 for the file as a whole) and column.
struct ImportProblem {
    size_t line = 0;
    std::string field;
    std::string reason;
};

// A checked file: every row to write, or every problem found (then nothing may be written).
struct AgentImportPlan {
    std::vector<AgentImportRow> rows;
    std::vector<GeneratedPassword> generated;
    std::vector<ImportProblem> problems;
};

// Reads and checks every row (and hashes the passwords: slow, so outside any write). With a
// `scope_prefix` (an administrator's region), every home and service region must lie inside it,
// and a phone number may update only an agent of that region.
AgentImportPlan plan_agent_import(Database& db, const std::string& csv_text, const core::Vocabulary& vocabulary,
                                  PasswordSource passwords, const std::string& scope_prefix);
// Writes a plan without problems and audits it as `actor` (actor_type, actor_id, address), with
// `audit_region` as the region the entry concerns. Call inside a write.
AgentImportReport apply_agent_import(Database& db, const AgentImportPlan& plan, const AuditEntry& actor,
                                     int64_t now_ms, const std::string& audit_region = "");
// A 12-character initial password without look-alike characters.
std::string new_initial_password();

// `source_name` prefixes error messages ("agents.csv:7: phone: ..."). Existing agents (same
// phone) are updated; their password changes only when the row gives one. Runs one transaction.
core::Result<AgentImportReport> import_agents(Database& db, const std::string& csv_text, const std::string& source_name,
                                              const core::Vocabulary& vocabulary, PasswordSource passwords,
                                              int64_t now_ms);

}  // namespace xiangke::backend
