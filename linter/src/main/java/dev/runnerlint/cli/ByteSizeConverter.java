package dev.runnerlint.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A size such as {@code 16GiB}, {@code 512MiB}, {@code 1T} or {@code 1048576}: a whole number with
 * an optional binary unit (B, K/KiB, M/MiB, G/GiB, T/TiB; case-insensitive). At least one byte.
 */
final class ByteSizeConverter implements ITypeConverter<Long> {

  private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*([kmgt]?)(i?b)?");

  @Override
  public Long convert(String value) {
    Matcher m = SIZE.matcher(value.strip().toLowerCase(Locale.ROOT));
    if (!m.matches() || (m.group(2).isEmpty() && "ib".equals(m.group(3)))) {
      throw new TypeConversionException(
          "'" + value + "' is not a size: expected e.g. 512MiB, 16GiB or a number of bytes");
    }
    int shift =
        switch (m.group(2)) {
          case "k" -> 10;
          case "m" -> 20;
          case "g" -> 30;
          case "t" -> 40;
          default -> 0;
        };
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is too large");
    }
    if (n <= 0 || n > (Long.MAX_VALUE >> shift)) {
      throw new TypeConversionException(
          "'" + value + "' must be at least 1 byte and at most 8 EiB");
    }
    return n << shift;
  }
}
