package dev.timmyloop.cli.restart;

import dev.timmyloop.sandbox.ForgeRequest;
import dev.timmyloop.sandbox.ForgeResponse;
import dev.timmyloop.sandbox.RequestFilter;
import dev.timmyloop.sandbox.SelfForward;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The forge's request seam, for kill points: hold the next request of a route until the test says
 * go, or serve it first (through the forge itself) and run an action before the answer goes back.
 * Every other request passes untouched.
 */
final class ForgeHooks implements RequestFilter {
  private final SelfForward self;
  private final List<Hook> hooks = new CopyOnWriteArrayList<>();

  ForgeHooks(String baseUrl) {
    this.self = new SelfForward(baseUrl);
  }

  /** The next request of {@code method template} waits until {@link Hook#release}. */
  Hook holdNext(String method, String template) {
    Hook h = new Hook(method, template, null, null);
    hooks.add(h);
    return h;
  }

  /** The next request of {@code method template} gets {@code answer} instead of the forge's. */
  Hook answerNext(String method, String template, ForgeResponse answer) {
    Hook h = new Hook(method, template, null, answer);
    hooks.add(h);
    return h;
  }

  /**
   * The next request of {@code method template} is served, then {@code action} runs, then the
   * answer is sent (to whoever is still listening).
   */
  Hook afterServed(String method, String template, Runnable action) {
    Hook h = new Hook(method, template, action, null);
    hooks.add(h);
    return h;
  }

  @Override
  public ForgeResponse intercept(ForgeRequest request, String routeTemplate) {
    if (self.isOwn(request) || routeTemplate == null) return null;
    for (Hook h : hooks) {
      if (!h.method.equals(request.method()) || !h.template.equals(routeTemplate)) continue;
      if (!hooks.remove(h)) continue; // another thread took it
      h.arrived.countDown();
      if (h.answer != null) return h.answer;
      if (h.action == null) {
        await(h.released);
        return null;
      }
      ForgeResponse real = self.forward(request);
      h.action.run();
      return real;
    }
    return null;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static final class Hook {
    final String method;
    final String template;
    final Runnable action;
    final ForgeResponse answer;
    final CountDownLatch arrived = new CountDownLatch(1);
    final CountDownLatch released = new CountDownLatch(1);

    private Hook(String method, String template, Runnable action, ForgeResponse answer) {
      this.method = method;
      this.template = template;
      this.action = action;
      this.answer = answer;
    }

    boolean hasArrived() {
      return arrived.getCount() == 0;
    }

    boolean awaitArrived(Duration max) throws InterruptedException {
      return arrived.await(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    void release() {
      released.countDown();
    }
  }
}
