#pragma once
// Regions (行政区划): the statistical division tree, imported from the CSV formats of
// shared/data/regions (provinces, cities, areas, streets, villages; .csv or .csv.gz).
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"
#include "xiangke/core/result.h"

namespace xiangke::backend {

struct RegionImportReport {
    size_t rows = 0;
    size_t files = 0;
};

// All files in one transaction: a bad row aborts the whole import with "FILE:LINE: field: reason"
// and nothing is written. Files may come in any order; each row's parent must exist in the
// database or in the import. Re-importing updates names and is otherwise a no-op.
core::Result<RegionImportReport> import_region_files(Database& db, const std::vector<std::string>& paths);

std::optional<std::string> region_name(Database& db, const std::string& code);
bool region_exists(Database& db, const std::string& code);

}  // namespace xiangke::backend
