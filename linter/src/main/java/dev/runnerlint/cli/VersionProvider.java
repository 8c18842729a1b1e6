package dev.runnerlint.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** runnerlint's version, from the build. */
public final class VersionProvider implements IVersionProvider {

  public static String version() {
    try (InputStream in =
        VersionProvider.class.getResourceAsStream("/dev/runnerlint/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"runnerlint " + version()};
  }
}
