package io.feedpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Name resolution hands OkHttp only checked addresses; nothing is resolved or sent for real. */
class GuardedDnsTest {
  private static InetAddress ip(String literal) {
    return AddressClassifier.parseLiteral(literal).orElseThrow();
  }

  @Test
  void onlyTheAllowedAddressesOfAHostReachOkHttp() throws Exception {
    GuardedDns dns = new GuardedDns(new AddressGuard(List.of("127.0.0.1/32")),
        host -> List.of(ip("10.0.0.7"), ip("169.254.169.254"), ip("127.0.0.1"), ip("127.0.0.2")));

    assertThat(dns.lookup("mixed.test")).containsExactly(ip("127.0.0.1"));
  }

  @Test
  void aHostWithOnlyRefusedAddressesFailsWithTheGuardsReason() {
    GuardedDns dns = new GuardedDns(new AddressGuard(List.of()), host -> List.of(ip("169.254.169.254")));

    assertThatThrownBy(() -> dns.lookup("metadata.test"))
        .isInstanceOf(AddressRefusedException.class)
        .hasMessageContaining("refused by the address guard")
        .hasMessageContaining("metadata.test")
        .hasMessageContaining("link-local");
  }

  @Test
  void numericHostNamesAreJudgedWithoutResolving() {
    GuardedDns dns = new GuardedDns(new AddressGuard(List.of()), host -> {
      throw new AssertionError("resolver must not be called for " + host);
    });

    assertThatThrownBy(() -> dns.lookup("2130706433")).hasMessageContaining("127.0.0.1");
    assertThatThrownBy(() -> dns.lookup("0x7f.1")).hasMessageContaining("127.0.0.1");
    assertThatThrownBy(() -> dns.lookup("0251.0376.0251.0376")).hasMessageContaining("169.254.169.254");
  }
}
