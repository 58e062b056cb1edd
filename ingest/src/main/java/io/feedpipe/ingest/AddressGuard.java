package io.feedpipe.ingest;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The address guard: refuses every address that is not public unicast unless a block of {@code
 * fetch.allowedAddresses} contains it. Immutable and thread-safe.
 */
final class AddressGuard {
  private final List<Cidr> allowed;

  AddressGuard(List<String> allowedCidrs) {
    this.allowed = allowedCidrs.stream().map(Cidr::parse).toList();
  }

  /** Why the address is refused, or empty when it may be connected to. */
  Optional<String> refusal(InetAddress address) {
    for (Cidr cidr : allowed) {
      if (cidr.contains(address)) {
        return Optional.empty();
      }
    }
    return AddressClassifier.nonPublicReason(address)
        .map(reason -> address.getHostAddress() + " is a " + reason
            + "; allow it with fetch.allowedAddresses (--allow-address CIDR)");
  }
}
