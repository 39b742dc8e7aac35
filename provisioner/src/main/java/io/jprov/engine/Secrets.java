package io.jprov.engine;

import java.util.regex.Pattern;

/** Masks credentials that can appear in rendered files (proxy URLs with user:password). */
final class Secrets {
  private static final Pattern URL_CREDENTIALS = Pattern.compile("(\\w+://[^/\\s:@\"']+):[^@\\s/\"']+@");
  private static final Pattern PASSWORD_KEYS =
      Pattern.compile("(?i)(\"?[\\w.-]*(password|passwd|secret|token)[\\w.-]*\"?\\s*[:=]\\s*\"?)[^\"\\s,}]+");

  private Secrets() {}

  static String mask(String text) {
    if (text == null) {
      return null;
    }
    String s = URL_CREDENTIALS.matcher(text).replaceAll("$1:****@");
    return PASSWORD_KEYS.matcher(s).replaceAll("$1****");
  }
}
