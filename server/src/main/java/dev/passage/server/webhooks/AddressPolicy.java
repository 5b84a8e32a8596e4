package dev.passage.server.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Which resolved addresses a webhook may not reach when private addresses are not allowed: anything
 * that is not the public internet (SSRF into the operator's own network or cloud metadata).
 */
final class AddressPolicy {
    private AddressPolicy() {}

    /** Why {@code address} is refused ("loopback", "private"…), or empty when it is a public address. */
    static Optional<String> refusal(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return Optional.of("unspecified");
        }
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (address.isLinkLocalAddress()) {
            // Includes 169.254.169.254, the cloud metadata service.
            return Optional.of("link-local");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("private");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return Optional.of("unspecified");
            }
            if (first == 100 && (second & 0xc0) == 64) {
                return Optional.of("shared (carrier-grade NAT)");
            }
            if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
                return Optional.of("reserved");
            }
            if (first == 198 && (second == 18 || second == 19)) {
                return Optional.of("reserved");
            }
            if (first >= 240) {
                return Optional.of("reserved");
            }
        } else if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                // fc00::/7, including fd00:ec2::254, the AWS metadata service over IPv6.
                return Optional.of("unique-local");
            }
            int first16 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
            int second16 = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
            int third16 = ((b[4] & 0xff) << 8) | (b[5] & 0xff);
            if (first16 == 0x0064 && second16 == 0xff9b && third16 == 0x0001) {
                // 64:ff9b:1::/48, local-use NAT64: translates to addresses the operator chose, private ones included.
                return Optional.of("local NAT64");
            }
            if (first16 == 0x2002) {
                // 6to4 carries an IPv4 address in bytes 2..5 and is routed to it.
                try {
                    byte[] v4 = {b[2], b[3], b[4], b[5]};
                    return refusal(InetAddress.getByAddress(v4)).map(r -> r + " (IPv4 inside 6to4)").or(() -> Optional.of("6to4"));
                } catch (java.net.UnknownHostException e) {
                    return Optional.of("6to4");
                }
            }
            if (first16 == 0x2001 && second16 == 0x0000) {
                // 2001::/32, Teredo: tunnels to an IPv4 address hidden in the last bytes.
                return Optional.of("Teredo");
            }
            if (isEmbeddingIpv4(b)) {
                try {
                    byte[] v4 = {b[12], b[13], b[14], b[15]};
                    return refusal(InetAddress.getByAddress(v4)).map(r -> r + " (IPv4 inside IPv6)");
                } catch (java.net.UnknownHostException e) {
                    return Optional.of("reserved");
                }
            }
        }
        return Optional.empty();
    }

    /** ::a.b.c.d (compatible) and 64:ff9b::/96 (NAT64) carry an IPv4 address in their last four bytes. */
    private static boolean isEmbeddingIpv4(byte[] b) {
        boolean compatible = true;
        for (int i = 0; i < 12; i++) {
            compatible &= b[i] == 0;
        }
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        for (int i = 4; i < 12 && nat64; i++) {
            nat64 = b[i] == 0;
        }
        return compatible || nat64;
    }
}
