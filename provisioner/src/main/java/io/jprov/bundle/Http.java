package io.jprov.bundle;

import io.jprov.ExitCodes;
import io.jprov.JprovException;
import io.jprov.util.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;

/**
 * Plain HTTP(S) downloads for the fetch: small documents into memory, files with checksum
 * verification and resume ({@code NAME.part} + {@code Range}). Thread-safe.
 *
 * <p>Every failure to get an answer (refused, name not resolved, no route, timed out, TLS, a
 * connection lost mid-body) and every HTTP error status is a {@link ExitCodes#NETWORK} error whose
 * one-line message names the URL and the cause (docs/exit-codes.md).
 */
public final class Http {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private final HttpClient client;
  private final Duration timeout;

  public Http() {
    this(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(20)).build());
  }

  public Http(HttpClient client) {
    this(client, TIMEOUT);
  }

  /** @param timeout how long a request may wait for the response headers */
  public Http(HttpClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  public HttpClient client() {
    return client;
  }

  /** GETs a small document; any status but 200 is an error naming the URL. */
  public byte[] get(String url) {
    HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray(), url);
    if (r.statusCode() != 200) {
      throw httpStatus(url, r.statusCode());
    }
    return r.body();
  }

  /** Like {@link #get}, but null when the server answers 404 (an optional file, such as apt's InRelease). */
  public byte[] getIfPresent(String url) {
    HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray(), url);
    if (r.statusCode() == 404) {
      return null;
    }
    if (r.statusCode() != 200) {
      throw httpStatus(url, r.statusCode());
    }
    return r.body();
  }

  /** The outcome of {@link #download}. */
  public record Result(long size, long downloaded, boolean skipped) {}

  /**
   * Ensures {@code target} holds the file at {@code url} with the given size and checksum. A present file
   * that matches is kept (nothing downloaded); a {@code target.part} left by an interrupted download is
   * resumed with a Range request. The file appears under its name only once verified.
   *
   * @param size expected size, or -1 when unknown
   * @param checksumType e.g. sha256
   * @param checksum expected hex
   * @throws JprovException when the server fails or the checksum does not match (the .part is removed)
   */
  public Result download(String url, Path target, long size, String checksumType, String checksum,
      String display, FetchListener listener) {
    try {
      Files.createDirectories(target.getParent());
      if (Files.isRegularFile(target) && (size < 0 || Files.size(target) == size)
          && Digests.file(target, checksumType).equals(checksum)) {
        listener.finished(display, Files.size(target), 0, true);
        return new Result(Files.size(target), 0, true);
      }
      Path part = target.resolveSibling(target.getFileName() + ".part");
      long have = Files.isRegularFile(part) ? Files.size(part) : 0;
      if (size >= 0 && have >= size) {
        have = 0;
      }
      HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
      if (have > 0) {
        rb.header("Range", "bytes=" + have + "-");
      }
      HttpResponse<InputStream> r = send(rb.build(), HttpResponse.BodyHandlers.ofInputStream(), url);
      MessageDigest md = Digests.of(checksumType);
      boolean append = r.statusCode() == 206 && have > 0;
      if (!append && r.statusCode() != 200) {
        r.body().close();
        throw httpStatus(url, r.statusCode());
      }
      if (append) {
        Sha256.feed(md, part);
      } else {
        have = 0;
      }
      listener.started(display, size, have);
      long got;
      try (InputStream in = r.body();
          OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
              append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
        got = copy(in, out, md, listener, display, have, size);
      }
      long done = have + got;
      String found = Sha256.hex(md.digest());
      if (!found.equals(checksum) || (size >= 0 && done != size)) {
        Files.deleteIfExists(part);
        throw new JprovException(ExitCodes.INTERNAL, url + ": " + checksumType + " mismatch (expected " + checksum
            + ", found " + found + ", " + done + " bytes)");
      }
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      listener.finished(display, done, got, false);
      return new Result(done, got, false);
    } catch (IOException e) {
      // local file errors name the file; a connection lost mid-body is a network error
      boolean local = e instanceof java.nio.file.FileSystemException;
      throw new JprovException(local ? ExitCodes.INTERNAL : ExitCodes.NETWORK,
          (local ? "" : "network error: ") + "cannot download " + url + " to " + target + ": "
              + describe(e, URI.create(url), timeout), e);
    }
  }

  /**
   * Copies {@code in} to {@code out}, feeding each byte to {@code md} and telling {@code listener} the
   * running total of {@code display}: {@code before} (bytes already there) plus those copied so far.
   *
   * @param size the expected total for the progress, or -1 when unknown
   * @return the bytes copied
   */
  static long copy(InputStream in, OutputStream out, MessageDigest md, FetchListener listener, String display,
      long before, long size) throws IOException {
    byte[] buf = new byte[1 << 16];
    long done = before;
    int n;
    while ((n = in.read(buf)) > 0) {
      out.write(buf, 0, n);
      md.update(buf, 0, n);
      done += n;
      listener.progress(display, done, size);
    }
    return done - before;
  }

  <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler, String what) {
    try {
      return client.send(req, handler);
    } catch (IOException e) {
      throw new JprovException(ExitCodes.NETWORK, "network error: GET " + what + ": " + describe(e, req.uri(), timeout),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JprovException(ExitCodes.INTERNAL, "GET " + what + ": interrupted", e);
    }
  }

  /**
   * An HTTP error status from a mirror: the server (or a proxy in between, e.g. 502 when it cannot
   * reach the mirror) answered, but not with the file.
   */
  static JprovException httpStatus(String url, int status) {
    return new JprovException(ExitCodes.NETWORK, "network error: GET " + url + ": HTTP " + status);
  }

  /** {@link #describe(IOException, URI, Duration)} without the URL and the timeout. */
  static String describe(IOException e) {
    return describe(e, null, null);
  }

  /**
   * The cause of a failed request in words ("connection refused", "unknown host mirror.example"),
   * not the class name: the JDK's HttpClient throws a {@code ConnectException} without a message for
   * both a refused connect and a name that does not resolve, and tells them apart only by the cause.
   *
   * @param uri the URL asked for (its host is named when it does not resolve), or null
   * @param timeout the request timeout (named when it ran out), or null
   */
  static String describe(IOException e, URI uri, Duration timeout) {
    if (e instanceof java.net.http.HttpConnectTimeoutException) {
      return "connect timed out";
    }
    if (e instanceof java.net.http.HttpTimeoutException) {
      return "timed out" + (timeout == null ? "" : " (no answer within " + seconds(timeout) + ")");
    }
    if (e instanceof javax.net.ssl.SSLHandshakeException) {
      return "TLS handshake failed: " + e.getMessage();
    }
    if (e instanceof javax.net.ssl.SSLException) {
      return "TLS error: " + e.getMessage();
    }
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof java.nio.channels.UnresolvedAddressException || c instanceof java.net.UnknownHostException) {
        return "unknown host" + (uri == null || uri.getHost() == null ? "" : " " + uri.getHost())
            + " (the name does not resolve)";
      }
    }
    if (e instanceof java.net.ConnectException || e instanceof java.net.NoRouteToHostException) {
      // the errno's text, when there is one: "Network is unreachable", "No route to host"
      for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
        if (c.getMessage() != null && !c.getMessage().isBlank()) {
          String m = c.getMessage().toLowerCase(java.util.Locale.ROOT);
          return "cannot connect: " + m.replace("network is unreachable", "network unreachable");
        }
      }
      return "cannot connect: connection refused";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName()
        : (e.getClass() == IOException.class ? "" : e.getClass().getSimpleName() + ": ") + e.getMessage();
  }

  private static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + "s" : String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
  }
}
