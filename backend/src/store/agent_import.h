#pragma once
// Importing field agents (科技特派员) from a spreadsheet exported as CSV (columns in
// docs/operations.md). Every row is checked before anything is written; one bad row and nothing
// is imported, with the line, the column and the reason.
#include <cstdint>
#include <string>
#include <vector>

#include "store/database.h"
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

// `source_name` prefixes error messages ("agents.csv:7: phone: ..."). Existing agents (same
// phone) are updated; their password changes only when the row gives one. Runs one transaction.
core::Result<AgentImportReport> import_agents(Database& db, const std::string& csv_text, const std::string& source_name,
                                              const core::Vocabulary& vocabulary, PasswordSource passwords,
                                              int64_t now_ms);

}  // namespace xiangke::backend
