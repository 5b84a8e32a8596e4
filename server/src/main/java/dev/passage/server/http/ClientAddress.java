package dev.passage.server.http;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Who a request comes from, for rate limits: the peer's address, or, when the peer is one of the
 * configured trusted proxies, the nearest address in {@code X-Forwarded-For} that is not one of them.
 * A client that is not behind a trusted proxy cannot choose its address by sending the header.
 */
public final class ClientAddress {
    /** An address block: {@code 10.0.0.0/8}, {@code 127.0.0.1} (a single address), {@code ::1/128}. */
    record Block(byte[] network, int prefix) {
        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            return rest == 0 || ((a[full] ^ network[full]) & (0xff << (8 - rest)) & 0xff) == 0;
        }
    }

    private final List<Block> trusted;

    private ClientAddress(List<Block> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    /** From {@code http.trusted-proxies}: address blocks separated by commas (IP literals only, never names). */
    public static ClientAddress trusting(List<String> blocks) {
        List<Block> parsed = new ArrayList<>();
        for (String block : blocks) {
            parsed.add(parse(block.strip()));
        }
        return new ClientAddress(parsed);
    }

    /** Parses one block; throws IllegalArgumentException naming it when it is not one. */
    static Block parse(String block) {
        String[] parts = block.split("/", 2);
        InetAddress address = literal(parts[0]);
        if (address == null) {
            throw new IllegalArgumentException("'" + block + "' is not an IP address or address/prefix");
        }
        int max = address.getAddress().length * 8;
        int prefix;
        try {
            prefix = parts.length == 1 ? max : Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + block + "' has no valid prefix length");
        }
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("'" + block + "' has a prefix length outside 0 to " + max);
        }
        return new Block(address.getAddress(), prefix);
    }

    /** The client's address of {@code ctx}. */
    public String of(Context ctx) {
        return resolve(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
    }

    String resolve(String peer, String forwardedFor) {
        InetAddress p = literal(peer);
        if (p == null || forwardedFor == null || !isTrusted(p)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            InetAddress hop = literal(hops[i].strip());
            if (hop == null) {
                return peer; // A forged or broken header: keep what we know.
            }
            if (!isTrusted(hop)) {
                return hop.getHostAddress();
            }
        }
        return peer;
    }

    private boolean isTrusted(InetAddress address) {
        return trusted.stream().anyMatch(b -> b.contains(address));
    }

    /** An IP literal as an address, or null (never a DNS lookup: only digits, dots, colons and hex). */
    private static InetAddress literal(String text) {
        if (text == null || text.isEmpty() || text.length() > 64 || !(text.matches("[0-9.]+") && text.contains(".")
                || text.matches("\\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.%]*\\]?"))) {
            return null;
        }
        try {
            return InetAddress.getByName(text.replace("[", "").replace("]", ""));
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
