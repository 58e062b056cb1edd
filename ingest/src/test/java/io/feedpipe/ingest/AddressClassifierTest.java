package io.feedpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedpipe.config.SettingValues;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The address guard's classifier on literal addresses only: no name is resolved, nothing is sent. */
class AddressClassifierTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(delimiter = '|', value = {
      "127.0.0.1            | 127.0.0.1",
      "2130706433           | 127.0.0.1",
      "0177.0.0.1           | 127.0.0.1",
      "0x7f.0.0.1           | 127.0.0.1",
      "0x7f000001           | 127.0.0.1",
      "127.1                | 127.0.0.1",
      "0x7f.1               | 127.0.0.1",
      "017700000001         | 127.0.0.1",
      "169.254.169.254      | 169.254.169.254",
      "0xa9fea9fe           | 169.254.169.254",
      "2852039166           | 169.254.169.254",
      "0251.0376.0251.0376  | 169.254.169.254",
      "10.1                 | 10.0.0.1",
      "[::ffff:127.0.0.1]   | 127.0.0.1",
      "::ffff:7f00:1        | 127.0.0.1",
      "8.8.8.8              | 8.8.8.8",
      "127.0.0.1.           | 127.0.0.1"})
  void readsEveryLiteralFormTheWayInetAtonDoes(String host, String expected) throws Exception {
    assertThat(AddressClassifier.parseLiteral(host)).contains(InetAddress.getByName(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com", "feeds.example.in", "1.2.3.4.5", "256.1.1.1", "0x", "08.1.1.1", "12a.1.1.1", ""})
  void namesAndInvalidNumbersAreNotLiterals(String host) {
    if (host.equals("0x")) {
      assertThat(AddressClassifier.parseLiteral(host)).isPresent(); // inet_aton reads a bare 0x as 0
      return;
    }
    assertThat(AddressClassifier.parseLiteral(host)).isEmpty();
  }

  @ParameterizedTest(name = "{0} refused as {1}")
  @CsvSource(delimiter = '|', value = {
      "127.0.0.1         | loopback",
      "2130706433        | loopback",
      "0177.0.0.1        | loopback",
      "0x7f.0.0.1        | loopback",
      "::1               | loopback",
      "10.0.0.8          | private",
      "172.16.5.4        | private",
      "172.31.255.255    | private",
      "192.168.1.1       | private",
      "169.254.169.254   | link-local",
      "fe80::1           | link-local",
      "100.64.0.1        | carrier-grade NAT",
      "fd00::1           | unique-local",
      "fc00::1           | unique-local",
      "::ffff:10.0.0.1   | private",
      "::ffff:169.254.169.254 | link-local",
      "64:ff9b::a9fe:a9fe | link-local",
      "2002:7f00:1::      | loopback",
      "::127.0.0.1        | loopback",
      "0.0.0.0           | this network",
      "224.0.0.1         | multicast",
      "255.255.255.255   | reserved",
      "ff02::1           | multicast"})
  void refusesNonPublicAddresses(String literal, String reason) {
    InetAddress address = AddressClassifier.parseLiteral(literal).orElseThrow();
    assertThat(AddressClassifier.nonPublicReason(address)).hasValueSatisfying(r -> assertThat(r).contains(reason));
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"})
  void letsPublicAddressesThrough(String literal) {
    assertThat(AddressClassifier.nonPublicReason(AddressClassifier.parseLiteral(literal).orElseThrow())).isEmpty();
  }

  @Test
  void allowedBlocksOverrideTheClassifier() {
    AddressGuard guard = new AddressGuard(List.of("127.0.0.1/32", "10.1.0.0/16"));
    assertThat(guard.refusal(AddressClassifier.parseLiteral("127.0.0.1").orElseThrow())).isEmpty();
    assertThat(guard.refusal(AddressClassifier.parseLiteral("10.1.2.3").orElseThrow())).isEmpty();
    assertThat(guard.refusal(AddressClassifier.parseLiteral("127.0.0.2").orElseThrow()))
        .hasValueSatisfying(r -> assertThat(r).contains("127.0.0.2").contains("fetch.allowedAddresses"));
    assertThat(guard.refusal(AddressClassifier.parseLiteral("10.2.0.1").orElseThrow())).isPresent();
  }

  @Test
  void anInvalidAllowedBlockNamesTheSetting() {
    assertThatThrownBy(() -> FetchSettings.from(SettingValues.defaults()
            .with(FetchSettings.ALLOWED_ADDRESSES, List.of("10.0.0.0/33"))))
        .hasMessageContaining("fetch.allowedAddresses").hasMessageContaining("10.0.0.0/33");
    assertThatThrownBy(() -> FetchSettings.from(SettingValues.defaults()
            .with(FetchSettings.ALLOWED_ADDRESSES, List.of("intranet.local"))))
        .hasMessageContaining("fetch.allowedAddresses");
  }
}
