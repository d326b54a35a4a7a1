package dev.timmyloop.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A workflow query with a time limit. A query needs a worker, and the client retries a query nobody
 * answers for about a minute; a person asking for a status should learn "no worker" in seconds.
 */
final class Queries {
  private Queries() {}

  static <T> Optional<T> within(Duration limit, Supplier<T> query) {
    CompletableFuture<T> answer = CompletableFuture.supplyAsync(query);
    try {
      return Optional.ofNullable(answer.get(limit.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException | ExecutionException e) {
      answer.cancel(true);
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
