package dev.timmyloop.sandbox;

/**
 * The seam for fault modes: called for every request after routing and before authentication and
 * the handler. Returning a response sends it instead of calling the handler (a 500, a 429 with
 * Retry-After...); returning {@code null} lets the request through. It may also sleep to add
 * latency.
 */
@FunctionalInterface
public interface RequestFilter {
  RequestFilter NONE = (request, routeTemplate) -> null;

  /**
   * @param routeTemplate the matched route, e.g. {@code /repos/{owner}/{repo}/pulls/{index}/merge},
   *     or {@code null} when no route matches
   */
  ForgeResponse intercept(ForgeRequest request, String routeTemplate);
}
