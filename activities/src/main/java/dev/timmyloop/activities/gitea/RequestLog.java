package dev.timmyloop.activities.gitea;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One debug line per request (method, endpoint name, status, duration) and the listener call.
 * Headers appear only at trace level and only {@link #redacted redacted}: the token must never
 * reach a log.
 */
final class RequestLog implements Interceptor {
  private static final Logger log = LoggerFactory.getLogger(GiteaClient.class);
  private static final Set<String> SECRET_HEADERS =
      Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");

  private final GiteaRequestListener listener;

  RequestLog(GiteaRequestListener listener) {
    this.listener = listener;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Endpoint endpoint = request.tag(Endpoint.class);
    String name = endpoint == null ? "unknown" : endpoint.id();
    if (log.isTraceEnabled()) log.trace("gitea {} headers: {}", name, redacted(request.headers()));
    long start = System.nanoTime();
    try {
      Response response = chain.proceed(request);
      done(request.method(), name, response.code(), System.nanoTime() - start, "");
      return response;
    } catch (IOException | RuntimeException e) {
      done(request.method(), name, 0, System.nanoTime() - start, e.getClass().getSimpleName());
      throw e;
    }
  }

  private void done(String method, String name, int status, long nanos, String error) {
    log.debug("gitea {} {} -> {} in {} ms {}", method, name, status, nanos / 1_000_000, error);
    try {
      listener.onRequest(name, status, nanos);
    } catch (RuntimeException e) {
      log.warn("gitea request listener failed on {}", name, e); // metrics must not break a call
    }
  }

  /** The headers as one line, with secret values replaced. */
  static String redacted(Headers headers) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.name(i);
      boolean secret = SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT));
      if (sb.length() > 0) sb.append("; ");
      sb.append(name).append(": ").append(secret ? "<redacted>" : headers.value(i));
    }
    return sb.toString();
  }
}
