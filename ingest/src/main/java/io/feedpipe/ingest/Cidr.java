package io.feedpipe.ingest;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Optional;

/** An address block such as {@code 127.0.0.1/32} or {@code fd00::/8}; a bare address is a /32 or /128. */
record Cidr(byte[] network, int prefixLength) {

  /** Parses a CIDR block; literal forms only, never a DNS lookup. */
  static Cidr parse(String text) {
    String trimmed = text.strip();
    int slash = trimmed.indexOf('/');
    String addressPart = slash < 0 ? trimmed : trimmed.substring(0, slash);
    Optional<InetAddress> address = AddressClassifier.parseLiteral(addressPart);
    if (address.isEmpty()) {
      throw new IllegalArgumentException("not an IP address or CIDR block (expected e.g. 10.0.0.0/8)");
    }
    byte[] bytes = address.get().getAddress();
    int max = bytes.length * 8;
    int prefix;
    try {
      prefix = slash < 0 ? max : Integer.parseInt(trimmed.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("prefix length is not a number", e);
    }
    if (prefix < 0 || prefix > max) {
      throw new IllegalArgumentException("prefix length must be 0.." + max);
    }
    return new Cidr(bytes, prefix);
  }

  boolean contains(InetAddress address) {
    byte[] candidate = address.getAddress();
    if (candidate.length != network.length) {
      return false;
    }
    int shift = network.length * 8 - prefixLength;
    BigInteger a = new BigInteger(1, candidate).shiftRight(shift);
    BigInteger n = new BigInteger(1, network).shiftRight(shift);
    return a.equals(n);
  }
}
