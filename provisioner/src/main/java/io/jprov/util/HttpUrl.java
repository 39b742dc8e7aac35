package io.jprov.util;

import java.net.URI;
import java.net.URISyntaxException;

/** The one check of a mirror or registry URL that users give: what an {@code http(s)} base URL must be. */
public final class HttpUrl {
  private HttpUrl() {}

  /**
   * Why {@code url} is not an absolute {@code http://} or {@code https://} URL with a host name and
   * no query, fragment, whitespace or control character (a newline would add lines wherever the URL
   * is written); null when it is one.
   */
  public static String problem(String url) {
    if (url.isEmpty() || Text.hasControlOrSpace(url)) {
      return "it must not be empty or contain whitespace or control characters";
    }
    try {
      URI u = new URI(url);
      if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
        return "it must start with http:// or https://";
      }
      if (u.getHost() == null || u.getHost().isEmpty()) {
        return "it has no host name";
      }
      if (u.getRawQuery() != null || u.getRawFragment() != null) {
        return "it must not have a query or fragment";
      }
      return null;
    } catch (URISyntaxException e) {
      return e.getReason();
    }
  }
}
