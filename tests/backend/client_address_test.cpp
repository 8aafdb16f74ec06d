// Pure parts of the HTTP edge: who the client is behind proxies, and Range headers.
#include "http/client_address.h"

#include <gtest/gtest.h>

#include "http/byte_range.h"

using namespace xiangke::backend;

TEST(ClientAddress, PeerIsTheClientUnlessItIsATrustedProxy) {
    auto direct = resolve_client_address("203.0.113.9", "198.51.100.1", {});
    EXPECT_EQ(direct.address, "203.0.113.9");  // X-Forwarded-For from an untrusted peer is ignored
    EXPECT_FALSE(direct.via_proxy);
    EXPECT_FALSE(direct.direct_loopback);

    auto loopback = resolve_client_address("127.0.0.1", "", {});
    EXPECT_TRUE(loopback.direct_loopback);
    EXPECT_TRUE(resolve_client_address("::1", "", {}).direct_loopback);
}

TEST(ClientAddress, TrustedProxyChainIsReadFromTheRight) {
    std::vector<std::string> trusted = {"127.0.0.1", "10.0.0.0/8"};
    auto one = resolve_client_address("127.0.0.1", "198.51.100.7", trusted);
    EXPECT_EQ(one.address, "198.51.100.7");
    EXPECT_TRUE(one.via_proxy);
    EXPECT_FALSE(one.direct_loopback);  // loopback, but through the proxy
    // The client wrote a fake entry at the left; the proxies appended the real one.
    auto forged = resolve_client_address("127.0.0.1", "1.2.3.4, 198.51.100.7, 10.1.2.3", trusted);
    EXPECT_EQ(forged.address, "198.51.100.7");
    // Garbage stops the walk at the last address a trusted hop vouched for.
    auto garbage = resolve_client_address("127.0.0.1", "evil, 10.9.9.9", trusted);
    EXPECT_EQ(garbage.address, "10.9.9.9");
    auto missing = resolve_client_address("127.0.0.1", "", trusted);
    EXPECT_EQ(missing.address, "127.0.0.1");
}

TEST(ClientAddress, ProxySpecs) {
    EXPECT_TRUE(is_valid_proxy_spec("127.0.0.1"));
    EXPECT_TRUE(is_valid_proxy_spec("::1"));
    EXPECT_TRUE(is_valid_proxy_spec("192.168.0.0/16"));
    EXPECT_FALSE(is_valid_proxy_spec("192.168.0.0/33"));
    EXPECT_FALSE(is_valid_proxy_spec("localhost"));
    EXPECT_FALSE(is_valid_proxy_spec("10.0.0.0/x"));
    EXPECT_TRUE(matches_proxy_spec("192.168.4.5", "192.168.0.0/16"));
    EXPECT_FALSE(matches_proxy_spec("192.169.4.5", "192.168.0.0/16"));
    EXPECT_TRUE(matches_proxy_spec("8.8.8.8", "0.0.0.0/0"));
}

TEST(ByteRange, SingleRangesAreServedOthersIgnored) {
    auto part = parse_byte_range("bytes=10-19", 100);
    EXPECT_EQ(part.kind, ByteRange::Kind::Part);
    EXPECT_EQ(part.offset, 10);
    EXPECT_EQ(part.length, 10);
    auto open = parse_byte_range("bytes=90-", 100);
    EXPECT_EQ(open.offset, 90);
    EXPECT_EQ(open.length, 10);
    auto past_end = parse_byte_range("bytes=90-500", 100);
    EXPECT_EQ(past_end.length, 10);
    auto suffix = parse_byte_range("bytes=-30", 100);
    EXPECT_EQ(suffix.offset, 70);
    EXPECT_EQ(suffix.length, 30);
    EXPECT_EQ(parse_byte_range("bytes=-300", 100).length, 100);
    EXPECT_EQ(parse_byte_range("bytes=100-", 100).kind, ByteRange::Kind::Unsatisfiable);
    EXPECT_EQ(parse_byte_range("bytes=0-", 0).kind, ByteRange::Kind::Unsatisfiable);
    EXPECT_EQ(parse_byte_range("bytes=1-2,5-6", 100).kind, ByteRange::Kind::Whole);
    EXPECT_EQ(parse_byte_range("bytes=9-3", 100).kind, ByteRange::Kind::Whole);
    EXPECT_EQ(parse_byte_range("items=1-2", 100).kind, ByteRange::Kind::Whole);
    EXPECT_EQ(parse_byte_range("", 100).kind, ByteRange::Kind::Whole);
    EXPECT_EQ(parse_byte_range("bytes=99999999999999999999-", 100).kind, ByteRange::Kind::Whole);
}
