package io.feedpipe.ingest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.Dns;

/**
 * OkHttp name resolution that returns only the addresses the guard accepts, so OkHttp connects to
 * a checked address and never looks the name up a second time (no DNS-rebinding window).
 */
final class GuardedDns implements Dns {

  /** Resolves a host name to addresses; the system resolver in production, a fixed map in tests. */
  @FunctionalInterface
  interface Resolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;

    Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));
  }

  private final AddressGuard guard;
  private final Resolver resolver;

  GuardedDns(AddressGuard guard, Resolver resolver) {
    this.guard = guard;
    this.resolver = resolver;
  }

  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    Optional<InetAddress> literal = AddressClassifier.parseLiteral(hostname);
    List<InetAddress> resolved = literal.isPresent() ? List.of(literal.get()) : resolver.resolve(hostname);
    List<InetAddress> accepted = new ArrayList<>();
    String lastRefusal = "";
    for (InetAddress address : resolved) {
      Optional<String> refusal = guard.refusal(address);
      if (refusal.isEmpty()) {
        accepted.add(address);
      } else {
        lastRefusal = refusal.get();
      }
    }
    if (accepted.isEmpty()) {
      if (resolved.isEmpty()) {
        throw new UnknownHostException(hostname + ": no address");
      }
      throw new AddressRefusedException("refused by the address guard: " + hostname + " resolves to " + lastRefusal);
    }
    return List.copyOf(accepted);
  }
}
