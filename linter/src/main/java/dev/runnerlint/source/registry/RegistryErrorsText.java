package dev.runnerlint.source.registry;

/** Message helpers. */
final class RegistryErrorsText {
  private RegistryErrorsText() {}

  /** The first line of a throwable's message, or its class name. */
  static String oneLine(Throwable t) {
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.lines().findFirst().orElse("").trim();
  }
}
