package io.feedpipe.ingest;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Classifies addresses for the address guard (SSRF): which are not public, and why.
 *
 * <p>Host strings are read the way C's {@code inet_aton} reads them, because that is how other
 * software (and attackers) read them: {@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1} and
 * {@code 127.1} all mean 127.0.0.1. IPv4-mapped, IPv4-compatible, NAT64 and 6to4 IPv6 forms are
 * judged by the IPv4 address they carry. Pure: never resolves a name.
 */
final class AddressClassifier {

  private record Block(Cidr cidr, String reason) {}

  // Before the blocks: building them parses literals with these.
  private static final Pattern V4_PART = Pattern.compile("0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*");
  private static final Pattern V6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

  private static final List<Block> V4 = List.of(
      new Block(Cidr.parse("0.0.0.0/8"), "'this network' address (0.0.0.0/8)"),
      new Block(Cidr.parse("127.0.0.0/8"), "loopback address (127.0.0.0/8)"),
      new Block(Cidr.parse("10.0.0.0/8"), "private address (10.0.0.0/8)"),
      new Block(Cidr.parse("172.16.0.0/12"), "private address (172.16.0.0/12)"),
      new Block(Cidr.parse("192.168.0.0/16"), "private address (192.168.0.0/16)"),
      new Block(Cidr.parse("169.254.0.0/16"), "link-local address (169.254.0.0/16, includes cloud metadata 169.254.169.254)"),
      new Block(Cidr.parse("100.64.0.0/10"), "carrier-grade NAT address (100.64.0.0/10)"),
      new Block(Cidr.parse("192.0.0.0/24"), "IETF protocol assignment (192.0.0.0/24)"),
      new Block(Cidr.parse("192.0.2.0/24"), "documentation address (192.0.2.0/24)"),
      new Block(Cidr.parse("198.51.100.0/24"), "documentation address (198.51.100.0/24)"),
      new Block(Cidr.parse("203.0.113.0/24"), "documentation address (203.0.113.0/24)"),
      new Block(Cidr.parse("198.18.0.0/15"), "benchmarking address (198.18.0.0/15)"),
      new Block(Cidr.parse("224.0.0.0/4"), "multicast address (224.0.0.0/4)"),
      new Block(Cidr.parse("240.0.0.0/4"), "reserved address (240.0.0.0/4, includes broadcast)"));

  private static final List<Block> V6 = List.of(
      new Block(Cidr.parse("::/128"), "unspecified address (::)"),
      new Block(Cidr.parse("::1/128"), "loopback address (::1)"),
      new Block(Cidr.parse("fc00::/7"), "unique-local address (fc00::/7)"),
      new Block(Cidr.parse("fe80::/10"), "link-local address (fe80::/10)"),
      new Block(Cidr.parse("fec0::/10"), "site-local address (fec0::/10)"),
      new Block(Cidr.parse("ff00::/8"), "multicast address (ff00::/8)"),
      new Block(Cidr.parse("2001:db8::/32"), "documentation address (2001:db8::/32)"),
      new Block(Cidr.parse("2001::/32"), "Teredo address (2001::/32)"),
      new Block(Cidr.parse("100::/64"), "discard-only address (100::/64)"));


  private AddressClassifier() {}

  /**
   * Why the address is not a public unicast address, or empty when it is. Mapped and embedding IPv6
   * forms are judged by their IPv4 address.
   */
  static Optional<String> nonPublicReason(InetAddress address) {
    if (address instanceof Inet4Address) {
      for (Block block : V4) {
        if (block.cidr().contains(address)) {
          return Optional.of(block.reason());
        }
      }
      return Optional.empty();
    }
    byte[] b = address.getAddress();
    Optional<InetAddress> embedded = embeddedV4(b);
    if (embedded.isPresent()) {
      return nonPublicReason(embedded.get())
          .map(reason -> reason + " inside the IPv6 address " + address.getHostAddress());
    }
    for (Block block : V6) {
      if (block.cidr().contains(address)) {
        return Optional.of(block.reason());
      }
    }
    return Optional.empty();
  }

  /** The IPv4 address an IPv6 address carries: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64, 6to4. */
  private static Optional<InetAddress> embeddedV4(byte[] b) {
    boolean zeros80 = true;
    for (int i = 0; i < 10; i++) {
      zeros80 &= b[i] == 0;
    }
    boolean mapped = zeros80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    boolean compatible = zeros80 && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0);
    boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
    if (mapped || compatible || nat64) {
      return Optional.of(v4(b[12], b[13], b[14], b[15]));
    }
    if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
      return Optional.of(v4(b[2], b[3], b[4], b[5]));
    }
    return Optional.empty();
  }

  private static InetAddress v4(byte a, byte b, byte c, byte d) {
    try {
      return InetAddress.getByAddress(new byte[] {a, b, c, d});
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an IPv4 address", e);
    }
  }

  /**
   * Reads a host string as a literal address, in every form {@code inet_aton} accepts for IPv4
   * (one to four parts, each decimal, octal with a leading 0, or hex with 0x) and standard IPv6
   * (with or without brackets). Empty when the host is a name. Never resolves anything.
   */
  static Optional<InetAddress> parseLiteral(String host) {
    String h = host.strip();
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.isEmpty()) {
      return Optional.empty();
    }
    if (h.indexOf(':') >= 0) {
      int zone = h.indexOf('%');
      String bare = zone < 0 ? h : h.substring(0, zone);
      if (!V6_CHARS.matcher(bare).matches()) {
        return Optional.empty();
      }
      try {
        return Optional.of(InetAddress.getByName("[" + bare + "]"));
      } catch (UnknownHostException e) {
        return Optional.empty();
      }
    }
    return parseV4(h);
  }

  private static Optional<InetAddress> parseV4(String h) {
    String[] parts = h.split("\\.", -1);
    if (parts.length > 4) {
      return Optional.empty();
    }
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].toLowerCase(Locale.ROOT);
      if (!V4_PART.matcher(p).matches()) {
        return Optional.empty();
      }
      try {
        if (p.startsWith("0x")) {
          values[i] = p.length() == 2 ? 0 : Long.parseLong(p.substring(2), 16);
        } else if (p.length() > 1 && p.startsWith("0")) {
          values[i] = Long.parseLong(p.substring(1), 8);
        } else {
          values[i] = Long.parseLong(p);
        }
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    long value = 0;
    for (int i = 0; i < values.length - 1; i++) {
      if (values[i] > 255) {
        return Optional.empty();
      }
      value = (value << 8) | values[i];
    }
    int lastBits = 8 * (4 - (values.length - 1));
    long last = values[values.length - 1];
    if (last >= (1L << lastBits)) {
      return Optional.empty();
    }
    value = (value << lastBits) | last;
    return Optional.of(v4((byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value));
  }
}
