package dev.timmyloop.sandbox;

/** An API error answered as Gitea does: the status code and {@code {"message","url"}}. */
final class ForgeError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int status;

  ForgeError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  static ForgeError notFound(String what) {
    return new ForgeError(404, what + " not found");
  }

  static ForgeError unprocessable(String message) {
    return new ForgeError(422, message);
  }
}
