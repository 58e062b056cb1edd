package io.feedpipe.ingest;

import java.net.UnknownHostException;

/**
 * Thrown inside OkHttp's name resolution when the address guard refuses every address of a host.
 * It extends {@link UnknownHostException} because that is what OkHttp's {@code Dns} may throw.
 */
final class AddressRefusedException extends UnknownHostException {
  AddressRefusedException(String message) {
    super(message);
  }
}
