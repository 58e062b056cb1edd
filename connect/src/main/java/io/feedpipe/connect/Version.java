package io.feedpipe.connect;

/** The connector's version, as the worker's {@code GET /connector-plugins} shows it. */
final class Version {
  /** The version the build wrote into the jar's manifest; "unknown" when run from classes. */
  static final String VERSION = versionOf(Version.class.getPackage());

  private Version() {}

  private static String versionOf(Package p) {
    String v = p == null ? null : p.getImplementationVersion();
    return v == null ? "unknown" : v;
  }
}
