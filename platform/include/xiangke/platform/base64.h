#pragma once
// Standard base64 with padding (RFC 4648 §4), through libsodium: voice notes in sync ops, content
// signatures in headers, blobs in USB bundles.
#include <optional>
#include <string>
#include <string_view>

namespace xiangke::platform {

std::string base64_encode(std::string_view data);
// nullopt for anything that is not exactly padded standard base64 (no whitespace, no garbage).
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace xiangke::platform
