#include "http/client_address.h"

#include <arpa/inet.h>

#include <cstdint>
#include <optional>

namespace xiangke::backend {
namespace {

std::optional<uint32_t> parse_ipv4(std::string_view text) {
    in_addr addr{};
    std::string copy(text);
    if (inet_pton(AF_INET, copy.c_str(), &addr) != 1) {
        return std::nullopt;
    }
    return ntohl(addr.s_addr);
}

bool is_ipv6(std::string_view text) {
    in6_addr addr{};
    std::string copy(text);
    return inet_pton(AF_INET6, copy.c_str(), &addr) == 1;
}

bool is_ip(std::string_view text) {
    return parse_ipv4(text).has_value() || is_ipv6(text);
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

bool is_trusted(std::string_view address, const std::vector<std::string>& trusted) {
    for (const auto& spec : trusted) {
        if (matches_proxy_spec(address, spec)) {
            return true;
        }
    }
    return false;
}

}  // namespace

bool is_valid_proxy_spec(std::string_view spec) {
    auto slash = spec.find('/');
    if (slash == std::string_view::npos) {
        return is_ip(spec);
    }
    auto bits = spec.substr(slash + 1);
    if (bits.empty() || bits.size() > 2 || !parse_ipv4(spec.substr(0, slash))) {
        return false;
    }
    int n = 0;
    for (char c : bits) {
        if (c < '0' || c > '9') {
            return false;
        }
        n = n * 10 + (c - '0');
    }
    return n <= 32;
}

bool matches_proxy_spec(std::string_view address, std::string_view spec) {
    auto slash = spec.find('/');
    if (slash == std::string_view::npos) {
        if (address == spec) {
            return true;
        }
        auto a = parse_ipv4(address);
        auto b = parse_ipv4(spec);
        return a && b && *a == *b;
    }
    auto network = parse_ipv4(spec.substr(0, slash));
    auto ip = parse_ipv4(address);
    if (!network || !ip) {
        return false;
    }
    int bits = std::stoi(std::string(spec.substr(slash + 1)));
    uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
    return (*ip & mask) == (*network & mask);
}

bool is_loopback_address(std::string_view address) {
    if (address == "::1") {
        return true;
    }
    auto ip = parse_ipv4(address);
    if (!ip && address.substr(0, 7) == "::ffff:") {
        ip = parse_ipv4(address.substr(7));
    }
    return ip && (*ip >> 24) == 127;
}

ClientAddress resolve_client_address(const std::string& peer, const std::string& forwarded_for,
                                     const std::vector<std::string>& trusted_proxies) {
    ClientAddress result;
    result.address = peer;
    if (!is_trusted(peer, trusted_proxies)) {
        result.direct_loopback = is_loopback_address(peer);
        return result;
    }
    result.via_proxy = true;
    std::string_view rest = forwarded_for;
    while (!rest.empty()) {
        auto comma = rest.rfind(',');
        std::string_view entry = trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
        if (!is_ip(entry)) {
            break;  // garbage: stop at the last address a trusted hop vouched for
        }
        result.address = std::string(entry);
        if (!is_trusted(entry, trusted_proxies)) {
            break;
        }
    }
    return result;
}

}  // namespace xiangke::backend
