package dev.runnerlint.rules;

import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A configured suppression: findings of {@code rule} on images matching {@code image} are kept but
 * marked suppressed (they never fail the run), until {@code expires} has passed.
 *
 * @param rule the rule ID
 * @param image a glob matched against the image reference and its repository ({@code *} matches any
 *     run of characters, {@code ?} one); empty matches every image
 * @param reason why, mandatory; shown in reports
 * @param expires the last day it applies; after it the suppression stops applying and the engine
 *     warns
 */
public record SuppressionRule(
    String rule, Optional<String> image, String reason, Optional<LocalDate> expires) {

  public SuppressionRule {
    if (rule == null || rule.isBlank()) {
      throw new IllegalArgumentException("a suppression needs a rule ID");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a suppression of " + rule + " needs a reason");
    }
    image = image == null ? Optional.empty() : image;
    expires = expires == null ? Optional.empty() : expires;
  }

  /** True when the image pattern matches the reference or the repository (or there is none). */
  public boolean matchesImage(String reference, String repository) {
    if (image.isEmpty()) {
      return true;
    }
    Pattern p = glob(image.get());
    return p.matcher(reference).matches() || p.matcher(repository).matches();
  }

  /** True when {@code today} is after the expiry date. */
  public boolean expiredOn(LocalDate today) {
    return expires.isPresent() && today.isAfter(expires.get());
  }

  /** What the CLI prints when it no longer applies. */
  public String expiryWarning() {
    return "suppression of "
        + rule
        + image.map(i -> " for " + i).orElse("")
        + " expired on "
        + expires.map(LocalDate::toString).orElse("?");
  }

  static Pattern glob(String glob) {
    StringBuilder re = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
