package dev.runnerlint.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** runnerlint's version, git commit and build date, from the build. */
public final class VersionProvider implements IVersionProvider {

  private static Properties properties() {
    Properties p = new Properties();
    for (String name : new String[] {"version.properties", "commit.properties"}) {
      try (InputStream in = VersionProvider.class.getResourceAsStream("/dev/runnerlint/" + name)) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return p;
  }

  /** A build property, or "unknown" when the build could not set it (no git, no resource). */
  private static String property(Properties p, String key) {
    String v = p.getProperty(key, "").strip();
    return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
  }

  public static String version() {
    return property(properties(), "version");
  }

  /**
   * The abbreviated git commit the jar was built from ("-dirty" with local changes), or "unknown".
   */
  public static String commit() {
    Properties p = properties();
    String commit = property(p, "commit");
    return commit.equals("unknown") || !property(p, "dirty").equals("true")
        ? commit
        : commit + "-dirty";
  }

  /** The build date (UTC, ISO 8601), or "unknown". */
  public static String buildDate() {
    return property(properties(), "built");
  }

  @Override
  public String[] getVersion() {
    return new String[] {"runnerlint " + version(), "commit: " + commit(), "built: " + buildDate()};
  }
}
