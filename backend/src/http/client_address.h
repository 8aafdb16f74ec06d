#pragma once
// Who is really calling: the peer address, or, when the peer is a trusted reverse proxy, the
// address it reports in X-Forwarded-For. Rate limits and the audit log use the result; /metrics
// opens only to loopback peers that are not a trusted proxy.
#include <string>
#include <string_view>
#include <vector>

namespace xiangke::backend {

struct ClientAddress {
    std::string address;           // what rate limits and the audit log use
    bool via_proxy = false;        // the peer is a trusted proxy
    bool direct_loopback = false;  // the peer is this machine and not a trusted proxy
};

// An exact IPv4/IPv6 address or an IPv4 CIDR block ("10.0.0.0/8").
bool is_valid_proxy_spec(std::string_view spec);
bool matches_proxy_spec(std::string_view address, std::string_view spec);
bool is_loopback_address(std::string_view address);

// The X-Forwarded-For chain is read from the right: entries added by trusted proxies are
// skipped, and the first one that is not trusted is the client. Anything a client wrote to the
// left of that is ignored, so a forged header cannot choose the address.
ClientAddress resolve_client_address(const std::string& peer, const std::string& forwarded_for,
                                     const std::vector<std::string>& trusted_proxies);

}  // namespace xiangke::backend
