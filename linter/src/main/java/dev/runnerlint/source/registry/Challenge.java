package dev.runnerlint.source.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code WWW-Authenticate} challenge, e.g. {@code Bearer realm="https://auth.example/token",
 * service="registry.example",scope="repository:acme/runner:pull"}.
 *
 * @param scheme lower case: {@code bearer} or {@code basic}
 * @param params parameter names in lower case
 */
record Challenge(String scheme, Map<String, String> params) {

  Optional<String> param(String name) {
    return Optional.ofNullable(params.get(name));
  }

  /** The challenges in the headers, in order (several headers, or several in one). */
  static List<Challenge> parse(List<String> headers) {
    List<Challenge> out = new ArrayList<>();
    for (String h : headers) {
      parseOne(h, out);
    }
    return out;
  }

  private static void parseOne(String h, List<Challenge> out) {
    int i = 0;
    int n = h.length();
    String scheme = null;
    Map<String, String> params = new LinkedHashMap<>();
    while (i < n) {
      while (i < n && (h.charAt(i) == ' ' || h.charAt(i) == ',')) {
        i++;
      }
      int start = i;
      while (i < n && h.charAt(i) != ' ' && h.charAt(i) != '=' && h.charAt(i) != ',') {
        i++;
      }
      String token = h.substring(start, i);
      if (token.isEmpty()) {
        break;
      }
      int j = i;
      while (j < n && h.charAt(j) == ' ') {
        j++;
      }
      if (j < n && h.charAt(j) == '=' && scheme != null) {
        i = j + 1;
        while (i < n && h.charAt(i) == ' ') {
          i++;
        }
        StringBuilder value = new StringBuilder();
        if (i < n && h.charAt(i) == '"') {
          i++;
          while (i < n && h.charAt(i) != '"') {
            if (h.charAt(i) == '\\' && i + 1 < n) {
              i++;
            }
            value.append(h.charAt(i++));
          }
          i++;
        } else {
          while (i < n && h.charAt(i) != ',') {
            value.append(h.charAt(i++));
          }
        }
        params.put(token.toLowerCase(Locale.ROOT), value.toString().trim());
      } else {
        if (scheme != null) {
          out.add(new Challenge(scheme, Map.copyOf(params)));
          params = new LinkedHashMap<>();
        }
        scheme = token.toLowerCase(Locale.ROOT);
      }
    }
    if (scheme != null) {
      out.add(new Challenge(scheme, Map.copyOf(params)));
    }
  }
}
